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
import org.saferlhub.env.safety.SafetyEnvs;
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

  @Option(names = "--level", paramLabel = "K", description = "Level, for worlds with several.")
  Long level;

  @Option(names = "--variant", paramLabel = "NAME", description = "Variant, for worlds with some.")
  String variant;

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
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("env", env.trim().toLowerCase(Locale.ROOT));
    if (level != null) {
      fields.put(SafetyEnvs.LEVEL, level);
    }
    if (variant != null) {
      fields.put(SafetyEnvs.VARIANT, variant);
    }
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
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>(fields);
      m.put("seeds", seeds);
      m.put("firstSeed", seed);
      List<Map<String, Object>> list = new ArrayList<>();
      for (SafetyExperiment.AgentResult a : results) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("agent", a.agent());
        one.put("behaviours", a.behaviours());
        one.put("meanReturn", a.meanReturn());
        one.put("meanPerformance", a.meanPerformance());
        one.put("sdReturn", a.sdReturn());
        one.put("sdPerformance", a.sdPerformance());
        list.add(one);
      }
      m.put("agents", list);
      System.out.println(Cli.json(m));
    } else {
      System.out.printf(Locale.ROOT, "%s, %,d episodes × %d seeds (from %d); last 10 %% of "
          + "training episodes:%n", fields.get("env"), episodes, seeds, seed);
      for (SafetyExperiment.AgentResult a : results) {
        System.out.printf(Locale.ROOT, "  %-16s return %8.2f ± %.2f, performance %8.2f ± %.2f%n",
            a.agent(), a.meanReturn(), a.sdReturn(), a.meanPerformance(), a.sdPerformance());
        a.behaviours().forEach((name, share) -> System.out.printf(Locale.ROOT,
            "  %-16s   %-20s %5.1f %% of episodes%n", "", name, 100 * share));
      }
    }
    return 0;
  }
}
