package org.saferlhub.policy;

import org.saferlhub.config.ParameterException;

/**
 * Best-of-n, the no-training baseline: draw n actions from the reference policy and keep the one
 * the proxy rates highest. Its policy is exact for a bandit: with F(r) = P_ref(proxy ≤ r), an
 * action whose proxy is r is chosen with probability
 *
 * <pre>
 *   π_bon(a) = (F(r_a)^n − F(r_a⁻)^n) · π_ref(a) / P_ref(proxy = r_a)
 * </pre>
 *
 * (actions with equal proxy share their level in proportion to the reference). Its KL to the
 * reference is at most log n − (n − 1)/n, the figure Gao et al. (2022) used and Beirami et al.
 * (2024) showed is only an upper bound.
 *
 * <p>On the {@link TinyLanguageModel} ({@link #textLaw}) the answers are the 341 whole texts and
 * the same formula gives best-of-n's law over them exactly.
 */
public final class BestOfN {

  /** The largest n. */
  public static final long MAX_N = 1L << 40;

  private BestOfN() {}

  /**
   * π_bon for n draws.
   *
   * @throws ParameterException naming {@code n} unless 1 ≤ n ≤ {@value #MAX_N}
   */
  public static double[] policy(Bandit bandit, long n) {
    checkN(n);
    return law(bandit.proxy(), bandit.reference(), n);
  }

  /**
   * The law of best-of-n over the tiny language model's 341 texts, in
   * {@link TinyLanguageModel#texts()} order: draw n whole texts from π_ref and keep the one with
   * the highest proxy reward, texts of equal proxy sharing their level in proportion to π_ref(y).
   * It is the bandit's formula with the texts as actions and π_ref(y) as the reference:
   *
   * <pre>
   *   π_bon(y) = (F(r_y)^n − F(r_y⁻)^n) · π_ref(y) / P_ref(proxy = r_y),   F(x) = P_ref(proxy ≤ x)
   * </pre>
   *
   * <p>In plain words: no token policy is trained; the model is sampled n times and a judge keeps
   * the best text. Its KL to the reference's law is again at most log n − (n − 1)/n.
   *
   * @throws ParameterException naming {@code n} unless 1 ≤ n ≤ {@value #MAX_N}
   */
  public static double[] textLaw(TinyLanguageModel model, long n) {
    checkN(n);
    TokenPolicy lm = new TokenPolicy(model);
    double[] r = new double[model.texts().size()];
    for (int y = 0; y < r.length; y++) {
      r[y] = lm.proxy(y); // the text's proxy reward
    }
    return law(r, lm.referenceLaw(), n);
  }

  private static void checkN(long n) {
    if (n < 1 || n > MAX_N) {
      throw new ParameterException("n", "n must be from 1 to " + MAX_N + ", was " + n);
    }
  }

  /** π_bon for n draws from the law {@code ref} over answers whose proxy rewards are {@code r}. */
  static double[] law(double[] r, double[] ref, long n) {
    int k = r.length;
    // tex: \pi_{\text{bon}}(a) = \frac{\pi_{\text{ref}}(a)}{P_{\text{ref}}(r = r_a)}\Big(F(r_a)^n - F(r_a^-)^n\Big), \qquad F(x) = P_{\text{ref}}(r \le x)
    // words: Draw n answers from the base model and keep the one the proxy likes best: an action wins when all n draws score at most its reward, minus the times they all scored below it.
    // region update
    double[] pi = new double[k];
    for (int a = 0; a < k; a++) {
      double below = 0; // F(r_a⁻) = P_ref(proxy < r_a)
      double level = 0; // P_ref(proxy = r_a)
      for (int b = 0; b < k; b++) {
        if (r[b] < r[a]) {
          below += ref[b];
        } else if (r[b] == r[a]) {
          level += ref[b];
        }
      }
      double atOrBelow = Math.min(below + level, 1);
      // (F(r_a)^n − F(r_a⁻)^n), shared by the level in proportion to π_ref
      double chosen = StrictMath.pow(atOrBelow, n) - StrictMath.pow(below, n);
      pi[a] = chosen * ref[a] / level;
    }
    // endregion
    return pi;
  }

  /** log n − (n − 1)/n: the upper bound on KL(π_bon ‖ π_ref). */
  public static double klBound(long n) {
    return StrictMath.log(n) - (n - 1) / (double) n;
  }
}
