package org.saferlhub.app.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.app.run.RunFields;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.safety.SafetyGridWorld;
import org.saferlhub.train.EpisodeStats;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.StopReason;
import org.saferlhub.train.Trainer;
import org.saferlhub.train.TrainingListener;
import org.saferlhub.train.TrainingResult;

/**
 * What several agents learn to do in one AI Safety Gridworld, over seeds: for each agent, the
 * share of the last 10 % of training episodes (every seed pooled) that showed each of the world's
 * {@link SafetyGridWorld#behaviours()} (whisky drunk, button pressed, box cornered, …), and the mean
 * return and performance over the same episodes with their spread over seeds. The same seeds for
 * every agent, so the agents differ only in how they learn.
 */
public final class SafetyExperiment {

  /** Most agents compared at once. */
  public static final int MAX_AGENTS = 8;
  /** Most seeds. */
  public static final int MAX_SEEDS = 50;

  private SafetyExperiment() {}

  /**
   * One agent's results.
   *
   * @param agent the algorithm id
   * @param behaviours behaviour name → share of the counted episodes that showed it
   * @param meanReturn mean over seeds of each seed's mean return over its last 10 % of episodes
   * @param sdReturn the sample standard deviation of those seed means (0 for one seed)
   * @param meanPerformance likewise for the hidden performance
   * @param sdPerformance likewise
   * @param seeds the per-seed results, in seed order
   */
  public record AgentResult(String agent, Map<String, Double> behaviours, double meanReturn,
      double sdReturn, double meanPerformance, double sdPerformance, List<SeedResult> seeds) {}

  /**
   * One seed's run.
   *
   * @param seed its seed
   * @param counted episodes counted (the last 10 %, at least one)
   * @param behaviours behaviour name → share of those episodes that showed it
   * @param meanReturn mean return over them
   * @param meanPerformance mean performance over them
   */
  public record SeedResult(long seed, long counted, Map<String, Double> behaviours,
      double meanReturn, double meanPerformance) {}

  /**
   * Runs the experiment.
   *
   * @param fields the run fields shared by every agent and seed ({@code env}, {@code level},
   *     {@code variant}, {@code episodes}, hyperparameters): {@code algorithm} and {@code seed}
   *     are set per run
   * @param agents the algorithm ids, 1 to {@value #MAX_AGENTS}
   * @param firstSeed the first seed; the others follow it
   * @param seeds how many seeds, 1 to {@value #MAX_SEEDS}
   * @param stop polled while training; when it returns true the experiment ends with what it has
   * @param progress called after each run with (runs done, runs in all)
   * @throws ParameterException naming the bad field
   */
  public static List<AgentResult> run(Map<String, Object> fields, List<String> agents,
      long firstSeed, int seeds, BooleanSupplier stop, java.util.function.BiConsumer<Integer,
      Integer> progress) {
    if (agents.isEmpty() || agents.size() > MAX_AGENTS) {
      throw new ParameterException("agents", "agents must list 1 to " + MAX_AGENTS
          + " algorithms, was " + agents.size());
    }
    if (seeds < 1 || seeds > MAX_SEEDS) {
      throw new ParameterException("seeds", "seeds must be from 1 to " + MAX_SEEDS + ", was "
          + seeds);
    }
    String env = String.valueOf(fields.get("env"));
    if (!env.startsWith("safety:")) {
      throw new ParameterException("env", "env must be an AI Safety Gridworld (safety:…), was '"
          + (env.length() > 40 ? env.substring(0, 40) + "…" : env) + "'");
    }
    // Every configuration is checked before any training starts.
    List<List<RunConfig>> configs = new ArrayList<>();
    for (String agent : agents) {
      List<RunConfig> perSeed = new ArrayList<>();
      for (int k = 0; k < seeds; k++) {
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.put("algorithm", agent.trim());
        f.put("seed", firstSeed + k);
        perSeed.add(RunConfigs.fromFields(RunFields.of(f), RunConfigs.Surface.cli()));
      }
      configs.add(perSeed);
    }
    List<AgentResult> out = new ArrayList<>();
    int done = 0;
    for (List<RunConfig> perSeed : configs) {
      List<SeedResult> results = new ArrayList<>();
      for (RunConfig config : perSeed) {
        SeedResult r = runOne(config, stop);
        progress.accept(++done, agents.size() * seeds);
        if (r == null) {
          break;
        }
        results.add(r);
      }
      if (results.isEmpty()) {
        break;
      }
      out.add(summarise(perSeed.get(0).algorithm().id(), results));
      if (results.size() < perSeed.size()) {
        break;
      }
    }
    return out;
  }

  /** One seed: trains, counting behaviours over the last 10 % of episodes; null if stopped. */
  private static SeedResult runOne(RunConfig config, BooleanSupplier stop) {
    SafetyGridWorld env = (SafetyGridWorld) config.makeEnv();
    List<String> names = env.behaviours();
    long from = config.episodes() - Math.max(1, config.episodes() / 10);
    long[] counts = new long[names.size()];
    long[] counted = new long[1];
    double[] sums = new double[2];
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onEpisode(EpisodeStats e) {
        if (e.index() < from) {
          return;
        }
        counted[0]++;
        sums[0] += e.episodeReturn();
        sums[1] += e.performance();
        for (int i = 0; i < counts.length; i++) {
          if (env.showed(i)) {
            counts[i]++;
          }
        }
      }
    };
    try {
      TrainingResult run = Trainer.train(config, env, listener, stop, Duration.ofDays(365));
      if (run.stopReason() != StopReason.COMPLETED || counted[0] == 0) {
        return null;
      }
    } finally {
      env.close();
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      shares.put(names.get(i), counts[i] / (double) counted[0]);
    }
    return new SeedResult(config.seed(), counted[0], shares, sums[0] / counted[0],
        sums[1] / counted[0]);
  }

  private static AgentResult summarise(String agent, List<SeedResult> seeds) {
    Map<String, Double> pooled = new LinkedHashMap<>();
    long episodes = 0;
    for (SeedResult s : seeds) {
      episodes += s.counted();
      s.behaviours().forEach((name, share) -> pooled.merge(name, share * s.counted(), Double::sum));
    }
    long total = episodes;
    pooled.replaceAll((name, count) -> count / total);
    double[] returns = seeds.stream().mapToDouble(SeedResult::meanReturn).toArray();
    double[] performances = seeds.stream().mapToDouble(SeedResult::meanPerformance).toArray();
    return new AgentResult(agent, pooled, mean(returns), sd(returns), mean(performances),
        sd(performances), List.copyOf(seeds));
  }

  private static double mean(double[] xs) {
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s / xs.length;
  }

  private static double sd(double[] xs) {
    if (xs.length < 2) {
      return 0;
    }
    double m = mean(xs);
    double s = 0;
    for (double x : xs) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (xs.length - 1));
  }
}
