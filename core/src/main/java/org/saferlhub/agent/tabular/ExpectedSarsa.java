package org.saferlhub.agent.tabular;

import java.util.random.RandomGenerator;

/**
 * Expected SARSA (van Seijen, van Hasselt, Whiteson &amp; Wiering, 2009): temporal-difference
 * control that bootstraps on the expected value of the next state under its own ε-greedy policy.
 *
 * <p>Where SARSA uses the value of the one action A′ it happens to draw, Expected SARSA averages
 * over every action, weighted by how likely its policy π is to take it:
 *
 * <pre>
 *   Q(S, A) ← Q(S, A) + α [ R + γ Σ_a π(a|S′) Q(S′, a) − Q(S, A) ]
 *   π(a|S′) = 1 − ε + ε/|A|  for the greedy action,  ε/|A|  for the others
 * </pre>
 *
 * The expectation removes the variance that drawing A′ adds, so larger step sizes work; with
 * ε = 0 it is Q-learning. A terminal S′ is worth 0. See Sutton &amp; Barto (2018), section 6.6,
 * equation 6.9.
 */
public final class ExpectedSarsa extends EpsilonGreedyLearner {


  private int state;
  private int action;

  /**
   * @param states number of states
   * @param actions number of actions
   * @param alpha step size α in (0, 1]
   * @param gamma discount factor γ in [0, 1]
   * @param rng the agent's exploration generator
   */
  public ExpectedSarsa(int states, int actions, double alpha, double gamma,
      RandomGenerator rng) {
    super(states, actions, alpha, gamma, rng);
  }

  @Override
  public int begin(int s0) {
    state = s0;
    action = act(s0);
    return action;
  }

  // tex: Q(S,A) \leftarrow Q(S,A) + \alpha \left[ R + \gamma \sum_a \pi(a \mid S')\, Q(S',a) - Q(S,A) \right]
  // words: Like SARSA, but instead of the one action it happens to draw, it averages over all of them, weighted by its ε-greedy probabilities.
  @Override
  // region update
  public int observe(double reward, int nextState, boolean terminated, boolean truncated) {
    // Σ_a π(a|S′) Q(S′, a) under the ε-greedy policy (ties: the lowest action is the greedy one).
    double expectedValue = 0;
    if (!terminated) {
      int greedy = q.greedy(nextState);
      for (int a = 0; a < q.actions(); a++) {
        double pi = epsilon / q.actions() + (a == greedy ? 1 - epsilon : 0);
        expectedValue += pi * q.get(nextState, a);
      }
    }
    // TD target: R + γ Σ_a π(a|S′) Q(S′, a), or just R when S′ is terminal.
    double tdTarget = reward + gamma * expectedValue; //@ tdTarget
    // TD error δ = target − Q(S, A);  Q(S, A) ← Q(S, A) + α δ.
    double oldValue = q.get(state, action); //@ oldValue
    double tdError = tdTarget - oldValue; //@ tdError
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
