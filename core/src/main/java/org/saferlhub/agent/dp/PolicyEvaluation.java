package org.saferlhub.agent.dp;

import org.saferlhub.env.FiniteMdp;
import org.saferlhub.env.Transition;

/**
 * Iterative policy evaluation: the value V^π of a fixed policy π, by repeated sweeps of the
 * Bellman expectation backup (Sutton &amp; Barto, 2018, section 4.1, equation 4.5):
 *
 * <pre>
 *   V_{k+1}(s) = Σ_a π(a|s) Σ_{s′,r} p(s′, r | s, a) [ r + γ V_k(s′) ]
 * </pre>
 *
 * Terminal states are worth 0. From any V_0 the sweeps converge to V^π when γ &lt; 1, or when
 * γ = 1 and π reaches a terminal state from everywhere; {@link #evaluate} stops when the largest
 * change Δ = max_s |V_{k+1}(s) − V_k(s)| falls below θ. Each {@link #sweep} is synchronous: it
 * reads only V_k and writes a new array, exactly as the equation (the book's in-place variant
 * converges too, usually faster).
 */
public final class PolicyEvaluation {

  private PolicyEvaluation() {}

  /**
   * One sweep: V_{k+1}(s) = Σ_a π(a|s) Σ_{s′,r} p(s′, r | s, a) [ r + γ V_k(s′) ] for every s.
   *
   * @param mdp the model p(s′, r | s, a)
   * @param pi the policy π, {@code pi[s * actions + a] = π(a|s)}
   * @param v V_k, indexed by state (not modified)
   * @param gamma the discount γ in [0, 1]
   * @return V_{k+1} and Δ = max_s |V_{k+1}(s) − V_k(s)|
   * @throws org.saferlhub.config.ParameterException naming {@code policy}, {@code values} or
   *     {@code gamma} if one is malformed or out of range
   */
  // tex: V(s) \leftarrow \sum_a \pi(a \mid s) \sum_{s',r} p(s',r \mid s,a) \left[ r + \gamma V(s') \right]
  // words: One sweep: every cell’s value becomes the average, over the policy’s actions and the world’s outcomes, of reward plus γ times the next value.
  // region update
  public static Sweep sweep(FiniteMdp mdp, double[] pi, double[] v, double gamma) {
    DpChecks.policy(mdp, pi);
    DpChecks.values(mdp, v);
    DpChecks.gamma(gamma);
    int actions = mdp.actionCount();
    double[] vNext = new double[mdp.stateCount()];
    double maxChange = 0;
    for (int s = 0; s < vNext.length; s++) {
      double value = 0; // a terminal state is worth 0
      if (!mdp.isTerminal(s)) {
        for (int a = 0; a < actions; a++) {
          double piA = pi[s * actions + a]; // π(a|s)
          for (Transition t : mdp.transitions(s, a)) {
            // p(s′, r | s, a) [ r + γ V_k(s′) ], a terminal s′ being worth 0
            double vPrime = t.terminal() ? 0 : v[t.next()];
            value += piA * t.probability() * (t.reward() + gamma * vPrime);
          }
        }
      }
      vNext[s] = value;
      maxChange = Math.max(maxChange, Math.abs(value - v[s])); // Δ //@ maxChange
    }
    return new Sweep(vNext, maxChange);
  }
  // endregion

  /**
   * Sweeps from V_0 = 0 until Δ &lt; θ: see {@link #evaluate(FiniteMdp, double[], double[],
   * double, double, int)}.
   */
  public static Solution evaluate(
      FiniteMdp mdp, double[] pi, double gamma, double theta, int maxSweeps) {
    return evaluate(mdp, pi, new double[mdp.stateCount()], gamma, theta, maxSweeps);
  }

  /**
   * Sweeps from {@code v0} until the largest change Δ falls below θ, or {@code maxSweeps} sweeps
   * have been made (then {@link Solution#converged()} is false: with γ = 1 a policy that never
   * ends an episode has no finite value).
   *
   * @param v0 V_0, indexed by state (not modified)
   * @param theta θ &gt; 0, the accuracy wanted
   * @param maxSweeps the most sweeps to make, at least 1
   * @return V^π (approximately), the policy π, the number of sweeps made
   */
  public static Solution evaluate(FiniteMdp mdp, double[] pi, double[] v0, double gamma,
      double theta, int maxSweeps) {
    DpChecks.theta(theta);
    DpChecks.maxSweeps(maxSweeps);
    double[] v = v0;
    for (int k = 1; k <= maxSweeps; k++) {
      Sweep sweep = sweep(mdp, pi, v, gamma);
      v = sweep.values();
      if (sweep.maxChange() < theta) {
        return new Solution(v, pi.clone(), k, 0, true);
      }
    }
    return new Solution(v, pi.clone(), maxSweeps, 0, false);
  }
}
