package org.saferlhub.app.blackjack;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.env.blackjack.BlackjackObservation;
import org.saferlhub.env.blackjack.BlackjackPolicy;
import org.saferlhub.env.blackjack.BlackjackRules;
import org.saferlhub.env.blackjack.BlackjackSolution;
import org.saferlhub.env.blackjack.BlackjackSolver;
import org.saferlhub.train.TrainingPoint;
import org.saferlhub.train.TrainingResult;

/**
 * Turns Blackjack results into the JSON-ready maps the web API and the CLI print: policy charts,
 * Q-value grids, visit counts and exact expected returns. One place, so the page and the command
 * line always agree.
 */
public final class BlackjackReport {

  /** Player sums shown with a usable ace. */
  public static final int USABLE_FROM = 12;

  /** Player sums shown without a usable ace. */
  public static final int NO_USABLE_FROM = 4;

  private static final Map<BlackjackRules, BlackjackSolution> SOLUTIONS =
      new EnumMap<>(BlackjackRules.class);

  private BlackjackReport() {}

  /** The exact solution for {@code rules}, computed once. */
  public static synchronized BlackjackSolution solution(BlackjackRules rules) {
    return SOLUTIONS.computeIfAbsent(rules, BlackjackSolver::solve);
  }

  /** {@code {"usable": {"12": "HH…"}, "no_usable": {"4": "HH…"}}}. */
  public static Map<String, Object> policy(BlackjackPolicy policy) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("usable", policy.usableChart());
    m.put("no_usable", policy.noUsableChart());
    return m;
  }

  /** Q(stick) and Q(hit) per chart cell: {@code {"usable": {"12": {"stick": [A..10], "hit": […]}}}}. */
  public static Map<String, Object> q(double[] q) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("usable", qRows(q, 1, USABLE_FROM));
    m.put("no_usable", qRows(q, 0, NO_USABLE_FROM));
    return m;
  }

  private static Map<String, Object> qRows(double[] q, int usable, int from) {
    Map<String, Object> rows = new LinkedHashMap<>();
    for (int sum = from; sum <= 21; sum++) {
      double[] stick = new double[10];
      double[] hit = new double[10];
      for (int dealer = 1; dealer <= 10; dealer++) {
        int s = BlackjackObservation.index(sum, dealer, usable);
        stick[dealer - 1] = round(q[s * 2]);
        hit[dealer - 1] = round(q[s * 2 + 1]);
      }
      rows.put(Integer.toString(sum), Map.of("stick", stick, "hit", hit));
    }
    return rows;
  }

  /**
   * The inverse of {@link #q(double[])}: a Q table ({@code q[state * 2 + action]}) from the chart
   * grid of a stored result. Cells outside the chart (never a decision) stay 0.
   *
   * @throws IllegalArgumentException when a row is missing or malformed
   */
  @SuppressWarnings("unchecked")
  public static double[] qTable(Map<String, Object> grid) {
    double[] q = new double[BlackjackObservation.COUNT * 2];
    for (int usable = 0; usable <= 1; usable++) {
      Map<String, Object> rows = (Map<String, Object>) grid.get(usable == 1 ? "usable" : "no_usable");
      if (rows == null) {
        throw new IllegalArgumentException("q grid lacks " + (usable == 1 ? "usable" : "no_usable"));
      }
      for (int sum = usable == 1 ? USABLE_FROM : NO_USABLE_FROM; sum <= 21; sum++) {
        Map<String, Object> row = (Map<String, Object>) rows.get(Integer.toString(sum));
        if (row == null) {
          throw new IllegalArgumentException("q grid lacks row " + sum);
        }
        List<Number> stick = (List<Number>) row.get("stick");
        List<Number> hit = (List<Number>) row.get("hit");
        for (int dealer = 1; dealer <= 10; dealer++) {
          int s = BlackjackObservation.index(sum, dealer, usable);
          q[s * 2] = stick.get(dealer - 1).doubleValue();
          q[s * 2 + 1] = hit.get(dealer - 1).doubleValue();
        }
      }
    }
    return q;
  }

  /** How often training acted in each chart cell. */
  public static Map<String, Object> visits(long[] visits) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int usable = 1; usable >= 0; usable--) {
      Map<String, Object> rows = new LinkedHashMap<>();
      for (int sum = usable == 1 ? USABLE_FROM : NO_USABLE_FROM; sum <= 21; sum++) {
        long[] row = new long[10];
        for (int dealer = 1; dealer <= 10; dealer++) {
          row[dealer - 1] = visits[BlackjackObservation.index(sum, dealer, usable)];
        }
        rows.put(Integer.toString(sum), row);
      }
      m.put(usable == 1 ? "usable" : "no_usable", rows);
    }
    return m;
  }

  /** The whole result object of docs/api.md. */
  public static Map<String, Object> result(TrainingResult run, boolean withCurve) {
    BlackjackRules rules = RunConfigs.rules(run.config());
    BlackjackSolution best = solution(rules);
    double[] q = run.q().toArray();
    BlackjackPolicy learned = BlackjackPolicy.greedy(q);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("config", RunConfigs.toFields(run.config()));
    m.put("stopReason", run.stopReason().name().toLowerCase(java.util.Locale.ROOT));
    m.put("episodes", run.episodes());
    m.put("elapsedSeconds", run.elapsedSeconds());
    m.put("episodesPerSecond", Math.round(run.episodesPerSecond()));
    m.put("meanReturn", finiteOrNull(run.meanReturn()));
    m.put("expectedReturn", BlackjackSolver.expectedReturn(rules, learned));
    m.put("optimalExpectedReturn", best.optimalExpectedReturn());
    m.put("differingCells", learned.differences(best.policy()));
    m.put("policy", policy(learned));
    m.put("optimalPolicy", policy(best.policy()));
    m.put("q", q(q));
    m.put("optimalQ", q(best.q()));
    m.put("visits", visits(run.visits()));
    if (withCurve) {
      m.put("points", points(run.points()));
    }
    return m;
  }

  /** The learning curve as plain maps. */
  public static List<Map<String, Object>> points(List<TrainingPoint> points) {
    List<Map<String, Object>> out = new ArrayList<>(points.size());
    for (TrainingPoint p : points) {
      out.add(point(p));
    }
    return out;
  }

  /** One point as a plain map (NaN-free, so it is valid JSON). */
  public static Map<String, Object> point(TrainingPoint p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("episode", p.episode());
    m.put("meanReturn", round(p.meanReturn()));
    m.put("winRate", round(p.winRate()));
    m.put("drawRate", round(p.drawRate()));
    m.put("lossRate", round(p.lossRate()));
    m.put("epsilon", round(p.epsilon()));
    m.put("meanAbsTdError", round(p.meanAbsTdError()));
    m.put("meanLength", round(p.meanLength()));
    return m;
  }

  /** Rounds to 6 decimals for display-sized JSON (exact values are kept where they matter). */
  static double round(double x) {
    return Math.round(x * 1e6) / 1e6;
  }

  /** A finite number, or null (JSON has no NaN). */
  public static Object finiteOrNull(double x) {
    return Double.isFinite(x) ? x : null;
  }
}
