package org.saferlhub.app.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.saferlhub.config.ParameterException;
import org.saferlhub.train.TrainingPoint;
import org.saferlhub.train.TrainingResult;

/** Learning curves as PNG or SVG files. */
final class Plots {

  private static final String OPTION = "--plot";

  private Plots() {}

  /**
   * Checks, before training, that {@code --plot file} names a {@code .png} or {@code .svg} file
   * that can be written ({@link UserFiles#checkOutput}).
   *
   * @throws ParameterException naming {@code --plot}
   */
  static void check(Path file) {
    check(file, OPTION);
  }

  /** {@link #check(Path)} for another option than {@code --plot}, such as {@code --beta-plot}. */
  static void check(Path file, String option) {
    UserFiles.requireName(option, file);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".png") && !name.endsWith(".svg")) {
      throw new ParameterException(option.substring(2), option + " must be a file name ending "
          + "in .png or .svg, was '" + file + "'");
    }
    UserFiles.checkOutput(option, file);
  }

  /** Writes {@code chart} to {@code file} as SVG or PNG, by its extension, whole or not at all. */
  static void save(XYChart chart, Path file) {
    boolean svg = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg");
    UserFiles.write(OPTION, file, out -> {
      if (svg) {
        VectorGraphicsEncoder.saveVectorGraphic(chart, out,
            VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      } else {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      }
    });
  }

  /** Writes a lab plot to {@code file} as SVG or PNG, by its extension, whole or not at all. */
  static void save(org.saferlhub.app.figures.Plot plot, Path file) {
    boolean svg = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg");
    UserFiles.write(OPTION, file, out -> out.write(svg ? plot.svg() : plot.png()));
  }

  static void learningCurve(TrainingResult run, double optimal, Path file) {
    var points = run.points();
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < x.length; i++) {
      TrainingPoint p = points.get(i);
      x[i] = p.episode();
      y[i] = p.meanReturn();
    }
    XYChart chart = new XYChartBuilder().width(900).height(500)
        .title(run.config().algorithm().title() + " on " + run.config().env() + ", seed "
            + run.config().seed())
        .xAxisTitle("episodes").yAxisTitle("mean return per episode").build();
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    chart.getStyler().setSeriesColors(new java.awt.Color[] {
        new java.awt.Color(0x00, 0x72, 0xB2), new java.awt.Color(0xE6, 0x9F, 0x00)});
    XYSeries curve = chart.addSeries("mean return since the previous point", x, y);
    curve.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    var env = run.config().makeEnv();
    boolean hidden = env.hasHiddenReward();
    env.close();
    if (hidden) { // a safety gridworld: the performance the agent never saw, on the same axes
      double[] performance = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        performance[i] = points.get(i).meanPerformance();
      }
      chart.addSeries("mean performance (hidden from the agent)", x, performance)
          .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }
    if (!Double.isNaN(optimal)) { // a known exact optimum (Blackjack) is drawn beside the curve
      double[] flat = new double[x.length];
      java.util.Arrays.fill(flat, optimal);
      chart.addSeries(String.format(Locale.ROOT, "optimal policy, exact: %.4f", optimal), x, flat)
          .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }

    save(chart, file);
  }

  /** Okabe–Ito colours, safe for colour-blind readers, one per agent. */
  static final java.awt.Color[] AGENT_COLOURS = org.saferlhub.app.figures.LabPlots.agentColours();

  /**
   * A safety experiment over training: for each agent and behaviour, the share of episodes
   * showing it per stretch of training (mean over seeds, with the lowest and highest seed as an
   * error bar), one line per agent and behaviour.
   */
  static void behaviours(String title,
      java.util.List<org.saferlhub.app.safety.SafetyExperiment.AgentResult> agents, Path file) {
    XYChart chart = new XYChartBuilder().width(900).height(500).title(title)
        .xAxisTitle("episodes trained").yAxisTitle("share of episodes showing the behaviour (%)")
        .build();
    chart.getStyler().setMarkerSize(4);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(100.0);
    java.util.List<java.awt.Color> colours = new java.util.ArrayList<>();
    int a = 0;
    for (var agent : agents) {
      long[] ends = agent.curve().episodes();
      double[] x = new double[ends.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = ends[i];
      }
      int b = 0;
      for (var e : agent.curve().behaviours().entrySet()) {
        double[] mean = percent(e.getValue().mean());
        double[] low = percent(e.getValue().low());
        double[] high = percent(e.getValue().high());
        double[] error = new double[x.length];
        for (int i = 0; i < x.length; i++) {
          error[i] = Math.max(high[i] - mean[i], mean[i] - low[i]);
        }
        XYSeries series = chart.addSeries(agent.agent() + ": " + e.getKey(), x, mean, error);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        if (b > 0) {
          series.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT,
              java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {8f, 4f + 2f * b}, 0f));
        }
        colours.add(AGENT_COLOURS[a % AGENT_COLOURS.length]);
        b++;
      }
      a++;
    }
    chart.getStyler().setSeriesColors(colours.toArray(new java.awt.Color[0]));
    save(chart, file);
  }

  private static double[] percent(double[] shares) {
    double[] out = new double[shares.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = 100 * shares[i];
    }
    return out;
  }

  /**
   * A policy-lab run over its updates: proxy and true reward, π(exploit) and KL to the reference,
   * with the exact optimum's true reward and π(exploit) as flat lines when the run has one.
   */
  static void labRun(String title, java.util.List<java.util.Map<String, Object>> history,
      java.util.@org.jspecify.annotations.Nullable Map<?, ?> optimum, Path file) {
    double[] x = new double[history.size()];
    double[] proxy = new double[x.length];
    double[] truth = new double[x.length];
    double[] exploit = new double[x.length];
    double[] kl = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      java.util.Map<String, Object> h = history.get(i);
      x[i] = ((Number) h.get("step")).doubleValue();
      proxy[i] = ((Number) h.get("proxyReward")).doubleValue();
      truth[i] = ((Number) h.get("trueReward")).doubleValue();
      exploit[i] = ((Number) h.get("piExploit")).doubleValue();
      kl[i] = ((Number) h.get("kl")).doubleValue();
    }
    XYChart chart = new XYChartBuilder().width(900).height(500).title(title)
        .xAxisTitle("updates").yAxisTitle("reward per answer, π(exploit), KL (nats)").build();
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setXAxisTickMarkSpacingHint(100);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    java.util.List<java.awt.Color> colours = new java.util.ArrayList<>(java.util.List.of(
        AGENT_COLOURS[0], AGENT_COLOURS[1], AGENT_COLOURS[2], AGENT_COLOURS[3]));
    chart.addSeries("proxy reward", x, proxy).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chart.addSeries("true reward", x, truth).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chart.addSeries("π(exploit)", x, exploit).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chart.addSeries("KL(π ‖ π_ref), nats", x, kl).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    if (optimum != null && x.length > 1) {
      double[] ends = {x[0], x[x.length - 1]};
      double t = ((Number) optimum.get("trueReward")).doubleValue();
      double e = ((Number) optimum.get("piExploit")).doubleValue();
      java.awt.BasicStroke dashed = new java.awt.BasicStroke(1.5f,
          java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f,
          new float[] {6f, 4f}, 0f);
      XYSeries trueLine = chart.addSeries("exact optimum: true reward", ends, new double[] {t, t});
      trueLine.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      trueLine.setLineStyle(dashed);
      XYSeries exploitLine = chart.addSeries("exact optimum: π(exploit)", ends,
          new double[] {e, e});
      exploitLine.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      exploitLine.setLineStyle(dashed);
      colours.add(AGENT_COLOURS[1]);
      colours.add(AGENT_COLOURS[2]);
    }
    chart.getStyler().setSeriesColors(colours.toArray(new java.awt.Color[0]));
    save(chart, file);
  }
}
