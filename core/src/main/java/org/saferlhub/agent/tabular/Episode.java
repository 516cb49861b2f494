package org.saferlhub.agent.tabular;

import java.util.Arrays;

/**
 * The steps of one episode, S_t, A_t and R_{t+1} for t = 0 … T−1, and their returns G_t, for the
 * methods that learn only when an episode ends (Monte Carlo, REINFORCE), or of a batch of
 * episodes one after another (vanilla policy gradient). Grown when needed, then
 * reused, so steady-state training allocates nothing.
 */
final class Episode {

  private int[] states = new int[64];
  private int[] actions = new int[64];
  private double[] rewards = new double[64];
  private double[] returns = new double[64];
  private int length;

  /** Forgets the steps (a new episode starts). */
  void clear() {
    length = 0;
  }

  /** Remembers S_t, A_t and R_{t+1}. */
  void add(int s, int a, double r) {
    if (length == states.length) {
      states = Arrays.copyOf(states, length * 2);
      actions = Arrays.copyOf(actions, length * 2);
      rewards = Arrays.copyOf(rewards, length * 2);
      returns = Arrays.copyOf(returns, length * 2);
    }
    states[length] = s;
    actions[length] = a;
    rewards[length] = r;
    length++;
  }

  /** T, the number of steps. */
  int length() {
    return length;
  }

  /** S_t. */
  int state(int t) {
    return states[t];
  }

  /** A_t. */
  int action(int t) {
    return actions[t];
  }

  /** R_{t+1}. */
  double reward(int t) {
    return rewards[t];
  }

  /** S_{t+1}: the next remembered state, or {@code finalState} after the last step. */
  int nextState(int t, int finalState) {
    return t + 1 < length ? states[t + 1] : finalState;
  }

  /** Computes G_t = R_{t+1} + γ G_{t+1} from the end back, starting from G_T = {@code last}. */
  void computeReturns(double gamma, double last) {
    computeReturns(gamma, last, 0);
  }

  /**
   * {@link #computeReturns(double, double)} for the steps from {@code first} on only: the last
   * episode of a batch that holds several, one after another.
   */
  void computeReturns(double gamma, double last, int first) {
    double g = last;
    for (int t = length - 1; t >= first; t--) {
      g = rewards[t] + gamma * g;
      returns[t] = g;
    }
  }

  /** G_t, after {@link #computeReturns}. */
  double returnAt(int t) {
    return returns[t];
  }
}
