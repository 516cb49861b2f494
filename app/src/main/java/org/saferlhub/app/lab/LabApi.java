package org.saferlhub.app.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.run.RunFields;
import org.saferlhub.config.ParameterException;
import org.saferlhub.policy.Bandit;
import org.saferlhub.policy.TinyLanguageModel;

/**
 * The policy lab's web API, answered the same by the server and by the engine in the learner's
 * page (nothing is stored; every answer is a pure function of the request):
 * <ul>
 *   <li>{@code POST /api/lab/tilt}: the exact optimum at each β ({@link LabTilts}), what
 *       {@code saferlhub experiment tilt --json} prints;
 *   <li>{@code POST /api/lab/runs}: one run of a lab algorithm ({@link LabRuns}), what
 *       {@code saferlhub train --env burning-building --agent … --json} prints.
 * </ul>
 * Bodies are JSON objects; unknown fields, wrong types and values out of range answer 400 naming
 * the field. The work one request may do is capped ({@link #WEB_MAX_STEPS}, {@link #WEB_MAX_WORK}).
 */
public final class LabApi {

  /** Most updates of one web run. */
  public static final int WEB_MAX_STEPS = 2_000;
  /** Most samples per update of one web run. */
  public static final int WEB_MAX_BATCH = 4_096;
  /** Most sample-gradients of one web run: steps × batch × epochs. */
  public static final long WEB_MAX_WORK = 2_000_000;

  private static final Set<String> PROBLEM_FIELDS = Set.of("env", "ref", "proxy", "true", "bonus",
      "sparse", "variant");
  private static final Set<String> TILT_FIELDS = Set.of("betas");
  private static final Set<String> RUN_FIELDS = Set.of("agent", "steps", "lr", "beta", "kl",
      "batch", "epochs", "clip", "baseline", "exact", "n", "delta", "seed", "criticLr", "lambda", "klTarget", "penalty");

  private LabApi() {}

  /** {@code POST /api/lab/tilt}: {@code {env, ref?, proxy?, true?, bonus?, betas}}. */
  public static Map<String, Object> tilt(@Nullable Object json) {
    Map<String, Object> body = object(json, TILT_FIELDS);
    Object listed = body.get("betas");
    List<Double> betas = listed == null ? List.of(0.5, 0.2, 0.135, 0.1, 0.08, 0.06, 0.05, 0.04)
        : numbers(listed, "betas");
    LabTilts.checkBetas(betas, LabTilts.WEB_MAX_BETAS);
    if (isShortcut(body)) {
      return LabTilts.gridShortcut(variant(body), betas);
    }
    if (isTinyLm(body)) {
      return LabTilts.tinyLm(tinyModel(body), betas);
    }
    return LabTilts.bandit(bandit(body), betas);
  }

  /** Most agents, β values, seeds and updates of one web sweep. */
  public static final int SWEEP_MAX_AGENTS = 5;
  public static final int SWEEP_MAX_BETAS = 12;
  public static final int SWEEP_MAX_SEEDS = 3;
  public static final int SWEEP_MAX_STEPS = 200;
  /** Most runs of a web sweep on the tiny language model (each is a whole training run). */
  public static final int SWEEP_MAX_TINY_RUNS = 60;

  private static final Set<String> SWEEP_FIELDS = Set.of("agents", "betas", "seeds", "steps");

  /**
   * {@code POST /api/lab/sweep}: {@code saferlhub experiment kl-sweep --json} with small budgets
   * (at most 5 agents, 12 β, 3 seeds, 200 updates; 60 runs on the tiny model), plus {@code path}:
   * the exact optimum at 41 β from 2 to 0.01, for the line the runs are drawn against.
   */
  public static Map<String, Object> sweep(@Nullable Object json) {
    Map<String, Object> body = object(json, SWEEP_FIELDS);
    boolean tiny = isTinyLm(body);
    if (tiny) {
      noBanditLists(body);
    }
    Bandit bandit = tiny ? null : bandit(body);
    double bonus = tiny ? bonus(body) : TinyLanguageModel.DEFAULT_BONUS;
    List<String> agents = new ArrayList<>();
    Object listed = body.get("agents");
    if (listed == null) {
      agents.addAll(KlSweep.DEFAULT_AGENTS);
    } else if (listed instanceof List<?> list) {
      for (Object a : list) {
        if (!(a instanceof String id)) {
          throw new ParameterException("agents", "agents must be a list of agent ids");
        }
        agents.add(id);
      }
    } else {
      throw new ParameterException("agents", "agents must be a list of agent ids");
    }
    agents = KlSweep.agents(agents);
    if (agents.size() > SWEEP_MAX_AGENTS) {
      throw new ParameterException("agents", "agents may list at most " + SWEEP_MAX_AGENTS
          + " on the web, had " + agents.size());
    }
    List<Double> betas = body.get("betas") == null ? KlSweep.DEFAULT_BETAS
        : numbers(body.get("betas"), "betas");
    LabTilts.checkBetas(betas, SWEEP_MAX_BETAS);
    RunFields f = RunFields.json(body);
    int seeds = (int) org.saferlhub.config.Check.range("seeds", f.integer("seeds", 1), 1,
        SWEEP_MAX_SEEDS);
    int steps = (int) org.saferlhub.config.Check.range("steps", f.integer("steps", 200), 1,
        SWEEP_MAX_STEPS);
    long runs = (long) agents.size() * betas.size() * seeds;
    if (tiny && runs > SWEEP_MAX_TINY_RUNS) {
      throw new ParameterException("seeds", "agents × betas × seeds may be at most "
          + SWEEP_MAX_TINY_RUNS + " on the tiny model on the web, was " + runs + "; run more "
          + "with saferlhub experiment kl-sweep");
    }
    List<KlSweep.Row> rows = new ArrayList<>();
    for (String agent : agents) {
      for (double beta : betas) {
        for (int i = 0; i < seeds; i++) {
          rows.add(KlSweep.run(bandit, bonus, agent, beta, 1 + i, steps));
        }
      }
    }
    double referenceTrue = KlSweep.referenceTrueReward(bandit, bonus);
    Map<String, Object> m = KlSweep.json(tiny ? "tiny-lm" : bandit.id(), rows,
        KlSweep.exact(bandit, bonus, betas), KlSweep.fits(rows, referenceTrue), referenceTrue);
    List<Double> grid = new ArrayList<>();
    for (int i = 0; i <= 40; i++) {
      grid.add(2 * StrictMath.pow(0.005, i / 40.0));
    }
    List<Map<String, Object>> path = new ArrayList<>();
    for (KlSweep.Exact e : KlSweep.exact(bandit, bonus, grid)) {
      Map<String, Object> row = new java.util.LinkedHashMap<>();
      row.put("beta", e.beta());
      row.put("kl", e.kl());
      row.put("trueReward", e.trueReward());
      row.put("piExploit", e.piExploit());
      path.add(row);
    }
    m.put("path", path);
    m.put("seeds", seeds);
    m.put("steps", steps);
    return m;
  }

  /** The experiments {@code POST /api/lab/experiments} runs. */
  public static final List<String> EXPERIMENTS = List.of("trust-region", "best-of-n", "warnings",
      "preferences");
  /** Most updates of a web trust-region experiment (on the tiny model: 200). */
  public static final int EXPERIMENT_MAX_STEPS = 1_000;
  /** Most seeds of a web warnings or preferences experiment. */
  public static final int EXPERIMENT_MAX_SEEDS = 3;
  /** Most compared pairs in one web preferences run. */
  public static final int EXPERIMENT_MAX_PAIRS = 10_000;

  private static final Set<String> EXPERIMENT_FIELDS = Set.of("experiment", "steps", "lr",
      "delta", "ns", "agent", "beta", "seeds", "pairs");

  /**
   * {@code POST /api/lab/experiments}: one of the path and warning experiments with small
   * budgets, what {@code saferlhub experiment trust-region|best-of-n|warnings|preferences --json}
   * prints:
   * <ul>
   *   <li>{@code trust-region}: {@code steps} (1 to 1,000; 200 on the tiny model), {@code lr},
   *       {@code delta};
   *   <li>{@code best-of-n}: {@code ns}, 1 to 12 values of n;
   *   <li>{@code warnings}: {@code agent}, {@code beta}, {@code seeds} (1 to 3), {@code steps}
   *       (1 to 200); on {@code env grid-shortcut} ({@code variant}) one exact NPG run with
   *       step size {@code lr};
   *   <li>{@code preferences}: {@code pairs} (1 to 6 numbers, each 2 to 10,000), {@code beta},
   *       {@code seeds} (1 to 3), {@code steps} (1 to 200); bandits only.
   * </ul>
   * Fields that do not belong to the chosen experiment answer 400 naming them.
   */
  public static Map<String, Object> experiment(@Nullable Object json) {
    Map<String, Object> body = object(json, EXPERIMENT_FIELDS);
    RunFields f = RunFields.json(body);
    String name = f.text("experiment", null);
    String id = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (!EXPERIMENTS.contains(id)) {
      throw new ParameterException("experiment", "experiment must be one of " + String.join(", ",
          EXPERIMENTS) + ", was '" + (id.length() > 30 ? id.substring(0, 30) + "…" : id) + "'");
    }
    boolean tiny = isTinyLm(body);
    boolean grid = isShortcut(body);
    Set<String> own = switch (id) {
      case "trust-region" -> Set.of("steps", "lr", "delta");
      case "best-of-n" -> Set.of("ns");
      case "warnings" -> grid ? Set.of("steps", "lr", "beta", "agent")
          : Set.of("agent", "beta", "seeds", "steps");
      default -> Set.of("pairs", "beta", "seeds", "steps");
    };
    for (String field : EXPERIMENT_FIELDS) {
      if (!field.equals("experiment") && body.get(field) != null && !own.contains(field)) {
        throw new ParameterException(field, field + " does not go with experiment " + id
            + (grid ? " on grid-shortcut" : "") + "; it takes " + String.join(", ",
                new java.util.TreeSet<>(own)));
      }
    }
    if (grid && !id.equals("warnings")) {
      throw new ParameterException("env", "experiment " + id + " runs on burning-building, "
          + "bandit or tiny-lm");
    }
    if (tiny && id.equals("preferences")) {
      throw new ParameterException("env", "experiment preferences runs on burning-building or "
          + "bandit");
    }
    if (tiny) {
      noBanditLists(body);
    }
    if (!grid && body.get("variant") != null) {
      throw new ParameterException("variant", "variant goes with env grid-shortcut");
    }
    if (bool(body, "sparse")) {
      throw new ParameterException("sparse", "the experiments use the incremental proxy; run "
          + "the sparse one in the lab or with saferlhub train --sparse");
    }
    Bandit bandit = tiny || grid ? null : bandit(body);
    double bonus = tiny ? bonus(body) : TinyLanguageModel.DEFAULT_BONUS;
    switch (id) {
      case "trust-region" -> {
        int most = tiny ? 200 : EXPERIMENT_MAX_STEPS;
        int steps = (int) org.saferlhub.config.Check.range("steps", f.integer("steps", 300), 1,
            most);
        return PathExperiments.trustRegion(bandit, bonus, steps, f.number("lr", 0.05),
            f.number("delta", 0.002));
      }
      case "best-of-n" -> {
        List<Long> ns = body.get("ns") == null ? List.of(1L, 2L, 4L, 16L, 64L, 256L, 4096L)
            : wholeNumbers(body.get("ns"), "ns", 1, org.saferlhub.policy.BestOfN.MAX_N);
        if (ns.isEmpty() || ns.size() > 12) {
          throw new ParameterException("ns", "ns must list 1 to 12 values of n, had " + ns.size());
        }
        return PathExperiments.bestOfN(bandit, bonus, ns);
      }
      case "warnings" -> {
        int steps = (int) org.saferlhub.config.Check.range("steps", f.integer("steps", grid ? 60
            : 200), 1, SWEEP_MAX_STEPS);
        double beta = f.number("beta", 0);
        if (!(beta >= 0 && beta <= 100)) {
          throw new ParameterException("beta", "beta must be from 0 to 100, was " + beta);
        }
        String agent = KlSweep.agents(List.of(f.text("agent", "npg") == null ? "npg"
            : f.text("agent", "npg"))).get(0);
        if (grid) {
          if (!agent.equals("npg")) {
            throw new ParameterException("agent", "on grid-shortcut the warnings experiment runs "
                + "npg, was '" + agent + "'");
          }
          double lr = f.number("lr", 0.05);
          if (!(lr > 0 && lr <= 100)) {
            throw new ParameterException("lr", "lr must be more than 0 and at most 100, was "
                + lr);
          }
          return Warnings.runShortcut(variant(body), lr, beta, steps);
        }
        int seeds = (int) org.saferlhub.config.Check.range("seeds", f.integer("seeds", 3), 1,
            EXPERIMENT_MAX_SEEDS);
        return Warnings.run(bandit, bonus, agent, beta, 1, seeds, steps);
      }
      default -> {
        List<Integer> pairs = new ArrayList<>();
        if (body.get("pairs") == null) {
          pairs.addAll(Preferences.DEFAULT_PAIRS);
        } else {
          for (long n : wholeNumbers(body.get("pairs"), "pairs", 2, EXPERIMENT_MAX_PAIRS)) {
            pairs.add((int) n);
          }
        }
        if (pairs.size() > 6) {
          throw new ParameterException("pairs", "pairs may list at most 6 numbers on the web, "
              + "had " + pairs.size());
        }
        Preferences.checkPairs(pairs, EXPERIMENT_MAX_PAIRS);
        int seeds = (int) org.saferlhub.config.Check.range("seeds", f.integer("seeds", 3), 1,
            EXPERIMENT_MAX_SEEDS);
        int steps = (int) org.saferlhub.config.Check.range("steps", f.integer("steps", 200), 1,
            SWEEP_MAX_STEPS);
        return Preferences.json(bandit, pairs, f.number("beta", 0.1), 1, seeds, steps,
            org.saferlhub.policy.RewardModel.DEFAULT_LAMBDA);
      }
    }
  }

  /** {@code POST /api/lab/runs}: the problem's fields and the run's ({@link LabRuns.Settings}). */
  public static Map<String, Object> run(@Nullable Object json) {
    Map<String, Object> body = object(json, RUN_FIELDS);
    boolean tiny = isTinyLm(body);
    boolean grid = isShortcut(body);
    if (tiny || grid) {
      noBanditLists(body);
    }
    if (!grid && body.get("variant") != null) {
      throw new ParameterException("variant", "variant goes with env grid-shortcut");
    }
    if (!tiny && body.get("bonus") != null) {
      throw new ParameterException("bonus", "bonus goes with env tiny-lm");
    }
    if (!tiny && body.get("sparse") != null) {
      throw new ParameterException("sparse", "sparse goes with env tiny-lm");
    }
    RunFields f = RunFields.json(body);
    String agent = f.text("agent", "npg");
    int steps = (int) org.saferlhub.config.Check.range("steps", f.integer("steps", 200), 1,
        WEB_MAX_STEPS);
    int batch = (int) org.saferlhub.config.Check.range("batch", f.integer("batch", 64), 2,
        WEB_MAX_BATCH);
    int epochs = (int) org.saferlhub.config.Check.range("epochs", f.integer("epochs", 4), 1, 20);
    long n = org.saferlhub.config.Check.range("n", f.integer("n", 64), 1, 1_000_000_000L);
    boolean exact = bool(body, "exact");
    String id = agent == null ? "" : agent.trim().toLowerCase(Locale.ROOT);
    boolean sampled = !(id.equals("npg") || id.equals("trpo") || id.equals("best-of-n")
        || exact);
    // A sampled text costs up to 4 tokens on the tiny model; an exact update there, one pass over
    // its 341 texts (counted as a batch of 341), and exact DPO one over every pair of them.
    boolean epochsToo = id.equals("ppo") || id.equals("ppo-kl") || id.equals("grpo");
    long perStep = tiny && !sampled ? (id.equals("dpo") ? 341L * 341 : 341) : batch;
    long work = steps * perStep * (epochsToo ? epochs : 1) * (tiny ? 4 : 1);
    if ((sampled || tiny) && work > WEB_MAX_WORK) {
      throw new ParameterException("steps", "steps × batch" + (epochsToo ? " × epochs" : "")
          + (tiny ? " × 4 tokens" : "") + " may be at most " + WEB_MAX_WORK
          + " on the web, was " + work + "; run longer ones with saferlhub train");
    }
    String kl = f.text("kl", "none");
    String baseline = f.text("baseline", "mean");
    long seed = org.saferlhub.config.Check.range("seed", f.integer("seed", 1), 0,
        Long.MAX_VALUE / 2);
    LabRuns.Settings settings = new LabRuns.Settings(agent == null ? "npg" : agent, steps,
        f.number("lr", 0.5), f.number("beta", 0), kl == null ? "none" : kl, batch, epochs,
        f.number("clip", 0.2), baseline == null ? "mean" : baseline, exact, n,
        f.number("delta", 0.01), seed, f.number("criticLr", 0.1), f.number("lambda", 0.9),
        f.number("klTarget", 0), f.number("penalty", 1));
    if (grid) {
      return LabRuns.runShortcut(variant(body), settings);
    }
    if (tiny) {
      return LabRuns.runTinyLm(tinyModel(body), bonus(body), settings);
    }
    return LabRuns.run(bandit(body), settings);
  }

  private static boolean isShortcut(Map<String, Object> body) {
    Object env = body.get("env");
    return env instanceof String s && s.trim().equalsIgnoreCase("grid-shortcut");
  }

  private static String variant(Map<String, Object> body) {
    String variant = RunFields.json(body).text("variant", "vase");
    return variant == null ? "vase" : variant;
  }

  private static boolean isTinyLm(Map<String, Object> body) {
    Object env = body.get("env");
    return env instanceof String s && s.trim().equalsIgnoreCase("tiny-lm");
  }

  /** The tiny model the body asks for: its bonus, paid per "!" or (sparse) only to "!!!!". */
  private static TinyLanguageModel tinyModel(Map<String, Object> body) {
    return new TinyLanguageModel(bonus(body), bool(body, "sparse"));
  }

  private static double bonus(Map<String, Object> body) {
    return RunFields.json(body).number("bonus", TinyLanguageModel.DEFAULT_BONUS);
  }

  /** The burning building, or {@code env: "bandit"} with {@code ref}, {@code proxy}, {@code true}. */
  static Bandit bandit(Map<String, Object> body) {
    String env = RunFields.json(body).text("env", "burning-building");
    String id = env == null ? "" : env.trim().toLowerCase(Locale.ROOT);
    boolean lists = body.get("ref") != null || body.get("proxy") != null
        || body.get("true") != null;
    if (body.get("bonus") != null) {
      throw new ParameterException("bonus", "bonus goes with env tiny-lm");
    }
    if (body.get("variant") != null) {
      throw new ParameterException("variant", "variant goes with env grid-shortcut");
    }
    if (id.equals("burning-building")) {
      if (lists) {
        throw new ParameterException("ref", "ref, proxy and true go with env bandit");
      }
      return Bandit.burningBuilding();
    }
    if (id.equals("bandit")) {
      for (String field : List.of("ref", "proxy", "true")) {
        if (body.get(field) == null) {
          throw new ParameterException(field, "env bandit needs ref, proxy and true: lists of "
              + "numbers, one per action");
        }
      }
      return Bandit.of(array(numbers(body.get("ref"), "ref")),
          array(numbers(body.get("proxy"), "proxy")), array(numbers(body.get("true"), "true")));
    }
    throw new ParameterException("env", "env must be burning-building, bandit or tiny-lm, was '"
        + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "'");
  }

  private static Map<String, Object> object(@Nullable Object json, Set<String> own) {
    if (!(json instanceof Map<?, ?> raw)) {
      throw new ParameterException(null, "the body must be a JSON object");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : raw.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (!PROBLEM_FIELDS.contains(name) && !own.contains(name)) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        List<String> allowed = new ArrayList<>(PROBLEM_FIELDS);
        allowed.addAll(own);
        allowed.sort(null);
        throw new ParameterException(shown, "unknown field '" + shown + "'; allowed: "
            + String.join(", ", allowed));
      }
      body.put(name, e.getValue());
    }
    return body;
  }

  private static List<Double> numbers(Object listed, String field) {
    if (!(listed instanceof List<?> list)) {
      throw new ParameterException(field, field + " must be a list of numbers");
    }
    if (list.size() > Bandit.MAX_ACTIONS && !field.equals("betas")) {
      throw new ParameterException(field, field + " may list at most " + Bandit.MAX_ACTIONS
          + " numbers, had " + list.size());
    }
    if (list.size() > LabTilts.WEB_MAX_BETAS) {
      throw new ParameterException(field, field + " may list at most " + LabTilts.WEB_MAX_BETAS
          + " numbers, had " + list.size());
    }
    List<Double> out = new ArrayList<>();
    for (Object x : list) {
      if (!(x instanceof Number number)) {
        throw new ParameterException(field, field + " must be a list of numbers");
      }
      out.add(number.doubleValue());
    }
    return out;
  }

  /** Fails, naming the field, if the body lists a bandit's {@code ref}, {@code proxy} or {@code true}. */
  private static void noBanditLists(Map<String, Object> body) {
    for (String field : List.of("ref", "proxy", "true")) {
      if (body.get(field) != null) {
        throw new ParameterException(field, "ref, proxy and true go with env bandit");
      }
    }
  }

  /** A list of whole numbers from {@code min} to {@code max}, or 400 naming {@code field}. */
  private static List<Long> wholeNumbers(Object listed, String field, long min, long max) {
    List<Long> out = new ArrayList<>();
    for (double x : numbers(listed, field)) {
      if (x != Math.rint(x) || x < min || x > max) {
        throw new ParameterException(field, field + " must list whole numbers from " + min
            + " to " + max + ", had " + x);
      }
      out.add((long) x);
    }
    return out;
  }

  private static double[] array(List<Double> xs) {
    double[] out = new double[xs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = xs.get(i);
    }
    return out;
  }

  private static boolean bool(Map<String, Object> body, String field) {
    Object v = body.get(field);
    if (v == null) {
      return false;
    }
    if (!(v instanceof Boolean b)) {
      throw new ParameterException(field, field + " must be true or false");
    }
    return b;
  }
}
