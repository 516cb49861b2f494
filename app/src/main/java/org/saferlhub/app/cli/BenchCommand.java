package org.saferlhub.app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saferlhub.Rl;
import org.saferlhub.config.Check;
import org.saferlhub.env.Envs;
import org.saferlhub.env.TabularEnv;
import org.saferlhub.env.safety.SafetyGridWorld;
import org.saferlhub.random.Rng;
import org.saferlhub.train.Algorithm;
import org.saferlhub.train.EpsilonSchedule;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code saferlhub bench}: Blackjack Q-learning episodes per second through the public API
 * ({@link Rl#train(RunConfig)}), one thread, after warm-up. The median of the measured trials.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure Blackjack Q-learning training speed (episodes/s, one thread, after warm-up),",
        "or with --env safety:<name> an AI Safety Gridworld's environment and Q-learning steps/s."})
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--episodes", description = "Episodes per trial, 1,000 to 1,000,000,000 (default: ${DEFAULT-VALUE}).")
  long episodes = 5_000_000;

  @Option(names = "--warmup", description = "Warm-up trials, not counted, 0 to 100 (default: ${DEFAULT-VALUE}).")
  int warmup = 3;

  @Option(names = "--trials", description = "Measured trials, 1 to 100 (default: ${DEFAULT-VALUE}).")
  int trials = 5;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(names = "--env", description = "blackjack (default), or an AI Safety Gridworld such as "
      + "safety:boat_race: then environment steps per second (random moves, TabularEnv.stepState) "
      + "and Q-learning steps per second (Rl.train).")
  String env = "blackjack";

  @Option(names = "--steps", description = "Environment steps per trial of a safety gridworld, "
      + "100,000 to 1,000,000,000 (default: ${DEFAULT-VALUE}).")
  long steps = 20_000_000;

  @Override
  public Integer call() {
    Check.range("warmup", warmup, 0, 100);
    Check.range("trials", trials, 1, 100);
    if (!env.trim().equalsIgnoreCase("blackjack")) {
      return benchEnv(env.trim().toLowerCase(Locale.ROOT));
    }
    Check.range("episodes", episodes, 1_000, RunConfig.MAX_EPISODES);
    RunConfig config = RunConfig.defaults().withEpisodes(episodes);
    for (int i = 0; i < warmup; i++) {
      Rl.train(config.withSeed(1000 + i));
    }
    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      rates.add(Rl.train(config.withSeed(i)).episodesPerSecond());
    }
    List<Double> sorted = rates.stream().sorted().toList();
    double median = sorted.get(sorted.size() / 2);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("benchmark", "blackjack:sab q-learning, Rl.train, one thread");
    m.put("episodesPerTrial", episodes);
    m.put("warmupTrials", warmup);
    m.put("episodesPerSecond", Math.round(median));
    m.put("trialsEpisodesPerSecond", rates.stream().map(Math::round).toList());
    m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    if (json) {
      System.out.println(Cli.json(m));
    } else {
      System.out.printf(Locale.ROOT, "Blackjack Q-learning through Rl.train: %,d episodes/s (median of %d trials of %,d episodes, after %d warm-up trials; %s)%n",
          Math.round(median), trials, episodes, warmup, m.get("java"));
    }
    return 0;
  }

  /** Steps per second of one environment: random moves, then Q-learning. */
  private int benchEnv(String id) {
    Check.range("steps", steps, 100_000, 1_000_000_000);
    if (!id.startsWith("safety:")) {
      throw new org.saferlhub.config.ParameterException("env", "bench measures blackjack or an AI "
          + "Safety Gridworld (" + PlayCommand.environments() + "), was '"
          + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "'");
    }
    TabularEnv<?> world = Envs.makeTabular(id);
    for (int i = 0; i < warmup; i++) {
      randomSteps(world, steps, 1000 + i);
    }
    List<Double> stepRates = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      long start = System.nanoTime();
      randomSteps(world, steps, i);
      stepRates.add(steps / ((System.nanoTime() - start) / 1e9));
    }
    // Q-learning through the public API, with the family's defaults; steps = episodes × length.
    long qEpisodes = Math.max(1, steps / SafetyGridWorld.MAX_STEPS);
    RunConfig train = new RunConfig(id, Algorithm.Q_LEARNING, qEpisodes, 0.1, 0.95,
        EpsilonSchedule.constant(0.1), 0);
    for (int i = 0; i < warmup; i++) {
      Rl.train(train.withSeed(1000 + i));
    }
    List<Double> trainRates = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      TrainingResult r = Rl.train(train.withSeed(i));
      double meanLength = r.points().isEmpty() ? SafetyGridWorld.MAX_STEPS
          : r.points().stream().mapToDouble(p -> p.meanLength()).average().orElse(SafetyGridWorld.MAX_STEPS);
      trainRates.add(r.episodesPerSecond() * meanLength);
    }
    double stepMedian = median(stepRates);
    double trainMedian = median(trainRates);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("benchmark", id + ": random moves through TabularEnv.stepState, and q-learning through "
        + "Rl.train; one thread");
    m.put("stepsPerTrial", steps);
    m.put("warmupTrials", warmup);
    m.put("envStepsPerSecond", Math.round(stepMedian));
    m.put("trialsEnvStepsPerSecond", stepRates.stream().map(Math::round).toList());
    m.put("qLearningStepsPerSecond", Math.round(trainMedian));
    m.put("trialsQLearningStepsPerSecond", trainRates.stream().map(Math::round).toList());
    m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    if (json) {
      System.out.println(Cli.json(m));
    } else {
      System.out.printf(Locale.ROOT, "%s: %,d environment steps/s (random moves), %,d Q-learning "
          + "steps/s (Rl.train); median of %d trials of %,d steps after %d warm-up trials; %s%n",
          id, Math.round(stepMedian), Math.round(trainMedian), trials, steps, warmup, m.get("java"));
    }
    return 0;
  }

  /** Takes {@code n} steps with uniformly random actions, resetting when an episode ends. */
  private static void randomSteps(TabularEnv<?> env, long n, long seed) {
    Rng rng = new Rng(seed);
    int actions = env.actionCount();
    env.resetState(seed);
    for (long i = 0; i < n; i++) {
      env.stepState(rng.nextInt(actions));
      if (env.terminated() || env.truncated()) {
        env.resetState();
      }
    }
  }

  private static double median(List<Double> xs) {
    List<Double> sorted = xs.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
