package org.saferlhub.agent.dp;

import org.saferlhub.env.FiniteMdp;

/**
 * Policy iteration: evaluate the policy, make it greedy in its values, repeat until it no longer
 * changes (Sutton &amp; Barto, 2018, section 4.3):
 *
 * <pre>
 *   π_0 →E V^{π_0} →I π_1 →E V^{π_1} →I π_2 →E … →I π* →E V*
 * </pre>
 *
 * →E is {@link PolicyEvaluation} run to convergence (each time from the previous values, as in
 * the book's pseudocode), →I is {@link PolicyImprovement}. The start π_0 is the uniform random
 * policy. A finite MDP has finitely many policies and each improvement is strict until the
 * policy is stable, so the loop ends; then π is optimal and V = V*.
 */
public final class PolicyIteration {

  /** The most improvements tried before giving up (far more than a grid map needs). */
  public static final int MAX_IMPROVEMENTS = 1_000;

  private PolicyIteration() {}

  /**
   * Alternates evaluation and improvement from the uniform random policy until the policy is
   * stable.
   *
   * @param mdp the model
   * @param gamma the discount γ in [0, 1]
   * @param theta θ &gt; 0, the accuracy of each evaluation
   * @param maxSweeps the most evaluation sweeps in all, at least 1
   * @return V*, the optimal policy (ties share probability), the evaluation sweeps and
   *     improvements made; not converged if an evaluation ran out of sweeps (with γ = 1 the
   *     uniform random policy must reach a terminal state from everywhere)
   */
  // tex: \pi_0 \xrightarrow{E} V^{\pi_0} \xrightarrow{I} \pi_1 \xrightarrow{E} V^{\pi_1} \xrightarrow{I} \cdots \xrightarrow{I} \pi_*
  // words: Evaluate the policy until its values settle, make it greedy in them, and repeat until the policy no longer changes.
  // region update
  public static Solution solve(FiniteMdp mdp, double gamma, double theta, int maxSweeps) {
    DpChecks.theta(theta);
    DpChecks.maxSweeps(maxSweeps);
    double[] pi = mdp.uniformPolicy();
    double[] v = new double[mdp.stateCount()];
    int sweeps = 0;
    for (int improvements = 0; improvements < MAX_IMPROVEMENTS; improvements++) {
      // 1. Policy evaluation: V ← V^π
      Solution evaluation = PolicyEvaluation.evaluate(mdp, pi, v, gamma, theta,
          maxSweeps - sweeps);
      v = evaluation.values();
      sweeps += evaluation.sweeps();
      if (!evaluation.converged()) {
        return new Solution(v, pi, sweeps, improvements, false);
      }
      // 2. Policy improvement: π ← greedy(V), stop when policy-stable
      Improvement improvement = PolicyImprovement.improve(mdp, pi, v, gamma);
      if (improvement.stable()) {
        return new Solution(v, pi, sweeps, improvements + 1, true);
      }
      pi = improvement.policy();
      if (sweeps >= maxSweeps) {
        return new Solution(v, pi, sweeps, improvements + 1, false);
      }
    }
    return new Solution(v, pi, sweeps, MAX_IMPROVEMENTS, false);
  }
  // endregion
}
