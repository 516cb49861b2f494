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
import org.jspecify.annotations.Nullable;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.saferlhub.app.goal.Diversity;
import org.saferlhub.app.goal.GoalTraining;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.env.procgen.View;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code saferlhub experiment diversity}: the diversity curve of goal misgeneralization
 * ({@link Diversity}): test behaviour against the share p of randomised training levels, for each
 * training budget and seed, on every core.
 */
@Command(name = "diversity", mixinStandardHelpOptions = true,
    description = {"Goal misgeneralization's diversity curve: train on levels where the goal is "
        + "moved in a share p of them, test where it always is, for each p, budget and seed.",
        "Example: saferlhub experiment diversity --env cheese-corner --p 0,0.02,0.1,1 "
            + "--steps 300000 --seeds 2 --json"})
final class DiversityCommand implements Callable<Integer> {

  @Option(names = "--env", description = "A level family: cheese-corner, coin-at-end or "
      + "keys-and-chests (default: ${DEFAULT-VALUE}).")
  String env = CheeseCorner.ID;

  @Option(names = "--agent", description = "ppo, a2c or table (default: ${DEFAULT-VALUE}).")
  String agent = "ppo";

  @Option(names = "--p", split = ",", paramLabel = "P,P,…", description = "Shares of randomised "
      + "training levels, each in [0, 1] (default: 0,0.02,0.05,0.1,0.25,1).")
  @Nullable List<Double> ps;

  @Option(names = "--steps", split = ",", paramLabel = "N,N,…", description = "Training budgets "
      + "in environment steps (default: 300000).")
  @Nullable List<Long> steps;

  @Option(names = "--seeds", description = "Seeds 0 … n − 1 per point, 1 to 20 (default: "
      + "${DEFAULT-VALUE}).")
  int seeds = 2;

  @Option(names = "--view", description = "allocentric or egocentric (default: ${DEFAULT-VALUE}).")
  String view = "egocentric";

  @Option(names = "--test-levels", description = "Test levels per run, 1 to 5,000 (default: "
      + "${DEFAULT-VALUE}).")
  int testLevels = 500;

  @Option(names = "--threads", description = "Runs at once (default: the number of cores).")
  @Nullable Integer threads;

  @Option(names = "--csv", paramLabel = "FILE", description = "Write the rows as CSV.")
  @Nullable Path csv;

  @Option(names = "--plot", paramLabel = "FILE", description = "Draw the curve to a .png or "
      + ".svg file.")
  @Nullable Path plot;

  @Option(names = "--json", description = "Print {\"rows\": […]} as JSON.")
  boolean json;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() throws InterruptedException {
    View v;
    try {
      v = View.of(view);
    } catch (IllegalArgumentException bad) {
      throw new ParameterException("view", "--view must be allocentric or egocentric, was '"
          + view + "'");
    }
    List<Double> p = ps == null ? Diversity.DEFAULT_P : ps;
    List<Long> budgets = steps == null ? List.of(300_000L) : steps;
    List<GoalTraining.Settings> plan = Diversity.plan(env, agent, p, budgets, seeds, v,
        testLevels);
    int cores = Runtime.getRuntime().availableProcessors();
    int pool = threads == null ? cores : threads;
    if (pool < 1 || pool > 64) {
      throw new ParameterException("threads", "--threads must be from 1 to 64, was " + pool);
    }
    if (csv != null) {
      UserFiles.checkOutput("--csv", csv);
    }
    if (plot != null) {
      Plots.check(plot);
    }
    String command = Diversity.command(plan.get(0).env(), plan.get(0).agent(), p, budgets, seeds,
        v);
    List<Map<String, Object>> rows;
    try (CtrlC ctrlC = CtrlC.listen();
        ProgressBar bar = quiet || json ? null : new ProgressBarBuilder()
            .setTaskName("Training").setInitialMax(plan.size()).setUnit(" runs", 1)
            .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).build()) {
      rows = Diversity.run(plan, pool, () -> {
        if (bar != null) {
          bar.step();
        }
      }, ctrlC::pressed);
    }
    if (csv != null) {
      UserFiles.writeText("--csv", csv, "# " + command.replace(" --json", "") + "\n"
          + Diversity.csv(rows));
    }
    if (plot != null) {
      Plots.save(new org.saferlhub.app.figures.Plot(chart(rows, plan.get(0).env()),
          command.replace(" --json", "") + " --plot " + plot.getFileName()), plot);
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("command", command);
      m.put("rows", rows);
      System.out.println(Cli.json(m));
      return 0;
    }
    String wrong = wrongGoalKey(rows);
    System.out.printf(Locale.ROOT, "%s, %s, %s view: %d runs%n", plan.get(0).env(),
        plan.get(0).agent(), v.id(), rows.size());
    System.out.printf(Locale.ROOT, "  %6s  %8s  %4s  %13s  %s%n", "p", "steps", "seed",
        "trainSuccess", String.join("  ", rows.get(0).keySet().stream()
            .filter(k -> k.startsWith("test")).toList()));
    for (Map<String, Object> r : rows) {
      StringBuilder tests = new StringBuilder();
      r.forEach((k, x) -> {
        if (k.startsWith("test")) {
          tests.append(String.format(Locale.ROOT, "  %" + k.length() + ".3f",
              ((Number) x).doubleValue()));
        }
      });
      System.out.printf(Locale.ROOT, "  %6s  %8d  %4d  %13.3f%s%n", r.get("p"), r.get("steps"),
          r.get("seed"), ((Number) r.get("trainSuccess")).doubleValue(), tests);
    }
    System.out.println("  (" + wrong + ": the share of test episodes that went for the training "
        + "goal's usual place first)");
    return 0;
  }

  /** The column of the misgeneralized goal: the second outcome (testCornerFirst, testEndFirst…). */
  private static String wrongGoalKey(List<Map<String, Object>> rows) {
    List<String> tests = rows.get(0).keySet().stream().filter(k -> k.startsWith("test"))
        .toList();
    return tests.size() > 1 ? tests.get(1) : tests.get(0);
  }

  /** Test behaviour against p: the wrong-goal share per budget (mean of seeds), seeds as dots. */
  private static XYChart chart(List<Map<String, Object>> rows, String env) {
    String wrong = wrongGoalKey(rows);
    XYChart chart = new XYChartBuilder().width(900).height(560)
        .title(env + ": test episodes that went for the training goal's place first")
        .xAxisTitle("share p of randomised training levels (log scale; 0 drawn at 0.005)")
        .yAxisTitle(wrong + " (% of test episodes)").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
    chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(14f));
    Map<Long, List<Map<String, Object>>> byBudget = new LinkedHashMap<>();
    for (Map<String, Object> r : rows) {
      byBudget.computeIfAbsent(((Number) r.get("steps")).longValue(), k -> new ArrayList<>())
          .add(r);
    }
    int colour = 0;
    for (Map.Entry<Long, List<Map<String, Object>>> e : byBudget.entrySet()) {
      Map<Double, List<Double>> byP = new LinkedHashMap<>();
      for (Map<String, Object> r : e.getValue()) {
        byP.computeIfAbsent(((Number) r.get("p")).doubleValue(), k -> new ArrayList<>())
            .add(100 * ((Number) r.get(wrong)).doubleValue());
      }
      double[] x = new double[byP.size()];
      double[] y = new double[byP.size()];
      int i = 0;
      List<Double> dotX = new ArrayList<>();
      List<Double> dotY = new ArrayList<>();
      for (Map.Entry<Double, List<Double>> pe : byP.entrySet()) {
        x[i] = Math.max(pe.getKey(), 0.005);
        y[i] = pe.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(0);
        for (double d : pe.getValue()) {
          dotX.add(x[i]);
          dotY.add(d);
        }
        i++;
      }
      java.awt.Color c = Plots.AGENT_COLOURS[colour++ % Plots.AGENT_COLOURS.length];
      XYSeries line = chart.addSeries(String.format(Locale.ROOT, "%,d steps (mean)", e.getKey()),
          x, y);
      line.setLineColor(c);
      line.setMarkerColor(c);
      line.setMarker(SeriesMarkers.CIRCLE);
      XYSeries dots = chart.addSeries(String.format(Locale.ROOT, "%,d steps (each seed)",
          e.getKey()), dotX, dotY);
      dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      dots.setMarkerColor(c);
      dots.setMarker(SeriesMarkers.DIAMOND);
    }
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    return chart;
  }
}
