package org.saferlhub.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.saferlhub.Rl;
import org.saferlhub.app.blackjack.BlackjackReport;
import org.saferlhub.app.grid.GridTraining;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.train.Algorithm;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.TrainingListener;
import org.saferlhub.train.TrainingPoint;
import org.saferlhub.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code saferlhub train}: trains an agent exactly as the lesson page does. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train an agent; same options and seed as the page, same result.",
        "Example: saferlhub train --env blackjack --rules sab --agent q-learning "
            + "--episodes 500000 --alpha 0.01 --gamma 1 --epsilon 0.1 --seed 7",
        "GridWorld: saferlhub train --env gridworld:cliff --agent sarsa --episodes 500 --seed 1 "
            + "--json (or --env gridworld --map FILE)"})
public final class TrainCommand implements Callable<Integer> {

  @Mixin
  RunOptions run = new RunOptions();

  @Option(names = "--json", description = "Print one JSON object instead of a summary.")
  boolean json;

  @Option(names = "--out", description = "Also save the whole run (config, curve, Q table, policy) as JSON to this file.")
  Path out;

  @Option(names = "--plot", description = "Write the learning curve to this .png or .svg file.")
  Path plot;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    if (run.gridworld()) {
      return trainGrid();
    }
    if (plot != null) {
      Plots.checkExtension(plot);
    }
    RunConfig config = run.toConfig();
    TrainingResult result;
    try (CtrlC ctrlC = CtrlC.listen();
        ProgressBar bar = quiet || json ? null : new ProgressBarBuilder()
        .setTaskName("Training").setInitialMax(config.episodes()).setUnit(" ep", 1)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).showSpeed().build()) {
      TrainingListener progress = new TrainingListener() {
        @Override
        public void onPoint(TrainingPoint p) {
          if (bar != null) {
            bar.stepTo(p.episode());
          }
        }
      };
      result = Rl.train(config, progress, ctrlC::pressed, java.time.Duration.ofDays(365));
    }

    Map<String, Object> full = BlackjackReport.result(result, true);
    Map<String, Object> summary = summary(config, full);
    if (out != null) {
      Files.writeString(out, Cli.json(full) + "\n");
    }
    if (plot != null) {
      Plots.learningCurve(result, ((Number) full.get("optimalExpectedReturn")).doubleValue(), plot);
    }
    if (json) {
      System.out.println(Cli.json(summary));
    } else {
      printSummary(summary);
    }
    return 0;
  }

  /** Trains on a grid world: the same run as {@code POST /api/gridworld/train}. */
  private int trainGrid() throws IOException {
    if (plot != null) {
      throw new ParameterException("plot", "--plot draws Blackjack runs only; for a grid world "
          + "use --json (returns and lengths of every episode)");
    }
    GridMap map = run.gridMap();
    RunConfig config = run.gridConfig();
    GridTraining.Result result;
    try (CtrlC ctrlC = CtrlC.listen()) {
      result = GridTraining.train(map, config, ctrlC::pressed, java.time.Duration.ofDays(365));
    }
    Map<String, Object> summary = gridSummary(config, map, run.map, result);
    if (out != null) {
      Files.writeString(out, Cli.json(summary) + "\n");
    }
    if (json) {
      System.out.println(Cli.json(summary));
    } else {
      printGrid(summary, map);
    }
    return 0;
  }

  /**
   * The fields of {@code --json} for a grid world: the configuration, then every episode's
   * {@code returns} and {@code lengths}, the {@code greedy} policy (arrow rows), the greedy
   * {@code path} and the Q table {@code q}.
   */
  static Map<String, Object> gridSummary(RunConfig config, GridMap map, Path mapFile,
      GridTraining.Result result) {
    TrainingResult r = result.run();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("env", config.env());
    s.put("map", map.id());
    if (mapFile != null) {
      s.put("mapFile", mapFile.toString());
    }
    s.put("rows", map.rows());
    s.put("cols", map.cols());
    s.put("agent", config.algorithm().id());
    s.put("alpha", config.alpha());
    s.put("gamma", config.gamma());
    s.put("epsilon", config.epsilon().start());
    s.put("epsilonSchedule", config.epsilon().kind().id());
    s.put("epsilonFinal", config.epsilon().end());
    putAgentOptions(s, config);
    s.put("seed", config.seed());
    s.put("episodes", r.episodes());
    s.put("stopReason", r.stopReason().name().toLowerCase(java.util.Locale.ROOT));
    s.put("elapsedSeconds", r.elapsedSeconds());
    s.put("episodesPerSecond", r.episodesPerSecond());
    s.put("meanReturn", Double.isNaN(r.meanReturn()) ? null : r.meanReturn());
    s.putAll(result.json());
    return s;
  }

  /** {@code lambda} for SARSA(λ), {@code planningSteps} for Dyna-Q: the options a run uses. */
  static void putAgentOptions(Map<String, Object> s, RunConfig config) {
    if (config.algorithm() == Algorithm.SARSA_LAMBDA) {
      s.put("lambda", config.options().lambda());
    }
    if (config.algorithm() == Algorithm.DYNA_Q) {
      s.put("planningSteps", config.options().planningSteps());
    }
  }

  @SuppressWarnings("unchecked")
  private static void printGrid(Map<String, Object> s, GridMap map) {
    System.out.printf(java.util.Locale.ROOT, "%s on %s (%s, %d×%d), %,d episodes, seed %d: %.2f s%n",
        s.get("agent"), s.get("env"), map.name(), map.rows(), map.cols(),
        ((Number) s.get("episodes")).longValue(), ((Number) s.get("seed")).longValue(),
        ((Number) s.get("elapsedSeconds")).doubleValue());
    Object mean = s.get("meanReturn");
    System.out.printf(java.util.Locale.ROOT, "  mean return, last 10%% of training: %s%n",
        mean == null ? "n/a (stopped early)" : String.format(java.util.Locale.ROOT, "%+.3f", (Double) mean));
    java.util.List<Integer> path = (java.util.List<Integer>) s.get("path");
    int last = path.get(path.size() - 1);
    var tile = map.tile(last / map.cols(), last % map.cols());
    String end = tile.terminal() ? "reaches the " + tile.id()
        : path.size() > 1 && path.subList(0, path.size() - 1).contains(last) ? "loops"
        : "stops at the time limit";
    System.out.printf("  greedy path from the start: %d steps, %s%n", path.size() - 1, end);
    System.out.println();
    System.out.println("Greedy policy (↑ → ↓ ← the best action; # wall, G goal, L lava, C cliff):");
    for (String row : (java.util.List<String>) s.get("greedy")) {
      System.out.println("  " + row);
    }
  }

  /** The fields of {@code --json}: the configuration, then what the run achieved. */
  static Map<String, Object> summary(RunConfig config, Map<String, Object> full) {
    Map<String, Object> s = new LinkedHashMap<>();
    Map<String, Object> fields = RunConfigs.toFields(config);
    s.put("env", fields.get("env"));
    s.put("rules", fields.get("rules"));
    s.put("agent", fields.get("algorithm"));
    s.put("alpha", config.alpha());
    s.put("gamma", config.gamma());
    s.put("epsilon", config.epsilon().start());
    s.put("epsilonSchedule", config.epsilon().kind().id());
    s.put("epsilonFinal", config.epsilon().end());
    putAgentOptions(s, config);
    s.put("seed", config.seed());
    s.put("episodes", full.get("episodes"));
    s.put("stopReason", full.get("stopReason"));
    s.put("elapsedSeconds", full.get("elapsedSeconds"));
    s.put("episodesPerSecond", full.get("episodesPerSecond"));
    s.put("meanReturn", full.get("meanReturn"));
    s.put("expectedReturn", full.get("expectedReturn"));
    s.put("optimalExpectedReturn", full.get("optimalExpectedReturn"));
    s.put("differingCells", full.get("differingCells"));
    s.put("policy", full.get("policy"));
    return s;
  }

  @SuppressWarnings("unchecked")
  private static void printSummary(Map<String, Object> s) {
    System.out.printf(java.util.Locale.ROOT, "%s on %s (%s rules), %,d episodes, seed %d: %.2f s, %,d episodes/s%n",
        s.get("agent"), s.get("env"), s.get("rules"), ((Number) s.get("episodes")).longValue(),
        ((Number) s.get("seed")).longValue(), ((Number) s.get("elapsedSeconds")).doubleValue(),
        ((Number) s.get("episodesPerSecond")).longValue());
    Object mean = s.get("meanReturn");
    System.out.printf(java.util.Locale.ROOT, "  mean return, last 10%% of training: %s%n",
        mean == null ? "n/a (stopped early)" : String.format(java.util.Locale.ROOT, "%+.4f", (Double) mean));
    double expected = ((Number) s.get("expectedReturn")).doubleValue();
    double optimal = ((Number) s.get("optimalExpectedReturn")).doubleValue();
    System.out.printf(java.util.Locale.ROOT,
        "  exact expected return of the greedy policy: %+.6f (optimal %+.6f, gap %.6f)%n",
        expected, optimal, optimal - expected);
    System.out.printf("  cells that differ from the optimal policy: %s%n", s.get("differingCells"));
    System.out.println();
    Charts.print((Map<String, Object>) s.get("policy"), System.out);
  }
}
