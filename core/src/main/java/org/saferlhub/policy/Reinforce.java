package org.saferlhub.policy;

import java.util.ArrayList;
import java.util.List;
import org.saferlhub.random.Rng;

/**
 * REINFORCE (Williams 1992) on a bandit: sample a batch from the policy, and move each sampled
 * action's logits by its reward minus a baseline.
 *
 * <p>In plain words: actions that paid more than expected become more likely, the others less.
 * The baseline (what "expected" means) changes how noisy the step is, never where it points on
 * average.
 *
 * <pre>
 *   ĝ = (1/N) Σ_n (R_n − b_n) ∇_θ log π_θ(a_n),     ∇_θb log π(a) = 1[a = b] − π(b),     θ ← θ + η ĝ
 * </pre>
 *
 * Baselines: none, the batch mean, leave-one-out b_n = (Σ_m R_m − R_n)/(N − 1) (RLOO: Kool et
 * al. 2019; Ahmadian et al. 2024), or a learned value b_n = V: for the bandit's one situation a
 * single number, starting at 0 and moved after each batch towards the batch's mean reward,
 * V ← V + α_V (mean R − V) with α_V = {@value #VALUE_RATE} (a critic: see {@link ActorCritic}).
 * The KL anchor is placed as {@link KlPlacement} says:
 * {@code reward} subtracts β·k1 from each sample's reward (an unbiased gradient of E r − β KL,
 * whose fixed point is the tilt); {@code loss} adds β times the batch mean of k3 to the loss, whose
 * gradient is, on-policy, that of the <i>forward</i> KL(π_ref ‖ π) (policy-lab.md, section 3).
 *
 * <p>With {@code exact}, the batch is replaced by its expectation, ĝ = π ⊙ (R − E_π R), and the
 * k3 term by −β (π − π_ref): the line a batch estimate scatters around. The learned value then
 * tracks E_π R the same way, V ← V + α_V (E_π R − V); no baseline changes the expected gradient.
 *
 * <p><b>On the tiny language model</b> ({@link #run(TinyLanguageModel, Config)}) a sample is a
 * whole text y, drawn token by token, and its score is the sum of its tokens' (RLOO's form, as TRL
 * runs it: the per-token k1 summed per text and subtracted from the text's proxy reward):
 * <pre>
 *   R_n = r(y_n) − β Σ_t log(π(y_t|y_&lt;t)/π_ref(y_t|y_&lt;t)) = r(y_n) − β log(π(y_n)/π_ref(y_n))
 *   ĝ = (1/N) Σ_n (R_n − b_n) Σ_t ∇_θ log π_θ(y_n,t | y_n,&lt;t)
 * </pre>
 * With {@code loss}, β·k3 of each token joins the loss instead. The exact gradient is
 * ∂/∂θ_{s,t} = d^π(s) π(t|s) (Q^π_β(s,t) − β log(π(t|s)/π_ref(t|s)) − V^π_β(s)), from
 * {@link TokenPolicy#softActionValues}, and −β d^π(s) (π(t|s) − π_ref(t|s)) for the k3 loss; the
 * learned baseline is a single V for the one prompt (the empty prefix).
 */
public final class Reinforce {

  /** α_V, the learned baseline's step towards each batch's mean reward. */
  public static final double VALUE_RATE = 0.1;

  /** What the reward is compared with. */
  public enum Baseline {
    /** b = 0. */
    NONE,
    /** b = the batch's mean reward. */
    MEAN,
    /** b_n = the mean reward of the other samples of the batch. */
    LEAVE_ONE_OUT,
    /** b = V, a learned estimate of E_π R, updated after each batch. */
    LEARNED
  }

  /**
   * The run's settings.
   *
   * @param lr the learning rate η, in (0, 100]
   * @param batch samples per update, 2 to 100,000
   * @param steps updates, 1 to 100,000
   * @param beta the anchor's weight, 0 to 100
   * @param kl where the anchor goes
   * @param baseline the baseline
   * @param exact whether to use the expected gradient instead of a batch
   * @param seed the sampling seed
   */
  public record Config(double lr, int batch, int steps, double beta, KlPlacement kl,
      Baseline baseline, boolean exact, long seed) {

    /** Checks the ranges, naming the field. */
    public Config {
      Limits.lr(lr);
      Limits.batch(batch);
      Limits.steps(steps);
      Limits.beta(beta);
    }
  }

  private Reinforce() {}

  /** Runs the updates from the reference; the first entry is step 0. */
  public static List<LabStep> run(Bandit bandit, Config config) {
    int k = bandit.size();
    double[] thetaRef = LabStep.referenceLogits(bandit);
    double[] theta = thetaRef.clone();
    double[] pi = LabStep.softmax(theta);
    Rng rng = new Rng(config.seed());
    int[] actions = new int[config.batch()];
    double[] g = new double[k];
    double[] batchKl = new double[3];
    double value = 0; // V, the learned baseline
    List<LabStep> out = new ArrayList<>();
    out.add(LabStep.exact(bandit, 0, pi, pi));
    for (int t = 1; t <= config.steps(); t++) {
      double meanReward;
      if (config.exact()) {
        meanReward = exactGradient(bandit, thetaRef, pi, config, g);
        batchKl[0] = batchKl[1] = batchKl[2] = Double.NaN;
      } else {
        for (int n = 0; n < actions.length; n++) {
          actions[n] = LabStep.sample(pi, rng.nextDouble());
        }
        meanReward = gradient(bandit, thetaRef, pi, actions, config, value, g, batchKl);
      }
      if (config.baseline() == Baseline.LEARNED) {
        value += VALUE_RATE * (meanReward - value); // V ← V + α_V (mean R − V)
      }
      for (int a = 0; a < k; a++) {
        theta[a] += config.lr() * g[a]; // θ ← θ + η ĝ
      }
      double[] next = LabStep.softmax(theta);
      out.add(LabStep.measure(bandit, t, pi, next, batchKl[0], batchKl[1], batchKl[2],
          Double.NaN, Double.NaN));
      pi = next;
    }
    return out;
  }

  /**
   * Runs the updates on the tiny language model's proxy from the reference; the first entry is
   * step 0.
   */
  public static TokenPolicy.Run run(TinyLanguageModel model, Config config) {
    TokenPolicy lm = new TokenPolicy(model);
    double[][] theta = lm.referenceLogits();
    double[][] pi = TokenPolicy.softmax(theta);
    Rng rng = new Rng(config.seed());
    int[] texts = new int[config.batch()];
    double[][] g = new double[theta.length][TokenPolicy.TOKENS];
    double[] batchKl = new double[3];
    double value = 0; // V, the learned baseline
    List<LabStep> out = new ArrayList<>();
    out.add(LabStep.exact(lm, 0, pi, pi));
    for (int t = 1; t <= config.steps(); t++) {
      double meanReward;
      if (config.exact()) {
        meanReward = exactGradient(lm, pi, config, g);
        batchKl[0] = batchKl[1] = batchKl[2] = Double.NaN;
      } else {
        lm.sampleBatch(pi, rng, texts, batchKl);
        meanReward = gradient(lm, pi, texts, config, value, g);
      }
      if (config.baseline() == Baseline.LEARNED) {
        value += VALUE_RATE * (meanReward - value); // V ← V + α_V (mean R − V)
      }
      for (int s = 0; s < theta.length; s++) {
        for (int a = 0; a < theta[s].length; a++) {
          theta[s][a] += config.lr() * g[s][a]; // θ ← θ + η ĝ
        }
      }
      double[][] next = TokenPolicy.softmax(theta);
      out.add(LabStep.measure(lm, t, pi, next, batchKl[0], batchKl[1], batchKl[2], Double.NaN,
          Double.NaN));
      pi = next;
    }
    return new TokenPolicy.Run(out, pi);
  }

  /**
   * The batch gradient ĝ for the sampled {@code actions}, into {@code g}, with a learned baseline
   * (if any) of V = 0; the batch means of k1, k2, k3 into {@code kl}.
   */
  static void gradient(Bandit bandit, double[] thetaRef, double[] pi, int[] actions,
      Config config, double[] g, double[] kl) {
    gradient(bandit, thetaRef, pi, actions, config, 0, g, kl);
  }

  /**
   * The batch gradient ĝ for the sampled {@code actions}, into {@code g}, with {@code value} as
   * the learned baseline V; the batch means of k1, k2, k3 into {@code kl}. Returns the batch's
   * mean reward, mean R (anchor included), which the learned baseline moves towards.
   */
  static double gradient(Bandit bandit, double[] thetaRef, double[] pi, int[] actions,
      Config config, double value, double[] g, double[] kl) {
    int n = actions.length;
    double[] reward = new double[n];
    double total = 0;
    kl[0] = kl[1] = kl[2] = 0;
    for (int i = 0; i < n; i++) {
      int a = actions[i];
      double logPi = StrictMath.log(pi[a]);
      double k1 = KlEstimate.k1(logPi, thetaRef[a]);
      kl[0] += k1 / n;
      kl[1] += KlEstimate.k2(logPi, thetaRef[a]) / n;
      kl[2] += KlEstimate.k3(logPi, thetaRef[a]) / n;
      // R_n: the proxy, less β·k1 when the anchor is in the reward
      reward[i] = bandit.proxy()[a] - (config.kl() == KlPlacement.REWARD ? config.beta() * k1 : 0);
      total += reward[i];
    }
    java.util.Arrays.fill(g, 0);
    // tex: \hat g = \frac1N \sum_{n=1}^N \big(R_n - b_n\big)\, \nabla_\theta \log \pi_\theta(a_n), \qquad R_n = r(a_n) - \beta \log\frac{\pi(a_n)}{\pi_{\text{ref}}(a_n)}, \qquad b_n = \frac{1}{N-1}\sum_{m \ne n} R_m
    // words: Every sampled action's logits move by how much more it paid than the baseline (here: the batch mean, the other samples' mean, or a learned value), less the KL charge when the anchor is in the reward.
    // region update
    for (int i = 0; i < n; i++) {
      double b = switch (config.baseline()) {
        case NONE -> 0;
        case MEAN -> total / n;
        case LEAVE_ONE_OUT -> (total - reward[i]) / (n - 1);
        case LEARNED -> value;
      };
      // (R_n − b_n) ∇ log π(a_n), and with the anchor in the loss, −β (1 − u_n) ∇ log π(a_n)
      double weight = reward[i] - b;
      if (config.kl() == KlPlacement.LOSS) {
        double u = StrictMath.exp(thetaRef[actions[i]] - StrictMath.log(pi[actions[i]]));
        weight -= config.beta() * (1 - u);
      }
      for (int c = 0; c < g.length; c++) {
        g[c] += weight * ((c == actions[i] ? 1 : 0) - pi[c]) / n;
      }
    }
    // endregion
    return total / n;
  }

  /**
   * The expected gradient: π ⊙ (R − E_π R), and −β (π − π_ref) for the anchor in the loss, into
   * {@code g}. Returns E_π R (anchor included), which the learned baseline moves towards.
   */
  static double exactGradient(Bandit bandit, double[] thetaRef, double[] pi, Config config,
      double[] g) {
    int k = pi.length;
    double[] reward = new double[k];
    double mean = 0;
    for (int a = 0; a < k; a++) {
      reward[a] = bandit.proxy()[a] - (config.kl() == KlPlacement.REWARD
          ? config.beta() * (StrictMath.log(pi[a]) - thetaRef[a]) : 0);
      mean += pi[a] * reward[a];
    }
    for (int a = 0; a < k; a++) {
      g[a] = pi[a] * (reward[a] - mean);
      if (config.kl() == KlPlacement.LOSS) {
        g[a] -= config.beta() * (pi[a] - bandit.reference()[a]);
      }
    }
    return mean;
  }

  /**
   * The batch gradient ĝ on the tiny language model for the sampled {@code texts}, into {@code g},
   * with {@code value} as the learned baseline V. Returns the batch's mean R (anchor included).
   */
  static double gradient(TokenPolicy lm, double[][] pi, int[] texts, Config config,
      double value, double[][] g) {
    int n = texts.length;
    double[] reward = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      int[] states = lm.states(texts[i]);
      int[] tokens = lm.tokens(texts[i]);
      double k1 = 0; // Σ_t k1_t = log(π(y)/π_ref(y))
      for (int d = 0; d < states.length; d++) {
        k1 += KlEstimate.k1(StrictMath.log(pi[states[d]][tokens[d]]),
            lm.logReference(states[d], tokens[d]));
      }
      // R_n: the text's proxy, less β·k1 of the whole text when the anchor is in the reward
      reward[i] = lm.proxy(texts[i]) - (config.kl() == KlPlacement.REWARD
          ? config.beta() * k1 : 0);
      total += reward[i];
    }
    for (double[] row : g) {
      java.util.Arrays.fill(row, 0);
    }
    for (int i = 0; i < n; i++) {
      double b = switch (config.baseline()) {
        case NONE -> 0;
        case MEAN -> total / n;
        case LEAVE_ONE_OUT -> (total - reward[i]) / (n - 1);
        case LEARNED -> value;
      };
      int[] states = lm.states(texts[i]);
      int[] tokens = lm.tokens(texts[i]);
      for (int d = 0; d < states.length; d++) {
        double[] p = pi[states[d]];
        int a = tokens[d];
        // (R_n − b_n) ∇ log π(y_t | y_<t), and with the anchor in the loss, −β (1 − u_t) ∇ log π
        double weight = reward[i] - b;
        if (config.kl() == KlPlacement.LOSS) {
          double u = StrictMath.exp(lm.logReference(states[d], a) - StrictMath.log(p[a]));
          weight -= config.beta() * (1 - u);
        }
        for (int c = 0; c < p.length; c++) {
          g[states[d]][c] += weight * ((c == a ? 1 : 0) - p[c]) / n;
        }
      }
    }
    return total / n;
  }

  /**
   * The expected gradient on the tiny language model, into {@code g}:
   * d^π(s) π(t|s) (Q^π_β(s,t) − β log(π/π_ref)(s,t) − V^π_β(s)), and −β d^π(s) (π − π_ref) for
   * the anchor in the loss. Returns E_π R = V^π_β(empty prefix), anchor included.
   */
  static double exactGradient(TokenPolicy lm, double[][] pi, Config config, double[][] g) {
    double beta = config.kl() == KlPlacement.REWARD ? config.beta() : 0;
    double[][] q = lm.softActionValues(pi, beta);
    double[] reach = lm.reach(pi);
    double[][] ref = lm.referenceTable();
    double[] anchored = new double[TokenPolicy.TOKENS];
    double root = 0;
    for (int s = 0; s < pi.length; s++) {
      double value = 0; // V^π_β(s)
      for (int t = 0; t < anchored.length; t++) {
        // Q^π_β(s, t) − β log(π(t|s)/π_ref(t|s)): the token's own k1 charged too
        anchored[t] = pi[s][t] > 0
            ? q[s][t] - beta * (StrictMath.log(pi[s][t]) - lm.logReference(s, t)) : 0;
        value += pi[s][t] * anchored[t];
      }
      for (int t = 0; t < anchored.length; t++) {
        g[s][t] = reach[s] * pi[s][t] * (anchored[t] - value);
        if (config.kl() == KlPlacement.LOSS) {
          g[s][t] -= config.beta() * reach[s] * (pi[s][t] - ref[s][t]);
        }
      }
      if (s == 0) {
        root = value;
      }
    }
    return root;
  }
}
