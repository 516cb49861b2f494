package org.saferlhub.agent.tabular;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A table of action values Q(s, a), stored row by row in one primitive array, with the greedy and
 * ε-greedy choices every tabular agent shares. Starts at zero.
 */
public final class QTable {

  private final int states;
  private final int actions;
  private final double[] q;

  /** A zero table for {@code states × actions} pairs. */
  public QTable(int states, int actions) {
    if (states < 1 || actions < 1) {
      throw new IllegalArgumentException(
          "a Q table needs at least one state and one action, got " + states + " × " + actions);
    }
    this.states = states;
    this.actions = actions;
    this.q = new double[states * actions];
  }

  /** Number of states (rows). */
  public int states() {
    return states;
  }

  /** Number of actions (columns). */
  public int actions() {
    return actions;
  }

  /** Q(s, a). */
  public double get(int s, int a) {
    return q[s * actions + a];
  }

  /** Q(s, a) ← Q(s, a) + delta. */
  public void add(int s, int a, double delta) {
    q[s * actions + a] += delta;
  }

  /** max_a Q(s, a). */
  public double max(int s) {
    int row = s * actions;
    double best = q[row];
    for (int a = 1; a < actions; a++) {
      best = Math.max(best, q[row + a]);
    }
    return best;
  }

  /** argmax_a Q(s, a); ties go to the lowest action index, so the choice is reproducible. */
  public int greedy(int s) {
    int row = s * actions;
    int best = 0;
    for (int a = 1; a < actions; a++) {
      if (q[row + a] > q[row + best]) {
        best = a;
      }
    }
    return best;
  }

  /**
   * ε-greedy: with probability ε a uniformly random action, otherwise {@link #greedy(int)}.
   *
   * @param rng the agent's own exploration generator
   */
  public int epsilonGreedy(int s, double epsilon, RandomGenerator rng) {
    if (epsilon > 0 && rng.nextDouble() < epsilon) {
      return rng.nextInt(actions);
    }
    return greedy(s);
  }

  /** A copy of the values, laid out as {@code q[s * actions + a]}. */
  public double[] toArray() {
    return Arrays.copyOf(q, q.length);
  }
}
