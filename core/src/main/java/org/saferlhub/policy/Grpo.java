package org.saferlhub.policy;

import java.util.ArrayList;
import java.util.List;
import org.saferlhub.config.ParameterException;
import org.saferlhub.random.Rng;

/**
 * Group relative policy optimisation (Shao et al. 2024, DeepSeekMath) on a bandit or the tiny
 * language model: sample a group
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
 *
 * <p><b>On the tiny language model</b> ({@link #run(TinyLanguageModel, double[], Config)}) an
 * answer is a whole text y_i drawn token by token from π_old, scored once; its advantage Â_i,
 * standardised over the group as above, is given to every one of its tokens, and the ratio and
 * the k3 penalty are per token, as the paper has them:
 * <pre>
 *   ρ_{i,t} = π_θ(y_{i,t} | s_{i,t}) / π_old(y_{i,t} | s_{i,t}),   u_{i,t} = π_ref(y_{i,t} | s_{i,t}) / π_θ(y_{i,t} | s_{i,t})
 *   J = (1/G) Σ_i Σ_t [ min(ρ_{i,t} Â_i, clip(ρ_{i,t}, 1 − ε, 1 + ε) Â_i) − β k3_{i,t} ]
 * </pre>
 * The tokens of a text are summed, not averaged: Σ_t k3_{i,t} is then an unbiased estimate of
 * the sequence KL (the paper divides by the text's length, TRL by the batch's token count, and
 * both log a per-token mean that understates the sequence KL by about the length), and at ρ = 1
 * the step is the sequence policy gradient. The clip fraction and max |ρ − 1| are over the
 * group's tokens.
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
      Limits.lr(lr);
      Limits.batch(group);
      Limits.steps(steps);
      Limits.epochs(epochs);
      Limits.clip(clip);
      Limits.beta(beta);
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
    double[] kl = new double[3];
    List<LabStep> out = new ArrayList<>();
    out.add(LabStep.exact(bandit, 0, pi, pi));
    // tex: \hat A_i = \frac{r_i - \operatorname{mean}(r_{1..G})}{\operatorname{std}(r_{1..G})}, \qquad J(\theta) = \frac1G \sum_i \min\big(\rho_i \hat A_i,\ \operatorname{clip}(\rho_i, 1-\varepsilon, 1+\varepsilon)\, \hat A_i\big) - \beta\, k_3
    // words: Sample a group of answers, score each against the group's mean in units of its spread, push with PPO's clipped ratio, and subtract β times the k3 estimate of the KL to the base model.
    for (int t = 1; t <= config.steps(); t++) {
      // region update
      double[] piOld = pi;
      LabStep.sampleBatch(piOld, thetaRef, rng, actions, kl);
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
      // endregion
      double[] next = LabStep.softmax(theta);
      out.add(LabStep.measure(bandit, t, piOld, next, kl[0], kl[1], kl[2], clipped,
          LabStep.maxRatioDeviation(next, piOld, actions)));
      pi = next;
    }
    return out;
  }

  /**
   * Runs the updates on the tiny language model from the reference, paid {@code reward[y]} for
   * text y (in {@link TinyLanguageModel#texts()} order: the proxy, say); step 0 first.
   *
   * @throws ParameterException naming {@code reward} unless it has one finite number per text
   */
  public static TokenPolicy.Run run(TinyLanguageModel model, double[] reward, Config config) {
    TokenPolicy lm = new TokenPolicy(model);
    if (reward.length != model.texts().size()) {
      throw new ParameterException("reward", "reward must list one number per text ("
          + model.texts().size() + "), had " + reward.length);
    }
    for (double r : reward) {
      if (!Double.isFinite(r)) {
        throw new ParameterException("reward", "reward must be finite, had " + r);
      }
    }
    double[][] theta = lm.referenceLogits();
    double[][] pi = TokenPolicy.softmax(theta);
    Rng rng = new Rng(config.seed());
    int g = config.group();
    int[] texts = new int[g];
    double[] sequenceAdvantage = new double[g];
    double[][] advantage = new double[g][TokenPolicy.MAX_DECISIONS]; // Â_i on each token of y_i
    double[][] grad = new double[theta.length][TokenPolicy.TOKENS];
    double[] kl = new double[3];
    List<LabStep> out = new ArrayList<>();
    out.add(LabStep.exact(lm, 0, pi, pi));
    for (int t = 1; t <= config.steps(); t++) {
      double[][] piOld = pi;
      lm.sampleBatch(piOld, rng, texts, kl);
      groupAdvantages(reward, texts, sequenceAdvantage); // Â_i = (r_i − mean) / std
      for (int i = 0; i < g; i++) {
        java.util.Arrays.fill(advantage[i], sequenceAdvantage[i]); // the same Â_i for every token
      }
      double clipped = 0;
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        double[][] current = TokenPolicy.softmax(theta);
        // the clipped surrogate, per token
        clipped = Ppo.clipGradient(lm, current, piOld, texts, advantage, config.clip(), grad);
        for (int i = 0; i < g; i++) {
          int[] states = lm.states(texts[i]);
          int[] tokens = lm.tokens(texts[i]);
          for (int d = 0; d < states.length; d++) {
            double[] p = current[states[d]];
            int a = tokens[d];
            // −β ∇k3_{i,t} = −β (1 − u_{i,t}) ∇ log π(y_{i,t} | s_{i,t})
            double u = StrictMath.exp(lm.logReference(states[d], a) - StrictMath.log(p[a]));
            for (int c = 0; c < p.length; c++) {
              grad[states[d]][c] -= config.beta() * (1 - u) * ((c == a ? 1 : 0) - p[c]) / g;
            }
          }
        }
        for (int s = 0; s < theta.length; s++) {
          for (int a = 0; a < theta[s].length; a++) {
            theta[s][a] += config.lr() * grad[s][a]; // θ ← θ + η ∇J
          }
        }
      }
      double[][] next = TokenPolicy.softmax(theta);
      out.add(LabStep.measure(lm, t, piOld, next, kl[0], kl[1], kl[2], clipped,
          LabStep.maxRatioDeviation(lm, next, piOld, texts)));
      pi = next;
    }
    return new TokenPolicy.Run(out, pi);
  }

  /**
   * Â_i = (r_i − mean) / std over the group (Bessel std); all 0 when the std is 0, that is when
   * every answer scored the same. (That case is tested for exactly: the rounded mean of equal
   * rewards can miss them by an ulp, and dividing that ulp by a std of the same size would give
   * the whole group an advantage near ±1.)
   */
  static void groupAdvantages(double[] reward, int[] actions, double[] advantage) {
    int g = actions.length;
    double mean = 0;
    boolean same = true; // every r_i equal
    for (int a : actions) {
      mean += reward[a] / g;
      same &= reward[a] == reward[actions[0]];
    }
    double ss = 0;
    for (int a : actions) {
      ss += (reward[a] - mean) * (reward[a] - mean);
    }
    double std = same ? 0 : Math.sqrt(ss / (g - 1));
    for (int i = 0; i < g; i++) {
      advantage[i] = std > 0 ? (reward[actions[i]] - mean) / std : 0;
    }
  }
}
