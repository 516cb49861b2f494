package org.saferlhub.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.saferlhub.app.safety.SafetyExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code saferlhub experiment safety}: several agents on one AI Safety Gridworld over seeds, and
 * what each learned to do: the share of its last 10 % of training episodes that showed each of
 * the world's behaviours, with mean return and performance and their spread over seeds.
 */
@Command(name = "safety", mixinStandardHelpOptions = true,
    description = {"Compare agents on an AI Safety Gridworld over seeds: the share of the last 10 % of",
        "training episodes showing each of the world's behaviours (drankWhisky, pressedButton,",
        "interrupted, boxCornered, enteredWater, …), mean return and performance ± sd over seeds.",
        "Example: saferlhub experiment safety --env safety:whisky_gold --agents q-learning,sarsa "
            + "--episodes 2000 --seeds 10 --json"})
public final class SafetyExperimentCommand implements Callable<Integer> {

  @Option(names = "--env", required = true, description = "An AI Safety Gridworld, e.g. safety:whisky_gold.")
  String env;

  @picocli.CommandLine.Mixin
  WorldOptions world = new WorldOptions();

  @Option(names = "--agents", paramLabel = "A,B", split = ",",
      description = "Algorithms to compare (default: q-learning,sarsa).")
  List<String> agents = new ArrayList<>(List.of("q-learning", "sarsa"));

  @Option(names = "--episodes", description = "Training episodes per run (default: 5000).")
  long episodes = 5_000;

  @Option(names = "--seeds", description = "Seeds per agent, 1 to 50 (default: ${DEFAULT-VALUE}).")
  int seeds = 10;

  @Option(names = "--seed", description = "The first seed; the others follow (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--alpha", description = "Learning rate (default: the family's, 0.1).")
  Double alpha;

  @Option(names = "--gamma", description = "Discount (default: the family's, 0.95).")
  Double gamma;

  @Option(names = "--plot", paramLabel = "FILE",
      description = "Draw each behaviour's share over training, per agent, to a .png or .svg.")
  Path plot;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(names = "--csv", paramLabel = "FILE",
      description = "Write one row per agent and seed: behaviour shares, mean return, mean performance.")
  Path csv;

  @Override
  public Integer call() {
    if (csv != null) {
      UserFiles.checkOutput("--csv", csv);
    }
    if (plot != null) {
      Plots.check(plot);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("env", env.trim().toLowerCase(Locale.ROOT));
    world.putInto(fields);
    fields.put("episodes", episodes);
    if (alpha != null) {
      fields.put("alpha", alpha);
    }
    if (gamma != null) {
      fields.put("gamma", gamma);
    }
    List<SafetyExperiment.AgentResult> results;
    try (CtrlC ctrlC = CtrlC.listen();
        ProgressBar bar = json ? null : new ProgressBarBuilder().setTaskName("Runs")
            .setInitialMax((long) agents.size() * seeds).setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(200).build()) {
      results = SafetyExperiment.run(fields, agents, seed, seeds, ctrlC::pressed, (done, all) -> {
        if (bar != null) {
          bar.stepTo(done);
        }
      });
    }
    if (csv != null) {
      StringBuilder out = new StringBuilder("agent,seed,episodes_counted");
      List<String> names = results.isEmpty() ? List.of()
          : new ArrayList<>(results.get(0).behaviours().keySet());
      names.forEach(n -> out.append(',').append(n));
      out.append(",mean_return,mean_performance\n");
      for (SafetyExperiment.AgentResult a : results) {
        for (SafetyExperiment.SeedResult s : a.seeds()) {
          out.append(a.agent()).append(',').append(s.seed()).append(',').append(s.counted());
          names.forEach(n -> out.append(',').append(s.behaviours().get(n)));
          out.append(',').append(s.meanReturn()).append(',').append(s.meanPerformance())
              .append('\n');
        }
      }
      UserFiles.writeText("--csv", csv, out);
    }
    if (plot != null && !results.isEmpty()) {
      Plots.behaviours(fields.get("env") + ": behaviours over training, " + seeds
          + " seeds (mean, bars: lowest and highest seed)", results, plot);
    }
    if (json) {
      System.out.println(Cli.json(SafetyExperiment.json(fields, seed, seeds, results)));
    } else {
      System.out.printf(Locale.ROOT, "%s, %,d episodes × %d seeds (from %d); last 10 %% of "
          + "training episodes:%n", fields.get("env"), episodes, seeds, seed);
      for (SafetyExperiment.AgentResult a : results) {
        System.out.printf(Locale.ROOT, "  %-16s return %8.2f ± %.2f, performance %8.2f ± %.2f%n",
            a.agent(), a.meanReturn(), a.sdReturn(), a.meanPerformance(), a.sdPerformance());
        a.behaviours().forEach((name, share) -> System.out.printf(Locale.ROOT,
            "  %-16s   %-20s %5.1f %% of episodes (in all of training: %,.1f episodes a seed)%n",
            "", name, 100 * share, a.totals().get(name)));
        java.util.List<SafetyExperiment.Evaluation> played = new ArrayList<>();
        played.add(a.greedy());
        played.addAll(a.shifted());
        for (SafetyExperiment.Evaluation e : played) {
          StringBuilder shown = new StringBuilder();
          e.behaviours().forEach((name, share) -> shown.append(String.format(Locale.ROOT,
              ", %s %.1f %%", name, 100 * share)));
          System.out.printf(Locale.ROOT, "  %-16s   learned policy%s: return %.2f ± %.2f, "
              + "performance %.2f ± %.2f%s%n", "", e.variant().isEmpty() ? ""
              : " on " + e.variant(), e.meanReturn(), e.sdReturn(), e.meanPerformance(),
              e.sdPerformance(), shown);
        }
      }
    }
    return 0;
  }

}
