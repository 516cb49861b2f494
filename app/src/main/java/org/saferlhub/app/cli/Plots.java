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
    UserFiles.requireName(OPTION, file);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".png") && !name.endsWith(".svg")) {
      throw new ParameterException("plot", "--plot must be a file name ending in .png or .svg, "
          + "was '" + file + "'");
    }
    UserFiles.checkOutput(OPTION, file);
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
}
