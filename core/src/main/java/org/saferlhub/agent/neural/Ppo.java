package org.saferlhub.agent.neural;

import java.util.List;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.LevelEnv;
import org.saferlhub.nn.Adam;
import org.saferlhub.nn.Elementary;
import org.saferlhub.nn.Mlp;
import org.saferlhub.random.Rng;

/**
 * Proximal Policy Optimization with a clipped surrogate (Schulman et al. 2017,
 * arXiv:1707.06347), on a small network, written as one loop in the manner of CleanRL's
 * single-file {@code ppo.py}: collect a batch from several environments, estimate advantages with
 * GAE, then take a few epochs of minibatch steps on the loss below.
 *
 * <p>In plain words: play a while with the current policy; for each action, ask "did it turn out
 * better or worse than expected?" (the advantage); make better-than-expected actions more likely
 * and worse ones less likely, but stop pushing an action once its probability has moved more than
 * ε (20 %) from where it was when the batch was collected, so that one batch cannot wreck the
 * policy. A second output of the same network learns to predict returns (the value), which is
 * what "expected" means.
 *
 * <pre>
 *   δ_t = r_t + γ V(s_{t+1}) (1 − d_t) − V(s_t)                       (TD error; d_t: episode ended)
 *   Â_t = δ_t + γ λ (1 − d_t) Â_{t+1}                                  (GAE, Schulman et al. 2016)
 *   R_t = Â_t + V(s_t)                                                 (the value's target)
 *   ρ_t(θ) = π_θ(a_t | s_t) / π_old(a_t | s_t)                         (probability ratio)
 *   L(θ) = −E[min(ρ_t Â_t, clip(ρ_t, 1 − ε, 1 + ε) Â_t)]               (clipped surrogate)
 *          + c_v · ½ E[(V_θ(s_t) − R_t)²] − c_H · E[H(π_θ(· | s_t))]   (value, entropy bonus)
 * </pre>
 *
 * As in CleanRL: advantages are standardised within each minibatch, the global gradient norm is
 * clipped, the learning rate falls linearly to 0, and an episode cut off by the time limit is
 * treated as ended (the time left is not observed). <b>The simple mode</b> ({@link Config#a2c()})
 * takes one epoch of one minibatch with λ = 1: the ratio is then exactly 1, the clip never acts,
 * and the step is the plain policy gradient with a learned baseline (A2C; REINFORCE with a
 * baseline when the batch holds whole episodes).
 *
 * <p>Same seed, same result, bit for bit; one thread. The batch buffers are allocated once, so
 * the training loop allocates nothing per step.
 */
public final class Ppo {

  /**
   * The settings, with CleanRL's names in brackets.
   *
   * @param steps total environment steps (total_timesteps)
   * @param envs environments played side by side (num_envs)
   * @param horizon steps per environment per batch (num_steps)
   * @param epochs passes over each batch (update_epochs)
   * @param minibatches minibatches per pass (num_minibatches)
   * @param alpha Adam's learning rate α at the start (learning_rate)
   * @param gamma discount γ
   * @param lambda GAE's λ (gae_lambda)
   * @param clip ε of the clipped surrogate (clip_coef)
   * @param entropyCoef c_H (ent_coef)
   * @param valueCoef c_v (vf_coef)
   * @param maxGradNorm the largest global gradient norm (max_grad_norm)
   * @param normalizeAdvantages standardise Â per minibatch (norm_adv)
   * @param hidden units per hidden layer
   * @param seed the seed of the network, the actions, the minibatches and the levels
   */
  public record Config(long steps, int envs, int horizon, int epochs, int minibatches,
      double alpha, double gamma, double lambda, double clip, double entropyCoef,
      double valueCoef, double maxGradNorm, boolean normalizeAdvantages, List<Integer> hidden,
      long seed) {

    /** The most environment steps one run may take. */
    public static final long MAX_STEPS = 20_000_000;

    /** Checks every setting, naming the first one out of range. */
    public Config {
      hidden = List.copyOf(hidden);
      check("steps", steps, 1, MAX_STEPS);
      check("envs", envs, 1, 256);
      check("horizon", horizon, 1, 4096);
      check("epochs", epochs, 1, 50);
      check("minibatches", minibatches, 1, (long) envs * horizon);
      checkReal("alpha", alpha, 0, 1, false);
      checkReal("gamma", gamma, 0, 1, true);
      checkReal("lambda", lambda, 0, 1, true);
      checkReal("clip", clip, 0, 10, false);
      checkReal("entropyCoef", entropyCoef, 0, 10, true);
      checkReal("valueCoef", valueCoef, 0, 100, true);
      checkReal("maxGradNorm", maxGradNorm, 0, 1e6, false);
      if (hidden.isEmpty() || hidden.size() > 4) {
        throw new ParameterException("hidden", "hidden must list 1 to 4 layer sizes, had "
            + hidden.size());
      }
      for (int h : hidden) {
        check("hidden", h, 1, 1024);
      }
    }

    /** The defaults for the grid levels: 16 environments × 64 steps, 4 epochs of 4 minibatches. */
    public static Config defaults() {
      return new Config(300_000, 16, 64, 4, 4, 1e-3, 0.99, 0.95, 0.2, 0.01, 0.5, 0.5, true,
          List.of(32, 32), 0);
    }

    /** The simple mode, A2C: one epoch of one minibatch, λ = 1, otherwise the same. */
    public static Config a2c() {
      Config d = defaults();
      return new Config(d.steps, d.envs, d.horizon, 1, 1, d.alpha, d.gamma, 1.0, d.clip,
          d.entropyCoef, d.valueCoef, d.maxGradNorm, true, d.hidden, d.seed);
    }

    /** The same settings with another step budget. */
    public Config withSteps(long newSteps) {
      return new Config(newSteps, envs, horizon, epochs, minibatches, alpha, gamma, lambda, clip,
          entropyCoef, valueCoef, maxGradNorm, normalizeAdvantages, hidden, seed);
    }

    /** The same settings with another seed. */
    public Config withSeed(long newSeed) {
      return new Config(steps, envs, horizon, epochs, minibatches, alpha, gamma, lambda, clip,
          entropyCoef, valueCoef, maxGradNorm, normalizeAdvantages, hidden, newSeed);
    }

    /** Whether this is the simple mode (one epoch of one minibatch). */
    public boolean simple() {
      return epochs == 1 && minibatches == 1;
    }

    /** Updates in a run: the budget in whole batches, at least 1. */
    public int updates() {
      return (int) Math.max(1, steps / ((long) envs * horizon));
    }

    private static void check(String name, long value, long min, long max) {
      if (value < min || value > max) {
        throw new ParameterException(name, name + " must be from " + min + " to " + max
            + ", was " + value);
      }
    }

    private static void checkReal(String name, double value, double min, double max,
        boolean minClosed) {
      boolean ok = (minClosed ? value >= min : value > min) && value <= max;
      if (!ok) {
        throw new ParameterException(name, name + " must be in " + (minClosed ? "[" : "(")
            + min + ", " + max + "], was " + value);
      }
    }
  }

  /**
   * What one update saw and did.
   *
   * @param update 1, 2, …
   * @param steps environment steps so far
   * @param episodes episodes finished in this batch
   * @param success the share of them that reached the designer's goal (NaN if none ended)
   * @param meanReturn their mean return (NaN if none ended)
   * @param entropy mean policy entropy over the batch, in nats
   * @param approxKl mean of (ρ − 1) − log ρ over the last epoch, an estimate of KL(old ‖ new)
   * @param clipFraction the share of samples whose ratio left [1 − ε, 1 + ε] in the last epoch
   */
  public record Update(int update, long steps, int episodes, double success, double meanReturn,
      double entropy, double approxKl, double clipFraction) {}

  /** Hears about each update; answering false stops the run after it (a cancel). */
  @FunctionalInterface
  public interface Listener {
    boolean update(Update u);

    /**
     * Hears an update with the network as it stands after it (for checkpoints: copy it, do not
     * keep it); by default, {@link #update(Update)}.
     */
    default boolean update(Update u, PolicyNet policy) {
      return update(u);
    }
  }

  /** What a run made: the trained network and one row per update. */
  public record Result(PolicyNet policy, List<Update> curve, Config config) {
    /** Copies the curve. */
    public Result {
      curve = List.copyOf(curve);
    }
  }

  private Ppo() {}

  /**
   * Trains a new network on {@code envs} (one per {@link Config#envs()}, all of the same kind).
   *
   * @param envs the environments, which this run resets and owns while it runs
   * @param config the settings
   * @param listener told after every update; may stop the run
   */
  public static Result train(List<? extends LevelEnv> envs, Config config, Listener listener) {
    if (envs.size() != config.envs()) {
      throw new IllegalArgumentException("config asks for " + config.envs()
          + " environments, got " + envs.size());
    }
    int n = config.envs();
    int horizon = config.horizon();
    int batch = n * horizon;
    int size = envs.get(0).observationSize();
    int actions = envs.get(0).actionCount();
    Rng rng = new Rng(config.seed());
    long netSeed = rng.nextLong();
    int[] hidden = config.hidden().stream().mapToInt(Integer::intValue).toArray();
    PolicyNet policy = PolicyNet.create(size, actions, hidden, netSeed);
    Mlp net = policy.net();
    Adam adam = Adam.of(net, config.alpha(), 1e-5);
    double[][] grads = net.gradients();

    // the batch, allocated once: observations, actions, log π_old, V, rewards, ended flags
    double[][] obs = new double[batch][size];
    int[] action = new int[batch];
    double[] logpOld = new double[batch];
    double[] value = new double[batch];
    double[] reward = new double[batch];
    boolean[] ended = new boolean[batch];
    double[] advantage = new double[batch];
    double[] target = new double[batch];
    int[] order = new int[batch];
    double[] nextValue = new double[n];
    double[] dOut = new double[actions + 1];
    double[][] current = new double[n][size];
    double[] episodeReturn = new double[n];

    for (int e = 0; e < n; e++) {
      envs.get(e).resetLevel(rng.nextLong());
      envs.get(e).observe(current[e]);
    }
    List<Update> curve = new java.util.ArrayList<>();
    int updates = config.updates();
    long steps = 0;
    for (int update = 1; update <= updates; update++) {
      adam.setAlpha(config.alpha() * (1.0 - (update - 1.0) / updates)); // α falls linearly

      // 1. Roll out: sample index k = t·n + e holds step t of environment e.
      int episodes = 0;
      int successes = 0;
      double returns = 0;
      double entropySum = 0;
      for (int t = 0; t < horizon; t++) {
        for (int e = 0; e < n; e++) {
          int k = t * n + e;
          LevelEnv env = envs.get(e);
          System.arraycopy(current[e], 0, obs[k], 0, size);
          policy.evaluate(obs[k]);
          int a = policy.sample(rng); // a_t ~ π_old(· | s_t)
          action[k] = a;
          logpOld[k] = policy.logProbs()[a];
          value[k] = policy.value();
          entropySum += policy.entropy();
          env.act(a);
          reward[k] = env.reward();
          episodeReturn[e] += reward[k];
          ended[k] = env.terminated() || env.truncated();
          if (ended[k]) {
            episodes++;
            successes += env.outcome() == 0 ? 1 : 0;
            returns += episodeReturn[e];
            episodeReturn[e] = 0;
            env.resetLevel();
          }
          env.observe(current[e]);
        }
      }
      steps += batch;
      for (int e = 0; e < n; e++) {
        policy.evaluate(current[e]);
        nextValue[e] = policy.value(); // V(s_H), to bootstrap an unfinished episode
      }

      // 2. Advantages by GAE, backwards in time, and the value targets R_t = Â_t + V(s_t).
      for (int e = 0; e < n; e++) {
        double next = nextValue[e];
        double gae = 0;
        for (int t = horizon - 1; t >= 0; t--) {
          int k = t * n + e;
          double notEnded = ended[k] ? 0 : 1;
          double tdError = reward[k] + config.gamma() * next * notEnded - value[k]; // δ_t
          gae = tdError + config.gamma() * config.lambda() * notEnded * gae; // Â_t
          advantage[k] = gae;
          target[k] = gae + value[k]; // R_t
          next = value[k];
        }
      }

      // 3. Epochs of minibatch steps on the clipped surrogate.
      for (int k = 0; k < batch; k++) {
        order[k] = k;
      }
      int mb = batch / config.minibatches();
      double klSum = 0;
      int clipped = 0;
      int counted = 0;
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        shuffle(order, rng);
        boolean last = epoch == config.epochs() - 1;
        for (int start = 0; start + mb <= batch; start += mb) {
          double mean = 0;
          double sq = 0;
          for (int j = start; j < start + mb; j++) {
            mean += advantage[order[j]];
          }
          mean /= mb;
          for (int j = start; j < start + mb; j++) {
            double d = advantage[order[j]] - mean;
            sq += d * d;
          }
          double std = Math.sqrt(sq / Math.max(1, mb - 1));
          net.zeroGrad();
          for (int j = start; j < start + mb; j++) {
            int k = order[j];
            double adv = config.normalizeAdvantages()
                ? (advantage[k] - mean) / (std + 1e-8) : advantage[k];
            policy.evaluate(obs[k]);
            double ratio = lossGradient(policy, action[k], logpOld[k], adv, target[k], config,
                dOut);
            for (int o = 0; o < dOut.length; o++) {
              dOut[o] /= mb; // the loss is a mean over the minibatch
            }
            net.backward(dOut);
            if (last) {
              klSum += (ratio - 1) - Elementary.log(ratio); // (ρ − 1) − log ρ
              clipped += Math.abs(ratio - 1) > config.clip() ? 1 : 0;
              counted++;
            }
          }
          clipGradNorm(grads, config.maxGradNorm());
          adam.step();
        }
      }
      Update u = new Update(update, steps, episodes,
          episodes == 0 ? Double.NaN : (double) successes / episodes,
          episodes == 0 ? Double.NaN : returns / episodes, entropySum / batch,
          counted == 0 ? 0 : klSum / counted, counted == 0 ? 0 : (double) clipped / counted);
      curve.add(u);
      if (!listener.update(u, policy)) {
        break;
      }
    }
    return new Result(policy, curve, config);
  }

  /**
   * ∂L/∂(outputs) of one sample, for the policy's last {@link PolicyNet#evaluate evaluation}: the
   * clipped surrogate's gradient on the logits, the value loss's on V, the entropy bonus's on the
   * logits.
   *
   * @param policy evaluated on the sample's observation
   * @param a the action taken
   * @param logpOld log π_old(a | s) when it was taken
   * @param adv the advantage Â (standardised or not)
   * @param target the value target R
   * @param config c_v, c_H and ε
   * @param dOut filled with ∂L/∂z_b for each action b, then ∂L/∂V
   * @return the probability ratio ρ = π_θ(a | s) / π_old(a | s)
   */
  // tex: \rho = \frac{\pi_\theta(a\mid s)}{\pi_{\text{old}}(a\mid s)}, \qquad L = -\min\big(\rho \hat A,\ \operatorname{clip}(\rho, 1-\epsilon, 1+\epsilon)\,\hat A\big) + c_v\,\tfrac12 (V_\theta(s) - R)^2 - c_H\,H(\pi_\theta(\cdot\mid s))
  // words: For one sampled move: push its probability the way its advantage asks until the ratio to the old policy leaves [1 − ε, 1 + ε], pull the value towards the return, and reward a little uncertainty.
  // region update
  public static double lossGradient(PolicyNet policy, int a, double logpOld, double adv,
      double target, Config config, double[] dOut) {
    double[] p = policy.probs();
    double[] logp = policy.logProbs();
    int n = policy.actions();
    double ratio = Elementary.exp(logp[a] - logpOld); // ρ
    double eps = config.clip();
    // −min(ρÂ, clip(ρ)Â): the clipped branch has no gradient, so only the unclipped one counts,
    // and it is the minimum unless ρ has left [1 − ε, 1 + ε] in Â's favour
    boolean active = adv >= 0 ? ratio <= 1 + eps : ratio >= 1 - eps;
    double dLogp = active ? -adv * ratio : 0; // ∂L/∂log π(a|s) = −Â ρ (∂ρ/∂log π = ρ)
    double entropy = policy.entropy();
    for (int b = 0; b < n; b++) {
      double dLogpDz = (b == a ? 1 : 0) - p[b]; // ∂log π(a|s)/∂z_b
      double dEntropyDz = -p[b] * (logp[b] + entropy); // ∂H/∂z_b
      dOut[b] = dLogp * dLogpDz - config.entropyCoef() * dEntropyDz;
    }
    dOut[n] = config.valueCoef() * (policy.value() - target); // ∂(c_v ½ (V − R)²)/∂V
    return ratio;
  }
  // endregion

  /** Scales all gradients down so that their global L2 norm is at most {@code max}. */
  static void clipGradNorm(double[][] grads, double max) {
    double sq = 0;
    for (double[] g : grads) {
      for (double x : g) {
        sq += x * x;
      }
    }
    double norm = Math.sqrt(sq);
    if (norm > max) {
      double scale = max / (norm + 1e-6);
      for (double[] g : grads) {
        for (int j = 0; j < g.length; j++) {
          g[j] *= scale;
        }
      }
    }
  }

  /** Fisher–Yates shuffle from the run's generator. */
  private static void shuffle(int[] order, Rng rng) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
  }
}
