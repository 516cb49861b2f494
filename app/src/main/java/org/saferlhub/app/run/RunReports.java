package org.saferlhub.app.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.saferlhub.train.TrainingPoint;
import org.saferlhub.train.TrainingResult;

/**
 * The one report of a run, for every environment family: what every run has (configuration, how
 * it ended, speed, mean return, performance where there is a hidden channel, the learning curve),
 * then what the family's {@link FamilyView} adds. The web API and {@code train --out} print
 * {@link #full}; {@code train --json} prints {@link #summary}.
 */
public final class RunReports {

  private RunReports() {}

  /** The whole report (docs/api.md, "The run report"). */
  public static Map<String, Object> full(TrainingResult run, FamilyView.Collector family,
      boolean withCurve) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("config", RunConfigs.toFields(run.config()));
    boolean hidden = hidden(run);
    common(m, run, hidden);
    family.addFull(m, run);
    if (withCurve) {
      m.put("points", points(run.points(), hidden));
    }
    return m;
  }

  /**
   * The short report: the settings as flat fields ({@code agent} names the algorithm), what every
   * run has, then the family's own fields.
   */
  public static Map<String, Object> summary(TrainingResult run, FamilyView.Collector family) {
    Map<String, Object> s = new LinkedHashMap<>();
    Map<String, Object> fields = RunConfigs.toFields(run.config());
    for (Map.Entry<String, Object> f : fields.entrySet()) {
      s.put(f.getKey().equals("algorithm") ? "agent" : f.getKey(), f.getValue());
    }
    s.remove("episodes"); // the episodes run, below, not the episodes asked for
    s.remove(org.saferlhub.env.Envs.MAP); // a custom map's text is in the full report
    common(s, run, hidden(run));
    family.addSummary(s, run);
    return s;
  }

  private static void common(Map<String, Object> m, TrainingResult run, boolean hidden) {
    m.put("stopReason", run.stopReason().name().toLowerCase(Locale.ROOT));
    m.put("episodes", run.episodes());
    m.put("elapsedSeconds", run.elapsedSeconds());
    m.put("episodesPerSecond", Math.round(run.episodesPerSecond()));
    m.put("meanReturn", finiteOrNull(run.meanReturn()));
    if (hidden) {
      m.put("meanPerformance", finiteOrNull(run.meanPerformance()));
    }
  }

  /** Whether the run's environment has a hidden channel worth reporting. */
  private static boolean hidden(TrainingResult run) {
    var env = run.config().makeEnv();
    try {
      return env.hasHiddenReward();
    } finally {
      env.close();
    }
  }

  /** The learning curve as plain maps. */
  public static List<Map<String, Object>> points(List<TrainingPoint> points, boolean hidden) {
    List<Map<String, Object>> out = new ArrayList<>(points.size());
    for (TrainingPoint p : points) {
      out.add(point(p, hidden));
    }
    return out;
  }

  /** One point as a plain map (NaN-free, so it is valid JSON). */
  public static Map<String, Object> point(TrainingPoint p, boolean hidden) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("episode", p.episode());
    m.put("meanReturn", round(p.meanReturn()));
    m.put("winRate", round(p.winRate()));
    m.put("drawRate", round(p.drawRate()));
    m.put("lossRate", round(p.lossRate()));
    m.put("epsilon", round(p.epsilon()));
    m.put("meanAbsTdError", round(p.meanAbsTdError()));
    m.put("meanLength", round(p.meanLength()));
    if (hidden) {
      m.put("meanPerformance", round(p.meanPerformance()));
    }
    return m;
  }

  /** Rounds to 6 decimals for display-sized JSON (exact values are kept where they matter). */
  public static double round(double x) {
    return Math.round(x * 1e6) / 1e6;
  }

  /** A finite number, or null (JSON has no NaN). */
  public static Object finiteOrNull(double x) {
    return Double.isFinite(x) ? x : null;
  }
}
