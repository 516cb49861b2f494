package org.saferlhub.policy;

import java.util.List;
import org.saferlhub.config.ParameterException;

/**
 * Gao, Schulman and Hilton's functional forms of reward-model overoptimization (2022,
 * arXiv:2210.10760), fitted to a run by ordinary least squares: the true ("gold") reward R against
 * the distance d = √KL(π ‖ π_ref) the policy has travelled from the reference.
 *
 * <pre>
 *   best-of-n:  R_bon(d) = d (α − β d)          peak at d* = α / (2β)
 *   RL:         R_RL(d)  = d (α − β log d)      peak at d* = e^{α/β − 1}
 * </pre>
 *
 * <p>In plain words: optimising a proxy first buys true reward roughly in proportion to the
 * distance travelled (α, "regressional Goodhart": the proxy is a noisy but honest measure), then
 * loses it as the policy reaches the places where proxy and truth part (β, "extremal Goodhart").
 * Best-of-n loses it quadratically in d, RL only as d log d, so RL spends far more KL for the same
 * gain (policy-lab.md, section 4).
 *
 * <p><b>No intercept.</b> The paper measures gold reward relative to the initial policy, so that
 * R(0) = 0, and both forms pass through the origin. Pass R as the true reward <i>minus the
 * reference's</i> ({@link #fit(Form, List)} subtracts step 0's for you); a curve that does not
 * start at 0 fits badly, which R² then shows.
 *
 * <p><b>Least squares.</b> Given d, both forms are linear in (α, β): R = α x₁ + β x₂ with
 * x₁ = d and x₂ = −d² (best-of-n) or x₂ = −d log d (RL; 0 at d = 0, its limit). The minimiser of
 * Σ (R − α x₁ − β x₂)² solves the 2×2 normal equations
 *
 * <pre>
 *   [ Σx₁²   Σx₁x₂ ] [α]   [ Σx₁R ]
 *   [ Σx₁x₂  Σx₂²  ] [β] = [ Σx₂R ]
 * </pre>
 *
 * here by Cramer's rule. The fit is reported with R² = 1 − SS_res/SS_tot, SS_tot = Σ (R − R̄)²
 * around the mean (so a fit through the origin can score below 0; NaN when every R is equal).
 * The system is singular unless at least two points have distinct positive d: bad input is
 * rejected with a {@link ParameterException} naming {@code points}.
 */
public final class OveroptimizationFit {

  /** Fewest points a fit takes: two coefficients, and one left over to judge them by. */
  public static final int MIN_POINTS = 3;

  /** Which of Gao et al.'s two curves. */
  public enum Form {
    /** Best-of-n sampling: R = d (α − β d). */
    BEST_OF_N,
    /** Reinforcement learning (PPO in the paper): R = d (α − β log d). */
    RL;

    /** x₂, the regressor β multiplies: −d² or −d log d (0 at d = 0). */
    double x2(double d) {
      if (this == BEST_OF_N) {
        return -d * d;
      }
      return d > 0 ? -d * StrictMath.log(d) : 0;
    }
  }

  /**
   * A fitted curve.
   *
   * @param form which curve
   * @param alpha α, the initial slope: true reward gained per unit of d while d is small
   * @param beta β, how hard the curve bends back down
   * @param rSquared 1 − SS_res/SS_tot (NaN when every R was equal)
   * @param points how many points were fitted
   */
  public record Fit(Form form, double alpha, double beta, double rSquared, int points) {

    /** R(d) = α d + β x₂(d): the curve's true reward at distance d ≥ 0. */
    public double predict(double d) {
      return alpha * d + beta * form.x2(d);
    }

    /**
     * The d at which the curve peaks: α/(2β) for best-of-n, e^{α/β − 1} for RL; NaN when β ≤ 0
     * (the curve never turns down).
     */
    public double peak() {
      if (!(beta > 0)) {
        return Double.NaN;
      }
      return form == Form.BEST_OF_N ? alpha / (2 * beta) : StrictMath.exp(alpha / beta - 1);
    }
  }

  private OveroptimizationFit() {}

  /** Fits R_bon(d) = d (α − β d); see {@link #fit(Form, double[], double[])}. */
  public static Fit bestOfN(double[] d, double[] r) {
    return fit(Form.BEST_OF_N, d, r);
  }

  /** Fits R_RL(d) = d (α − β log d); see {@link #fit(Form, double[], double[])}. */
  public static Fit rl(double[] d, double[] r) {
    return fit(Form.RL, d, r);
  }

  /**
   * Fits a run: one point per step, d = √KL(π ‖ π_ref) and R = its true reward minus the first
   * step's (the reference, step 0, with KL 0).
   *
   * @throws ParameterException naming {@code points} unless the run starts at step 0 and the
   *     points make a fit (see {@link #fit(Form, double[], double[])})
   */
  public static Fit fit(Form form, List<LabStep> run) {
    if (run.isEmpty() || run.get(0).step() != 0) {
      throw new ParameterException("points", "points: the run must start with the reference "
          + "(step 0)");
    }
    int n = run.size();
    double[] d = new double[n];
    double[] r = new double[n];
    double r0 = run.get(0).trueReward();
    for (int i = 0; i < n; i++) {
      d[i] = Math.sqrt(run.get(i).kl());
      r[i] = run.get(i).trueReward() - r0;
    }
    return fit(form, d, r);
  }

  /**
   * The least-squares fit of a form to the points (d[i], r[i]).
   *
   * @param d √KL(π ‖ π_ref) of each point, finite and ≥ 0
   * @param r the true reward of each point minus the reference's, finite
   * @throws ParameterException naming {@code points} when the arrays differ in length, hold fewer
   *     than {@value #MIN_POINTS} points, hold a non-finite number or a negative d, or fewer than
   *     two distinct positive d (then no curve through the origin is determined)
   */
  public static Fit fit(Form form, double[] d, double[] r) {
    int n = d.length;
    check(d, r);
    // The normal equations: [Σx₁² Σx₁x₂; Σx₁x₂ Σx₂²] (α, β) = (Σx₁R, Σx₂R).
    double s11 = 0; // Σ x₁²
    double s12 = 0; // Σ x₁ x₂
    double s22 = 0; // Σ x₂²
    double s1r = 0; // Σ x₁ R
    double s2r = 0; // Σ x₂ R
    for (int i = 0; i < n; i++) {
      double x1 = d[i];
      double x2 = form.x2(d[i]);
      s11 += x1 * x1;
      s12 += x1 * x2;
      s22 += x2 * x2;
      s1r += x1 * r[i];
      s2r += x2 * r[i];
    }
    double det = s11 * s22 - s12 * s12;
    double alpha = (s1r * s22 - s2r * s12) / det; // Cramer's rule
    double beta = (s11 * s2r - s12 * s1r) / det;
    Fit unscored = new Fit(form, alpha, beta, Double.NaN, n);
    double mean = 0;
    for (double ri : r) {
      mean += ri / n;
    }
    double ssRes = 0;
    double ssTot = 0;
    for (int i = 0; i < n; i++) {
      double e = r[i] - unscored.predict(d[i]);
      ssRes += e * e;
      ssTot += (r[i] - mean) * (r[i] - mean);
    }
    double rSquared = ssTot > 0 ? 1 - ssRes / ssTot : Double.NaN;
    return new Fit(form, alpha, beta, rSquared, n);
  }

  private static void check(double[] d, double[] r) {
    if (d.length != r.length) {
      throw new ParameterException("points", "points: d and r must have the same length, had "
          + d.length + " and " + r.length);
    }
    if (d.length < MIN_POINTS) {
      throw new ParameterException("points", "points: a fit needs at least " + MIN_POINTS
          + " points, had " + d.length);
    }
    double firstPositive = Double.NaN;
    boolean twoDistinct = false;
    for (int i = 0; i < d.length; i++) {
      if (!(Double.isFinite(d[i]) && d[i] >= 0) || !Double.isFinite(r[i])) {
        throw new ParameterException("points", "points: d must be finite and at least 0 and r "
            + "finite, point " + (i + 1) + " was (" + d[i] + ", " + r[i] + ")");
      }
      if (d[i] > 0) {
        if (Double.isNaN(firstPositive)) {
          firstPositive = d[i];
        } else if (d[i] != firstPositive) {
          twoDistinct = true;
        }
      }
    }
    if (!twoDistinct) {
      throw new ParameterException("points", "points must include two distinct positive "
          + "values of d, or no curve through the origin is determined");
    }
  }
}
