package org.saferlhub.agent.tabular;

import java.util.random.RandomGenerator;
import org.saferlhub.config.Check;

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
public final class QLearning implements TabularAgent {

  private final double alpha;
  private final double gamma;
  private final QTable q;
  private final RandomGenerator rng;
  private final TdErrorTally tdErrors = new TdErrorTally();
  private double epsilon;

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
    this.alpha = Check.range("alpha", alpha, 0, true, 1, false);
    this.gamma = Check.range("gamma", gamma, 0, false, 1, false);
    this.q = new QTable(states, actions);
    this.rng = rng;
  }

  @Override
  public int begin(int s0) {
    state = s0;
    action = q.epsilonGreedy(s0, epsilon, rng);
    return action;
  }

  @Override
  public int observe(double reward, int nextState, boolean terminated, boolean truncated) {
    // TD target: R + γ max_a Q(S′, a), or just R when S′ is terminal.
    double tdTarget = terminated ? reward : reward + gamma * q.max(nextState);
    // TD error δ = target − Q(S, A).
    double tdError = tdTarget - q.get(state, action);
    // Q(S, A) ← Q(S, A) + α δ.
    q.add(state, action, alpha * tdError);
    tdErrors.add(tdError);

    if (terminated || truncated) {
      return -1;
    }
    state = nextState;
    action = q.epsilonGreedy(nextState, epsilon, rng);
    return action;
  }

  @Override
  public void epsilon(double epsilon) {
    this.epsilon = epsilon;
  }

  @Override
  public QTable q() {
    return q;
  }

  @Override
  public TdErrorTally tdErrors() {
    return tdErrors;
  }
}
