package org.saferlhub.policy;

import java.util.ArrayList;
import java.util.List;
import org.saferlhub.config.ParameterException;
import org.saferlhub.random.Rng;

/**
 * Direct preference optimisation (Rafailov et al. 2023) on a bandit or the tiny language model: no
 * reward model and no
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
 *
 * <p><b>On the tiny language model</b> ({@link #run(TinyLanguageModel, Config)}) the answers are
 * whole texts: pairs are drawn from the reference's law of the 341 texts (equal texts skipped),
 * judged by Bradley–Terry on their proxy rewards, and each text's log-ratio is a sum over its
 * tokens, so the token logits θ[s][t] are fitted through it:
 * <pre>
 *   h(y) = log π(y) − log π_ref(y) = Σ_t [log softmax(θ_{s_t})(y_t) − log π_ref(y_t | s_t)]
 *   L_DPO(θ) = −(1/N) Σ log σ(β [h(y_w) − h(y_l)]),   ∇_{θ_s,c} h(y) = Σ_{t: s_t = s} (1[c = y_t] − π(c | s))
 * </pre>
 * Full-batch steps θ ← θ − η ∇L. A text's gradient touches only the rows of the prefixes it
 * passes through, so a prefix that no compared text passes through (nor, then, any longer prefix
 * below it) keeps its reference next-token distribution exactly, and with it the law of every
 * completion of that prefix; only how often the policy reaches it can change. With {@code exact},
 * the expected loss over pairs from π_ref × π_ref is minimised at h(y) = r(y)/β + const: the
 * sequence tilt π_ref(y) e^{r(y)/β}/Z, which is soft value iteration's optimum
 * ({@link SoftValueIteration#solve}).
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
    return RewardModel.comparisons(bandit.reference(), bandit.proxy(), n, rng);
  }

  /** Runs the steps from the reference; the first entry is step 0. */
  public static List<LabStep> run(Bandit bandit, Config config) {
    return run(bandit, config.exact() ? new int[0][] : comparisons(bandit, config.pairs(),
        new Rng(config.seed())), config);
  }

  /**
   * Runs the steps from the reference on these compared pairs (winner first, as {@link
   * RewardModel#comparisons} draws them; ignored with {@code exact}); the first entry is step 0.
   */
  public static List<LabStep> run(Bandit bandit, int[][] pairs, Config config) {
    int k = bandit.size();
    double[] thetaRef = LabStep.referenceLogits(bandit);
    double[] theta = thetaRef.clone();
    double[] pi = LabStep.softmax(theta);
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

  /**
   * The compared pairs of texts of the tiny language model, winner first, drawn from π_ref's law
   * of texts; equal texts are skipped.
   */
  static int[][] comparisons(TokenPolicy lm, int n, Rng rng) {
    double[] proxy = new double[lm.referenceLaw().length];
    for (int y = 0; y < proxy.length; y++) {
      proxy[y] = lm.proxy(y);
    }
    return RewardModel.comparisons(lm.referenceLaw(), proxy, n, rng);
  }

  /**
   * Runs the steps on the tiny language model from the reference; the first entry is step 0.
   * With {@code exact}, the pairs are every two different texts, weighted by π_ref(y1) π_ref(y2)
   * and their Bradley–Terry verdicts.
   */
  public static TokenPolicy.Run run(TinyLanguageModel model, Config config) {
    TokenPolicy lm = new TokenPolicy(model);
    double[][] theta = lm.referenceLogits();
    double[][] pi = TokenPolicy.softmax(theta);
    int[][] pairs = config.exact() ? new int[0][] : comparisons(lm, config.pairs(),
        new Rng(config.seed()));
    int texts = model.texts().size();
    // With exact: every ordered pair (a, b), a ≠ b, weighted by π_ref(a) π_ref(b) σ(r_a − r_b),
    // the chance that it is drawn and a wins.
    double[][] verdict = new double[config.exact() ? texts : 0][texts];
    double[] ref = lm.referenceLaw();
    for (int a = 0; a < verdict.length; a++) {
      for (int b = 0; b < texts; b++) {
        verdict[a][b] = a == b ? 0 : ref[a] * ref[b] * sigmoid(lm.proxy(a) - lm.proxy(b));
      }
    }
    double[] h = new double[texts];
    double[] u = new double[texts];
    double[] pull = new double[texts]; // −∂L/∂h(y), per text
    double[][] g = new double[theta.length][TokenPolicy.TOKENS];
    List<LabStep> out = new ArrayList<>();
    out.add(LabStep.exact(lm, 0, pi, pi));
    for (int t = 1; t <= config.steps(); t++) {
      logRatios(lm, pi, h); // h(y) = log π(y) − log π_ref(y)
      java.util.Arrays.fill(pull, 0);
      if (config.exact()) {
        // 1 − σ(β [h_a − h_b]) = u_b / (u_a + u_b) with u = e^{β (h − max h)}: one exp per text,
        // not one per pair (σ itself where both u underflow)
        double max = Double.NEGATIVE_INFINITY;
        for (double x : h) {
          max = Math.max(max, x);
        }
        for (int y = 0; y < texts; y++) {
          u[y] = StrictMath.exp(config.beta() * (h[y] - max));
        }
        for (int a = 0; a < texts; a++) {
          for (int b = 0; b < texts; b++) {
            if (a != b) {
              double sum = u[a] + u[b];
              double lose = sum > 1e-200 ? u[b] / sum
                  : 1 - sigmoid(config.beta() * (h[a] - h[b]));
              double push = verdict[a][b] * config.beta() * lose; // a beats b
              pull[a] += push;
              pull[b] -= push;
            }
          }
        }
      } else {
        for (int[] pair : pairs) {
          addPull(pair[0], pair[1], 1.0 / pairs.length, h, config.beta(), pull);
        }
      }
      for (double[] row : g) {
        java.util.Arrays.fill(row, 0);
      }
      for (int y = 0; y < texts; y++) {
        if (pull[y] == 0) {
          continue; // a text in no pair moves nothing
        }
        int[] states = lm.states(y);
        int[] tokens = lm.tokens(y);
        for (int d = 0; d < states.length; d++) {
          double[] p = pi[states[d]];
          for (int c = 0; c < p.length; c++) {
            // ∂L/∂θ_{s,c} = −pull(y) ∂h(y)/∂θ_{s,c}, ∂h(y)/∂θ_{s,c} = 1[c = y_t] − π(c | s)
            g[states[d]][c] -= pull[y] * ((c == tokens[d] ? 1 : 0) - p[c]);
          }
        }
      }
      for (int s = 0; s < theta.length; s++) {
        for (int a = 0; a < theta[s].length; a++) {
          theta[s][a] -= config.lr() * g[s][a]; // θ ← θ − η ∇L_DPO
        }
      }
      double[][] next = TokenPolicy.softmax(theta);
      out.add(LabStep.exact(lm, t, pi, next));
      pi = next;
    }
    return new TokenPolicy.Run(out, pi);
  }

  /** h(y) = Σ_t [log π(y_t | s_t) − log π_ref(y_t | s_t)] for every text, into {@code h}. */
  static void logRatios(TokenPolicy lm, double[][] pi, double[] h) {
    double[][] logPi = new double[pi.length][];
    for (int s = 0; s < pi.length; s++) {
      logPi[s] = new double[pi[s].length];
      for (int c = 0; c < pi[s].length; c++) {
        logPi[s][c] = StrictMath.log(pi[s][c]);
      }
    }
    for (int y = 0; y < h.length; y++) {
      int[] states = lm.states(y);
      int[] tokens = lm.tokens(y);
      double sum = 0;
      for (int d = 0; d < states.length; d++) {
        sum += logPi[states[d]][tokens[d]] - lm.logReference(states[d], tokens[d]);
      }
      h[y] = sum;
    }
  }

  /**
   * weight × −∂(−log σ(β [h_w − h_l]))/∂h into {@code pull}: + for the winner, − for the loser.
   */
  private static void addPull(int w, int l, double weight, double[] h, double beta,
      double[] pull) {
    double margin = beta * (h[w] - h[l]);
    double push = weight * beta * (1 - sigmoid(margin)); // −d/dmargin log σ(margin) · β
    pull[w] += push;
    pull[l] -= push;
  }

  /**
   * The implicit reward β log(π(y)/π_ref(y)) of every text of the tiny language model, under the
   * token policy {@code policy}, in {@link TinyLanguageModel#texts()} order.
   */
  public static double[] implicitReward(double[][] policy, TinyLanguageModel model,
      double beta) {
    TokenPolicy lm = new TokenPolicy(model);
    double[] h = new double[model.texts().size()];
    logRatios(lm, policy, h);
    for (int y = 0; y < h.length; y++) {
      h[y] *= beta;
    }
    return h;
  }

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
