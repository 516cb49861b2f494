package org.saferlhub.app.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.saferlhub.config.Check;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.SeedExperiment;
import org.saferlhub.train.TrainingResult;

/**
 * A seed experiment ("run 5 seeds") as the web API and the engine in the learner's browser both
 * answer it: the same configuration trained with seeds {@code seed, seed + 1, …}, the mean curve
 * with its spread, and the spread of the mean and exact expected returns.
 */
public final class Experiments {

  /** Most episodes each seed of an experiment may train. */
  public static final long MAX_EPISODES = 2_000_000;

  /** Every field an experiment reads: a run's, and {@code seeds}. */
  public static final java.util.Set<String> FIELDS = fields();

  private Experiments() {}

  private static java.util.Set<String> fields() {
    java.util.Set<String> f = new java.util.HashSet<>(RunConfigs.FIELDS);
    f.add("seeds");
    return java.util.Set.copyOf(f);
  }

  /**
   * An experiment's outcome: the answer of {@code POST /api/experiments} without the saved runs'
   * ids, and each seed's full run report (to save).
   */
  public record Outcome(Map<String, Object> answer, List<Map<String, Object>> reports,
      List<TrainingResult> runs) {}

  /**
   * Reads the fields ({@code seeds} 2 to {@value SeedExperiment#MAX_SEEDS}, default 5, and a run's
   * fields, at most {@value #MAX_EPISODES} episodes each) and trains the experiment.
   *
   * @throws org.saferlhub.config.ParameterException naming the first bad field
   */
  public static Outcome run(RunFields fields, RunConfigs.Surface surface, BooleanSupplier stop,
      Duration maxTimePerRun) {
    int seeds = (int) Check.range("seeds", fields.integer("seeds", 5), 2, SeedExperiment.MAX_SEEDS);
    RunConfig config = RunConfigs.fromFields(fields, surface);
    Check.range("episodes", config.episodes(), FamilyViews.of(config.env()).minWebEpisodes(),
        MAX_EPISODES);
    return of(config, SeedExperiment.run(config, seeds, RunConfig::makeEnv, stop,
        maxTimePerRun));
  }

  /** The outcome of a trained experiment. */
  public static Outcome of(RunConfig config, SeedExperiment experiment) {
    FamilyView view = FamilyViews.of(config.env());
    List<Map<String, Object>> reports = new ArrayList<>();
    List<Double> expected = new ArrayList<>();
    List<Double> means = new ArrayList<>();
    for (TrainingResult r : experiment.runs()) {
      // The runs trained without a listener: a fresh collector sees only the finished result.
      Map<String, Object> report = RunReports.full(r, view.collect(r.config()), true);
      reports.add(report);
      if (report.get("expectedReturn") instanceof Number x) {
        expected.add(x.doubleValue());
      }
      if (report.get("meanReturn") instanceof Number x) {
        means.add(x.doubleValue());
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("config", RunConfigs.toFields(config));
    m.put("seeds", experiment.runs().stream().map(r -> r.config().seed()).toList());
    m.put("curve", curve(experiment.curve()));
    m.put("meanReturn", spread(means));
    if (!expected.isEmpty()) {
      m.put("expectedReturn", spread(expected));
      m.put("optimalExpectedReturn", reports.get(0).get("optimalExpectedReturn"));
    }
    return new Outcome(m, reports, experiment.runs());
  }

  private static List<Map<String, Object>> curve(List<SeedExperiment.Band> bands) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (SeedExperiment.Band b : bands) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("episode", b.episode());
      p.put("mean", b.mean());
      p.put("sd", b.sd());
      p.put("min", b.min());
      p.put("max", b.max());
      out.add(p);
    }
    return out;
  }

  /** {@code {mean, sd, values}} of per-seed numbers (sample standard deviation). */
  private static Map<String, Object> spread(List<Double> values) {
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean = values.isEmpty() ? 0 : mean / values.size();
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", mean);
    m.put("sd", Math.sqrt(squares / Math.max(1, values.size() - 1)));
    m.put("values", values);
    return m;
  }
}
