package org.saferlhub.app.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.saferlhub.agent.tabular.QTable;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.app.run.RunFields;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.Envs;
import org.saferlhub.env.safety.SafetyEnvs;
import org.saferlhub.env.safety.SafetyGridWorld;
import org.saferlhub.train.EpisodeStats;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.StopReason;
import org.saferlhub.train.Trainer;
import org.saferlhub.train.TrainingListener;
import org.saferlhub.train.TrainingResult;

/**
 * What several agents learn to do in one AI Safety Gridworld, over seeds: for each agent, the
 * share of the last 10 % of training episodes (every seed pooled) that showed each of the world's
 * {@link SafetyGridWorld#behaviours()} (whisky drunk, button pressed, box cornered, …), and the mean
 * return and performance over the same episodes with their spread over seeds; the same measured
 * over training, in {@value #BUCKETS} stretches (mean, lowest and highest seed); and what each
 * seed's learned (greedy) policy does afterwards, on the training world and, for the lava world,
 * on both shifted test maps. The same seeds for every agent, so the agents differ only in how
 * they learn.
 */
public final class SafetyExperiment {

  /** Most agents compared at once. */
  public static final int MAX_AGENTS = 8;
  /** Most seeds. */
  public static final int MAX_SEEDS = 50;
  /** Stretches of training the curves are cut into (fewer when there are fewer episodes). */
  public static final int BUCKETS = 20;
  /** Episodes the learned policy plays in evaluation, per seed and world. */
  public static final int EVALUATION_EPISODES = 100;

  /** Over the web (and in the page's engine): most agents, seeds, and episodes in all. */
  public static final int WEB_MAX_AGENTS = 4;
  /** See {@link #WEB_MAX_AGENTS}. */
  public static final int WEB_MAX_SEEDS = 10;
  /** See {@link #WEB_MAX_AGENTS}: agents × seeds × episodes. */
  public static final long WEB_MAX_TOTAL_EPISODES = 400_000;

  private SafetyExperiment() {}

  /**
   * One agent's results.
   *
   * @param agent the algorithm id
   * @param behaviours behaviour name → share of the counted episodes that showed it
   * @param meanReturn mean over seeds of each seed's mean return over its last 10 % of episodes
   * @param sdReturn the sample standard deviation of those seed means (0 for one seed)
   * @param meanPerformance likewise for the hidden performance
   * @param sdPerformance likewise
   * @param seeds the per-seed results, in seed order
   * @param curve the same over training
   * @param greedy what the learned policies do on the training world
   * @param shifted what they do on each shifted world (lava world: the test maps), else empty
   * @param totals behaviour name → mean over seeds of how many training episodes showed it
   */
  public record AgentResult(String agent, Map<String, Double> behaviours, double meanReturn,
      double sdReturn, double meanPerformance, double sdPerformance, List<SeedResult> seeds,
      Curve curve, Evaluation greedy, List<Evaluation> shifted, Map<String, Double> totals) {}

  /**
   * One seed's run.
   *
   * @param seed its seed
   * @param counted episodes counted (the last 10 %, at least one)
   * @param behaviours behaviour name → share of those episodes that showed it
   * @param meanReturn mean return over them
   * @param meanPerformance mean performance over them
   * @param greedy what its learned policy does, per world evaluated (training world first)
   * @param totals behaviour name → how many of all its training episodes showed it
   */
  public record SeedResult(long seed, long counted, Map<String, Double> behaviours,
      double meanReturn, double meanPerformance, List<Played> greedy, Map<String, Long> totals) {}

  /**
   * The learned policy played without exploring on one world.
   *
   * @param variant the world's variant (the training one, or a shifted one)
   * @param episodes how many episodes it played
   * @param behaviours behaviour name → share of them that showed it
   * @param meanReturn mean return
   * @param meanPerformance mean performance
   */
  public record Played(String variant, int episodes, Map<String, Double> behaviours,
      double meanReturn, double meanPerformance) {}

  /**
   * What the seeds' learned policies did on one world: means over seeds, with the spread.
   *
   * @param variant the world's variant
   * @param behaviours behaviour name → mean share over seeds
   * @param meanReturn mean over seeds
   * @param sdReturn sample standard deviation over seeds
   * @param meanPerformance mean over seeds
   * @param sdPerformance sample standard deviation over seeds
   */
  public record Evaluation(String variant, Map<String, Double> behaviours, double meanReturn,
      double sdReturn, double meanPerformance, double sdPerformance) {}

  /**
   * A measure over training, per stretch: mean over seeds, lowest and highest seed.
   *
   * @param mean per stretch
   * @param low per stretch
   * @param high per stretch
   */
  public record Band(double[] mean, double[] low, double[] high) {}

  /**
   * The measures over training.
   *
   * @param episodes the last episode (1-based) of each stretch
   * @param behaviours behaviour name → share of the stretch's episodes showing it
   * @param returns mean return per stretch
   * @param performance mean performance per stretch
   */
  public record Curve(long[] episodes, Map<String, Band> behaviours, Band returns,
      Band performance) {}

  /**
   * Runs the experiment.
   *
   * @param fields the run fields shared by every agent and seed ({@code env}, {@code level},
   *     {@code variant}, {@code episodes}, hyperparameters): {@code algorithm} and {@code seed}
   *     are set per run
   * @param agents the algorithm ids, 1 to {@value #MAX_AGENTS}
   * @param firstSeed the first seed; the others follow it
   * @param seeds how many seeds, 1 to {@value #MAX_SEEDS}
   * @param stop polled while training; when it returns true the experiment ends with what it has
   * @param progress called after each run with (runs done, runs in all)
   * @throws ParameterException naming the bad field
   */
  public static List<AgentResult> run(Map<String, Object> fields, List<String> agents,
      long firstSeed, int seeds, BooleanSupplier stop, BiConsumer<Integer, Integer> progress) {
    return run(fields, agents, firstSeed, seeds, stop, progress, RunConfigs.Surface.cli(),
        RunFields::of);
  }

  private static List<AgentResult> run(Map<String, Object> fields, List<String> agents,
      long firstSeed, int seeds, BooleanSupplier stop, BiConsumer<Integer, Integer> progress,
      RunConfigs.Surface surface, java.util.function.Function<Map<String, Object>, RunFields> read) {
    if (agents.isEmpty() || agents.size() > MAX_AGENTS) {
      throw new ParameterException("agents", "agents must list 1 to " + MAX_AGENTS
          + " algorithms, was " + agents.size());
    }
    if (seeds < 1 || seeds > MAX_SEEDS) {
      throw new ParameterException("seeds", "seeds must be from 1 to " + MAX_SEEDS + ", was "
          + seeds);
    }
    String env = String.valueOf(fields.get("env"));
    if (!env.startsWith("safety:")) {
      throw new ParameterException("env", "env must be an AI Safety Gridworld (safety:…), was '"
          + (env.length() > 40 ? env.substring(0, 40) + "…" : env) + "'");
    }
    // Every configuration is checked before any training starts.
    List<List<RunConfig>> configs = new ArrayList<>();
    for (String agent : agents) {
      List<RunConfig> perSeed = new ArrayList<>();
      for (int k = 0; k < seeds; k++) {
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.put("algorithm", agent.trim());
        f.put("seed", firstSeed + k);
        perSeed.add(RunConfigs.fromFields(read.apply(f), surface));
      }
      configs.add(perSeed);
    }
    List<AgentResult> out = new ArrayList<>();
    int done = 0;
    for (List<RunConfig> perSeed : configs) {
      List<SeedResult> results = new ArrayList<>();
      List<double[][]> curves = new ArrayList<>();
      for (RunConfig config : perSeed) {
        SeedResult r = runOne(config, stop, curves::add);
        progress.accept(++done, agents.size() * seeds);
        if (r == null) {
          break;
        }
        results.add(r);
      }
      if (results.isEmpty()) {
        break;
      }
      out.add(summarise(perSeed.get(0), results, curves));
      if (results.size() < perSeed.size()) {
        break;
      }
    }
    return out;
  }

  /** The variants a learned policy is also tested on: the lava world's two test maps. */
  static List<String> shiftedVariants(RunConfig config) {
    if (config.env().equals("safety:distributional_shift")
        && "train".equals(config.envParams().getOrDefault(SafetyEnvs.VARIANT, "train"))) {
      return List.of("test1", "test2");
    }
    return List.of();
  }

  /**
   * One seed: trains, counting behaviours over the last 10 % of episodes and per stretch, then
   * plays the learned policy; null if stopped. The stretches go to {@code curveOut} as rows:
   * episodes, return sum, performance sum, then one count per behaviour.
   */
  private static @Nullable SeedResult runOne(RunConfig config, BooleanSupplier stop,
      java.util.function.Consumer<double[][]> curveOut) {
    SafetyGridWorld env = (SafetyGridWorld) config.makeEnv();
    List<String> names = env.behaviours();
    long episodes = config.episodes();
    int buckets = (int) Math.min(BUCKETS, episodes);
    long from = episodes - Math.max(1, episodes / 10);
    long[] counts = new long[names.size()];
    long[] counted = new long[1];
    double[] sums = new double[2];
    double[][] curve = new double[buckets][3 + names.size()];
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onEpisode(EpisodeStats e) {
        double[] row = curve[(int) (e.index() * buckets / episodes)];
        row[0]++;
        row[1] += e.episodeReturn();
        row[2] += e.performance();
        for (int i = 0; i < counts.length; i++) {
          if (env.showed(i)) {
            row[3 + i]++;
          }
        }
        if (e.index() < from) {
          return;
        }
        counted[0]++;
        sums[0] += e.episodeReturn();
        sums[1] += e.performance();
        for (int i = 0; i < counts.length; i++) {
          if (env.showed(i)) {
            counts[i]++;
          }
        }
      }
    };
    TrainingResult run;
    try {
      run = Trainer.train(config, env, listener, stop, Duration.ofDays(365));
      if (run.stopReason() != StopReason.COMPLETED || counted[0] == 0) {
        return null;
      }
    } finally {
      env.close();
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    Map<String, Long> totals = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      shares.put(names.get(i), counts[i] / (double) counted[0]);
      long all = 0;
      for (double[] row : curve) {
        all += (long) row[3 + i];
      }
      totals.put(names.get(i), all);
    }
    List<Played> greedy = new ArrayList<>();
    String trained = config.envParams().getOrDefault(SafetyEnvs.VARIANT, "");
    greedy.add(play(config, trained, run.q()));
    for (String variant : shiftedVariants(config)) {
      greedy.add(play(config, variant, run.q()));
    }
    curveOut.accept(curve);
    return new SeedResult(config.seed(), counted[0], shares, sums[0] / counted[0],
        sums[1] / counted[0], greedy, totals);
  }

  /** Plays the greedy policy of {@code q} on the run's world in {@code variant}. */
  private static Played play(RunConfig config, String variant, QTable q) {
    Map<String, String> params = new java.util.TreeMap<>(config.envParams());
    if (!variant.isEmpty()) {
      params.put(SafetyEnvs.VARIANT, variant);
    }
    SafetyGridWorld env = (SafetyGridWorld) Envs.makeTabular(config.env(), params);
    List<String> names = env.behaviours();
    long[] counts = new long[names.size()];
    double totalReturn = 0;
    double totalPerformance = 0;
    boolean hidden = env.hasHiddenReward();
    try {
      for (int k = 0; k < EVALUATION_EPISODES; k++) {
        int s = k == 0 ? env.resetState(config.seed()) : env.resetState();
        while (true) {
          s = env.stepState(q.greedy(s));
          totalReturn += env.reward();
          totalPerformance += hidden ? env.hiddenReward() : env.reward();
          if (env.terminated() || env.truncated()) {
            break;
          }
        }
        for (int i = 0; i < counts.length; i++) {
          if (env.showed(i)) {
            counts[i]++;
          }
        }
      }
    } finally {
      env.close();
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      shares.put(names.get(i), counts[i] / (double) EVALUATION_EPISODES);
    }
    return new Played(variant, EVALUATION_EPISODES, shares, totalReturn / EVALUATION_EPISODES,
        totalPerformance / EVALUATION_EPISODES);
  }

  private static AgentResult summarise(RunConfig first, List<SeedResult> seeds,
      List<double[][]> curves) {
    Map<String, Double> pooled = new LinkedHashMap<>();
    long episodes = 0;
    for (SeedResult s : seeds) {
      episodes += s.counted();
      s.behaviours().forEach((name, share) -> pooled.merge(name, share * s.counted(), Double::sum));
    }
    long total = episodes;
    pooled.replaceAll((name, count) -> count / total);
    double[] returns = seeds.stream().mapToDouble(SeedResult::meanReturn).toArray();
    double[] performances = seeds.stream().mapToDouble(SeedResult::meanPerformance).toArray();
    List<Evaluation> evaluations = new ArrayList<>();
    for (int w = 0; w < seeds.get(0).greedy().size(); w++) {
      int world = w;
      List<Played> played = seeds.stream().map(s -> s.greedy().get(world)).toList();
      Map<String, Double> shares = new LinkedHashMap<>();
      for (Played p : played) {
        p.behaviours().forEach((name, share) -> shares.merge(name, share / played.size(),
            Double::sum));
      }
      double[] r = played.stream().mapToDouble(Played::meanReturn).toArray();
      double[] p = played.stream().mapToDouble(Played::meanPerformance).toArray();
      evaluations.add(new Evaluation(played.get(0).variant(), shares, mean(r), sd(r), mean(p),
          sd(p)));
    }
    List<String> names = new ArrayList<>(seeds.get(0).behaviours().keySet());
    Map<String, Double> totals = new LinkedHashMap<>();
    for (SeedResult s : seeds) {
      s.totals().forEach((name, n) -> totals.merge(name, n / (double) seeds.size(), Double::sum));
    }
    return new AgentResult(first.algorithm().id(), pooled, mean(returns), sd(returns),
        mean(performances), sd(performances), new ArrayList<>(seeds),
        curve(first.episodes(), names, curves), evaluations.get(0),
        // Not List.copyOf: the engine compiled for the browser (TeaVM) traps on an empty copy.
        new ArrayList<>(evaluations.subList(1, evaluations.size())), totals);
  }

  private static Curve curve(long episodes, List<String> names, List<double[][]> curves) {
    int buckets = curves.get(0).length;
    long[] ends = new long[buckets];
    for (int b = 0; b < buckets; b++) {
      // The last episode index i with i * buckets / episodes == b, 1-based.
      ends[b] = ((long) (b + 1) * episodes + buckets - 1) / buckets;
    }
    Map<String, Band> behaviours = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      behaviours.put(names.get(i), band(curves, 3 + i));
    }
    return new Curve(ends, behaviours, band(curves, 1), band(curves, 2));
  }

  /** Column {@code column} of every seed's stretches, per episode, as mean, lowest, highest. */
  private static Band band(List<double[][]> curves, int column) {
    int buckets = curves.get(0).length;
    double[] mean = new double[buckets];
    double[] low = new double[buckets];
    double[] high = new double[buckets];
    for (int b = 0; b < buckets; b++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      double sum = 0;
      for (double[][] c : curves) {
        double v = c[b][0] > 0 ? c[b][column] / c[b][0] : 0;
        sum += v;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      mean[b] = sum / curves.size();
      low[b] = lo;
      high[b] = hi;
    }
    return new Band(mean, low, high);
  }

  // ---------------------------------------------------------------------------------------------
  // As JSON, and over the web

  /** The fields of {@code POST /api/safety/experiments} besides the run's own. */
  private static final List<String> REQUEST_FIELDS = List.of("agents", "seeds", "seed");

  /**
   * {@code POST /api/safety/experiments}, on the server or in the page's engine: the body holds
   * the run fields shared by every run ({@code env}, {@code level}, {@code variant},
   * {@code penalty}, {@code beta}, {@code baseline}, {@code shield}, {@code view},
   * {@code episodes}, {@code alpha}, {@code gamma}) and {@code agents} (a list of algorithm ids,
   * at most {@value #WEB_MAX_AGENTS}), {@code seeds} (at most {@value #WEB_MAX_SEEDS}) and
   * {@code seed} (the first); agents × seeds × episodes at most {@value
   * #WEB_MAX_TOTAL_EPISODES}.
   *
   * @return what {@code saferlhub experiment safety --json} prints; null if stopped
   * @throws ParameterException naming the bad field
   */
  public static @Nullable Map<String, Object> answer(@Nullable Object json,
      BooleanSupplier stop) {
    if (!(json instanceof Map<?, ?> raw)) {
      throw new ParameterException(null, "the body must be a JSON object");
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : raw.entrySet()) {
      String name = String.valueOf(e.getKey());
      boolean known = REQUEST_FIELDS.contains(name) || name.equals("env")
          || name.equals("episodes") || name.equals("alpha") || name.equals("gamma")
          || SafetyEnvs.PARAMETERS.contains(name);
      if (!known) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        throw new ParameterException(shown, "unknown field '" + shown + "'; allowed: agents, "
            + "alpha, env, episodes, gamma, seed, seeds, " + String.join(", ",
            SafetyEnvs.PARAMETERS));
      }
      fields.put(name, e.getValue());
    }
    List<String> agents = new ArrayList<>();
    Object listed = fields.remove("agents");
    if (listed == null) {
      agents.addAll(List.of("q-learning", "sarsa"));
    } else if (listed instanceof List<?> list) {
      for (Object a : list) {
        if (!(a instanceof String s)) {
          throw new ParameterException("agents", "agents must be a list of algorithm ids");
        }
        agents.add(s);
      }
    } else {
      throw new ParameterException("agents", "agents must be a list of algorithm ids");
    }
    if (agents.isEmpty() || agents.size() > WEB_MAX_AGENTS) {
      throw new ParameterException("agents", "agents must list 1 to " + WEB_MAX_AGENTS
          + " algorithms, was " + agents.size());
    }
    long seeds = Check.range("seeds", wholeNumber(fields.remove("seeds"), "seeds", 10), 1,
        WEB_MAX_SEEDS);
    long seed = Check.range("seed", wholeNumber(fields.remove("seed"), "seed", 1), 0,
        RunConfig.SEED_LIMIT - 1 - WEB_MAX_SEEDS);
    long episodes = wholeNumber(fields.get("episodes"), "episodes", 2000);
    long most = WEB_MAX_TOTAL_EPISODES / (agents.size() * seeds);
    Check.range("episodes", episodes, 1, most);
    fields.put("episodes", episodes);
    List<AgentResult> results = run(fields, agents, seed, (int) seeds, stop, (d, a) -> { },
        RunConfigs.Surface.web(most), RunFields::json);
    if (results.size() < agents.size()) {
      return null;
    }
    return json(fields, seed, (int) seeds, results);
  }

  private static long wholeNumber(@Nullable Object v, String name, long fallback) {
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || Math.abs(n.doubleValue()) > 9.0e15) {
      throw new ParameterException(name, name + " must be a whole number");
    }
    return n.longValue();
  }

  /** The experiment as {@code saferlhub experiment safety --json} prints it. */
  public static Map<String, Object> json(Map<String, Object> fields, long firstSeed, int seeds,
      List<AgentResult> results) {
    Map<String, Object> m = new LinkedHashMap<>(fields);
    m.put("seeds", seeds);
    m.put("firstSeed", firstSeed);
    List<Map<String, Object>> list = new ArrayList<>();
    for (AgentResult a : results) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("agent", a.agent());
      one.put("behaviours", a.behaviours());
      one.put("meanReturn", a.meanReturn());
      one.put("meanPerformance", a.meanPerformance());
      one.put("sdReturn", a.sdReturn());
      one.put("sdPerformance", a.sdPerformance());
      one.put("trainingEpisodesShowing", a.totals());
      one.put("greedy", evaluation(a.greedy()));
      if (!a.shifted().isEmpty()) {
        one.put("shifted", a.shifted().stream().map(SafetyExperiment::evaluation).toList());
      }
      Map<String, Object> curve = new LinkedHashMap<>();
      curve.put("episodes", toList(a.curve().episodes()));
      Map<String, Object> behaviours = new LinkedHashMap<>();
      a.curve().behaviours().forEach((name, band) -> behaviours.put(name, band(band)));
      curve.put("behaviours", behaviours);
      curve.put("return", band(a.curve().returns()));
      curve.put("performance", band(a.curve().performance()));
      one.put("curve", curve);
      list.add(one);
    }
    m.put("agents", list);
    return m;
  }

  private static Map<String, Object> evaluation(Evaluation e) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (!e.variant().isEmpty()) {
      m.put("variant", e.variant());
    }
    m.put("episodes", EVALUATION_EPISODES);
    m.put("behaviours", e.behaviours());
    m.put("meanReturn", e.meanReturn());
    m.put("sdReturn", e.sdReturn());
    m.put("meanPerformance", e.meanPerformance());
    m.put("sdPerformance", e.sdPerformance());
    return m;
  }

  private static Map<String, Object> band(Band b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", toList(b.mean()));
    m.put("low", toList(b.low()));
    m.put("high", toList(b.high()));
    return m;
  }

  private static List<Object> toList(double[] xs) {
    List<Object> out = new ArrayList<>(xs.length);
    for (double x : xs) {
      out.add(x);
    }
    return out;
  }

  private static List<Object> toList(long[] xs) {
    List<Object> out = new ArrayList<>(xs.length);
    for (long x : xs) {
      out.add(x);
    }
    return out;
  }

  private static double mean(double[] xs) {
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s / xs.length;
  }

  private static double sd(double[] xs) {
    if (xs.length < 2) {
      return 0;
    }
    double m = mean(xs);
    double s = 0;
    for (double x : xs) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (xs.length - 1));
  }
}
