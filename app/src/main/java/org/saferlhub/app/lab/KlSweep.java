package org.saferlhub.app.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saferlhub.config.ParameterException;
import org.saferlhub.policy.Bandit;
import org.saferlhub.policy.OveroptimizationFit;
import org.saferlhub.policy.Tilt;
import org.saferlhub.policy.TinyLanguageModel;
import org.saferlhub.policy.TokenPolicy;

/**
 * The KL sweep of the policy lab (issue 14): every agent at every β, over seeds, from the base
 * model, each with the settings the lab page starts from ({@link #settings}); the final proxy and
 * true reward, KL to the base model and π(exploit) of each run, beside the exact optimum at the
 * same β. {@code saferlhub experiment kl-sweep} runs the cells on all cores; each cell is a pure
 * function of its (agent, β, seed), so the order they run in never changes a number.
 */
public final class KlSweep {

  /** The agents a sweep runs unless told otherwise. */
  public static final List<String> DEFAULT_AGENTS = List.of("npg", "trpo", "ppo", "grpo", "dpo");
  /** Twelve β from 1 down to 0.02: both sides of the burning building's cliff at 0.053. */
  public static final List<Double> DEFAULT_BETAS = List.of(1.0, 0.5, 0.3, 0.2, 0.15, 0.1, 0.08,
      0.06, 0.05, 0.04, 0.03, 0.02);
  /** The agents a sweep can run (best-of-n has no β; ppo-kl's β is not the anchor's). */
  public static final List<String> AGENTS = List.of("npg", "trpo", "reinforce", "actor-critic",
      "ppo", "grpo", "dpo");

  private KlSweep() {}

  /**
   * One run's final numbers.
   *
   * @param agent the algorithm
   * @param beta the anchor's weight
   * @param seed the sampling seed
   * @param proxyReward E_π[proxy] after the last update
   * @param trueReward E_π[true reward] after it
   * @param kl KL(π ‖ π_ref), nats
   * @param piExploit π(exploit)
   */
  public record Row(String agent, double beta, long seed, double proxyReward, double trueReward,
      double kl, double piExploit) {}

  /**
   * The exact optimum at one β.
   *
   * @param beta β
   * @param piExploit π*_β(exploit)
   * @param proxyReward E_{π*}[proxy]
   * @param trueReward E_{π*}[true reward]
   * @param kl KL(π* ‖ π_ref)
   */
  public record Exact(double beta, double piExploit, double proxyReward, double trueReward,
      double kl) {}

  /**
   * One cell of a sweep: an agent at one β with one seed.
   *
   * @param agent the algorithm
   * @param beta the anchor's weight
   * @param seed the sampling seed
   */
  public record Cell(String agent, double beta, long seed) {}

  /**
   * A whole sweep: its runs and what is drawn and printed beside them.
   *
   * @param env the problem's name ({@code burning-building}, {@code tiny-lm}, a bandit's id)
   * @param rows every run, in the order of {@link #cells}
   * @param exact the exact optimum at each β of the sweep
   * @param path the exact optimum at {@link #PATH_POINTS} β from 2 down to 0.01, for drawing its
   *     curve
   * @param fits Gao et al.'s two forms fitted to each agent's runs ({@link #fits})
   * @param referenceTrue the base model's own true reward
   */
  public record Result(String env, List<Row> rows, List<Exact> exact, List<Exact> path,
      Map<String, List<OveroptimizationFit.Fit>> fits, double referenceTrue) {}

  /** How many β the exact optimum's curve is drawn through. */
  static final int PATH_POINTS = 81;

  /**
   * The cells of a sweep in the order they are run and reported: agent by agent, β by β, then
   * seeds {@code seed}, {@code seed + 1}, … ({@code seeds} of them).
   */
  public static List<Cell> cells(List<String> agents, List<Double> betas, long seed, int seeds) {
    List<Cell> out = new ArrayList<>();
    for (String agent : agents) {
      for (double beta : betas) {
        for (int i = 0; i < seeds; i++) {
          out.add(new Cell(agent, beta, seed + i));
        }
      }
    }
    return out;
  }

  /**
   * Everything a sweep reports from its runs {@code rows} (one per cell, in the order of {@link
   * #cells}): the exact optimum at each β and along its whole path, the fits and the base model's
   * true reward.
   */
  public static Result result(@Nullable Bandit bandit, double bonus, List<Double> betas,
      List<Row> rows) {
    List<Double> path = new ArrayList<>();
    for (int i = 0; i < PATH_POINTS; i++) {
      path.add(2 * StrictMath.pow(0.005, i / (PATH_POINTS - 1.0))); // β from 2 down to 0.01
    }
    double referenceTrue = referenceTrueReward(bandit, bonus);
    return new Result(bandit == null ? "tiny-lm" : bandit.id(), List.copyOf(rows),
        exact(bandit, bonus, betas), exact(bandit, bonus, path), fits(rows, referenceTrue),
        referenceTrue);
  }

  /**
   * A whole sweep on this thread, one cell after another: what {@code saferlhub experiment
   * kl-sweep} computes on all cores (each cell is a pure function of its agent, β and seed, so
   * the two give the same numbers).
   */
  public static Result sweep(@Nullable Bandit bandit, double bonus, List<String> agents,
      List<Double> betas, long seed, int seeds, int steps) {
    List<Row> rows = new ArrayList<>();
    for (Cell c : cells(agents, betas, seed, seeds)) {
      rows.add(run(bandit, bonus, c.agent(), c.beta(), c.seed(), steps));
    }
    return result(bandit, bonus, betas, rows);
  }

  /**
   * The settings each agent starts from in the lab (lesson 9's presets), with {@code steps}
   * updates, anchored at β where its anchor goes (k1 in the reward; GRPO: k3 in the loss; DPO:
   * implicit); β = 0 is no anchor.
   *
   * @throws ParameterException naming {@code agents} for an agent a sweep does not run
   */
  public static LabRuns.Settings settings(String env, String agent, double beta, long seed,
      int steps) {
    boolean tiny = env.equals("tiny-lm");
    String kl = beta > 0 ? "reward" : "none"; // β 0: no anchor
    return switch (agent) {
      case "npg" -> new LabRuns.Settings("npg", steps, 0.5, beta, kl, 64, 4, 0.2, "mean",
          false, 64, 0.01, seed);
      case "trpo" -> new LabRuns.Settings("trpo", steps, 0.5, beta, kl, 64, 4, 0.2, "mean",
          false, 64, tiny ? 0.05 : 0.01, seed);
      case "reinforce" -> new LabRuns.Settings("reinforce", steps, 1, beta, kl, 64, 4, 0.2,
          "leave-one-out", false, 64, 0.01, seed);
      case "actor-critic" -> new LabRuns.Settings("actor-critic", steps, 1, beta, kl, 64, 4,
          0.2, "mean", false, 64, 0.01, seed);
      case "ppo" -> new LabRuns.Settings("ppo", steps, 1, beta, kl, 64, 4, 0.2, "mean",
          false, 64, 0.01, seed);
      case "grpo" -> new LabRuns.Settings("grpo", steps, 0.5, beta, beta > 0 ? "loss" : "none", 8, 4, 0.2, "mean",
          false, 64, 0.01, seed);
      case "dpo" -> new LabRuns.Settings("dpo", steps, 1, beta, "none", 500, 4, 0.2, "mean",
          false, 64, 0.01, seed);
      default -> throw new ParameterException("agents", "a KL sweep runs " + String.join(", ",
          AGENTS) + "; was '" + (agent.length() > 20 ? agent.substring(0, 20) + "…" : agent)
          + "'");
    };
  }

  /** Checks the agent list: 1 to 7 of {@link #AGENTS}, without repeats. */
  public static List<String> agents(List<String> given) {
    List<String> out = new ArrayList<>();
    for (String a : given) {
      String id = a.trim().toLowerCase(Locale.ROOT);
      if (!AGENTS.contains(id)) {
        settings("burning-building", id, 0.1, 1, 1); // throws, naming the agent
      }
      if (out.contains(id)) {
        throw new ParameterException("agents", "agents lists '" + id + "' twice");
      }
      out.add(id);
    }
    if (out.isEmpty()) {
      throw new ParameterException("agents", "agents must list at least one of " + String.join(
          ", ", AGENTS));
    }
    return out;
  }

  /**
   * One cell: the agent at β with this seed, on the burning building or a bandit ({@code bandit}
   * not null) or the tiny language model ({@code bandit} null).
   */
  public static Row run(@Nullable Bandit bandit, double bonus, String agent, double beta, long seed,
      int steps) {
    String env = bandit == null ? "tiny-lm" : bandit.id();
    LabRuns.Settings s = settings(env, agent, beta, seed, steps);
    Map<String, Object> m = bandit == null
        ? LabRuns.runTinyLm(new TinyLanguageModel(bonus), bonus, s) : LabRuns.run(bandit, s);
    @SuppressWarnings("unchecked")
    Map<String, Object> last = (Map<String, Object>) m.get("final");
    return new Row(agent, beta, seed, number(last, "proxyReward"), number(last, "trueReward"),
        number(last, "kl"), number(last, "piExploit"));
  }

  /** The exact optimum at each β: the tilt (bandits) or soft value iteration (the tiny model). */
  public static List<Exact> exact(@Nullable Bandit bandit, double bonus, List<Double> betas) {
    List<Exact> out = new ArrayList<>();
    if (bandit != null) {
      for (double beta : betas) {
        Tilt.Point p = Tilt.at(bandit, beta);
        out.add(new Exact(beta, p.piExploit(), p.proxyReward(), p.trueReward(), p.kl()));
      }
      return out;
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) LabTilts.tinyLm(bonus, betas)
        .get("rows");
    for (Map<String, Object> r : rows) {
      out.add(new Exact(number(r, "beta"), number(r, "piExploit"), number(r, "proxyReward"),
          number(r, "trueReward"), number(r, "kl")));
    }
    return out;
  }

  /** The true reward of the base model itself, where every run starts. */
  public static double referenceTrueReward(@Nullable Bandit bandit, double bonus) {
    if (bandit != null) {
      return bandit.trueReward(bandit.reference());
    }
    TokenPolicy lm = new TokenPolicy(new TinyLanguageModel(bonus));
    return lm.trueReward(lm.referenceLaw());
  }

  /**
   * Gao et al.'s two forms fitted to each agent's runs: true reward gained over the base model
   * against d = √KL ({@link OveroptimizationFit}); an agent whose runs cannot be fitted (fewer
   * than three, or all at one distance) is left out.
   */
  public static Map<String, List<OveroptimizationFit.Fit>> fits(List<Row> rows,
      double referenceTrue) {
    List<String> agents = new ArrayList<>();
    for (Row r : rows) {
      if (!agents.contains(r.agent())) {
        agents.add(r.agent());
      }
    }
    Map<String, List<OveroptimizationFit.Fit>> out = new LinkedHashMap<>();
    for (String agent : agents) {
      List<OveroptimizationFit.Fit> fitted = new ArrayList<>();
      out.put(agent, fitted);
      List<Row> mine = new ArrayList<>();
      for (Row r : rows) {
        if (r.agent().equals(agent)) {
          mine.add(r);
        }
      }
      double[] d = new double[mine.size()];
      double[] gain = new double[mine.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = Math.sqrt(Math.max(mine.get(i).kl(), 0));
        gain[i] = mine.get(i).trueReward() - referenceTrue;
      }
      for (OveroptimizationFit.Form form : OveroptimizationFit.Form.values()) {
        try {
          fitted.add(OveroptimizationFit.fit(form, d, gain));
        } catch (ParameterException tooFew) {
          // not enough distinct distances to fit this agent
        }
      }
    }
    return out;
  }

  /** The sweep as {@code saferlhub experiment kl-sweep --json} prints it. */
  public static Map<String, Object> json(String env, List<Row> rows, List<Exact> exact,
      Map<String, List<OveroptimizationFit.Fit>> fits, double referenceTrue) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", env);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("agent", r.agent());
      row.put("beta", r.beta());
      row.put("seed", r.seed());
      row.put("proxyReward", r.proxyReward());
      row.put("trueReward", r.trueReward());
      row.put("kl", r.kl());
      row.put("piExploit", r.piExploit());
      out.add(row);
    }
    m.put("rows", out);
    List<Map<String, Object>> exactRows = new ArrayList<>();
    for (Exact e : exact) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("beta", e.beta());
      row.put("piExploit", e.piExploit());
      row.put("proxyReward", e.proxyReward());
      row.put("trueReward", e.trueReward());
      row.put("kl", e.kl());
      exactRows.add(row);
    }
    m.put("exact", exactRows);
    m.put("referenceTrueReward", referenceTrue);
    List<Map<String, Object>> fitRows = new ArrayList<>();
    fits.forEach((agent, list) -> {
      for (OveroptimizationFit.Fit f : list) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("agent", agent);
        row.put("form", f.form() == OveroptimizationFit.Form.RL ? "rl" : "best-of-n");
        row.put("alpha", f.alpha());
        row.put("beta", f.beta());
        row.put("rSquared", Double.isNaN(f.rSquared()) ? null : f.rSquared());
        row.put("points", f.points());
        fitRows.add(row);
      }
    });
    m.put("fits", fitRows);
    return m;
  }

  private static double number(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).doubleValue();
  }
}
