package org.saferlhub.app.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.saferlhub.app.lab.KlSweep;
import org.saferlhub.policy.OveroptimizationFit;

/**
 * The policy lab's sweep plots (issue 14), each titled with what it shows and, below the axes,
 * the command that made it.
 */
final class LabPlots {

  private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

  private static final org.knowm.xchart.style.markers.Marker[] MARKERS = {SeriesMarkers.CIRCLE,
      SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP,
      SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS};

  private LabPlots() {}

  /**
   * True reward against √KL: every run as a point, one colour and marker per agent, and the exact
   * optimum's path as a dashed line (Gao et al.'s axes).
   */
  static void rewardAgainstSqrtKl(String env, String command, List<KlSweep.Row> rows,
      List<KlSweep.Exact> path, java.util.Map<String, List<OveroptimizationFit.Fit>> fits,
      double referenceTrue, Path file) {
    XYChart chart = chart("True reward against distance from the base model, " + env, command,
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
      colours.add(Plots.AGENT_COLOURS[i % Plots.AGENT_COLOURS.length]);
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
      for (OveroptimizationFit.Fit f : fits.getOrDefault(agent, List.of())) {
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
          fy.add(referenceTrue + best.predict(d));
        }
        XYSeries curve = chart.addSeries(String.format(java.util.Locale.ROOT,
            "%s fit (%s form, R² %.2f)", agent, best.form() == OveroptimizationFit.Form.RL ? "RL"
                : "best-of-n", best.rSquared()), fx, fy);
        curve.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        curve.setMarker(SeriesMarkers.NONE);
        curve.setLineStyle(new BasicStroke(1f));
        colours.add(Plots.AGENT_COLOURS[j % Plots.AGENT_COLOURS.length]);
      }
      j++;
    }
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (KlSweep.Exact e : path) {
      x.add(Math.sqrt(Math.max(e.kl(), 0)));
      y.add(e.trueReward());
    }
    XYSeries exact = chart.addSeries("exact optimum, β from 2 to 0.01", x, y);
    exact.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    exact.setMarker(SeriesMarkers.NONE);
    exact.setLineStyle(DASHED);
    colours.add(Color.DARK_GRAY);
    chart.getStyler().setSeriesColors(colours.toArray(new Color[0]));
    Plots.save(chart, file);
  }

  /** π(exploit) against β on log–log axes: each agent's mean over seeds, and the exact optimum. */
  static void exploitAgainstBeta(String env, String command, List<KlSweep.Row> rows,
      List<KlSweep.Exact> exact, Path file) {
    XYChart chart = chart("π(exploit) against the anchor's weight β, " + env, command, "β",
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
      colours.add(Plots.AGENT_COLOURS[i % Plots.AGENT_COLOURS.length]);
      i++;
    }
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (KlSweep.Exact e : exact) {
      x.add(e.beta());
      y.add(Math.max(e.piExploit(), 1e-12));
    }
    XYSeries line = chart.addSeries("exact optimum", x, y);
    line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    line.setMarker(SeriesMarkers.NONE);
    line.setLineStyle(DASHED);
    colours.add(Color.DARK_GRAY);
    chart.getStyler().setSeriesColors(colours.toArray(new Color[0]));
    Plots.save(chart, file);
  }

  private static XYChart chart(String title, String command, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(900).height(560).title(title)
        .xAxisTitle(xTitle + "      [" + command + "]").yAxisTitle(yTitle).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setMarkerSize(7);
    return chart;
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
}
