package org.saferlhub.env.blackjack;

import static org.saferlhub.env.blackjack.BlackjackEnv.HIT;
import static org.saferlhub.env.blackjack.BlackjackEnv.STICK;

import org.jspecify.annotations.Nullable;

/**
 * Exact dynamic programming for {@link BlackjackEnv}: the known model (infinite deck, dealer
 * stands on soft 17, no peek) solved by backward induction, with no sampling and no iteration to
 * convergence. There is no discount ({@code gamma = 1}) and every episode ends after at most 20
 * actions, so the values below are exact expected returns.
 *
 * <h2>Key equations</h2>
 * Let {@code p(c)} be the chance of drawing card {@code c}: 1/13 for an ace (1) and each of 2..9,
 * 4/13 for a ten-valued card (10). Let {@code D_d(o)} be the chance that the dealer, showing
 * {@code d}, ends with outcome {@code o}: a total of 17..21, a bust (score 0), or a natural (his
 * two first cards are an ace and a ten; the hidden card decides it). For a player state {@code s}
 * with total {@code t} and dealer card {@code d}, and {@code r(t, nat, o)} the payoff of
 * {@link BlackjackRules#stickReward}:
 *
 * <pre>
 *   Q(s, stick) = Σ_o D_d(o) · r(t, false, o)
 *   Q(s, hit)   = Σ_c p(c) · ( −1 if s ⊕ c is bust, else V(s ⊕ c) )
 *   V^π(s)      = Q^π(s, π(s))                  (policy evaluation)
 *   V*(s)       = max_a Q*(s, a)                (optimality; a tie counts as stick)
 * </pre>
 *
 * where {@code s ⊕ c} adds card {@code c} to the hand. Hitting either raises the total or turns a
 * soft hand hard without raising it, so the states can be solved in one backward pass: hard
 * 21..11, then soft 21..12, then hard 10..4. Each state's value is final when it is computed.
 *
 * <h2>The aliased observation (21, d, 1)</h2>
 * A natural (ace + ten) and a drawn soft 21 (such as A+5+5) show the same observation but pay
 * differently under {@link BlackjackRules#SAB} and {@link BlackjackRules#NATURAL}. The chart cell
 * reports the drawn 21. The natural start is valued on its own:
 *
 * <pre>
 *   Q♮(d, stick) = Σ_o D_d(o) · r(21, true, o)
 *   Q♮(d, hit)   = Q((21, d, 1), hit)           (after a hit the hand is no longer a natural)
 *   V♮(d)        = Q♮(d, π(21, d, 1))           (the policy cannot tell the two apart)
 * </pre>
 *
 * <p>The expected return from reset weighs the dealer's up card and the player's two cards:
 * {@code E[G0] = Σ_d p(d) Σ_{c1,c2} p(c1) p(c2) · V(start)}, with {@code V♮(d)} for a natural.
 */
public final class BlackjackSolver {

  /** {@code P[c]}: the chance of drawing card {@code c}, 1..10 (index 0 unused). */
  private static final double[] P = {0, 1 / 13.0, 1 / 13.0, 1 / 13.0, 1 / 13.0, 1 / 13.0,
      1 / 13.0, 1 / 13.0, 1 / 13.0, 1 / 13.0, 4 / 13.0};

  // The dealer's outcomes: slot 0 bust, slots 1..5 a non-natural total of 17..21, slot 6 natural.
  private static final int BUST = 0;
  private static final int NATURAL = 6;
  private static final int OUTCOMES = 7;

  /** {@code DEALER[d][slot]} = D_d(slot), for up card d = 1..10. */
  private static final double[][] DEALER = dealerTable();

  /** The player states in an order where every hit leads to an already solved state. */
  private static final int[][] BACKWARD_ORDER = backwardOrder();

  private BlackjackSolver() {}

  /**
   * Solves the game: optimal action values Q*, the optimal policy and its exact return.
   *
   * @param rules the rule set
   * @return the solution; its policy sticks on ties
   */
  public static BlackjackSolution solve(BlackjackRules rules) {
    BlackjackPolicy optimal = BlackjackPolicy.greedy(actionValues(rules, null));
    return new BlackjackSolution(evaluate(rules, optimal));
  }

  /**
   * Evaluates a policy exactly: Q^π, V^π, the natural start's values and E[G0].
   *
   * @param rules the rule set
   * @param policy the policy to evaluate
   * @return the exact values of {@code policy}
   */
  public static BlackjackValues evaluate(BlackjackRules rules, BlackjackPolicy policy) {
    double[] q = actionValues(rules, policy);
    double[] naturalStick = new double[11];
    for (int d = 1; d <= 10; d++) {
      naturalStick[d] = stickValue(rules, 21, true, d);
    }
    return new BlackjackValues(rules, policy, q, naturalStick);
  }

  /**
   * The exact expected return E[G0] of {@code policy} from reset.
   *
   * @param rules the rule set
   * @param policy the policy; its choice at (21, d, 1) also applies to a natural start
   */
  public static double expectedReturn(BlackjackRules rules, BlackjackPolicy policy) {
    return evaluate(rules, policy).expectedReturn();
  }

  /**
   * The exact Q^π table, laid out as {@code q[state * 2 + action]} over the 704 observation
   * indices; 0 outside the chart. Cell (21, d, 1) holds the drawn (non-natural) soft 21.
   */
  public static double[] qValues(BlackjackRules rules, BlackjackPolicy policy) {
    return actionValues(rules, policy);
  }

  /**
   * The chance that the dealer busts, given his up card (the hidden card unknown).
   *
   * @param upCard 1 (ace) to 10
   */
  public static double dealerBustProbability(int upCard) {
    return DEALER[checkCard(upCard)][BUST];
  }

  /**
   * The chance that the dealer finishes on exactly {@code total}, given his up card. For 21 this
   * includes naturals.
   *
   * @param upCard 1 (ace) to 10
   * @param total 17..21
   */
  public static double dealerTotalProbability(int upCard, int total) {
    if (total < 17 || total > 21) {
      throw new IllegalArgumentException("total must be in 17..21, was " + total);
    }
    double[] outcomes = DEALER[checkCard(upCard)];
    return outcomes[total - 16] + (total == 21 ? outcomes[NATURAL] : 0.0);
  }

  /**
   * The chance that the dealer's two first cards are a natural, given his up card: 4/13 showing
   * an ace, 1/13 showing a ten, else 0.
   *
   * @param upCard 1 (ace) to 10
   */
  public static double dealerNaturalProbability(int upCard) {
    return DEALER[checkCard(upCard)][NATURAL];
  }

  /** The chance of drawing {@code card}: 1/13 for 1..9, 4/13 for 10. */
  static double cardProbability(int card) {
    return P[checkCard(card)];
  }

  /**
   * Backward induction over the chart for every dealer card.
   *
   * @param policy the policy to evaluate, or null to maximise (then the table is Q*)
   */
  private static double[] actionValues(BlackjackRules rules, @Nullable BlackjackPolicy policy) {
    double[] q = new double[2 * BlackjackObservation.COUNT];
    double[] v = new double[BlackjackObservation.COUNT];
    for (int d = 1; d <= 10; d++) {
      for (int[] cell : BACKWARD_ORDER) {
        int sum = cell[0];
        int usable = cell[1];
        int s = BlackjackObservation.index(sum, d, usable);
        // Q(s, stick) = Σ_o D_d(o) · r(t, false, o)
        double qStick = stickValue(rules, sum, false, d);
        // Q(s, hit) = Σ_c p(c) · (−1 on a bust, else V(s ⊕ c))
        double qHit = 0.0;
        for (int c = 1; c <= 10; c++) {
          int next = afterHit(sum, usable, c, d);
          qHit += P[c] * (next < 0 ? -1.0 : v[next]);
        }
        q[2 * s + STICK] = qStick;
        q[2 * s + HIT] = qHit;
        boolean hit = policy == null ? qHit > qStick : policy.action(s) == HIT;
        v[s] = hit ? qHit : qStick;
      }
    }
    return q;
  }

  /** The state after the player draws {@code c}, or -1 on a bust. */
  private static int afterHit(int sum, int usable, int c, int d) {
    if (usable == 1) {
      // A soft hand never busts: if the total would pass 21 the ace drops to 1 (−10).
      return sum + c <= 21
          ? BlackjackObservation.index(sum + c, d, 1)
          : BlackjackObservation.index(sum + c - 10, d, 0);
    }
    if (c == 1 && sum <= 10) {
      return BlackjackObservation.index(sum + 11, d, 1); // the new ace is usable
    }
    return sum + c > 21 ? -1 : BlackjackObservation.index(sum + c, d, 0);
  }

  /** {@code Σ_o D_d(o) · r(total, natural, o)}: the expected payoff of sticking. */
  static double stickValue(BlackjackRules rules, int total, boolean natural, int d) {
    double[] outcomes = DEALER[d];
    double value = 0.0;
    for (int slot = 0; slot < OUTCOMES; slot++) {
      int dealerScore = slot == BUST ? 0 : slot == NATURAL ? 21 : 16 + slot;
      value += outcomes[slot] * rules.stickReward(total, natural, dealerScore, slot == NATURAL);
    }
    return value;
  }

  /** The player's two-card start: the state index, or -1 - index for a natural. */
  static int startState(int c1, int c2, int d) {
    int hard = c1 + c2;
    boolean ace = c1 == 1 || c2 == 1;
    if (ace && hard <= 11) {
      int s = BlackjackObservation.index(hard + 10, d, 1);
      return hard == 11 ? -1 - s : s;
    }
    return BlackjackObservation.index(hard, d, 0);
  }

  /**
   * The dealer's outcome distribution per up card. He draws while his total (a usable ace as 11)
   * is below 17: {@code F(h, a)} over final outcomes, from hard sum {@code h} and ace flag
   * {@code a}, is a point mass once the total is 17 or more, else {@code Σ_c p(c) F(h+c, a ∨ c=1)}.
   * Then {@code D_u = Σ_h p(h) F(u+h, …)} over the hidden card {@code h}, with ace + ten a natural.
   */
  private static double[][] dealerTable() {
    // final[hard][ace][slot]; hard sums below 17 draw, so every lookup hard + c stays below 27.
    double[][][] fin = new double[27][2][OUTCOMES];
    for (int hard = 26; hard >= 2; hard--) {
      for (int ace = 0; ace <= 1; ace++) {
        int total = ace == 1 && hard + 10 <= 21 ? hard + 10 : hard;
        if (total > 21) {
          fin[hard][ace][BUST] = 1.0;
        } else if (total >= 17) {
          fin[hard][ace][total - 16] = 1.0;
        } else {
          for (int c = 1; c <= 10; c++) {
            double[] next = fin[hard + c][c == 1 ? 1 : ace];
            for (int slot = 0; slot < OUTCOMES; slot++) {
              fin[hard][ace][slot] += P[c] * next[slot];
            }
          }
        }
      }
    }
    double[][] table = new double[11][OUTCOMES];
    for (int up = 1; up <= 10; up++) {
      for (int hidden = 1; hidden <= 10; hidden++) {
        if (up + hidden == 11 && (up == 1 || hidden == 1)) {
          table[up][NATURAL] += P[hidden];
          continue;
        }
        double[] next = fin[up + hidden][up == 1 || hidden == 1 ? 1 : 0];
        for (int slot = 0; slot < OUTCOMES; slot++) {
          table[up][slot] += P[hidden] * next[slot];
        }
      }
    }
    return table;
  }

  private static int[][] backwardOrder() {
    int[][] order = new int[28][];
    int i = 0;
    for (int sum = 21; sum >= 11; sum--) {
      order[i++] = new int[] {sum, 0};
    }
    for (int sum = 21; sum >= 12; sum--) {
      order[i++] = new int[] {sum, 1};
    }
    for (int sum = 10; sum >= 4; sum--) {
      order[i++] = new int[] {sum, 0};
    }
    return order;
  }

  private static int checkCard(int card) {
    if (card < 1 || card > 10) {
      throw new IllegalArgumentException("card must be in 1..10 (1 = ace), was " + card);
    }
    return card;
  }
}
