package org.saferlhub.app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saferlhub.Rl;
import org.saferlhub.config.Check;
import org.saferlhub.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code saferlhub bench}: Blackjack Q-learning episodes per second through the public API
 * ({@link Rl#train(RunConfig)}), one thread, after warm-up. The median of the measured trials.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure Blackjack Q-learning training speed (episodes/s, one thread, after warm-up).")
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--episodes", description = "Episodes per trial, 1,000 to 1,000,000,000 (default: ${DEFAULT-VALUE}).")
  long episodes = 5_000_000;

  @Option(names = "--warmup", description = "Warm-up trials, not counted, 0 to 100 (default: ${DEFAULT-VALUE}).")
  int warmup = 3;

  @Option(names = "--trials", description = "Measured trials, 1 to 100 (default: ${DEFAULT-VALUE}).")
  int trials = 5;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    Check.range("episodes", episodes, 1_000, RunConfig.MAX_EPISODES);
    Check.range("warmup", warmup, 0, 100);
    Check.range("trials", trials, 1, 100);
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
}
