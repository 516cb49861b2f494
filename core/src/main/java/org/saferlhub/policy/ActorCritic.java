package org.saferlhub.policy;

import java.util.ArrayList;
import java.util.List;
import org.saferlhub.random.Rng;

/**
 * Actor-critic with generalised advantage estimation (A2C: Mnih et al. 2016, arXiv:1602.01783;
 * GAE(λ): Schulman et al. 2015, arXiv:1506.02438): REINFORCE whose baseline is a learned value V
 * of the situation, the critic, and whose advantage blends the critic's one-step and many-step
 * verdicts.
 *
 * <p>In plain words: the actor makes an action more likely when it turned out better than the
 * critic expected; the critic learns what to expect. λ chooses how far the advantage trusts
 * what actually happened (λ = 1: the whole return, the Monte-Carlo verdict) rather than the
 * critic's guess for what comes next (λ = 0: one step, then the critic's value).
 *
 * <pre>
 *   δ_t = r_t + γ V(s_{t+1}) − V(s_t)                  the TD error (V = 0 after the end)
 *   Â_t = Σ_l (γλ)^l δ_{t+l}                           GAE(λ)
 *   actor:   θ ← θ + η (1/N) Σ_n Σ_t Â_t ∇_θ log π_θ(a_t | s_t)
 *   target_t = Â_t + V(s_t)                            the critic's regression target
 *   critic:  V(s) ← V(s) + α_V (1/N) Σ_n Σ_{t: s_t = s} (target_t − V(s_t))
 * </pre>
 *
 * with γ = 1 throughout (episodes are short and end). The critic's step is one gradient step on
 * the regression loss (1/2N) Σ_n Σ_t (target_t − V(s_t))².
 *
 * <p><b>On a bandit</b> ({@link #run(Bandit, Config)}) every episode is one step, so there is no
 * s_{t+1}: δ_n = R_n − V and GAE(λ) reduces to the TD error for every λ, Â_n = δ_n (λ is
 * accepted and has no effect). The critic is a single number, starting at 0:
 * V ← V + α_V (1/N) Σ_n δ_n. The KL anchor is placed as {@link KlPlacement} says: {@code reward}
 * subtracts β·k1 from R_n, {@code loss} adds β·k3 to the loss as {@link Reinforce} does (its
 * gradient −β (1 − u_n) ∇ log π(a_n) joins the actor's).
 *
 * <p><b>On the tiny language model</b> ({@link #run(TinyLanguageModel, Config)}) an episode is a
 * text, the situations are its 85 prefixes and the critic is a table V(s), starting at 0. Rewards
 * come per token in the RLHF form (Ziegler et al. 2019; TRL's PPO): with the anchor in the reward
 * each token pays r_t = −β log(π(y_t|y_&lt;t)/π_ref(y_t|y_&lt;t)), and the text's proxy reward
 * is added at its last token. GAE(λ) then spreads each TD error back over the earlier tokens:
 * λ = 1 credits every token with the whole rest of the text (minus V), λ = 0 with one step and the
 * critic's value of the next prefix. With {@code loss}, β·k3 of each token joins the loss instead.
 */
public final class ActorCritic {

  /**
   * The run's settings.
   *
   * @param lr the actor's learning rate η, in (0, 100]
   * @param criticLr the critic's learning rate α_V, in (0, 100] (above 2 the scalar critic
   *     overshoots and diverges)
   * @param lambda GAE's λ, from 0 (TD error) to 1 (Monte-Carlo return minus V)
   * @param batch episodes per update, 2 to 100,000
   * @param steps updates, 1 to 100,000
   * @param beta the anchor's weight, 0 to 100
   * @param kl where the anchor goes
   * @param seed the sampling seed
   */
  public record Config(double lr, double criticLr, double lambda, int batch, int steps,
      double beta, KlPlacement kl, long seed) {

    /** Checks the ranges, naming the field. */
    public Config {
      Limits.lr(lr);
      Limits.criticLr(criticLr);
      Limits.lambda(lambda);
      Limits.batch(batch);
      Limits.steps(steps);
      Limits.beta(beta);
    }
  }

  private ActorCritic() {}

  /** Runs the updates on a bandit from the reference, with V = 0; the first entry is step 0. */
  public static List<LabStep> run(Bandit bandit, Config config) {
    int k = bandit.size();
    double[] thetaRef = LabStep.referenceLogits(bandit);
    double[] theta = thetaRef.clone();
    double[] pi = LabStep.softmax(theta);
    Rng rng = new Rng(config.seed());
    int n = config.batch();
    int[] actions = new int[n];
    double[] g = new double[k];
    double[] kl = new double[3];
    double value = 0; // V, the critic of the bandit's one situation
    List<LabStep> out = new ArrayList<>();
    out.add(LabStep.exact(bandit, 0, pi, pi));
    for (int t = 1; t <= config.steps(); t++) {
      LabStep.sampleBatch(pi, thetaRef, rng, actions, kl);
      java.util.Arrays.fill(g, 0);
      double meanTdError = 0;
      for (int i = 0; i < n; i++) {
        int a = actions[i];
        double logPi = StrictMath.log(pi[a]);
        // R_n: the proxy, less β·k1 when the anchor is in the reward
        double reward = bandit.proxy()[a] - (config.kl() == KlPlacement.REWARD
            ? config.beta() * KlEstimate.k1(logPi, thetaRef[a]) : 0);
        double tdError = reward - value; // δ_n = R_n − V: one step, so Â_n = δ_n for every λ
        double advantage = tdError;
        // Â_n ∇ log π(a_n), and with the anchor in the loss, −β (1 − u_n) ∇ log π(a_n)
        double weight = advantage;
        if (config.kl() == KlPlacement.LOSS) {
          weight -= config.beta() * (1 - StrictMath.exp(thetaRef[a] - logPi));
        }
        for (int c = 0; c < k; c++) {
          g[c] += weight * ((c == a ? 1 : 0) - pi[c]) / n;
        }
        meanTdError += tdError / n;
      }
      for (int c = 0; c < k; c++) {
        theta[c] += config.lr() * g[c]; // actor: θ ← θ + η (1/N) Σ Â_n ∇ log π(a_n)
      }
      value += config.criticLr() * meanTdError; // critic: V ← V + α_V (1/N) Σ δ_n
      double[] next = LabStep.softmax(theta);
      out.add(LabStep.measure(bandit, t, pi, next, kl[0], kl[1], kl[2], Double.NaN,
          Double.NaN));
      pi = next;
    }
    return out;
  }

  /**
   * Runs the updates on the tiny language model's proxy from the reference, with V = 0 for every
   * prefix; the first entry is step 0.
   */
  public static TokenPolicy.Run run(TinyLanguageModel model, Config config) {
    TokenPolicy lm = new TokenPolicy(model);
    double[][] theta = lm.referenceLogits();
    double[][] pi = TokenPolicy.softmax(theta);
    Rng rng = new Rng(config.seed());
    int n = config.batch();
    int[] texts = new int[n];
    double[][] g = new double[theta.length][TokenPolicy.TOKENS];
    double[] value = new double[theta.length]; // V(s), the critic's table
    double[] dv = new double[theta.length];
    double[] kl = new double[3];
    double[] reward = new double[TokenPolicy.MAX_DECISIONS];
    double[] values = new double[TokenPolicy.MAX_DECISIONS];
    double[] advantage = new double[TokenPolicy.MAX_DECISIONS];
    List<LabStep> out = new ArrayList<>();
    out.add(LabStep.exact(lm, 0, pi, pi));
    for (int t = 1; t <= config.steps(); t++) {
      lm.sampleBatch(pi, rng, texts, kl);
      for (double[] row : g) {
        java.util.Arrays.fill(row, 0);
      }
      java.util.Arrays.fill(dv, 0);
      for (int y : texts) {
        int[] states = lm.states(y);
        int[] tokens = lm.tokens(y);
        int length = states.length;
        for (int d = 0; d < length; d++) {
          double logPi = StrictMath.log(pi[states[d]][tokens[d]]);
          // r_t: −β k1_t with the anchor in the reward, and the proxy at the last token
          reward[d] = (config.kl() == KlPlacement.REWARD
              ? -config.beta() * KlEstimate.k1(logPi, lm.logReference(states[d], tokens[d])) : 0)
              + (d == length - 1 ? lm.proxy(y) : 0);
          values[d] = value[states[d]];
        }
        gae(reward, values, length, config.lambda(), advantage); // Â_t = Σ_l λ^l δ_{t+l}
        for (int d = 0; d < length; d++) {
          double[] p = pi[states[d]];
          int a = tokens[d];
          // Â_t ∇ log π(y_t | y_<t), and with the anchor in the loss, −β (1 − u_t) ∇ log π
          double weight = advantage[d];
          if (config.kl() == KlPlacement.LOSS) {
            double u = StrictMath.exp(lm.logReference(states[d], a) - StrictMath.log(p[a]));
            weight -= config.beta() * (1 - u);
          }
          for (int c = 0; c < p.length; c++) {
            g[states[d]][c] += weight * ((c == a ? 1 : 0) - p[c]) / n;
          }
          // target_t − V(s_t) = Â_t: the critic's regression error
          dv[states[d]] += advantage[d] / n;
        }
      }
      for (int s = 0; s < theta.length; s++) {
        for (int a = 0; a < theta[s].length; a++) {
          theta[s][a] += config.lr() * g[s][a]; // actor: θ ← θ + η ĝ
        }
        value[s] += config.criticLr() * dv[s]; // critic: V(s) ← V(s) + α_V (1/N) Σ (target − V)
      }
      double[][] next = TokenPolicy.softmax(theta);
      out.add(LabStep.measure(lm, t, pi, next, kl[0], kl[1], kl[2], Double.NaN, Double.NaN));
      pi = next;
    }
    return new TokenPolicy.Run(out, pi);
  }

  /**
   * GAE(λ) with γ = 1 for one episode of {@code length} steps, into {@code advantage}: from the
   * last step back, Â_t = δ_t + λ Â_{t+1}, with δ_t = r_t + V(s_{t+1}) − V(s_t) and V = 0 after
   * the end. λ = 1 gives the return minus V(s_t); λ = 0 gives δ_t.
   *
   * @param reward r_t, per step
   * @param value V(s_t), per step
   */
  // tex: \delta_t = r_t + V(s_{t+1}) - V(s_t), \qquad \hat A_t = \sum_{l \ge 0} \lambda^l\, \delta_{t+l} = \delta_t + \lambda \hat A_{t+1}
  // words: The critic's surprise at each step, the TD error, is passed back to the earlier tokens, shrinking by λ per step: λ = 0 trusts the critic after one step, λ = 1 uses the whole rest of the text.
  // region update
  static void gae(double[] reward, double[] value, int length, double lambda,
      double[] advantage) {
    double next = 0; // Â_{t+1}, 0 after the end
    for (int t = length - 1; t >= 0; t--) {
      double nextValue = t + 1 < length ? value[t + 1] : 0; // V(s_{t+1}), 0 after the end
      double tdError = reward[t] + nextValue - value[t]; // δ_t
      next = tdError + lambda * next; // Â_t = δ_t + λ Â_{t+1}
      advantage[t] = next;
    }
  }
  // endregion
}
