package org.saferlhub.policy;

import java.util.ArrayList;
import java.util.List;
import org.saferlhub.config.ParameterException;
import org.saferlhub.random.Rng;

/**
 * Proximal policy optimisation with the clipped surrogate (Schulman et al. 2017) on a bandit or
 * the tiny language model.
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
 *
 * <p><b>On the tiny language model</b> ({@link #run(TinyLanguageModel, Config)}) a sample is a
 * whole text drawn token by token from π_old, and everything is per token, as in TRL's PPO
 * (Ziegler et al. 2019; Stiennon et al. 2020): with {@code kl = reward} each token pays
 * r_t = −β log(π_old(y_t|y_&lt;t)/π_ref(y_t|y_&lt;t)) (k1 of the token), and the text's proxy
 * reward is added at its last token. A tabular critic V(s) over the 85 prefixes, starting at 0,
 * gives per-token advantages by GAE ({@link ActorCritic}), with fixed constants: γ = 1,
 * λ = {@value #GAE_LAMBDA} (TRL's default) and critic rate α_V = {@value #CRITIC_RATE}. The
 * clipped surrogate has one ratio per token:
 * <pre>
 *   δ_t = r_t + V(s_{t+1}) − V(s_t),   Â_t = Σ_l λ^l δ_{t+l}                (V = 0 after the end)
 *   ρ_t(θ) = π_θ(y_t | s_t) / π_old(y_t | s_t)
 *   L^CLIP(θ) = (1/N) Σ_n Σ_t min(ρ_t Â_t, clip(ρ_t, 1 − ε, 1 + ε) Â_t)
 *   critic, once per batch:  V(s) ← V(s) + α_V (1/N) Σ_n Σ_{t: s_t = s} Â_t     (Â_t = target − V)
 * </pre>
 * The clip fraction and max |ρ − 1| are taken over the batch's tokens. Advantages are not
 * whitened.
 *
 * <p>Two variants adapt a β as they go; their {@link Run} reports it per step, beside the metrics.
 *
 * <p><b>The adaptive KL penalty</b> ({@link #runKlPenalty}, Schulman et al. 2017, section 4)
 * replaces the clip by a penalty on the distance to the previous policy, and adjusts the
 * penalty's weight β after each update so that the update's KL stays near a target:
 * <pre>
 *   L^KLPEN(θ) = (1/N) Σ_n ρ_n Â_n − β KL(π_old ‖ π_θ)        (the bandit's KL, exact)
 *   d = KL(π_old ‖ π_new):   d &lt; d_targ/1.5 ⇒ β ← β/2,   d &gt; 1.5 d_targ ⇒ β ← 2β
 * </pre>
 * Like the clip it is a trust region to π_old, not an anchor to the reference; an anchor (k1 in
 * the reward) is a separate, fixed β.
 *
 * <p><b>Ziegler's controller</b> ({@link #runKlController}, Ziegler et al. 2019) keeps the clip and
 * adapts the anchor instead: the β of k1 in the reward follows a proportional controller towards a
 * target KL to the reference, as TRL's legacy PPOTrainer did (with K_β = n_steps/horizon there):
 * <pre>
 *   e_t = clip((KL_t − KL_targ)/KL_targ, −0.2, 0.2),   β_{t+1} = β_t (1 + K_β e_t),   K_β = 0.1
 * </pre>
 * KL_t is what a real run sees: the batch mean of k1 over update t's samples (drawn from the
 * policy before the update), not the exact KL.
 *
 * <p>In plain words: the first variant asks "did this update move the policy about as far as I
 * wanted?" and makes its brake softer or harder; the second asks "has training moved the policy
 * as far from the reference as I allow?" and tightens or loosens the anchor by at most 2 % per
 * update. Neither β may leave [{@value #MIN_BETA}, {@value #MAX_BETA}]: the rules themselves have
 * no bounds, but a policy that has stopped moving (d = 0) would halve β down to 0, from which
 * doubling never returns.
 */
public final class Ppo {

  /** Ziegler et al.'s K_β, the controller's gain. */
  public static final double CONTROLLER_GAIN = 0.1;
  /** The controller's clip on the relative error. */
  public static final double CONTROLLER_CLIP = 0.2;
  /** GAE's λ on the tiny language model (TRL's PPO: {@code lam = 0.95}); γ = 1. */
  public static final double GAE_LAMBDA = 0.95;
  /** α_V, the learning rate of the tabular critic on the tiny language model. */
  public static final double CRITIC_RATE = 0.1;
  /** The least adapted β. */
  public static final double MIN_BETA = 1e-6;
  /** The greatest adapted β. */
  public static final double MAX_BETA = 1e6;

  /**
   * A run whose β adapts.
   *
   * @param steps each update's metrics, from step 0 (the reference)
   * @param beta the adapted β after each update: {@code beta[t]} is what update t left for the
   *     next one, {@code beta[0]} the initial β (so update t used {@code beta[t − 1]})
   */
  public record Run(List<LabStep> steps, double[] beta) {}

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

  /**
   * The settings of PPO with the adaptive KL penalty in place of the clip.
   *
   * @param lr the learning rate η, in (0, 100]
   * @param batch samples per update, 2 to 100,000
   * @param steps updates (batches), 1 to 100,000
   * @param epochs gradient steps per batch, 1 to 100
   * @param penalty the initial β of L^KLPEN, the weight of KL(π_old ‖ π), in [1e-6, 1e6]
   * @param target d_targ, the KL per update aimed at, in (0, 10] (the paper swept 0.003 to 0.03)
   * @param beta the anchor's weight (k1 in the reward), fixed, 0 to 100
   * @param kl {@code none} or {@code reward}
   * @param seed the sampling seed
   */
  public record KlPenaltyConfig(double lr, int batch, int steps, int epochs, double penalty,
      double target, double beta, KlPlacement kl, long seed) {

    /** Checks the ranges, naming the field. */
    public KlPenaltyConfig {
      Limits.lr(lr);
      Limits.batch(batch);
      Limits.steps(steps);
      Limits.epochs(epochs);
      if (!(penalty >= MIN_BETA && penalty <= MAX_BETA)) {
        throw new ParameterException("penalty", "penalty must be from 0.000001 to 1,000,000, was "
            + penalty);
      }
      if (!(target > 0 && target <= 10)) {
        throw new ParameterException("target", "target must be more than 0 and at most 10, was "
            + target);
      }
      Limits.beta(beta);
      if (kl == KlPlacement.LOSS) {
        throw new ParameterException("kl", "PPO takes kl none or reward (GRPO puts it in the "
            + "loss)");
      }
    }
  }

  /**
   * The settings of clipped PPO whose anchor (k1 in the reward) follows Ziegler's controller.
   *
   * @param lr the learning rate η, in (0, 100]
   * @param batch samples per update, 2 to 100,000
   * @param steps updates (batches), 1 to 100,000
   * @param epochs gradient steps per batch, 1 to 100
   * @param clip ε, in (0, 1)
   * @param beta the anchor's initial weight, in [1e-6, 100]
   * @param target KL_targ, the KL to the reference aimed at, in nats, more than 0 and at most 100
   *     (TRL's legacy default: 6)
   * @param seed the sampling seed
   */
  public record KlControllerConfig(double lr, int batch, int steps, int epochs, double clip,
      double beta, double target, long seed) {

    /** Checks the ranges, naming the field. */
    public KlControllerConfig {
      Limits.lr(lr);
      Limits.batch(batch);
      Limits.steps(steps);
      Limits.epochs(epochs);
      Limits.clip(clip);
      if (!(beta >= MIN_BETA && beta <= 100)) {
        throw new ParameterException("beta", "beta must be from 0.000001 to 100, was " + beta);
      }
      if (!(target > 0 && target <= 100)) {
        throw new ParameterException("target", "target must be more than 0 and at most 100, was "
            + target);
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
   * Runs clipped PPO on the tiny language model's proxy from the reference, with per-token
   * rewards, a tabular critic over the 85 prefixes (V = 0 at first) and GAE(λ =
   * {@value #GAE_LAMBDA}); the first entry is step 0.
   */
  public static TokenPolicy.Run run(TinyLanguageModel model, Config config) {
    TokenPolicy lm = new TokenPolicy(model);
    double[][] theta = lm.referenceLogits();
    double[][] pi = TokenPolicy.softmax(theta);
    Rng rng = new Rng(config.seed());
    int n = config.batch();
    int[] texts = new int[n];
    double[][] advantage = new double[n][TokenPolicy.MAX_DECISIONS]; // Â_t, per text and token
    double[][] g = new double[theta.length][TokenPolicy.TOKENS];
    double[] value = new double[theta.length]; // V(s), the critic's table
    double[] dv = new double[theta.length];
    double[] kl = new double[3];
    double[] reward = new double[TokenPolicy.MAX_DECISIONS];
    double[] values = new double[TokenPolicy.MAX_DECISIONS];
    List<LabStep> out = new ArrayList<>();
    out.add(LabStep.exact(lm, 0, pi, pi));
    for (int t = 1; t <= config.steps(); t++) {
      double[][] piOld = pi;
      // The batch of texts, from π_old, and the advantages of their tokens.
      lm.sampleBatch(piOld, rng, texts, kl);
      java.util.Arrays.fill(dv, 0);
      for (int i = 0; i < n; i++) {
        int[] states = lm.states(texts[i]);
        int[] tokens = lm.tokens(texts[i]);
        int length = states.length;
        for (int d = 0; d < length; d++) {
          double logPi = StrictMath.log(piOld[states[d]][tokens[d]]);
          // r_t: −β k1_t with the anchor in the reward, and the proxy at the last token
          reward[d] = (config.kl() == KlPlacement.REWARD
              ? -config.beta() * KlEstimate.k1(logPi, lm.logReference(states[d], tokens[d])) : 0)
              + (d == length - 1 ? lm.proxy(texts[i]) : 0);
          values[d] = value[states[d]];
        }
        ActorCritic.gae(reward, values, length, GAE_LAMBDA, advantage[i]); // Â_t
        for (int d = 0; d < length; d++) {
          dv[states[d]] += advantage[i][d] / n; // target_t − V(s_t) = Â_t
        }
      }
      double clipped = 0;
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        double[][] current = TokenPolicy.softmax(theta);
        clipped = clipGradient(lm, current, piOld, texts, advantage, config.clip(), g);
        for (int s = 0; s < theta.length; s++) {
          for (int a = 0; a < theta[s].length; a++) {
            theta[s][a] += config.lr() * g[s][a]; // θ ← θ + η ∇L^CLIP
          }
        }
      }
      for (int s = 0; s < value.length; s++) {
        value[s] += CRITIC_RATE * dv[s]; // critic: V(s) ← V(s) + α_V (1/N) Σ (target − V)
      }
      double[][] next = TokenPolicy.softmax(theta);
      out.add(LabStep.measure(lm, t, piOld, next, kl[0], kl[1], kl[2], clipped,
          LabStep.maxRatioDeviation(lm, next, piOld, texts)));
      pi = next;
    }
    return new TokenPolicy.Run(out, pi);
  }

  /**
   * Runs PPO with the adaptive KL penalty from the reference; the steps start with step 0, and
   * {@code beta} holds the penalty's weight after each update.
   */
  public static Run runKlPenalty(Bandit bandit, KlPenaltyConfig config) {
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
    double[] penalty = new double[config.steps() + 1];
    penalty[0] = config.penalty();
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
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        double[] current = LabStep.softmax(theta);
        klPenaltyGradient(current, piOld, actions, advantage, penalty[t - 1], g);
        for (int a = 0; a < k; a++) {
          theta[a] += config.lr() * g[a]; // θ ← θ + η ∇L^KLPEN
        }
      }
      double[] next = LabStep.softmax(theta);
      // d = KL(π_old ‖ π_new), and β halved or doubled towards d_targ
      penalty[t] = adaptPenalty(penalty[t - 1], LabStep.kl(piOld, next), config.target());
      out.add(LabStep.measure(bandit, t, piOld, next, kl[0], kl[1], kl[2], Double.NaN,
          LabStep.maxRatioDeviation(next, piOld, actions)));
      pi = next;
    }
    return new Run(out, penalty);
  }

  /**
   * Runs clipped PPO from the reference with k1 in the reward, its β set by Ziegler's controller
   * after each update from the batch's k1; {@code beta} holds it after each update.
   */
  public static Run runKlController(Bandit bandit, KlControllerConfig config) {
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
    double[] beta = new double[config.steps() + 1];
    beta[0] = config.beta();
    List<LabStep> out = new ArrayList<>();
    out.add(LabStep.exact(bandit, 0, pi, pi));
    for (int t = 1; t <= config.steps(); t++) {
      double[] piOld = pi;
      // The batch, from π_old, and its advantages Â_n = R_n − mean(R), R_n = r − β_t k1_n.
      LabStep.sampleBatch(piOld, thetaRef, rng, actions, kl);
      double mean = 0;
      for (int i = 0; i < n; i++) {
        int a = actions[i];
        advantage[i] = bandit.proxy()[a]
            - beta[t - 1] * (StrictMath.log(piOld[a]) - thetaRef[a]);
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
      // KL_t = the batch mean of k1, and β_{t+1} = β_t (1 + K_β e_t)
      beta[t] = controlBeta(beta[t - 1], kl[0], config.target());
      out.add(LabStep.measure(bandit, t, piOld, next, kl[0], kl[1], kl[2], clipped,
          LabStep.maxRatioDeviation(next, piOld, actions)));
      pi = next;
    }
    return new Run(out, beta);
  }

  /**
   * The adaptive penalty rule of Schulman et al. (2017, section 4): β/2 if d &lt; d_targ/1.5, 2β
   * if d &gt; 1.5 d_targ, else β; kept within [{@value #MIN_BETA}, {@value #MAX_BETA}].
   *
   * @param beta the penalty's weight used by the update
   * @param d the update's KL(π_old ‖ π_new)
   * @param target d_targ
   */
  public static double adaptPenalty(double beta, double d, double target) {
    double next = beta;
    if (d < target / 1.5) {
      next = beta / 2; // moved too little: a softer brake
    } else if (d > 1.5 * target) {
      next = 2 * beta; // moved too far: a harder brake
    }
    return Math.min(MAX_BETA, Math.max(MIN_BETA, next));
  }

  /**
   * Ziegler et al.'s controller: e = clip((KL − KL_targ)/KL_targ, −0.2, 0.2), then
   * β (1 + K_β e) with K_β = {@value #CONTROLLER_GAIN}; kept within [{@value #MIN_BETA},
   * {@value #MAX_BETA}].
   *
   * @param beta β_t
   * @param kl KL_t, the KL to the reference measured at update t
   * @param target KL_targ
   */
  public static double controlBeta(double beta, double kl, double target) {
    double error = Math.max(-CONTROLLER_CLIP, Math.min(CONTROLLER_CLIP,
        (kl - target) / target)); // e_t
    double next = beta * (1 + CONTROLLER_GAIN * error); // β_{t+1} = β_t (1 + K_β e_t)
    return Math.min(MAX_BETA, Math.max(MIN_BETA, next));
  }

  /**
   * ∇L^KLPEN at π into {@code g}: (1/N) Σ_n Â_n ρ_n ∇log π(a_n) − β (π − π_old), the second term
   * being the gradient of KL(π_old ‖ π_θ) in softmax logits.
   */
  static void klPenaltyGradient(double[] pi, double[] piOld, int[] actions, double[] advantage,
      double beta, double[] g) {
    int n = actions.length;
    for (int c = 0; c < g.length; c++) {
      g[c] = -beta * (pi[c] - piOld[c]); // −β ∇KL(π_old ‖ π_θ)
    }
    for (int i = 0; i < n; i++) {
      int a = actions[i];
      double ratio = pi[a] / piOld[a]; // ρ_n
      for (int c = 0; c < g.length; c++) {
        // ∂(ρ Â)/∂θ_c = Â ρ (1[c = a] − π_c)
        g[c] += advantage[i] * ratio * ((c == a ? 1 : 0) - pi[c]) / n;
      }
    }
  }

  /** L^KLPEN at π: (1/N) Σ ρ Â − β KL(π_old ‖ π). */
  static double klPenaltyObjective(double[] pi, double[] piOld, int[] actions,
      double[] advantage, double beta) {
    return cpiObjective(pi, piOld, actions, advantage) - beta * LabStep.kl(piOld, pi);
  }

  /**
   * ∇L^CLIP at π into {@code g}: for each sample not clipped, Â ρ ∇log π(a). Returns the share of
   * samples clipped.
   */
  // tex: \rho_n = \frac{\pi_\theta(a_n)}{\pi_{\text{old}}(a_n)}, \qquad L^{\text{CLIP}} = \frac1N \sum_n \min\big(\rho_n \hat A_n,\ \operatorname{clip}(\rho_n, 1-\varepsilon, 1+\varepsilon)\,\hat A_n\big)
  // words: Push each sampled action in the direction its advantage asks, but give it no more push once its probability ratio to the old policy has moved more than ε that way.
  // region update
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
  // endregion

  /**
   * ∇L^CLIP on the tiny language model at π into {@code g}: for each token of each sampled text
   * not clipped, (1/N) Â_t ρ_t ∇log π(y_t | s_t), which moves only the row of its prefix s_t.
   * Returns the share of the batch's tokens clipped.
   *
   * @param advantage Â_t, {@code advantage[n][t]} for the t-th token of text n
   */
  static double clipGradient(TokenPolicy lm, double[][] pi, double[][] piOld, int[] texts,
      double[][] advantage, double epsilon, double[][] g) {
    for (double[] row : g) {
      java.util.Arrays.fill(row, 0);
    }
    int n = texts.length;
    int tokens = 0;
    int clipped = 0;
    for (int i = 0; i < n; i++) {
      int[] states = lm.states(texts[i]);
      int[] chosen = lm.tokens(texts[i]);
      for (int d = 0; d < states.length; d++) {
        double[] p = pi[states[d]];
        int a = chosen[d];
        double adv = advantage[i][d];
        double ratio = p[a] / piOld[states[d]][a]; // ρ_t
        tokens++;
        if ((adv > 0 && ratio > 1 + epsilon) || (adv < 0 && ratio < 1 - epsilon)) {
          clipped++; // the clip is the smaller term: no gradient
          continue;
        }
        for (int c = 0; c < p.length; c++) {
          // ∂(ρ_t Â_t)/∂θ_{s_t,c} = Â_t ρ_t (1[c = y_t] − π(c | s_t))
          g[states[d]][c] += adv * ratio * ((c == a ? 1 : 0) - p[c]) / n;
        }
      }
    }
    return clipped / (double) tokens;
  }

  /** L^CLIP on the tiny language model at π: (1/N) Σ_n Σ_t min(ρ_t Â_t, clip(ρ_t) Â_t). */
  static double clipObjective(TokenPolicy lm, double[][] pi, double[][] piOld, int[] texts,
      double[][] advantage, double epsilon) {
    double sum = 0;
    for (int i = 0; i < texts.length; i++) {
      int[] states = lm.states(texts[i]);
      int[] chosen = lm.tokens(texts[i]);
      for (int d = 0; d < states.length; d++) {
        double ratio = pi[states[d]][chosen[d]] / piOld[states[d]][chosen[d]];
        double clippedRatio = Math.max(1 - epsilon, Math.min(1 + epsilon, ratio));
        sum += Math.min(ratio * advantage[i][d], clippedRatio * advantage[i][d]);
      }
    }
    return sum / texts.length;
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
