package org.saferlhub.agent.tabular;

import java.util.random.RandomGenerator;

/**
 * SARSA (Rummery &amp; Niranjan, 1994): on-policy temporal-difference control.
 *
 * <p>It first picks its next action A′ (ε-greedy in Q), then moves Q(S, A) towards the value of
 * the action it will really take, exploration included, so it learns the worth of its own
 * ε-greedy behaviour:
 *
 * <pre>
 *   Q(S, A) ← Q(S, A) + α [ R + γ Q(S′, A′) − Q(S, A) ]
 * </pre>
 *
 * A terminal S′ is worth 0. The name lists the quintuple (S, A, R, S′, A′) each update uses. See
 * Sutton &amp; Barto (2018), section 6.4, equation 6.7.
 */
public final class Sarsa extends EpsilonGreedyLearner {


  private int state;
  private int action;

  /**
   * @param states number of states
   * @param actions number of actions
   * @param alpha step size α in (0, 1]
   * @param gamma discount factor γ in [0, 1]
   * @param rng the agent's exploration generator
   */
  public Sarsa(int states, int actions, double alpha, double gamma, RandomGenerator rng) {
    super(states, actions, alpha, gamma, rng);
  }

  @Override
  public int begin(int s0) {
    state = s0;
    action = act(s0);
    return action;
  }

  // tex: Q(S,A) \leftarrow Q(S,A) + \alpha \left[ R + \gamma\, Q(S',A') - Q(S,A) \right]
  // words: After every step, choose A′ first, then move Q(S, A) towards the reward plus γ times the value of A′.
  @Override
  // region update
  public int observe(double reward, int nextState, boolean terminated, boolean truncated) {
    boolean over = terminated || truncated;
    // A′: the action the agent will actually take in S′ (none after the episode ends).
    int nextAction = over ? -1 : act(nextState); //@ nextAction
    // TD target: R + γ Q(S′, A′), or just R when S′ is terminal.
    double tdTarget;
    if (terminated) {
      tdTarget = reward; //@ tdTargetTerminal
    } else if (truncated) {
      tdTarget = reward + gamma * q.max(nextState); // no A′ follows: bootstrap on the greedy value //@ tdTargetTruncated
    } else {
      tdTarget = reward + gamma * q.get(nextState, nextAction); //@ tdTargetBootstrap
    }
    // TD error δ = target − Q(S, A);  Q(S, A) ← Q(S, A) + α δ.
    double oldValue = q.get(state, action); //@ oldValue
    double tdError = tdTarget - oldValue; //@ tdError
    q.add(state, action, alpha * tdError); //@ update
    // endregion
    tdErrors.add(tdError);
    traceUpdate(state, action, reward, nextState, nextAction, terminated, tdTarget, oldValue);

    state = nextState;
    action = nextAction;
    return nextAction;
  }

  /** Learns from the action the environment really executed (see {@link TabularAgent}). */
  @Override
  public void executed(int executedAction) {
    action = executedAction;
  }
}
