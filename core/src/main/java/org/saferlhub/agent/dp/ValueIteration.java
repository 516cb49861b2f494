package org.saferlhub.agent.dp;

import org.saferlhub.env.FiniteMdp;
import org.saferlhub.env.Transition;

/**
 * Value iteration: the optimal value V* by repeated sweeps of the Bellman optimality backup
 * (Sutton &amp; Barto, 2018, section 4.4, equation 4.10):
 *
 * <pre>
 *   V_{k+1}(s) = max_a Σ_{s′,r} p(s′, r | s, a) [ r + γ V_k(s′) ]
 * </pre>
 *
 * Terminal states are worth 0. {@link #solve} sweeps from V_0 = 0 until the largest change
 * Δ = max_s |V_{k+1}(s) − V_k(s)| falls below θ, then returns the policy greedy in V
 * ({@link PolicyImprovement}). Each {@link #sweep} is synchronous: it reads only V_k (the book's
 * in-place variant converges too).
 */
public final class ValueIteration {

  private ValueIteration() {}

  /**
   * One sweep: V_{k+1}(s) = max_a Σ_{s′,r} p(s′, r | s, a) [ r + γ V_k(s′) ] for every s.
   *
   * @param mdp the model p(s′, r | s, a)
   * @param v V_k, indexed by state (not modified)
   * @param gamma the discount γ in [0, 1]
   * @return V_{k+1} and Δ = max_s |V_{k+1}(s) − V_k(s)|
   * @throws org.saferlhub.config.ParameterException naming {@code values} or {@code gamma} if
   *     one is malformed or out of range
   */
  // tex: V(s) \leftarrow \max_a \sum_{s',r} p(s',r \mid s,a) \left[ r + \gamma V(s') \right]
  // words: One sweep: every cell’s value becomes the best action’s expected reward plus γ times the next value.
  // region update
  public static Sweep sweep(FiniteMdp mdp, double[] v, double gamma) {
    DpChecks.values(mdp, v);
    DpChecks.gamma(gamma);
    double[] vNext = new double[mdp.stateCount()];
    double maxChange = 0;
    for (int s = 0; s < vNext.length; s++) {
      double value = 0; // a terminal state is worth 0
      if (!mdp.isTerminal(s)) {
        value = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < mdp.actionCount(); a++) {
          // Σ_{s′,r} p(s′, r | s, a) [ r + γ V_k(s′) ], a terminal s′ being worth 0
          double q = 0;
          for (Transition t : mdp.transitions(s, a)) {
            double vPrime = t.terminal() ? 0 : v[t.next()];
            q += t.probability() * (t.reward() + gamma * vPrime);
          }
          value = Math.max(value, q); // max_a
        }
      }
      vNext[s] = value;
      maxChange = Math.max(maxChange, Math.abs(value - v[s])); // Δ //@ maxChange
    }
    return new Sweep(vNext, maxChange);
  }
  // endregion

  /**
   * Sweeps from V_0 = 0 until Δ &lt; θ, then makes the policy greedy in the values.
   *
   * @param mdp the model
   * @param gamma the discount γ in [0, 1]
   * @param theta θ &gt; 0, the accuracy wanted
   * @param maxSweeps the most sweeps to make, at least 1 ({@link Solution#converged()} tells
   *     whether Δ fell below θ first)
   * @return V* (approximately), a greedy policy (ties share probability), the sweeps made
   */
  public static Solution solve(FiniteMdp mdp, double gamma, double theta, int maxSweeps) {
    DpChecks.theta(theta);
    DpChecks.maxSweeps(maxSweeps);
    double[] v = new double[mdp.stateCount()];
    int sweeps = 0;
    boolean converged = false;
    while (!converged && sweeps < maxSweeps) {
      Sweep sweep = sweep(mdp, v, gamma);
      v = sweep.values();
      sweeps++;
      converged = sweep.maxChange() < theta;
    }
    // π(s) = argmax_a Σ_{s′,r} p(s′, r | s, a) [ r + γ V(s′) ]
    double[] pi = PolicyImprovement.improve(mdp, mdp.uniformPolicy(), v, gamma).policy();
    return new Solution(v, pi, sweeps, 0, converged);
  }
}
