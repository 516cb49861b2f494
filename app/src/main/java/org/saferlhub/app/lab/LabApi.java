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
      for (String field : List.of("ref", "proxy", "true")) {
        if (body.get(field) != null) {
          throw new ParameterException(field, "ref, proxy and true go with env bandit");
        }
      }
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

  /** {@code POST /api/lab/runs}: the problem's fields and the run's ({@link LabRuns.Settings}). */
  public static Map<String, Object> run(@Nullable Object json) {
    Map<String, Object> body = object(json, RUN_FIELDS);
    boolean tiny = isTinyLm(body);
    boolean grid = isShortcut(body);
    if (tiny || grid) {
      for (String field : List.of("ref", "proxy", "true")) {
        if (body.get(field) != null) {
          throw new ParameterException(field, "ref, proxy and true go with env bandit");
        }
      }
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
