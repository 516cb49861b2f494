package org.saferlhub.env;

import java.util.List;

/**
 * A Markov decision process with a known model: finitely many states and actions, each numbered
 * from 0, and the dynamics {@code p(s′, r | s, a)} as lists of {@link Transition}s (Sutton &amp;
 * Barto, 2018, section 3.1). Dynamic programming reads nothing else.
 *
 * <p>A terminal state has no transitions and is worth 0. Every non-terminal state has, for every
 * action, a non-empty list whose probabilities sum to 1.
 *
 * <p>Policies are {@code double[] pi} of length {@code stateCount() * actionCount()}, laid out
 * {@code pi[s * actionCount() + a] = π(a | s)}: each state's row sums to 1. Value functions are
 * {@code double[] v} of length {@code stateCount()}, {@code v[s] = V(s)}.
 */
public interface FiniteMdp {

  /** The number of states |S|. */
  int stateCount();

  /** The number of actions |A|, the same in every state. */
  int actionCount();

  /** Whether {@code s} is terminal: no actions are taken there and it is worth 0. */
  boolean isTerminal(int s);

  /**
   * The possible outcomes of action {@code a} in state {@code s}, with their probabilities.
   *
   * @return the transitions, empty for a terminal state; the list must not be modified
   */
  List<Transition> transitions(int s, int a);

  /** The uniform random policy π(a|s) = 1/|A|, laid out {@code pi[s * actionCount() + a]}. */
  default double[] uniformPolicy() {
    double[] pi = new double[stateCount() * actionCount()];
    java.util.Arrays.fill(pi, 1.0 / actionCount());
    return pi;
  }
}
