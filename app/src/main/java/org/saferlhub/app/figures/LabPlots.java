package org.saferlhub.app.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.knowm.xchart.HorizontalBarChart;
import org.knowm.xchart.HorizontalBarChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.saferlhub.app.lab.KlSweep;
import org.saferlhub.policy.OveroptimizationFit;

/**
 * The policy lab's plots (issue 14), each titled with what it shows and with the command that
 * made it printed below ({@link Plot}). The CLI writes them to files and the web server serves
 * the same pictures ({@link Figures}): both draw them here, from the same numbers.
 */
public final class LabPlots {

  /** Okabe–Ito colours, safe for colour-blind readers, one per agent. */
  private static final Color[] AGENT_COLOURS = {
      new Color(0x00, 0x72, 0xB2), new Color(0xE6, 0x9F, 0x00),
      new Color(0x00, 0x9E, 0x73), new Color(0xCC, 0x79, 0xA7),
      new Color(0x56, 0xB4, 0xE9), new Color(0xD5, 0x5E, 0x00),
      new Color(0xF0, 0xE4, 0x42), new Color(0x00, 0x00, 0x00)};

  private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

  private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND,
      SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN,
      SeriesMarkers.CROSS, SeriesMarkers.PLUS};

  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;

  private LabPlots() {}

  /** The Okabe–Ito colours the plots give agents, in order (a copy). */
  public static Color[] agentColours() {
    return AGENT_COLOURS.clone();
  }

  private static Color colour(int i) {
    return AGENT_COLOURS[i % AGENT_COLOURS.length];
  }

  /**
   * True reward against √KL: every run as a point, one colour and marker per agent, each agent's
   * better-fitting Gao et al. form over its own runs, and the exact optimum's path as a dashed
   * line (Gao et al.'s axes).
   */
  public static Plot rewardAgainstSqrtKl(String command, KlSweep.Result sweep) {
    List<KlSweep.Row> rows = sweep.rows();
    XYChart chart = chart("True reward against distance from the base model, " + sweep.env(),
        "√KL(π ‖ π_ref), √nats", "true reward per answer");
    List<Color> colours = new ArrayList<>();
    int i = 0;
    for (String agent : agents(rows)) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (KlSweep.Row r : rows) {
        if (r.agent().equals(agent)) {
          x.add(Math.sqrt(Math.max(r.kl(), 0)));
          y.add(r.trueReward());
        }
      }
      XYSeries s = chart.addSeries(agent, x, y);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(MARKERS[i % MARKERS.length]);
      colours.add(colour(i));
      i++;
    }
    int j = 0;
    for (String agent : agents(rows)) {
      double most = 0; // each fit is drawn over its own agent's runs only, never extrapolated
      for (KlSweep.Row r : rows) {
        if (r.agent().equals(agent)) {
          most = Math.max(most, Math.sqrt(Math.max(r.kl(), 0)));
        }
      }
      OveroptimizationFit.Fit best = null;
      for (OveroptimizationFit.Fit f : sweep.fits().getOrDefault(agent, List.of())) {
        if (!Double.isNaN(f.rSquared()) && (best == null || f.rSquared() > best.rSquared())) {
          best = f;
        }
      }
      if (best != null && most > 0) {
        List<Double> fx = new ArrayList<>();
        List<Double> fy = new ArrayList<>();
        for (int k = 1; k <= 60; k++) {
          double d = most * k / 60;
          fx.add(d);
          fy.add(sweep.referenceTrue() + best.predict(d));
        }
        XYSeries curve = chart.addSeries(String.format(Locale.ROOT, "%s fit (%s form, R² %.2f)",
            agent, best.form() == OveroptimizationFit.Form.RL ? "RL" : "best-of-n",
            best.rSquared()), fx, fy);
        curve.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        curve.setMarker(SeriesMarkers.NONE);
        curve.setLineStyle(new BasicStroke(1f));
        colours.add(colour(j));
      }
      j++;
    }
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (KlSweep.Exact e : sweep.path()) {
      x.add(Math.sqrt(Math.max(e.kl(), 0)));
      y.add(e.trueReward());
    }
    reference(chart, "exact optimum, β 2 → 0.01", x, y, colours);
    return finish(chart, command, colours);
  }

  /** π(exploit) against β on log–log axes: each agent's mean over seeds, and the exact optimum. */
  public static Plot exploitAgainstBeta(String command, KlSweep.Result sweep) {
    List<KlSweep.Row> rows = sweep.rows();
    XYChart chart = chart("π(exploit) against the anchor's weight β, " + sweep.env(), "β",
        "π(exploit), mean over seeds");
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    List<Color> colours = new ArrayList<>();
    int i = 0;
    for (String agent : agents(rows)) {
      List<Double> betas = new ArrayList<>();
      List<Double> means = new ArrayList<>();
      for (KlSweep.Row r : rows) {
        if (r.agent().equals(agent) && !betas.contains(r.beta())) {
          betas.add(r.beta());
        }
      }
      for (double beta : betas) {
        double sum = 0;
        int n = 0;
        for (KlSweep.Row r : rows) {
          if (r.agent().equals(agent) && r.beta() == beta) {
            sum += r.piExploit();
            n++;
          }
        }
        means.add(Math.max(sum / n, 1e-12)); // a log axis cannot show 0
      }
      XYSeries s = chart.addSeries(agent, betas, means);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      s.setMarker(MARKERS[i % MARKERS.length]);
      colours.add(colour(i));
      i++;
    }
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (KlSweep.Exact e : sweep.exact()) {
      x.add(e.beta());
      y.add(Math.max(e.piExploit(), 1e-12));
    }
    reference(chart, "exact optimum", x, y, colours);
    return finish(chart, command, colours);
  }

  /**
   * The trust-region experiment ({@code PathExperiments.trustRegion}'s answer): for each update T
   * of unanchored NPG and TRPO, the β of the exact optimum that is as far from the base model, on
   * log–log axes, beside 1/(ηT) for NPG's step size η as a dashed line. Each agent is drawn as
   * markers at about twelve updates per decade of T, so the line under them stays visible;
   * updates whose KL is beyond the path's range (none at T = 0) are left out.
   */
  public static Plot trustRegion(String command, Map<String, Object> experiment) {
    double lr = number(experiment.get("lr"));
    XYChart chart = chart("No anchor: each update is the optimum for a falling β, "
        + experiment.get("env"), "update T", "β of the optimum at the same KL");
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    @SuppressWarnings("unchecked")
    Map<String, List<Map<String, Object>>> agents =
        (Map<String, List<Map<String, Object>>>) experiment.get("agents");
    List<Double> ts = new ArrayList<>();
    for (List<Map<String, Object>> rows : agents.values()) {
      for (Map<String, Object> r : rows) {
        double t = number(r.get("step"));
        if (t >= 1 && !ts.contains(t)) {
          ts.add(t);
        }
      }
    }
    List<Color> colours = new ArrayList<>();
    if (!ts.isEmpty()) {
      ts.sort(null);
      List<Double> law = new ArrayList<>();
      for (double t : ts) {
        law.add(1 / (lr * t));
      }
      reference(chart, String.format(Locale.ROOT, "1/(ηT), η = %s", lr), ts, law, colours);
    }
    int i = 0;
    for (Map.Entry<String, List<Map<String, Object>>> e : agents.entrySet()) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      long shown = -1;
      for (Map<String, Object> r : e.getValue()) {
        double t = number(r.get("step"));
        long bucket = t >= 1 ? (long) Math.floor(12 * Math.log10(t)) : -1;
        if (t >= 1 && r.get("betaOnPath") != null && bucket != shown) {
          x.add(t);
          y.add(number(r.get("betaOnPath")));
          shown = bucket;
        }
      }
      if (x.isEmpty()) {
        continue;
      }
      XYSeries s = chart.addSeries(e.getKey().toUpperCase(Locale.ROOT)
          + ": β of the optimum at its KL", x, y);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(MARKERS[i % MARKERS.length]);
      colours.add(colour(i));
      i++;
    }
    return finish(chart, command, colours);
  }

  /**
   * The best-of-n experiment ({@code PathExperiments.bestOfN}'s answer): true reward against KL
   * for exact best-of-n at each n, and for the exact optimum at the same KL.
   */
  public static Plot bestOfN(String command, Map<String, Object> experiment) {
    XYChart chart = chart("Best-of-n against the exact optimum at the same KL, "
        + experiment.get("env"), "KL(π ‖ π_ref), nats", "true reward per answer");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) experiment.get("rows");
    List<Double> kl = new ArrayList<>();
    List<Double> truth = new ArrayList<>();
    List<Double> optimumKl = new ArrayList<>();
    List<Double> optimumTruth = new ArrayList<>();
    long first = 0;
    long last = 0;
    for (Map<String, Object> r : rows) {
      long n = ((Number) r.get("n")).longValue();
      first = kl.isEmpty() ? n : first;
      last = n;
      kl.add(number(r.get("kl")));
      truth.add(number(r.get("trueReward")));
      if (r.get("optimumAtSameKl") instanceof Map<?, ?> o) {
        optimumKl.add(number(r.get("kl")));
        optimumTruth.add(number(o.get("trueReward")));
      }
    }
    XYSeries best = chart.addSeries(String.format(Locale.ROOT, "best-of-n, n = %,d to %,d",
        first, last), kl, truth);
    best.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    best.setMarker(SeriesMarkers.CIRCLE);
    List<Color> colours = new ArrayList<>(List.of(colour(0)));
    if (!optimumKl.isEmpty()) {
      XYSeries optimum = chart.addSeries("exact optimum at the same KL", optimumKl, optimumTruth);
      optimum.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      optimum.setMarker(SeriesMarkers.DIAMOND);
      optimum.setLineStyle(DASHED);
      colours.add(colour(5));
    }
    return finish(chart, command, colours);
  }

  /**
   * The preferences experiment ({@code Preferences.json}'s answer): mean true reward over seeds
   * against the number of compared pairs (log scale), one line per method, and the exact optimum
   * of the real proxy (infinitely many pairs) as a dashed line.
   */
  public static Plot preferences(String command, Map<String, Object> experiment) {
    XYChart chart = chart("Learning from compared pairs, " + experiment.get("env") + ", β = "
        + experiment.get("beta"), "compared pairs (log scale)", "true reward per answer, mean "
            + "over seeds");
    chart.getStyler().setXAxisLogarithmic(true);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> summary = (List<Map<String, Object>>) experiment.get("summary");
    List<Color> colours = new ArrayList<>();
    List<Double> all = new ArrayList<>();
    int i = 0;
    for (String method : List.of("dpo", "rlhf-ppo", "rlhf-optimum")) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (Map<String, Object> r : summary) {
        if (r.get("method").equals(method)) {
          x.add(number(r.get("pairs")));
          y.add(number(r.get("trueReward")));
        }
      }
      all.addAll(x);
      XYSeries line = chart.addSeries(method, x, y);
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      line.setMarker(MARKERS[i % MARKERS.length]);
      colours.add(colour(i));
      i++;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> exact = (Map<String, Object>) experiment.get("exact");
    double truth = number(exact.get("trueReward"));
    reference(chart, "infinitely many pairs (exact optimum)", List.of(
        java.util.Collections.min(all), java.util.Collections.max(all)), List.of(truth, truth),
        colours);
    return finish(chart, command, colours);
  }

  /**
   * The early-warning experiment ({@code Warnings.run}'s answer): one bar per signal it reports,
   * in its order, as long as the signal's median lead in updates before the collapse; each label
   * says in how many of the collapsing runs it fired before the collapse. A signal that never did
   * has no bar.
   */
  public static Plot warningLeads(String command, Map<String, Object> experiment) {
    HorizontalBarChart chart = new HorizontalBarChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Early warnings: lead over the collapse, " + experiment.get("agent") + " on "
            + experiment.get("env"))
        .xAxisTitle("median lead, in updates, over the runs where it fired in time")
        .yAxisTitle("signal (fired in time in k of n runs)").build();
    fonts(chart.getStyler());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> summary = (List<Map<String, Object>>) experiment.get("summary");
    List<String> labels = new ArrayList<>();
    List<Double> leads = new ArrayList<>();
    for (Map<String, Object> r : summary) {
      labels.add(r.get("signal") + (Boolean.TRUE.equals(r.get("contrast")) ? " (contrast)" : "")
          + " (" + r.get("firedBeforeCollapse") + " of " + r.get("runsWithCollapse") + ")");
      leads.add(r.get("medianLead") == null ? 0.0 : number(r.get("medianLead")));
    }
    chart.addSeries("median lead (updates)", leads, labels);
    chart.getStyler().setSeriesColors(new Color[] {colour(0)});
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsPosition(1.0);
    chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    chart.getStyler().setXAxisTickMarkSpacingHint(16); // a label for every signal, however many
    chart.getStyler().setYAxisTickMarkSpacingHint(16);
    return new Plot(chart, command);
  }

  /** Adds a reference curve (the exact optimum, a law): a dark grey dashed line, no markers. */
  private static void reference(XYChart chart, String name, List<Double> x, List<Double> y,
      List<Color> colours) {
    XYSeries line = chart.addSeries(name, x, y);
    line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    line.setMarker(SeriesMarkers.NONE);
    line.setLineStyle(DASHED);
    colours.add(Color.DARK_GRAY);
  }

  /** Gives the series their colours, in the order they were added, and adds the command. */
  private static Plot finish(XYChart chart, String command, List<Color> colours) {
    chart.getStyler().setSeriesColors(colours.toArray(new Color[0]));
    return new Plot(chart, command);
  }

  private static XYChart chart(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    fonts(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setMarkerSize(7);
    return chart;
  }

  /**
   * Type a little larger than XChart's defaults, so a plot shrunk to a page's column (or a
   * phone's) stays readable.
   */
  private static void fonts(AxesChartStyler styler) {
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
  }

  private static List<String> agents(List<KlSweep.Row> rows) {
    List<String> out = new ArrayList<>();
    for (KlSweep.Row r : rows) {
      if (!out.contains(r.agent())) {
        out.add(r.agent());
      }
    }
    return out;
  }

  private static double number(@Nullable Object x) {
    return x instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
