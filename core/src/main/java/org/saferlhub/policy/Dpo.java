package org.saferlhub.policy;

import java.util.ArrayList;
import java.util.List;
import org.saferlhub.config.ParameterException;
import org.saferlhub.random.Rng;

/**
 * Direct preference optimisation (Rafailov et al. 2023) on a bandit: no reward model and no
 * sampling from the policy; a logistic regression on pairs of reference answers that a judge
 * compared.
 *
 * <p>In plain words: show the policy pairs of answers the reference model gave, each with a
 * verdict on which was better, and make the winner's log-probability ratio to the reference grow
 * relative to the loser's. The implicit reward β log(π/π_ref) is what the policy ends up
 * believing the judge rewards. An answer that never appears in any pair is never moved.
 *
 * <pre>
 *   pairs (y1, y2) ~ π_ref × π_ref, the winner drawn by Bradley–Terry on the proxy: P(y1 ≻ y2) = σ(r1 − r2)
 *   L_DPO(θ) = −(1/N) Σ log σ( β [log π(y_w)/π_ref(y_w) − log π(y_l)/π_ref(y_l)] )
 * </pre>
 *
 * For softmax logits θ the normaliser cancels: log π(y_w) − log π(y_l) = θ_w − θ_l, so each step is
 * θ ← θ − η ∇L on the logit differences. With {@code exact}, the N pairs are replaced by their
 * expectation (infinitely many comparisons), whose minimiser is θ_ref + r/β + const: the tilt.
 */
public final class Dpo {

  /**
   * The run's settings.
   *
   * @param lr the learning rate η, in (0, 100]
   * @param pairs how many compared pairs, 2 to 100,000 (drawn once, before training)
   * @param steps full-batch gradient steps, 1 to 100,000
   * @param beta β, in (0, 100]
   * @param exact whether to use the expected loss (infinitely many pairs)
   * @param seed the seed of the pairs and verdicts
   */
  public record Config(double lr, int pairs, int steps, double beta, boolean exact, long seed) {

    /** Checks the ranges, naming the field. */
    public Config {
      Limits.lr(lr);
      Limits.batch(pairs);
      Limits.steps(steps);
      if (!(beta > 0 && beta <= 100)) {
        throw new ParameterException("beta", "DPO's beta must be more than 0 and at most 100, "
            + "was " + beta);
      }
    }
  }

  private Dpo() {}

  /** The compared pairs, winner first: {@code pairs[i] = {w, l}}; equal answers are skipped. */
  static int[][] comparisons(Bandit bandit, int n, Rng rng) {
    int[][] out = new int[n][];
    int made = 0;
    double[] ref = bandit.reference();
    for (int tries = 0; made < n && tries < 100 * n; tries++) {
      int y1 = LabStep.sample(ref, rng.nextDouble());
      int y2 = LabStep.sample(ref, rng.nextDouble());
      if (y1 == y2) {
        continue; // a pair of equal answers says nothing
      }
      // Bradley–Terry: y1 wins with probability σ(r1 − r2)
      double p = sigmoid(bandit.proxy()[y1] - bandit.proxy()[y2]);
      out[made++] = rng.nextDouble() < p ? new int[] {y1, y2} : new int[] {y2, y1};
    }
    return java.util.Arrays.copyOf(out, made);
  }

  /** Runs the steps from the reference; the first entry is step 0. */
  public static List<LabStep> run(Bandit bandit, Config config) {
    int k = bandit.size();
    double[] thetaRef = LabStep.referenceLogits(bandit);
    double[] theta = thetaRef.clone();
    double[] pi = LabStep.softmax(theta);
    int[][] pairs = config.exact() ? new int[0][] : comparisons(bandit, config.pairs(),
        new Rng(config.seed()));
    double[] g = new double[k];
    List<LabStep> out = new ArrayList<>();
    out.add(LabStep.exact(bandit, 0, pi, pi));
    for (int t = 1; t <= config.steps(); t++) {
      if (config.exact()) {
        expectedGradient(bandit, theta, thetaRef, config.beta(), g);
      } else {
        gradient(pairs, theta, thetaRef, config.beta(), g);
      }
      for (int a = 0; a < k; a++) {
        theta[a] -= config.lr() * g[a]; // θ ← θ − η ∇L_DPO
      }
      double[] next = LabStep.softmax(theta);
      out.add(LabStep.exact(bandit, t, pi, next));
      pi = next;
    }
    return out;
  }

  /** ∇L_DPO over the pairs, into {@code g}. */
  static void gradient(int[][] pairs, double[] theta, double[] thetaRef, double beta,
      double[] g) {
    java.util.Arrays.fill(g, 0);
    for (int[] pair : pairs) {
      addPair(pair[0], pair[1], 1.0 / pairs.length, theta, thetaRef, beta, g);
    }
  }

  /** The expected gradient over pairs from π_ref × π_ref with Bradley–Terry verdicts. */
  static void expectedGradient(Bandit bandit, double[] theta, double[] thetaRef, double beta,
      double[] g) {
    java.util.Arrays.fill(g, 0);
    double[] ref = bandit.reference();
    double[] r = bandit.proxy();
    for (int a = 0; a < ref.length; a++) {
      for (int b = 0; b < ref.length; b++) {
        if (a != b) {
          // pair (a, b), a wins with probability σ(r_a − r_b)
          addPair(a, b, ref[a] * ref[b] * sigmoid(r[a] - r[b]), theta, thetaRef, beta, g);
        }
      }
    }
  }

  // tex: \mathcal{L}_{\text{DPO}} = -\,\mathbb{E}_{(y_w, y_l)} \log \sigma\Big(\beta \log\frac{\pi_\theta(y_w)}{\pi_{\text{ref}}(y_w)} - \beta \log\frac{\pi_\theta(y_l)}{\pi_{\text{ref}}(y_l)}\Big)
  // words: For each compared pair, raise the winner's log-ratio to the base model and lower the loser's, less and less as the margin between them grows; no reward model and no sampling from the policy.
  // region update
  /** weight × ∇(−log σ(β [h_w − h_l])), h = θ − θ_ref. */
  private static void addPair(int w, int l, double weight, double[] theta, double[] thetaRef,
      double beta, double[] g) {
    double margin = beta * ((theta[w] - thetaRef[w]) - (theta[l] - thetaRef[l]));
    double push = weight * beta * (1 - sigmoid(margin)); // −d/dmargin log σ(margin) · β
    g[w] -= push;
    g[l] += push;
  }
  // endregion

  /** The implicit reward β log(π(a)/π_ref(a)). */
  public static double[] implicitReward(double[] pi, Bandit bandit, double beta) {
    double[] out = new double[pi.length];
    for (int a = 0; a < pi.length; a++) {
      out[a] = beta * (StrictMath.log(pi[a]) - StrictMath.log(bandit.reference()[a]));
    }
    return out;
  }

  private static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + StrictMath.exp(-x)) : StrictMath.exp(x) / (1 + StrictMath.exp(x));
  }
}
