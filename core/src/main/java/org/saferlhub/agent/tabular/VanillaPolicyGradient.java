package org.saferlhub.agent.tabular;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.saferlhub.config.Param;
import org.saferlhub.env.TabularEnv;
import org.saferlhub.random.Rng;
import org.saferlhub.train.BatchAlgorithm;
import org.saferlhub.train.CurveRecorder;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.StopReason;
import org.saferlhub.train.TrainingListener;
import org.saferlhub.train.TrainingResult;

/**
 * Vanilla policy gradient (VPG) with a tabular softmax policy and a learned state-value baseline,
 * in batches: it owns its loop, collecting N whole episodes with the current policy, then taking
 * one gradient step on the policy and fitting the baseline, then collecting again.
 *
 * <pre>
 *   repeat until the episodes are spent:
 *     collect N episodes with π(a|s) = exp(H(s, a)) / Σ_b exp(H(s, b))
 *     Ĝ_t = R_{t+1} + γ Ĝ_{t+1}                (reward-to-go; Ĝ_T = 0, or b(S_T) if cut by a time limit)
 *     Â_t = Ĝ_t − b(S_t)                       (advantage: how much better than expected)
 *     g(s, a) = 1/N Σ_episodes Σ_t 1[S_t = s] Â_t (1[a = A_t] − π(a|S_t))     (∇_H of the objective)
 *     H ← H + α g                              (one ascent step; π stays fixed while g is summed)
 *     b(S_t) ← b(S_t) + α (Ĝ_t − b(S_t))       (the baseline moves towards the returns)
 * </pre>
 *
 * With N = 1 this is REINFORCE with a baseline, except that the whole episode's gradient is taken
 * with the policy that played it and γ^t is left out of the step, as practical implementations do.
 * It is the first of the batch methods of the policy lab (NPG, TRPO and PPO change step 4). See
 * Williams (1992); Sutton &amp; Barto (2018), sections 13.3–13.4; Achiam (2018), Spinning Up,
 * "Vanilla Policy Gradient". No ε: exploration comes from the softmax.
 */
public final class VanillaPolicyGradient implements BatchAlgorithm {

  /** Episodes per update N, this algorithm's own parameter. */
  public static final Param BATCH_SIZE = Param.integer("batchSize", 10, 1, 1_000, "episodes",
      "Episodes the batch methods collect with the current policy before each update.");

  // Check for a stop request at least this often, in steps.
  private static final long CHECK_STEPS = 16_384;

  @Override
  public TrainingResult run(RunConfig config, TabularEnv<?> env, TrainingListener listener,
      BooleanSupplier stop, Duration maxTime) {
    // Seeding as the Trainer's: the environment gets the first draw, the policy a split stream.
    Rng seeds = new Rng(config.seed());
    long envSeed = seeds.nextLong();
    Rng rng = seeds.split();
    int actions = env.actionCount();
    double alpha = config.alpha();
    double gamma = config.gamma();
    int n = config.options().batchSize();

    TabularPolicy pi = TabularPolicy.uniform(env.stateCount(), actions);
    double[] b = new double[env.stateCount()];
    double[] g = new double[env.stateCount() * actions];
    double[] probs = new double[actions];
    long[] visits = new long[env.stateCount()];
    TdErrorTally advantages = new TdErrorTally();
    Episode batch = new Episode(); // every step of the batch, episodes one after another
    boolean hidden = env.hasHiddenReward();
    CurveRecorder curve = new CurveRecorder(config, listener);
    long deadline = System.nanoTime() + Math.min(maxTime.toNanos(), Long.MAX_VALUE / 4);
    StopReason stopReason = StopReason.COMPLETED;

    long k = 0;
    long steps = 0;
    while (k < config.episodes()) {
      if (k > 0 && stop.getAsBoolean()) {
        stopReason = StopReason.CANCELLED;
        break;
      }
      if (k > 0 && System.nanoTime() - deadline > 0) {
        stopReason = StopReason.TIME_LIMIT;
        break;
      }
      // 1. Collect up to N episodes with π, and each step's reward-to-go Ĝ_t.
      batch.clear();
      int collected = 0;
      while (collected < n && k < config.episodes()) {
        int s = k == 0 ? env.resetState(envSeed) : env.resetState();
        int first = batch.length();
        double episodeReturn = 0;
        double performance = 0; // the hidden channel, never seen by the policy
        while (true) {
          visits[s]++;
          int a = pi.sample(s, rng, probs);
          int next = env.stepState(a);
          batch.add(s, a, env.reward());
          episodeReturn += env.reward();
          performance += hidden ? env.hiddenReward() : env.reward();
          if (env.terminated() || env.truncated()) {
            batch.computeReturns(gamma, env.truncated() ? b[next] : 0.0, first);
            break;
          }
          s = next;
        }
        int length = batch.length() - first;
        steps += length;
        curve.episode(k, episodeReturn, performance, length, env.termination(), 0, advantages);
        k++;
        collected++;
        if (steps > CHECK_STEPS && stop.getAsBoolean()) {
          break; // the loop's check above ends the run
        }
      }
      steps = 0;

      for (int t = 0; t < batch.length(); t++) { // |Â_t| for the curve's diagnostics
        advantages.add(batch.returnAt(t) - b[batch.state(t)]);
      }
      // tex: \hat{A}_t = \hat{G}_t - b(S_t), \qquad g(s,a) = \frac{1}{N} \sum_{\text{episodes}} \sum_t \mathbb{1}[S_t = s]\, \hat{A}_t \left( \mathbb{1}[a = A_t] - \pi(a \mid S_t) \right)
      // tex: H \leftarrow H + \alpha\, g, \qquad b(S_t) \leftarrow b(S_t) + \alpha \left( \hat{G}_t - b(S_t) \right)
      // words: Play a batch of whole episodes with the current policy, then take one step that makes each action taken more likely in proportion to how much better than expected its return was, and move the baseline towards the returns.
      // region update
      // 2. Policy gradient: g(s, a) = 1/N Σ_t Â_t (1[a = A_t] − π(a|S_t)), with π held fixed;
      //    the advantage Â_t = Ĝ_t − b(S_t).
      Arrays.fill(g, 0.0);
      for (int t = 0; t < batch.length(); t++) {
        int s = batch.state(t);
        int a = batch.action(t);
        double advantage = batch.returnAt(t) - b[s];
        pi.probabilities(s, probs);
        for (int x = 0; x < actions; x++) {
          g[s * actions + x] += advantage * ((x == a ? 1 : 0) - probs[x]);
        }
      }
      // 3. One ascent step: H ← H + α g.
      for (int i = 0; i < g.length; i++) {
        if (g[i] != 0) {
          pi.addLogit(i / actions, i % actions, alpha * g[i] / collected);
        }
      }
      // 4. The baseline moves towards the returns: b(S_t) ← b(S_t) + α (Ĝ_t − b(S_t)).
      for (int t = 0; t < batch.length(); t++) {
        int s = batch.state(t);
        b[s] += alpha * (batch.returnAt(t) - b[s]);
      }
      // endregion
    }
    return curve.finish(stopReason, k, pi.logits(), visits, advantages);
  }
}
