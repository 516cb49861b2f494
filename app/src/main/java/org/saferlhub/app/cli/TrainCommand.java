package org.saferlhub.app.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.saferlhub.Rl;
import org.saferlhub.app.run.FamilyView;
import org.saferlhub.app.run.FamilyViews;
import org.saferlhub.app.run.RunReports;
import org.saferlhub.config.ParameterException;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.TrainingListener;
import org.saferlhub.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code saferlhub train}: trains an agent exactly as the lesson page does, through the same run
 * pipeline and the same report ({@link RunReports}) for every environment.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train an agent; same options and seed as the page, same result.",
        "Example: saferlhub train --env blackjack --rules sab --agent q-learning "
            + "--episodes 500000 --alpha 0.01 --gamma 1 --epsilon 0.1 --seed 7",
        "GridWorld: saferlhub train --env gridworld:cliff --agent sarsa --episodes 500 --seed 1 "
            + "--json (or --env gridworld --map FILE)"})
public final class TrainCommand implements Callable<Integer> {

  @Mixin
  RunOptions run = new RunOptions();

  @Option(names = "--json", description = "Print one JSON object (the short report) instead of a summary.")
  boolean json;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Also save the whole report (config, curve, Q table, policy…: what the web API answers) as JSON to this file.")
  Path out;

  @Option(names = "--plot", paramLabel = "FILE",
      description = "Write the learning curve to this .png or .svg file.")
  Path plot;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() {
    if (out != null) {
      UserFiles.checkOutput("--out", out);
    }
    if (plot != null) {
      Plots.check(plot);
    }
    RunConfig config = run.toConfig();
    if (plot != null && run.gridworld()) {
      throw new ParameterException("plot", "--plot draws Blackjack runs only; for a grid world "
          + "use --json (returns and lengths of every episode)");
    }
    FamilyView.Collector family = FamilyViews.of(config.env()).collect(config);
    TrainingResult result;
    try (CtrlC ctrlC = CtrlC.listen();
        ProgressBar bar = quiet || json ? null : new ProgressBarBuilder()
        .setTaskName("Training").setInitialMax(config.episodes()).setUnit(" ep", 1)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).showSpeed().build()) {
      TrainingListener listener = family.alsoTo(p -> {
        if (bar != null) {
          bar.stepTo(p.episode());
        }
      });
      result = Rl.train(config, listener, ctrlC::pressed, java.time.Duration.ofDays(365));
    }

    Map<String, Object> summary = RunReports.summary(result, family);
    if (run.map != null) {
      summary.put("mapFile", run.map.toString());
    }
    if (out != null) {
      UserFiles.writeText("--out", out, Cli.json(RunReports.full(result, family, true)) + "\n");
    }
    if (plot != null) {
      Plots.learningCurve(result, family.optimum(), plot);
    }
    if (json) {
      System.out.println(Cli.json(summary));
    } else {
      printSummary(summary, family);
    }
    return 0;
  }

  private static void printSummary(Map<String, Object> s, FamilyView.Collector family) {
    Object rules = s.get("rules");
    System.out.printf(Locale.ROOT, "%s on %s%s, %,d episodes, seed %d: %.2f s, %,d episodes/s%n",
        s.get("agent"), s.get("env"), rules == null ? "" : " (" + rules + " rules)",
        ((Number) s.get("episodes")).longValue(), ((Number) s.get("seed")).longValue(),
        ((Number) s.get("elapsedSeconds")).doubleValue(),
        ((Number) s.get("episodesPerSecond")).longValue());
    Object mean = s.get("meanReturn");
    System.out.printf(Locale.ROOT, "  mean return, last 10%% of training: %s%n",
        mean == null ? "n/a (stopped early)"
            : String.format(Locale.ROOT, "%+.4f", ((Number) mean).doubleValue()));
    Object performance = s.get("meanPerformance");
    if (performance != null) {
      System.out.printf(Locale.ROOT, "  mean performance (hidden from the agent): %+.4f%n",
          ((Number) performance).doubleValue());
    }
    family.print(s, System.out);
  }
}
