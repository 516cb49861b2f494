package org.saferlhub.env.blackjack;

/**
 * The exact solution of Blackjack under one rule set, from {@link BlackjackSolver#solve}: the
 * optimal action values Q*, the optimal policy (sticking on ties) and its expected return.
 */
public final class BlackjackSolution {

  private final BlackjackValues values;

  BlackjackSolution(BlackjackValues values) {
    this.values = values;
  }

  /** The rule set solved. */
  public BlackjackRules rules() {
    return values.rules();
  }

  /** The optimal policy π*, greedy in Q* with ties going to stick. */
  public BlackjackPolicy policy() {
    return values.policy();
  }

  /** All exact values of the optimal policy (Q* = Q^{π*}, V*, the natural start). */
  public BlackjackValues values() {
    return values;
  }

  /** A copy of Q*, laid out as {@code q[state * 2 + action]}; see {@link BlackjackValues#q()}. */
  public double[] q() {
    return values.q();
  }

  /** {@code Q*(state, action)}. */
  public double q(int state, int action) {
    return values.q(state, action);
  }

  /** {@code V*(state) = max_a Q*(state, a)}; 0 outside the chart. */
  public double v(int state) {
    return values.v(state);
  }

  /** The exact expected return of playing optimally from reset, E[G0] under π*. */
  public double optimalExpectedReturn() {
    return values.expectedReturn();
  }

  @Override
  public String toString() {
    return "BlackjackSolution[rules=" + rules().id() + ", optimalExpectedReturn="
        + optimalExpectedReturn() + "]";
  }
}
