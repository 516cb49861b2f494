package org.saferlhub;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.saferlhub.env.Env;
import org.saferlhub.env.EnvSpec;
import org.saferlhub.env.Envs;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.Trainer;
import org.saferlhub.train.TrainingListener;
import org.saferlhub.train.TrainingResult;

/**
 * The engine's front door: make environments and train agents by id.
 *
 * {@snippet :
 * TrainingResult run = Rl.train(RunConfig.defaults().withEpisodes(500_000));
 * double[] q = run.q().toArray();
 * }
 */
public final class Rl {

  private Rl() {}

  /** The ids of every registered environment. */
  public static List<String> envIds() {
    return Envs.ids();
  }

  /** A new environment by registry id, with its default parameters. */
  public static Env<?, ?> make(String id) {
    return Envs.make(id);
  }

  /**
   * A new environment by registry id and parameters, such as
   * {@code Rl.make("gridworld", Map.of("map", text))} for a map of one's own.
   */
  public static Env<?, ?> make(String id, Map<String, String> params) {
    return Envs.make(id, params);
  }

  /** Every environment that can be made, with its parameters. */
  public static List<EnvSpec> envSpecs() {
    return Envs.specs();
  }

  /** Runs {@code config} to the end. */
  public static TrainingResult train(RunConfig config) {
    return Trainer.train(config, config.makeEnv());
  }

  /** Runs {@code config}, reporting to {@code listener}, stoppable and time-limited. */
  public static TrainingResult train(RunConfig config, TrainingListener listener,
      BooleanSupplier stop, Duration maxTime) {
    return Trainer.train(config, config.makeEnv(), listener, stop, maxTime);
  }
}
