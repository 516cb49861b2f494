package org.saferlhub.agent.tabular;

import java.util.random.RandomGenerator;

/**
 * Q-learning (Watkins, 1989): off-policy temporal-difference control.
 *
 * <p>After each step (S, A, R, S′) it moves Q(S, A) towards the best value it believes is
 * available from S′, whatever action it will actually take there:
 *
 * <pre>
 *   Q(S, A) ← Q(S, A) + α [ R + γ max_a Q(S′, a) − Q(S, A) ]
 * </pre>
 *
 * The bracket is the TD error δ. A terminal S′ is worth 0. Actions are ε-greedy in Q. See Sutton
 * &amp; Barto (2018), section 6.5, equation 6.8.
 */
public final class QLearning extends EpsilonGreedyLearner {


  private int state;
  private int action;

  /**
   * @param states number of states
   * @param actions number of actions
   * @param alpha step size α in (0, 1]
   * @param gamma discount factor γ in [0, 1]
   * @param rng the agent's exploration generator
   */
  public QLearning(int states, int actions, double alpha, double gamma, RandomGenerator rng) {
    super(states, actions, alpha, gamma, rng);
  }

  @Override
  public int begin(int s0) {
    state = s0;
    action = act(s0);
    return action;
  }

  // tex: Q(S,A) \leftarrow Q(S,A) + \alpha \left[ R + \gamma \max_a Q(S',a) - Q(S,A) \right]
  // words: After every step, move Q(S, A) towards the reward plus γ times the best value in the next state.
  @Override
  // region update
  public int observe(double reward, int nextState, boolean terminated, boolean truncated) {
    // TD target: R + γ max_a Q(S′, a), or just R when S′ is terminal.
    double tdTarget = terminated ? reward : reward + gamma * q.max(nextState); //@ tdTarget
    // TD error δ = target − Q(S, A).
    double oldValue = q.get(state, action); //@ oldValue
    double tdError = tdTarget - oldValue; //@ tdError
    // Q(S, A) ← Q(S, A) + α δ.
    q.add(state, action, alpha * tdError); //@ update
    // endregion
    tdErrors.add(tdError);
    traceUpdate(state, action, reward, nextState, -1, terminated, tdTarget, oldValue);

    if (terminated || truncated) {
      return -1;
    }
    state = nextState;
    action = act(nextState);
    return action;
  }

  /** Learns from the action the environment really executed (see {@link TabularAgent}). */
  @Override
  public void executed(int executedAction) {
    action = executedAction;
  }
}
