package org.saferlhub.app.blackjack;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saferlhub.app.run.RunReports;
import org.saferlhub.env.blackjack.BlackjackObservation;
import org.saferlhub.env.blackjack.BlackjackPolicy;
import org.saferlhub.env.blackjack.BlackjackRules;
import org.saferlhub.env.blackjack.BlackjackSolution;
import org.saferlhub.env.blackjack.BlackjackSolver;

/**
 * Blackjack's JSON-ready pieces, which {@link BlackjackView} puts into a run's report: policy
 * charts, Q-value grids, visit counts, and the exact solution of each rule set (computed once).
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
        stick[dealer - 1] = RunReports.round(q[s * 2]);
        hit[dealer - 1] = RunReports.round(q[s * 2 + 1]);
      }
      Map<String, Object> row = new LinkedHashMap<>(); // a stable order, wherever it runs
      row.put("stick", stick);
      row.put("hit", hit);
      rows.put(Integer.toString(sum), row);
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

}
