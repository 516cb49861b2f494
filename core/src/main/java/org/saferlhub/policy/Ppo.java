package org.saferlhub.policy;

import java.util.ArrayList;
import java.util.List;
import org.saferlhub.config.ParameterException;
import org.saferlhub.random.Rng;

/**
 * Proximal policy optimisation with the clipped surrogate (Schulman et al. 2017) on a bandit.
 *
 * <p>In plain words: sample a batch with the current policy, then take several gradient steps on
 * it, but stop pushing an action once its probability has moved more than ε (as a ratio) in the
 * direction its advantage asks for. The clip limits how far one batch can move the policy; it is a
 * trust region to the previous policy, not an anchor to the reference.
 *
 * <pre>
 *   ρ_n(θ) = π_θ(a_n) / π_old(a_n),    Â_n = R_n − mean(R)
 *   L^CLIP(θ) = (1/N) Σ_n min(ρ_n Â_n, clip(ρ_n, 1 − ε, 1 + ε) Â_n)
 * </pre>
 *
 * Each of {@code epochs} steps is θ ← θ + η ∇L^CLIP. A sample's gradient is zero exactly when
 * Â &gt; 0 and ρ &gt; 1 + ε, or Â &lt; 0 and ρ &lt; 1 − ε. With {@code kl = reward} each sample's reward
 * is charged β·k1 against the reference (the RLHF form of Ziegler et al. 2019). Ratios are not
 * guaranteed to stay within [1 − ε, 1 + ε]: actions share the softmax normaliser and an epoch can
 * overshoot, so the run logs the clip fraction and max |ρ − 1| instead.
 */
public final class Ppo {

  /**
   * The run's settings.
   *
   * @param lr the learning rate η, in (0, 100]
   * @param batch samples per update, 2 to 100,000
   * @param steps updates (batches), 1 to 100,000
   * @param epochs gradient steps per batch, 1 to 100
   * @param clip ε, in (0, 1)
   * @param beta the anchor's weight, 0 to 100
   * @param kl {@code none} or {@code reward}
   * @param seed the sampling seed
   */
  public record Config(double lr, int batch, int steps, int epochs, double clip, double beta,
      KlPlacement kl, long seed) {

    /** Checks the ranges, naming the field. */
    public Config {
      Limits.lr(lr);
      Limits.batch(batch);
      Limits.steps(steps);
      Limits.epochs(epochs);
      Limits.clip(clip);
      Limits.beta(beta);
      if (kl == KlPlacement.LOSS) {
        throw new ParameterException("kl", "PPO takes kl none or reward (GRPO puts it in the "
            + "loss)");
      }
    }
  }

  private Ppo() {}

  /** Runs the updates from the reference; the first entry is step 0. */
  public static List<LabStep> run(Bandit bandit, Config config) {
    int k = bandit.size();
    double[] thetaRef = LabStep.referenceLogits(bandit);
    double[] theta = thetaRef.clone();
    double[] pi = LabStep.softmax(theta);
    Rng rng = new Rng(config.seed());
    int n = config.batch();
    int[] actions = new int[n];
    double[] advantage = new double[n];
    double[] g = new double[k];
    double[] kl = new double[3];
    List<LabStep> out = new ArrayList<>();
    out.add(LabStep.exact(bandit, 0, pi, pi));
    for (int t = 1; t <= config.steps(); t++) {
      double[] piOld = pi;
      // The batch, from π_old, and its advantages Â_n = R_n − mean(R).
      LabStep.sampleBatch(piOld, thetaRef, rng, actions, kl);
      double mean = 0;
      for (int i = 0; i < n; i++) {
        int a = actions[i];
        advantage[i] = bandit.proxy()[a] - (config.kl() == KlPlacement.REWARD
            ? config.beta() * (StrictMath.log(piOld[a]) - thetaRef[a]) : 0);
        mean += advantage[i] / n;
      }
      for (int i = 0; i < n; i++) {
        advantage[i] -= mean;
      }
      double clipped = 0;
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        double[] current = LabStep.softmax(theta);
        clipped = clipGradient(current, piOld, actions, advantage, config.clip(), g);
        for (int a = 0; a < k; a++) {
          theta[a] += config.lr() * g[a]; // θ ← θ + η ∇L^CLIP
        }
      }
      double[] next = LabStep.softmax(theta);
      out.add(LabStep.measure(bandit, t, piOld, next, kl[0], kl[1], kl[2], clipped,
          LabStep.maxRatioDeviation(next, piOld, actions)));
      pi = next;
    }
    return out;
  }

  /**
   * ∇L^CLIP at π into {@code g}: for each sample not clipped, Â ρ ∇log π(a). Returns the share of
   * samples clipped.
   */
  static double clipGradient(double[] pi, double[] piOld, int[] actions, double[] advantage,
      double epsilon, double[] g) {
    java.util.Arrays.fill(g, 0);
    int n = actions.length;
    int clipped = 0;
    for (int i = 0; i < n; i++) {
      int a = actions[i];
      double ratio = pi[a] / piOld[a]; // ρ_n
      boolean flat = (advantage[i] > 0 && ratio > 1 + epsilon)
          || (advantage[i] < 0 && ratio < 1 - epsilon); // the clip is the smaller term: no gradient
      if (flat) {
        clipped++;
        continue;
      }
      for (int c = 0; c < g.length; c++) {
        // ∂(ρ Â)/∂θ_c = Â ρ (1[c = a] − π_c)
        g[c] += advantage[i] * ratio * ((c == a ? 1 : 0) - pi[c]) / n;
      }
    }
    return clipped / (double) n;
  }

  /** L^CLIP at π. */
  static double clipObjective(double[] pi, double[] piOld, int[] actions, double[] advantage,
      double epsilon) {
    double s = 0;
    for (int i = 0; i < actions.length; i++) {
      double ratio = pi[actions[i]] / piOld[actions[i]];
      double clippedRatio = Math.max(1 - epsilon, Math.min(1 + epsilon, ratio));
      s += Math.min(ratio * advantage[i], clippedRatio * advantage[i]);
    }
    return s / actions.length;
  }

  /** L^CPI at π: the unclipped surrogate (1/N) Σ ρ Â. */
  static double cpiObjective(double[] pi, double[] piOld, int[] actions, double[] advantage) {
    double s = 0;
    for (int i = 0; i < actions.length; i++) {
      s += pi[actions[i]] / piOld[actions[i]] * advantage[i];
    }
    return s / actions.length;
  }
}
