package org.saferlhub.env.blackjack;

import static org.saferlhub.env.blackjack.BlackjackEnv.HIT;
import static org.saferlhub.env.blackjack.BlackjackEnv.STICK;

/**
 * The exact values of one policy under one rule set, as computed by {@link BlackjackSolver}:
 * Q^π and V^π for every chart cell, the separately valued natural start, and E[G0] from reset.
 *
 * <p>Immutable. A class rather than a record because it holds arrays, which a record would
 * expose and compare by identity.
 */
public final class BlackjackValues {

  private final BlackjackRules rules;
  private final BlackjackPolicy policy;
  private final double[] q;
  private final double[] naturalStick;
  private final double expectedReturn;

  /** Takes ownership of the arrays; only the solver builds these. */
  BlackjackValues(
      BlackjackRules rules, BlackjackPolicy policy, double[] q, double[] naturalStick) {
    this.rules = rules;
    this.policy = policy;
    this.q = q;
    this.naturalStick = naturalStick;
    this.expectedReturn = startValue();
  }

  /** {@code E[G0] = Σ_d p(d) Σ_{c1,c2} p(c1) p(c2) · V(start)}, V♮(d) for a natural start. */
  private double startValue() {
    double total = 0.0;
    for (int d = 1; d <= 10; d++) {
      double byDealer = 0.0;
      for (int c1 = 1; c1 <= 10; c1++) {
        for (int c2 = 1; c2 <= 10; c2++) {
          int start = BlackjackSolver.startState(c1, c2, d);
          double value = start < 0 ? naturalValue(d) : v(start);
          byDealer += BlackjackSolver.cardProbability(c1) * BlackjackSolver.cardProbability(c2)
              * value;
        }
      }
      total += BlackjackSolver.cardProbability(d) * byDealer;
    }
    return total;
  }

  /** The rule set these values are for. */
  public BlackjackRules rules() {
    return rules;
  }

  /** The policy these values are for. */
  public BlackjackPolicy policy() {
    return policy;
  }

  /**
   * A copy of the action values, laid out as {@code q[state * 2 + action]} over the 704
   * observation indices; 0 outside the chart. Cell (21, d, 1) holds the drawn soft 21.
   */
  public double[] q() {
    return q.clone();
  }

  /**
   * {@code Q^π(state, action)}.
   *
   * @param state an observation index in {@code [0, 704)}
   * @param action {@link BlackjackEnv#STICK} or {@link BlackjackEnv#HIT}
   */
  public double q(int state, int action) {
    if (action != STICK && action != HIT) {
      throw new IllegalArgumentException("action must be 0 (stick) or 1 (hit), was " + action);
    }
    if (state < 0 || state >= BlackjackObservation.COUNT) {
      throw new IllegalArgumentException(
          "state index must be in [0, " + BlackjackObservation.COUNT + "), was " + state);
    }
    return q[2 * state + action];
  }

  /** {@code V^π(state) = Q^π(state, π(state))}; 0 outside the chart. */
  public double v(int state) {
    return q[2 * state + policy.action(state)];
  }

  /** A copy of V^π over the 704 observation indices. */
  public double[] v() {
    double[] v = new double[BlackjackObservation.COUNT];
    for (int s = 0; s < v.length; s++) {
      v[s] = v(s);
    }
    return v;
  }

  /**
   * The value of an action on a natural start, which the agent sees as (21, d, 1): sticking pays
   * the rules' natural payoff; hitting makes it an ordinary soft hand.
   *
   * @param dealerCard the dealer's up card, 1..10
   * @param action {@link BlackjackEnv#STICK} or {@link BlackjackEnv#HIT}
   */
  public double naturalQ(int dealerCard, int action) {
    int s = soft21(dealerCard);
    return action == STICK ? naturalStick[dealerCard] : q(s, action);
  }

  /** The value of a natural start under the policy's choice at (21, d, 1). */
  public double naturalValue(int dealerCard) {
    return naturalQ(dealerCard, policy.action(soft21(dealerCard)));
  }

  /** The exact expected return from reset, E[G0]. */
  public double expectedReturn() {
    return expectedReturn;
  }

  private static int soft21(int dealerCard) {
    if (dealerCard < 1 || dealerCard > 10) {
      throw new IllegalArgumentException("dealerCard must be in 1..10, was " + dealerCard);
    }
    return BlackjackObservation.index(21, dealerCard, 1);
  }

  @Override
  public String toString() {
    return "BlackjackValues[rules=" + rules.id() + ", expectedReturn=" + expectedReturn + "]";
  }
}
