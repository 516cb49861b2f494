package org.saferlhub.policy;

import java.util.ArrayList;
import java.util.List;
import org.saferlhub.config.ParameterException;

/**
 * Trust region policy optimisation (Schulman et al. 2015) on a bandit, with exact expectations:
 * the natural-gradient direction found by conjugate gradient on Fisher-vector products, scaled to
 * the edge of a KL trust region, then shortened until the <i>exact</i> KL fits and the surrogate
 * improves.
 *
 * <p>In plain words: move as far as you may in the direction that improves the reward most per
 * unit of change in the policy, where "as far as you may" is a fixed budget δ of KL per update.
 * The budget limits the speed, not the destination: without an anchor the policy still ends on the
 * proxy's favourite.
 *
 * <pre>
 *   g = ∇_θ E_π[r] = π ⊙ (r − r̄),   F = diag π − π πᵀ,   solve F s = g (conjugate gradient)
 *   Δ = √(2δ / sᵀ F s) · s,   θ ← θ + κ^j Δ  for the first j with KL(π_old ‖ π_new) ≤ δ and
 *   L(θ) = E_{π_new}[r − r̄_old] &gt; 0
 * </pre>
 *
 * In a bandit s = r − r̄ and sᵀFs = Var_π(r), so the full step is √(2δ/Var_π r) (policy-lab.md,
 * section 2). With an anchor (k1 in the reward), r becomes r − β log(π/π_ref).
 */
public final class Trpo {

  /** Conjugate-gradient iterations at most (Spinning Up's default). */
  static final int CG_ITERATIONS = 10;
  /** Backtracking factor κ and most halvings (Spinning Up's defaults). */
  static final double BACKTRACK = 0.8;
  static final int BACKTRACK_ITERATIONS = 10;

  /**
   * The run's settings.
   *
   * @param delta the trust region δ, in (0, 10]
   * @param steps updates, 1 to 100,000
   * @param beta the anchor's weight (k1 in the reward), 0 to 100
   */
  public record Config(double delta, int steps, double beta) {

    /** Checks the ranges, naming the field. */
    public Config {
      if (!(delta > 0 && delta <= 10)) {
        throw new ParameterException("delta", "delta must be more than 0 and at most 10, was "
            + delta);
      }
      Limits.steps(steps);
      Limits.beta(beta);
    }
  }

  private Trpo() {}

  /** Runs the updates from the reference; the first entry is step 0. */
  public static List<LabStep> run(Bandit bandit, Config config) {
    int k = bandit.size();
    double[] thetaRef = LabStep.referenceLogits(bandit);
    double[] theta = thetaRef.clone();
    double[] pi = LabStep.softmax(theta);
    List<LabStep> out = new ArrayList<>();
    out.add(LabStep.exact(bandit, 0, pi, pi));
    // tex: \max_\theta\ \mathbb{E}_{\pi_\theta}\big[A^{\pi_{\text{old}}}\big] \quad\text{subject to}\quad \mathrm{KL}(\pi_{\text{old}} \,\|\, \pi_\theta) \le \delta
    // tex: s = F^{-1} g \ \text{(conjugate gradient)}, \qquad \Delta\theta = \sqrt{2\delta / s^\top F s}\; s, \ \text{halved until the exact KL} \le \delta
    // words: Find the natural-gradient direction by conjugate gradient, step to the edge of the trust region, and halve the step until the new policy is truly within δ of the old one and better on the surrogate.
    for (int t = 1; t <= config.steps(); t++) {
      // region update
      double[] reward = new double[k];
      double mean = 0;
      for (int a = 0; a < k; a++) {
        // r, less β log(π/π_ref) with the anchor
        reward[a] = bandit.proxy()[a] - config.beta() * (StrictMath.log(pi[a]) - thetaRef[a]);
        mean += pi[a] * reward[a];
      }
      double[] g = new double[k];
      for (int a = 0; a < k; a++) {
        g[a] = pi[a] * (reward[a] - mean); // ∇_θ E_π[r]
      }
      double[] step = fullStep(pi, g, config.delta());
      double[] next = pi;
      double scale = 1;
      for (int j = 0; j < BACKTRACK_ITERATIONS; j++, scale *= BACKTRACK) {
        double[] candidate = new double[k];
        for (int a = 0; a < k; a++) {
          candidate[a] = theta[a] + scale * step[a];
        }
        double[] piNew = LabStep.softmax(candidate);
        double surrogate = 0;
        for (int a = 0; a < k; a++) {
          surrogate += piNew[a] * (reward[a] - mean); // L(θ) = E_{π_new}[A_old]
        }
        if (LabStep.kl(pi, piNew) <= config.delta() && surrogate > 0) {
          theta = candidate;
          next = piNew;
          break;
        }
      }
      // endregion
      out.add(LabStep.exact(bandit, t, pi, next));
      pi = next;
    }
    return out;
  }

  /** Δ = √(2δ / sᵀFs) · s with s from conjugate gradient on F s = g (zero if g is zero). */
  static double[] fullStep(double[] pi, double[] g, double delta) {
    double[] s = conjugateGradient(pi, g, CG_ITERATIONS);
    double sFs = dot(s, fisherTimes(pi, s));
    double[] step = new double[s.length];
    if (sFs <= 0) {
      return step;
    }
    double size = Math.sqrt(2 * delta / sFs);
    for (int a = 0; a < s.length; a++) {
      step[a] = size * s[a];
    }
    return step;
  }

  /** F v = π ⊙ v − π (π · v): the softmax Fisher matrix times v, without forming F. */
  static double[] fisherTimes(double[] pi, double[] v) {
    double pv = dot(pi, v);
    double[] out = new double[v.length];
    for (int a = 0; a < v.length; a++) {
      out[a] = pi[a] * v[a] - pi[a] * pv;
    }
    return out;
  }

  /** Solves F x = b by conjugate gradient from x = 0 (ends within rank F iterations). */
  static double[] conjugateGradient(double[] pi, double[] b, int iterations) {
    int n = b.length;
    double[] x = new double[n];
    double[] r = b.clone();
    double[] p = b.clone();
    double rr = dot(r, r);
    for (int i = 0; i < iterations && rr > 1e-30; i++) {
      double[] fp = fisherTimes(pi, p);
      double alpha = rr / dot(p, fp);
      for (int j = 0; j < n; j++) {
        x[j] += alpha * p[j];
        r[j] -= alpha * fp[j];
      }
      double next = dot(r, r);
      for (int j = 0; j < n; j++) {
        p[j] = r[j] + next / rr * p[j];
      }
      rr = next;
    }
    return x;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
