package org.saferlhub.app.goal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.View;

/**
 * The diversity curve ({@code saferlhub experiment diversity}): for every share p of randomised
 * training levels, every training budget and every seed, one {@link GoalTraining} run, and its
 * test split. Runs go to a pool of threads; each run is seeded on its own, so the rows are the
 * same whatever the number of threads, and come back in the order p, steps, seed.
 */
public final class Diversity {

  /** The shares of the curve. */
  public static final List<Double> DEFAULT_P = List.of(0.0, 0.02, 0.05, 0.1, 0.25, 1.0);

  /** The most runs one experiment may make. */
  public static final int MAX_RUNS = 400;

  private Diversity() {}

  /**
   * The settings of every run, in row order.
   *
   * @throws ParameterException naming the field out of range
   */
  public static List<GoalTraining.Settings> plan(String env, String agent, List<Double> ps,
      List<Long> steps, int seeds, View view, int testLevels) {
    if (ps.isEmpty() || steps.isEmpty()) {
      throw new ParameterException(ps.isEmpty() ? "p" : "steps", "give at least one value");
    }
    if (seeds < 1 || seeds > 20) {
      throw new ParameterException("seeds", "seeds must be from 1 to 20, was " + seeds);
    }
    long runs = (long) ps.size() * steps.size() * seeds;
    if (runs > MAX_RUNS) {
      throw new ParameterException("p", "that is " + runs + " runs; at most " + MAX_RUNS);
    }
    List<GoalTraining.Settings> plan = new ArrayList<>();
    for (double p : ps) {
      for (long n : steps) {
        for (int seed = 0; seed < seeds; seed++) {
          plan.add(new GoalTraining.Settings(env, agent, p, view, n, seed, testLevels));
        }
      }
    }
    return plan;
  }

  /** One row of the curve: the run's short report without its command. */
  public static Map<String, Object> row(GoalTraining.Outcome o) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("p", o.settings().p());
    row.put("seed", o.settings().seed());
    row.put("steps", o.settings().steps());
    row.put("trainSuccess", o.train().share(0));
    for (int i = 0; i < o.test().outcomes().size(); i++) {
      row.put(GoalTraining.key(o.test().outcomes().get(i)), o.test().share(i));
    }
    return row;
  }

  /**
   * Runs the plan on {@code threads} threads.
   *
   * @param done called (from a worker thread) after each run
   * @param cancelled checked between updates; true stops every run early
   * @return one row per run, in plan order
   */
  public static List<Map<String, Object>> run(List<GoalTraining.Settings> plan, int threads,
      Runnable done, BooleanSupplier cancelled) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<Map<String, Object>>> futures = new ArrayList<>();
      for (GoalTraining.Settings s : plan) {
        futures.add(pool.submit(() -> {
          Map<String, Object> row = row(GoalTraining.run(s, u -> !cancelled.getAsBoolean()));
          done.run();
          return row;
        }));
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Future<Map<String, Object>> f : futures) {
        try {
          rows.add(f.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
      return rows;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The rows as CSV, columns in the rows' order. */
  public static String csv(List<Map<String, Object>> rows) {
    StringBuilder b = new StringBuilder();
    if (rows.isEmpty()) {
      return "";
    }
    b.append(String.join(",", rows.get(0).keySet())).append('\n');
    for (Map<String, Object> row : rows) {
      b.append(String.join(",", row.values().stream().map(String::valueOf).toList()))
          .append('\n');
    }
    return b.toString();
  }

  /** The command that reproduces the experiment. */
  public static String command(String env, String agent, List<Double> ps, List<Long> steps,
      int seeds, View view) {
    return "saferlhub experiment diversity --env " + env + " --agent " + agent + " --p "
        + String.join(",", ps.stream().map(GoalTraining::number).toList()) + " --steps "
        + String.join(",", steps.stream().map(String::valueOf).toList()) + " --seeds " + seeds
        + " --view " + view.id() + " --json";
  }
}
