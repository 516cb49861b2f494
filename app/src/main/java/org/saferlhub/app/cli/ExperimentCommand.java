package org.saferlhub.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.saferlhub.app.blackjack.BlackjackReport;
import org.saferlhub.app.run.FamilyView;
import org.saferlhub.app.run.FamilyViews;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.app.run.RunReports;
import org.saferlhub.config.Check;
import org.saferlhub.env.Envs;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.SeedExperiment;
import org.saferlhub.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code saferlhub experiment}: one configuration over several seeds — the page's "run 5 seeds" —
 * with the mean learning curve and its spread, as JSON, CSV or a plot with a band.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true, subcommands = {SafetyExperimentCommand.class, TiltCommand.class, KlSweepCommand.class,
    PathExperimentCommands.TrustRegion.class, PathExperimentCommands.BestOfN.class,
    PathExperimentCommands.Warnings.class, PreferencesCommand.class, DiversityCommand.class,
    CotMonitorCommand.class},
    description = {"Train one configuration with several seeds (seed, seed+1, …) and summarise.",
        "Example: saferlhub experiment --agent sarsa --episodes 200000 --seeds 5 --csv curve.csv"})
public final class ExperimentCommand implements Callable<Integer> {

  @Mixin
  RunOptions run = new RunOptions();

  @Option(names = "--seeds", description = "How many seeds, 2 to 10 (default: ${DEFAULT-VALUE}).")
  int seeds = 5;

  @Option(names = "--json", description = "Print one JSON object instead of a summary.")
  boolean json;

  @Option(names = "--csv", paramLabel = "FILE",
      description = "Write the curve (episode, mean, sd, min, max, one column per seed) as CSV.")
  Path csv;

  @Option(names = "--plot", paramLabel = "FILE",
      description = "Write the mean curve with a ±1 sd band to this .png or .svg file.")
  Path plot;

  @Override
  public Integer call() {
    Check.range("seeds", seeds, 2, SeedExperiment.MAX_SEEDS);
    if (csv != null) {
      UserFiles.checkOutput("--csv", csv);
    }
    if (plot != null) {
      Plots.check(plot);
    }
    RunConfig config = run.toConfig();
    SeedExperiment experiment;
    try (CtrlC ctrlC = CtrlC.listen()) {
      experiment = SeedExperiment.run(config, seeds, RunConfig::makeEnv, ctrlC::pressed,
          Duration.ofDays(365));
    }

    FamilyView view = FamilyViews.of(config.env());
    boolean blackjack = view.family().equals(RunConfigs.BLACKJACK);
    List<Double> expected = new ArrayList<>();
    List<Double> means = new ArrayList<>();
    List<Long> seedList = new ArrayList<>();
    for (TrainingResult r : experiment.runs()) {
      seedList.add(r.config().seed());
      means.add(r.meanReturn());
      if (blackjack) {
        expected.add(((Number) RunReports.full(r, view.collect(r.config()), false)
            .get("expectedReturn")).doubleValue());
      }
    }
    List<Double> headline = blackjack ? expected : means;
    double mean = headline.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double sd = Math.sqrt(headline.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum()
        / Math.max(1, headline.size() - 1));
    double optimal = blackjack
        ? BlackjackReport.solution(RunConfigs.rules(config)).optimalExpectedReturn() : Double.NaN;

    if (csv != null) {
      writeCsv(experiment, csv);
    }
    if (plot != null) {
      plot(experiment, optimal, plot);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.putAll(RunConfigs.toFields(config));
    m.remove("seed");
    m.put("seeds", seedList);
    if (blackjack) {
      m.put("expectedReturn", Map.of("mean", mean, "sd", sd, "values", expected));
      m.put("optimalExpectedReturn", optimal);
    } else {
      m.put("meanReturn", Map.of("mean", mean, "sd", sd, "values", means));
    }
    m.put("finalMeanReturn", experiment.curve().isEmpty() ? null
        : experiment.curve().get(experiment.curve().size() - 1));
    if (json) {
      m.put("curve", experiment.curve());
      System.out.println(Cli.json(m));
    } else {
      System.out.printf(Locale.ROOT, "%s on %s%s, %,d episodes × %d seeds %s%n",
          config.algorithm().id(), blackjack ? RunConfigs.BLACKJACK : config.env(),
          blackjack ? " (" + RunConfigs.rules(config).id() + " rules)" : "", config.episodes(),
          seeds, seedList);
      if (blackjack) {
        System.out.printf(Locale.ROOT, "  exact expected return of the greedy policies: "
            + "%+.5f ± %.5f (sd over seeds); optimal %+.5f%n", mean, sd, optimal);
      } else {
        System.out.printf(Locale.ROOT, "  mean return, last 10%% of training: %+.5f ± %.5f "
            + "(sd over seeds)%n", mean, sd);
      }
      for (int i = 0; i < headline.size(); i++) {
        System.out.printf(Locale.ROOT, "    seed %d: %+.6f%n", seedList.get(i), headline.get(i));
      }
    }
    return 0;
  }

  static void writeCsv(SeedExperiment experiment, Path file) {
    StringBuilder out = new StringBuilder("episode,mean,sd,min,max");
    for (TrainingResult r : experiment.runs()) {
      out.append(",seed_").append(r.config().seed());
    }
    out.append('\n');
    for (int p = 0; p < experiment.curve().size(); p++) {
      SeedExperiment.Band b = experiment.curve().get(p);
      out.append(b.episode()).append(',').append(b.mean()).append(',').append(b.sd())
          .append(',').append(b.min()).append(',').append(b.max());
      for (TrainingResult r : experiment.runs()) {
        out.append(',').append(r.points().get(p).meanReturn());
      }
      out.append('\n');
    }
    UserFiles.writeText("--csv", file, out);
  }

  static void plot(SeedExperiment experiment, double optimal, Path file) {
    var curve = experiment.curve();
    double[] x = new double[curve.size()];
    double[] mean = new double[curve.size()];
    double[] upper = new double[curve.size()];
    double[] lower = new double[curve.size()];
    double[] flat = new double[curve.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = curve.get(i).episode();
      mean[i] = curve.get(i).mean();
      upper[i] = curve.get(i).mean() + curve.get(i).sd();
      lower[i] = curve.get(i).mean() - curve.get(i).sd();
      flat[i] = optimal;
    }
    TrainingResult first = experiment.runs().get(0);
    XYChart chart = new XYChartBuilder().width(900).height(500)
        .title(first.config().algorithm().title() + " on " + first.config().env() + ", "
            + experiment.runs().size() + " seeds")
        .xAxisTitle("episodes").yAxisTitle("mean return per episode").build();
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setSeriesColors(new java.awt.Color[] {
        new java.awt.Color(0x00, 0x72, 0xB2), new java.awt.Color(0x56, 0xB4, 0xE9),
        new java.awt.Color(0x56, 0xB4, 0xE9), new java.awt.Color(0xE6, 0x9F, 0x00)});
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    chart.addSeries("mean over seeds", x, mean)
        .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chart.addSeries("mean + 1 sd", x, upper)
        .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chart.addSeries("mean − 1 sd", x, lower)
        .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    if (!Double.isNaN(optimal)) {
      chart.addSeries(String.format(Locale.ROOT, "optimal policy, exact: %.4f", optimal), x, flat)
          .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }
    Plots.save(chart, file);
  }
}
