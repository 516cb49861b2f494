package org.saferlhub.agent.dp;

import org.saferlhub.env.FiniteMdp;
import org.saferlhub.env.Transition;

/**
 * Policy improvement: the policy greedy in a value function V (Sutton &amp; Barto, 2018, section
 * 4.2, equation 4.9):
 *
 * <pre>
 *   q(s, a) = Σ_{s′,r} p(s′, r | s, a) [ r + γ V(s′) ]
 *   π′(a|s) = 1/|A*(s)| if a ∈ A*(s) = argmax_a q(s, a), else 0
 * </pre>
 *
 * Tied actions (q within {@value #TIE_TOLERANCE} of the best) share the probability equally, so
 * the result does not depend on the order of the actions and policy iteration cannot flip between
 * equally good policies. In a terminal state every action ties. If V = V^π, the policy
 * improvement theorem gives V^{π′} ≥ V^π, with equality everywhere only when π is optimal.
 */
public final class PolicyImprovement {

  /** Actions whose q(s, a) is within this of the largest count as tied. */
  public static final double TIE_TOLERANCE = 1e-9;

  private PolicyImprovement() {}

  /**
   * Makes π′ greedy in V and compares it with the old policy π.
   *
   * @param mdp the model p(s′, r | s, a)
   * @param pi the old policy π, {@code pi[s * actions + a]} (only compared, not modified)
   * @param v the values V, indexed by state
   * @param gamma the discount γ in [0, 1]
   * @return π′, and whether it equals π in every non-terminal state ("policy-stable")
   * @throws org.saferlhub.config.ParameterException naming {@code policy}, {@code values} or
   *     {@code gamma} if one is malformed or out of range
   */
  // tex: \pi'(s) = \arg\max_a \sum_{s',r} p(s',r \mid s,a) \left[ r + \gamma V(s') \right]
  // words: Make the policy greedy: in every cell, take the action whose expected reward plus γ times the next value is best, ties sharing the probability.
  // region update
  public static Improvement improve(FiniteMdp mdp, double[] pi, double[] v, double gamma) {
    DpChecks.policy(mdp, pi);
    DpChecks.values(mdp, v);
    DpChecks.gamma(gamma);
    int actions = mdp.actionCount();
    double[] piNew = new double[pi.length];
    double[] q = new double[actions];
    boolean stable = true;
    for (int s = 0; s < mdp.stateCount(); s++) {
      // q(s, a) = Σ_{s′,r} p(s′, r | s, a) [ r + γ V(s′) ]; all 0 in a terminal state
      double best = Double.NEGATIVE_INFINITY;
      for (int a = 0; a < actions; a++) {
        q[a] = 0;
        for (Transition t : mdp.transitions(s, a)) {
          double vPrime = t.terminal() ? 0 : v[t.next()];
          q[a] += t.probability() * (t.reward() + gamma * vPrime);
        }
        best = Math.max(best, q[a]);
      }
      // A*(s) = argmax_a q(s, a), ties within the tolerance
      int tied = 0;
      for (int a = 0; a < actions; a++) {
        tied += q[a] >= best - TIE_TOLERANCE ? 1 : 0;
      }
      // π′(a|s) = 1/|A*(s)| for a ∈ A*(s)
      for (int a = 0; a < actions; a++) {
        int i = s * actions + a;
        piNew[i] = q[a] >= best - TIE_TOLERANCE ? 1.0 / tied : 0.0;
        stable &= mdp.isTerminal(s) || Math.abs(piNew[i] - pi[i]) <= 1e-12;
      }
    }
    return new Improvement(piNew, stable);
  }
  // endregion
}
