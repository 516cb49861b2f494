package org.saferlhub.train;

import java.time.Duration;
import org.saferlhub.random.Rng;
import java.util.function.BooleanSupplier;
import org.saferlhub.agent.tabular.TabularAgent;
import org.saferlhub.env.TabularEnv;

/**
 * The training loop: runs episodes of a tabular environment, lets the agent learn from every
 * step, and reports an aggregated learning curve to a {@link TrainingListener}.
 *
 * <p>Seeding: an {@link Rng} (SplitMix64, the stream of {@code java.util.SplittableRandom})
 * seeded with the run's seed gives the environment's seed (its first {@code nextLong}) and the
 * agent's exploration stream (a {@code split}), so the two never share draws and the same seed
 * gives the same run, bit for bit, on every platform.
 *
 * <p>Rewards and performance: the agent learns from {@link TabularEnv#reward()} only; the
 * environment's hidden reward ({@link TabularEnv#hiddenReward()}) is totalled beside the return
 * as the episode's performance and reported in {@link EpisodeStats}, {@link TrainingPoint} and
 * {@link TrainingResult}, never passed to the agent.
 *
 * <p>The loop allocates nothing per step: states, actions and rewards are primitives.
 */
public final class Trainer {

  /** Most points a learning curve gets. */
  public static final int MAX_POINTS = 200;

  // Check for a stop request every this many episodes (a power of two, minus one, as a mask),
  // and after this many steps, so that long episodes (a grid world with heavy planning) are
  // checked often enough too.
  private static final long CHECK_MASK = 1023;
  private static final long CHECK_STEPS = 16_384;

  private Trainer() {}

  /**
   * Trains without limits or listener.
   *
   * @see #train(RunConfig, TabularEnv, TrainingListener, BooleanSupplier, Duration)
   */
  public static TrainingResult train(RunConfig config, TabularEnv<?> env) {
    return train(config, env, TrainingListener.NONE, () -> false, Duration.ofDays(365));
  }

  /**
   * Trains a fresh agent of {@code config.algorithm()} on {@code env}.
   *
   * @param config the run's configuration
   * @param env a fresh environment of {@code config.env()}; the trainer seeds it
   * @param listener receives the learning curve
   * @param stop polled every 1,024 episodes (and every 16,384 steps); when it returns true the run ends as
   *     {@link StopReason#CANCELLED}
   * @param maxTime the wall-time limit, after which the run ends as {@link StopReason#TIME_LIMIT}
   * @return the result, also passed to {@link TrainingListener#onFinish}
   */
  public static TrainingResult train(RunConfig config, TabularEnv<?> env,
      TrainingListener listener, BooleanSupplier stop, Duration maxTime) {
    if (config.algorithm().batch() != null) { // it owns its loop
      return config.algorithm().batch().run(config, env, listener, stop, maxTime);
    }
    Rng seeds = new Rng(config.seed());
    long envSeed = seeds.nextLong();
    TabularAgent agent = config.algorithm().create(env.stateCount(), env.actionCount(),
        config.alpha(), config.gamma(), config.options(), seeds.split());
    long[] visits = new long[env.stateCount()];

    long episodes = config.episodes();
    EpsilonSchedule schedule = config.epsilon();
    boolean constantEpsilon = schedule.kind() == EpsilonSchedule.Kind.CONSTANT;
    CurveRecorder curve = new CurveRecorder(config, listener);
    long deadline = System.nanoTime() + Math.min(maxTime.toNanos(), Long.MAX_VALUE / 4);
    StopReason stopReason = StopReason.COMPLETED;
    double epsilon = schedule.at(0, episodes);
    agent.epsilon(epsilon);

    boolean hidden = env.hasHiddenReward(); // else performance is the return: skip the call
    int firstState = env.resetState(envSeed);
    long stepsSinceCheck = 0;
    boolean imposed = false;
    long k = 0;
    for (; k < episodes; k++) {
      if (((k & CHECK_MASK) == 0 && k > 0) || stepsSinceCheck > CHECK_STEPS) {
        stepsSinceCheck = 0;
        if (stop.getAsBoolean()) {
          stopReason = StopReason.CANCELLED;
          break;
        }
        if (System.nanoTime() - deadline > 0) {
          stopReason = StopReason.TIME_LIMIT;
          break;
        }
      }
      if (!constantEpsilon) {
        epsilon = schedule.at(k, episodes);
        agent.epsilon(epsilon);
      }

      if (imposed) { // the last episode's environment raised ε (whisky): back to the agent's own
        agent.epsilon(epsilon);
        imposed = false;
      }
      // One episode: S0, A0, R1, S1, A1, … until terminated or truncated.
      int s = k == 0 ? firstState : env.resetState();
      int a = agent.begin(s);
      double episodeReturn = 0;
      double performance = 0; // the hidden channel: totalled here, never passed to the agent
      int length = 0;
      while (true) {
        visits[s]++;
        length++;
        int next = env.stepState(a);
        int executed = env.executedAction();
        if (executed >= 0) { // the environment overrode the choice (an interruption)
          agent.executed(executed);
        }
        double reward = env.reward();
        boolean terminated = env.terminated();
        boolean truncated = env.truncated();
        episodeReturn += reward;
        performance += hidden ? env.hiddenReward() : reward;
        // An exploration rate the environment imposes (whisky and gold) holds from this choice on.
        if (!imposed) {
          double imposedEpsilon = env.exploration();
          if (imposedEpsilon > epsilon) {
            agent.epsilon(imposedEpsilon);
            imposed = true;
          }
        }
        a = agent.observe(reward, next, terminated, truncated);
        if (terminated || truncated) {
          break;
        }
        s = next;
      }
      stepsSinceCheck += length;
      curve.episode(k, episodeReturn, performance, length, env.termination(), epsilon,
          agent.tdErrors());
    }
    return curve.finish(stopReason, k, agent.q(), visits, agent.tdErrors());
  }
}
