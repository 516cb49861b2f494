package org.saferlhub.train;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.saferlhub.env.TabularEnv;

/**
 * The same configuration trained with several seeds, and its learning curves summarised point by
 * point: mean, sample standard deviation, minimum and maximum over the seeds. One seed is an
 * anecdote; several show how much of a difference is luck.
 *
 * <p>Seeds are {@code seed, seed + 1, …}. All runs have the same number of episodes, so their
 * curves have points at the same episodes.
 *
 * @param runs one result per seed, in seed order
 * @param curve the summary of the curves' {@code meanReturn}, one band point per curve point
 */
public record SeedExperiment(List<TrainingResult> runs, List<Band> curve) {

  /** Most seeds one experiment may use. */
  public static final int MAX_SEEDS = 10;

  /**
   * One point of the summarised curve.
   *
   * @param episode episodes completed
   * @param mean mean over seeds
   * @param sd sample standard deviation over seeds (0 for one seed)
   * @param min smallest value
   * @param max largest value
   */
  public record Band(long episode, double mean, double sd, double min, double max) {}

  /** Copies the lists. */
  public SeedExperiment {
    runs = List.copyOf(runs);
    curve = List.copyOf(curve);
  }

  /**
   * Trains {@code seeds} runs of {@code config} one after another.
   *
   * @param envs makes a fresh environment for a configuration (its id and parameters)
   * @param stop polled between and inside runs
   * @param maxTimePerRun each run's wall-time limit
   */
  public static SeedExperiment run(RunConfig config, int seeds,
      Function<RunConfig, TabularEnv<?>> envs, BooleanSupplier stop, Duration maxTimePerRun) {
    org.saferlhub.config.Check.range("seeds", seeds, 2, MAX_SEEDS);
    org.saferlhub.config.Check.range("seed", config.seed(), 0,
        RunConfig.SEED_LIMIT - MAX_SEEDS);
    List<TrainingResult> runs = new ArrayList<>();
    for (int i = 0; i < seeds && !stop.getAsBoolean(); i++) {
      runs.add(Trainer.train(config.withSeed(config.seed() + i), envs.apply(config),
          TrainingListener.NONE, stop, maxTimePerRun));
    }
    return new SeedExperiment(runs, summarise(runs));
  }

  /** The band over the points all runs have (a stopped run may have fewer). */
  static List<Band> summarise(List<TrainingResult> runs) {
    List<Band> bands = new ArrayList<>();
    if (runs.isEmpty()) {
      return bands;
    }
    int points = runs.stream().mapToInt(r -> r.points().size()).min().orElse(0);
    for (int p = 0; p < points; p++) {
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (TrainingResult r : runs) {
        double y = r.points().get(p).meanReturn();
        sum += y;
        min = Math.min(min, y);
        max = Math.max(max, y);
      }
      double mean = sum / runs.size();
      double squares = 0;
      for (TrainingResult r : runs) {
        double d = r.points().get(p).meanReturn() - mean;
        squares += d * d;
      }
      double sd = runs.size() > 1 ? Math.sqrt(squares / (runs.size() - 1)) : 0.0;
      bands.add(new Band(runs.get(0).points().get(p).episode(), mean, sd, min, max));
    }
    return bands;
  }
}
