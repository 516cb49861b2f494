package org.saferlhub.policy;

import java.util.ArrayList;
import java.util.List;
import org.saferlhub.config.ParameterException;

/**
 * Trust region policy optimisation (Schulman et al. 2015) on a bandit or the tiny language model,
 * with exact expectations:
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
 *
 * <p><b>On the tiny language model</b> ({@link #run(TinyLanguageModel, Config)}) the trust region
 * is on the <i>sequence</i> KL, KL(π_old ‖ π_new) = Σ_s d^π_old(s) KL(π_old(·|s) ‖ π_new(·|s)),
 * whose Fisher matrix is block diagonal, d^π(s) (diag π(·|s) − π(·|s) π(·|s)ᵀ) per prefix s. The
 * gradient is d^π(s) π(t|s) A_β(s, t) (see {@link Reinforce}), so the natural direction needs no
 * conjugate gradient: on every prefix it is the advantage itself, what
 * {@link NaturalPolicyGradient} steps along, with the anchor in the KL-regularised action values
 * ({@link TokenPolicy#softActionValues}):
 * <pre>
 *   A_β(s, t) = Q^π_β(s, t) − β log(π(t|s)/π_ref(t|s)) − V^π_β(s),   sᵀFs = Σ_s d^π(s) Var_π(·|s) A_β(s, ·)
 *   θ_s ← θ_s + 2^{−j} √(2δ / sᵀFs) · A_β(s, ·)   for the first j with sequence KL(π_old ‖ π_new) ≤ δ
 *   and L_β(θ) = Σ_s d^π_old(s) [E_π_new(·|s) Q^π_old_β(s, ·) − β KL(π_new(·|s) ‖ π_ref(·|s)) − V^π_old_β(s)] &gt; 0
 * </pre>
 * The step starts where the quadratic model ½ Δᵀ F Δ puts the edge of the trust region, and is
 * halved until the exact sequence KL fits and the surrogate improves ({@value #BACKTRACK_ITERATIONS}
 * sizes are tried, down to 2^{−9} of the first; if none is accepted the policy stays). Each accepted step tilts every prefix's
 * distribution towards its advantage, so without an anchor the expected proxy never falls (the
 * performance-difference lemma).
 *
 * <p>The surrogate keeps the anchor's KL exact, per prefix, where the bandit's freezes β log(π/π_ref)
 * at π_old (k1 in the reward); both are 0 with the same gradient at π_old and equal without an
 * anchor. With the frozen form every update goes to the edge of the trust region and the policy
 * circles the optimum at a distance that shrinks only with δ (on this model, after 300 updates,
 * max |π − π*| of 0.01 to 0.06 for δ from 0.01 to 0.2, and E[proxy] − β KL falling on about 40 %
 * of the updates); with the exact KL the line search stops overshooting and the run settles next
 * to soft value iteration's optimum, where a step 2^{−9} of the full one no longer improves.
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

  /**
   * Runs the updates on the tiny language model's proxy from the reference, each within δ of
   * sequence KL; the first entry is step 0.
   */
  public static TokenPolicy.Run run(TinyLanguageModel model, Config config) {
    TokenPolicy lm = new TokenPolicy(model);
    double beta = config.beta();
    double[][] theta = lm.referenceLogits();
    double[][] pi = TokenPolicy.softmax(theta);
    int prefixes = theta.length;
    double[][] advantage = new double[prefixes][TokenPolicy.TOKENS];
    double[][] candidate = new double[prefixes][TokenPolicy.TOKENS];
    double[] value = new double[prefixes];
    List<LabStep> out = new ArrayList<>();
    out.add(LabStep.exact(lm, 0, pi, pi));
    for (int t = 1; t <= config.steps(); t++) {
      double[][] q = lm.softActionValues(pi, beta); // Q^π_β, by backward recursion
      double[] reach = lm.reach(pi); // d^π(s)
      double sFs = 0;
      for (int s = 0; s < prefixes; s++) {
        value[s] = 0; // V^π_β(s)
        for (int a = 0; a < TokenPolicy.TOKENS; a++) {
          // Q^π_β(s, t) − β log(π(t|s)/π_ref(t|s)): the token's own k1 charged too
          advantage[s][a] = pi[s][a] > 0
              ? q[s][a] - beta * (StrictMath.log(pi[s][a]) - lm.logReference(s, a)) : 0;
          value[s] += pi[s][a] * advantage[s][a];
        }
        double variance = 0;
        for (int a = 0; a < TokenPolicy.TOKENS; a++) {
          advantage[s][a] -= value[s]; // A_β(s, t) = Q − β log(π/π_ref) − V
          variance += pi[s][a] * advantage[s][a] * advantage[s][a];
        }
        sFs += reach[s] * variance; // sᵀFs = Σ_s d(s) Var_π(·|s) A_β(s, ·)
      }
      double size = sFs > 0 ? Math.sqrt(2 * config.delta() / sFs) : 0; // √(2δ / sᵀFs)
      double[][] next = pi;
      double scale = 1;
      for (int j = 0; j < BACKTRACK_ITERATIONS && size > 0; j++, scale /= 2) {
        for (int s = 0; s < prefixes; s++) {
          for (int a = 0; a < TokenPolicy.TOKENS; a++) {
            candidate[s][a] = theta[s][a] + scale * size * advantage[s][a];
          }
        }
        double[][] piNew = TokenPolicy.softmax(candidate);
        double surrogate = 0;
        for (int s = 0; s < prefixes; s++) {
          // L_β(θ) = Σ_s d^π_old(s) [E_π_new(·|s) Q^π_old_β(s, ·) − β KL(π_new(·|s) ‖ π_ref(·|s)) − V^π_old_β(s)]
          double gain = -value[s] - beta * LabStep.kl(piNew[s], lm.referenceTable()[s]);
          for (int a = 0; a < TokenPolicy.TOKENS; a++) {
            gain += piNew[s][a] * q[s][a];
          }
          surrogate += reach[s] * gain;
        }
        if (lm.sequenceKl(pi, piNew) <= config.delta() && surrogate > 0) {
          for (int s = 0; s < prefixes; s++) {
            theta[s] = candidate[s].clone();
          }
          next = piNew;
          break;
        }
      }
      out.add(LabStep.exact(lm, t, pi, next));
      pi = next;
    }
    return new TokenPolicy.Run(out, pi);
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
