package org.saferlhub.policy;

import java.util.ArrayList;
import java.util.List;
import org.saferlhub.config.ParameterException;
import org.saferlhub.random.Rng;

/**
 * Group relative policy optimisation (Shao et al. 2024, DeepSeekMath) on a bandit: sample a group
 * of G answers, score each against the group's own mean and spread, and push with a PPO clip and a
 * k3 penalty to the reference in the loss.
 *
 * <p>In plain words: no value function, no learned critic; an answer is good if it beat its
 * siblings. Because the advantages are divided by the group's standard deviation, multiplying
 * the reward by any positive number, or adding any number to it, changes nothing at all.
 *
 * <pre>
 *   Â_i = (r_i − mean(r)) / std(r)                          (0 when every answer scored the same)
 *   J = (1/G) Σ_i [ min(ρ_i Â_i, clip(ρ_i, 1 − ε, 1 + ε) Â_i) − β k3_i ],   ρ_i = π_θ(a_i)/π_old(a_i)
 *   k3_i = u_i − 1 − log u_i,   u_i = π_ref(a_i)/π_θ(a_i)
 * </pre>
 *
 * Each of {@code epochs} steps is θ ← θ + η ∇J; std is the sample standard deviation (Bessel). On
 * policy, the k3 term's gradient is that of the forward KL(π_ref ‖ π) (policy-lab.md, section 3).
 */
public final class Grpo {

  /**
   * The run's settings.
   *
   * @param lr the learning rate η, in (0, 100]
   * @param group G, answers per update, 2 to 100,000
   * @param steps updates, 1 to 100,000
   * @param epochs gradient steps per group, 1 to 100
   * @param clip ε, in (0, 1)
   * @param beta the k3 penalty's weight, 0 to 100
   * @param seed the sampling seed
   */
  public record Config(double lr, int group, int steps, int epochs, double clip, double beta,
      long seed) {

    /** Checks the ranges, naming the field. */
    public Config {
      if (!(lr > 0 && lr <= 100)) {
        throw new ParameterException("lr", "lr must be more than 0 and at most 100, was " + lr);
      }
      if (group < 2 || group > 100_000) {
        throw new ParameterException("batch", "the group size must be from 2 to 100,000, was "
            + group);
      }
      if (steps < 1 || steps > 100_000) {
        throw new ParameterException("steps", "steps must be from 1 to 100,000, was " + steps);
      }
      if (epochs < 1 || epochs > 100) {
        throw new ParameterException("epochs", "epochs must be from 1 to 100, was " + epochs);
      }
      if (!(clip > 0 && clip < 1)) {
        throw new ParameterException("clip", "clip must be more than 0 and less than 1, was "
            + clip);
      }
      if (!(beta >= 0 && beta <= 100)) {
        throw new ParameterException("beta", "beta must be from 0 to 100, was " + beta);
      }
    }
  }

  private Grpo() {}

  /** Runs the updates from the reference, paid {@code reward} per action; step 0 first. */
  public static List<LabStep> run(Bandit bandit, double[] reward, Config config) {
    int k = bandit.size();
    double[] thetaRef = LabStep.referenceLogits(bandit);
    double[] theta = thetaRef.clone();
    double[] pi = LabStep.softmax(theta);
    Rng rng = new Rng(config.seed());
    int g = config.group();
    int[] actions = new int[g];
    double[] advantage = new double[g];
    double[] grad = new double[k];
    List<LabStep> out = new ArrayList<>();
    out.add(LabStep.measure(bandit, 0, pi, pi, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN));
    for (int t = 1; t <= config.steps(); t++) {
      double[] piOld = pi;
      double k1 = 0;
      double k2 = 0;
      double k3 = 0;
      for (int i = 0; i < g; i++) {
        actions[i] = LabStep.sample(piOld, rng.nextDouble());
        double logPi = StrictMath.log(piOld[actions[i]]);
        k1 += KlEstimate.k1(logPi, thetaRef[actions[i]]) / g;
        k2 += KlEstimate.k2(logPi, thetaRef[actions[i]]) / g;
        k3 += KlEstimate.k3(logPi, thetaRef[actions[i]]) / g;
      }
      groupAdvantages(reward, actions, advantage);
      double clipped = 0;
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        double[] current = LabStep.softmax(theta);
        clipped = Ppo.clipGradient(current, piOld, actions, advantage, config.clip(), grad);
        for (int i = 0; i < g; i++) {
          // −β ∇k3_i = −β (1 − u_i) ∇ log π(a_i)
          int a = actions[i];
          double u = StrictMath.exp(thetaRef[a] - StrictMath.log(current[a]));
          for (int c = 0; c < k; c++) {
            grad[c] -= config.beta() * (1 - u) * ((c == a ? 1 : 0) - current[c]) / g;
          }
        }
        for (int c = 0; c < k; c++) {
          theta[c] += config.lr() * grad[c]; // θ ← θ + η ∇J
        }
      }
      double[] next = LabStep.softmax(theta);
      double maxDeviation = 0;
      for (int i = 0; i < g; i++) {
        maxDeviation = Math.max(maxDeviation, Math.abs(next[actions[i]] / piOld[actions[i]] - 1));
      }
      out.add(LabStep.measure(bandit, t, piOld, next, k1, k2, k3, clipped, maxDeviation));
      pi = next;
    }
    return out;
  }

  /** Â_i = (r_i − mean) / std over the group (Bessel std); all 0 when the std is 0. */
  static void groupAdvantages(double[] reward, int[] actions, double[] advantage) {
    int g = actions.length;
    double mean = 0;
    for (int a : actions) {
      mean += reward[a] / g;
    }
    double ss = 0;
    for (int a : actions) {
      ss += (reward[a] - mean) * (reward[a] - mean);
    }
    double std = Math.sqrt(ss / (g - 1));
    for (int i = 0; i < g; i++) {
      advantage[i] = std > 0 ? (reward[actions[i]] - mean) / std : 0;
    }
  }
}
