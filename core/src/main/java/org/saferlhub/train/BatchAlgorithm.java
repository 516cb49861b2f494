package org.saferlhub.train;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.saferlhub.env.TabularEnv;

/**
 * An algorithm that owns its training loop: it collects a batch of experience with its current
 * policy, then updates, then collects again, as Spinning Up's {@code vpg()} and CleanRL's
 * {@code ppo.py} read. (Online temporal-difference agents instead learn from every step inside
 * the {@link Trainer}'s allocation-free loop.) It reports every episode to a
 * {@link CurveRecorder}, so its curve, result and listener events are those of any other run.
 */
public interface BatchAlgorithm {

  /**
   * Trains on {@code env} as {@code config} says.
   *
   * @param env a fresh environment; the algorithm seeds it from the run's seed
   * @param stop polled at least once per batch; true ends the run as cancelled
   * @param maxTime the wall-time limit
   */
  TrainingResult run(RunConfig config, TabularEnv<?> env, TrainingListener listener,
      BooleanSupplier stop, Duration maxTime);
}
