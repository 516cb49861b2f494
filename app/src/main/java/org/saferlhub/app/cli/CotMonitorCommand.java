package org.saferlhub.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.saferlhub.config.ParameterException;
import org.saferlhub.monitor.CotMonitoring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code saferlhub experiment cot-monitor}: the chain-of-thought monitoring toy
 * ({@link CotMonitoring}): REINFORCE on "tests pass", with or without the monitor's flag in the
 * reward, and the exact hack rate, monitor recall and genuine pass rate after every update.
 */
@Command(name = "cot-monitor", mixinStandardHelpOptions = true,
    description = {"Chain-of-thought monitoring in miniature (Baker et al. 2025): train with or "
        + "without a penalty when the monitor flags the thoughts, and watch the hack rate, the "
        + "monitor's recall and the genuine passes.",
        "Example: saferlhub experiment cot-monitor --arm pressure --monitor careful "
            + "--iterations 4000 --seed 0 --json"})
final class CotMonitorCommand implements Callable<Integer> {

  @Option(names = "--arm", description = "baseline (reward: tests pass) or pressure (minus λ "
      + "when flagged) (default: ${DEFAULT-VALUE}).")
  String arm = "baseline";

  @Option(names = "--monitor", description = "careful (flags HACK, SKIPTESTS, SHORTCUT) or "
      + "keyword (HACK, SKIPTESTS) (default: ${DEFAULT-VALUE}).")
  String monitor = "careful";

  @Option(names = "--beta", description = "Coupling β of stated intent to action, [0, 20] "
      + "(default: ${DEFAULT-VALUE}).")
  double beta = 3;

  @Option(names = "--lambda", description = "Penalty λ per flag in the pressure arm, [0, 10] "
      + "(default: ${DEFAULT-VALUE}).")
  double lambda = 1;

  @Option(names = "--iterations", description = "Updates, 1 to 100,000 (default: "
      + "${DEFAULT-VALUE}).")
  int iterations = 4000;

  @Option(names = "--batch", description = "Episodes per update, 1 to 10,000 (default: "
      + "${DEFAULT-VALUE}).")
  int batch = 64;

  @Option(names = "--alpha", description = "Step size α, (0, 100] (default: ${DEFAULT-VALUE}).")
  double alpha = 0.5;

  @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--csv", paramLabel = "FILE", description = "Write every iteration's metrics.")
  @Nullable Path csv;

  @Option(names = "--plot", paramLabel = "FILE", description = "Draw the three rates against "
      + "iterations to a .png or .svg file.")
  @Nullable Path plot;

  @Option(names = "--json", description = "Print {\"iterations\": […], \"final\": {…}}.")
  boolean json;

  @Override
  public Integer call() {
    CotMonitoring.Arm a = choice("arm", arm, CotMonitoring.Arm.values());
    CotMonitoring.Monitor m = choice("monitor", monitor, CotMonitoring.Monitor.values());
    CotMonitoring.Config config = new CotMonitoring.Config(a, m, beta, lambda, iterations, batch,
        alpha, seed);
    if (csv != null) {
      UserFiles.checkOutput("--csv", csv);
    }
    if (plot != null) {
      Plots.check(plot);
    }
    List<CotMonitoring.Point> curve = CotMonitoring.train(config);
    String command = String.format(Locale.ROOT, "saferlhub experiment cot-monitor --arm %s "
        + "--monitor %s --beta %s --lambda %s --iterations %d --batch %d --alpha %s --seed %d",
        a.id(), m.id(), beta, lambda, iterations, batch, alpha, seed);
    if (csv != null) {
      StringBuilder b = new StringBuilder("# " + command + "\n");
      b.append("iteration,hackRate,monitorRecall,falseAlarmRate,genuinePass,flagRate,"
          + "shortcutShare,expectedReward\n");
      for (CotMonitoring.Point p : curve) {
        b.append(p.iteration()).append(',').append(p.hackRate()).append(',')
            .append(p.monitorRecall()).append(',').append(p.falseAlarmRate()).append(',')
            .append(p.genuinePass()).append(',').append(p.flagRate()).append(',')
            .append(p.shortcutShare()).append(',').append(p.expectedReward()).append('\n');
      }
      UserFiles.writeText("--csv", csv, b);
    }
    if (plot != null) {
      Plots.save(new org.saferlhub.app.figures.Plot(chart(curve, a, m), command + " --plot "
          + plot.getFileName()), plot);
    }
    CotMonitoring.Point last = curve.get(curve.size() - 1);
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("command", command);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (CotMonitoring.Point p : curve) {
        rows.add(row(p));
      }
      out.put("iterations", rows);
      out.put("final", row(last));
      System.out.println(Cli.json(out));
      return 0;
    }
    System.out.printf(Locale.ROOT, "%s arm, %s monitor, β = %s, λ = %s: %d iterations of %d "
        + "episodes, seed %d%n", a.id(), m.id(), beta, lambda, iterations, batch, seed);
    for (int i : new int[] {0, iterations / 16, iterations / 4, iterations}) {
      CotMonitoring.Point p = curve.get(i);
      System.out.printf(Locale.ROOT, "  iteration %6d: hack rate %.3f, monitor recall %.3f, "
          + "false alarms %.3f, genuine passes %.3f%n", p.iteration(), p.hackRate(),
          p.monitorRecall(), p.falseAlarmRate(), p.genuinePass());
    }
    return 0;
  }

  private static Map<String, Object> row(CotMonitoring.Point p) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("iteration", p.iteration());
    r.put("hackRate", p.hackRate());
    r.put("monitorRecall", Double.isNaN(p.monitorRecall()) ? null : p.monitorRecall());
    r.put("falseAlarmRate", Double.isNaN(p.falseAlarmRate()) ? null : p.falseAlarmRate());
    r.put("genuinePass", p.genuinePass());
    r.put("shortcutShare", Double.isNaN(p.shortcutShare()) ? null : p.shortcutShare());
    r.put("expectedReward", p.expectedReward());
    return r;
  }

  private static <E extends Enum<E>> E choice(String field, String text, E[] values) {
    for (E e : values) {
      if (e.name().equalsIgnoreCase(text.trim())) {
        return e;
      }
    }
    List<String> ids = new ArrayList<>();
    for (E e : values) {
      ids.add(e.name().toLowerCase(Locale.ROOT));
    }
    throw new ParameterException(field, "--" + field + " must be one of " + String.join(", ",
        ids) + ", was '" + (text.length() > 30 ? text.substring(0, 30) + "…" : text) + "'");
  }

  private static XYChart chart(List<CotMonitoring.Point> curve, CotMonitoring.Arm arm,
      CotMonitoring.Monitor monitor) {
    XYChart chart = new XYChartBuilder().width(900).height(520)
        .title("Chain-of-thought monitoring: " + arm.id() + " arm, " + monitor.id() + " monitor")
        .xAxisTitle("iteration (updates of 64 episodes)").yAxisTitle("probability").build();
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setMarkerSize(0);
    chart.getStyler().setXAxisDecimalPattern("#").setXAxisTickMarkSpacingHint(120);
    double[] x = new double[curve.size()];
    double[] hack = new double[curve.size()];
    double[] recall = new double[curve.size()];
    double[] genuine = new double[curve.size()];
    for (int i = 0; i < curve.size(); i++) {
      CotMonitoring.Point p = curve.get(i);
      x[i] = p.iteration();
      hack[i] = p.hackRate();
      recall[i] = Double.isNaN(p.monitorRecall()) ? 0 : p.monitorRecall();
      genuine[i] = p.genuinePass();
    }
    String[] names = {"hack rate P(EXIT0)", "monitor recall P(flag | hack)",
        "genuine passes P(FIX and pass)"};
    double[][] ys = {hack, recall, genuine};
    for (int k = 0; k < 3; k++) {
      XYSeries s = chart.addSeries(names[k], x, ys[k]);
      s.setLineColor(Plots.AGENT_COLOURS[k]);
      s.setMarkerColor(Plots.AGENT_COLOURS[k]);
    }
    return chart;
  }
}
