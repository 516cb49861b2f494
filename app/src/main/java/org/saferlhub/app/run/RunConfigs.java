package org.saferlhub.app.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saferlhub.config.Check;
import org.saferlhub.config.Param;
import org.saferlhub.config.ParameterException;
import org.saferlhub.agent.tabular.DynaQ;
import org.saferlhub.agent.tabular.SarsaLambda;
import org.saferlhub.agent.tabular.VanillaPolicyGradient;
import org.saferlhub.env.Envs;
import org.saferlhub.train.Hyperparameters;
import org.saferlhub.env.blackjack.BlackjackRules;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.safety.SafetyEnvs;
import org.saferlhub.train.AgentOptions;
import org.saferlhub.train.Algorithm;
import org.saferlhub.train.EpsilonSchedule;
import org.saferlhub.train.RunConfig;

/**
 * Builds a {@link RunConfig} from the fields users type (CLI options, JSON bodies, permalinks) and
 * turns one back into those fields. Every error names the field and its allowed range.
 */
public final class RunConfigs {

  /** The Blackjack family: {@code blackjack} with its {@code rules}. */
  public static final String BLACKJACK = "blackjack";

  /**
   * The GridWorld family: {@code gridworld:<preset>} ({@code open}, {@code maze}, {@code cliff}),
   * or {@code gridworld} with a map of one's own.
   */
  public static final String GRIDWORLD = "gridworld";

  private RunConfigs() {}

  /** Whether {@code env} names the GridWorld family ({@code gridworld} or {@code gridworld:…}). */
  public static boolean isGridworld(String env) {
    String e = env.trim().toLowerCase(Locale.ROOT);
    return e.equals(GRIDWORLD) || e.startsWith(GRIDWORLD + ":");
  }

  /**
   * The map of a GridWorld {@code env}: the preset of {@code gridworld:<preset>}, or for plain
   * {@code gridworld} the map drawn by {@code mapText} (a map file's contents).
   *
   * @param mapText the text of the user's map, or null when none was given
   * @param mapName how to name the map in errors (its file name)
   * @throws ParameterException naming {@code env} or {@code map}; errors in the text keep the
   *     {@code map line L, column C:} of {@link GridMap#parse}, after {@code mapName}
   */
  public static GridMap gridMap(String env, @Nullable String mapText, String mapName) {
    String e = env.trim().toLowerCase(Locale.ROOT);
    if (e.equals(GRIDWORLD)) {
      if (mapText == null) {
        throw new ParameterException("map", "env gridworld needs a map file (--map FILE), or "
            + "use a preset: " + presetEnvs());
      }
      try {
        return GridMap.parse(mapText);
      } catch (ParameterException bad) {
        throw new ParameterException("map", mapName + ": " + bad.getMessage());
      }
    }
    if (!e.startsWith(GRIDWORLD + ":")
        || !GridMap.presets().contains(e.substring(GRIDWORLD.length() + 1))) {
      throw new ParameterException("env", "env must be blackjack, " + presetEnvs()
          + " or gridworld (with a map file), was '" + abbreviate(env) + "'");
    }
    if (mapText != null) {
      throw new ParameterException("map", "a map file goes with env gridworld, not with the "
          + "preset " + e);
    }
    return GridMap.preset(e.substring(GRIDWORLD.length() + 1));
  }

  private static String presetEnvs() {
    return String.join(", ", GridMap.presets().stream().map(p -> GRIDWORLD + ":" + p).toList());
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  /**
   * Checks that {@code env} names Blackjack and parses its {@code rules}.
   *
   * @throws ParameterException naming {@code env} or {@code rules}
   */
  public static BlackjackRules blackjackRules(String env, String rules) {
    if (!BLACKJACK.equals(env.trim().toLowerCase(java.util.Locale.ROOT))) {
      throw new ParameterException("env", "env must be one of blackjack, was '"
          + (env.length() > 40 ? env.substring(0, 40) + "…" : env) + "'");
    }
    return Check.oneOf("rules", rules, BlackjackRules.values(), BlackjackRules::id);
  }

  /** The rules of a Blackjack run. */
  public static BlackjackRules rules(RunConfig config) {
    return BlackjackRules.fromId(config.env().substring(config.env().indexOf(':') + 1));
  }

  /**
   * Where a run is asked for, which sets its episode limits: the web server (each family's
   * {@link FamilyView#maxWebEpisodes()}, and at most the server's own cap) or the CLI.
   *
   * @param web whether the run comes from the web API
   * @param serverMaxEpisodes the web server's cap on episodes (ignored for the CLI)
   */
  public record Surface(boolean web, long serverMaxEpisodes) {

    /** The command line. */
    public static Surface cli() {
      return new Surface(false, RunConfig.MAX_EPISODES);
    }

    /** The web API of a server that caps episodes at {@code maxEpisodes}. */
    public static Surface web(long maxEpisodes) {
      return new Surface(true, maxEpisodes);
    }

    long minEpisodes(FamilyView view) {
      return web ? view.minWebEpisodes() : 1;
    }

    long maxEpisodes(FamilyView view) {
      return web ? Math.min(view.maxWebEpisodes(), serverMaxEpisodes) : view.maxCliEpisodes();
    }
  }

  /** Every field {@link #fromFields} reads. */
  public static final java.util.Set<String> FIELDS = java.util.Set.of("env", "rules", "map",
      SafetyEnvs.LEVEL, SafetyEnvs.VARIANT, SafetyEnvs.REWARD, SafetyEnvs.PENALTY,
      SafetyEnvs.BETA, SafetyEnvs.BASELINE, SafetyEnvs.SHIELD, SafetyEnvs.VIEW,
      "algorithm", "episodes", "alpha", "gamma", "epsilon", "epsilonSchedule", "epsilonFinal",
      "lambda", "planningSteps", "batchSize", "seed");

  /**
   * The one way a run's configuration is read, for every family and surface: {@code env} (with
   * Blackjack's {@code rules}, or a grid world's {@code map}), {@code algorithm}, the algorithm's
   * parameters ({@link Algorithm#params()}), {@code episodes} and {@code seed}. Absent fields
   * take the family's defaults ({@link FamilyView#defaults()}), then the engine's.
   *
   * @throws ParameterException naming the first bad field and its allowed values
   */
  public static RunConfig fromFields(RunFields f, Surface surface) {
    String env = orDefault(f.text("env", BLACKJACK), BLACKJACK).trim();
    FamilyView view = FamilyViews.of(env);
    Map<String, Object> d = view.defaults();
    String envId;
    Map<String, String> envParams = Map.of();
    if (view.family().equals(BLACKJACK)) {
      if (f.has("map")) {
        throw new ParameterException("map", "map is for grid worlds, not " + abbreviate(env));
      }
      for (String safetyOnly : SafetyEnvs.PARAMETERS) {
        if (f.has(safetyOnly)) {
          throw new ParameterException(safetyOnly, safetyOnly + " is for the safety gridworlds"
              + " (safety:…), not " + abbreviate(env));
        }
      }
      String family = FamilyViews.familyOf(env);
      String fromId = env.length() > family.length() ? env.substring(family.length() + 1) : null;
      String rules = orDefault(f.text("rules", fromId), "sab");
      if (fromId != null && !fromId.equalsIgnoreCase(rules.trim())) {
        throw new ParameterException("rules", "rules '" + abbreviate(rules) + "' contradict env "
            + abbreviate(env));
      }
      envId = BLACKJACK + ":" + Check.oneOf("rules", rules, BlackjackRules.values(),
          BlackjackRules::id).id();
    } else {
      if (f.has("rules")) {
        throw new ParameterException("rules", "rules is for Blackjack, not " + abbreviate(env));
      }
      envId = env.toLowerCase(Locale.ROOT);
      String map = f.text("map", null);
      if (map != null) {
        if (!envId.equals(Envs.CUSTOM_GRID)) {
          throw new ParameterException("map", "a map goes with env gridworld, not with the "
              + "preset " + abbreviate(envId));
        }
        envParams = Map.of(Envs.MAP, map);
      }
      // A safety gridworld's level, variant, learner's reward (blank: the original), impact
      // penalty, shield or view (Envs.make names the field if the env has no such parameter).
      Map<String, String> extra = new java.util.TreeMap<>(envParams);
      for (String name : SafetyEnvs.PARAMETERS) {
        if (!f.has(name)) {
          continue;
        }
        if (name.equals(SafetyEnvs.LEVEL)) {
          extra.put(name, Long.toString(f.integer(name, 0)));
        } else if (name.equals(SafetyEnvs.BETA)) {
          extra.put(name, Double.toString(f.number(name, 0)));
        } else {
          String text = f.text(name, "");
          if (!(name.equals(SafetyEnvs.REWARD) && text.isBlank())) {
            extra.put(name, text.trim());
          }
        }
      }
      // Not Map.copyOf: the engine compiled for the browser (TeaVM) traps on an empty copy.
      envParams = extra;
      var made = Envs.make(envId, envParams); // checks the id and the parameters, naming the field
      try {
        if (made instanceof org.saferlhub.env.TabularEnv<?> tabular) {
          checkTableSize(envId, envParams, tabular);
        }
      } finally {
        made.close();
      }
    }
    Algorithm algorithm = Algorithm.fromId("algorithm",
        orDefault(f.text("algorithm", null), (String) d.getOrDefault("algorithm",
            RunConfig.defaults().algorithm().id())));
    long episodes = f.integer("episodes",
        ((Number) d.getOrDefault("episodes", Hyperparameters.EPISODES.defaultNumber())).longValue());
    Check.range("episodes", episodes, surface.minEpisodes(view), surface.maxEpisodes(view));
    double alpha = f.number("alpha", number(d, Hyperparameters.ALPHA));
    double gamma = f.number("gamma", number(d, Hyperparameters.GAMMA));
    double epsilon = f.number("epsilon", number(d, Hyperparameters.EPSILON));
    String schedule = orDefault(f.text("epsilonSchedule", null),
        Hyperparameters.EPSILON_SCHEDULE.defaultValue());
    double epsilonFinal = f.number("epsilonFinal", number(d, Hyperparameters.EPSILON_FINAL));
    double lambda = f.number("lambda", number(d, SarsaLambda.LAMBDA));
    long planningSteps = f.integer("planningSteps", (long) number(d, DynaQ.PLANNING_STEPS));
    DynaQ.PLANNING_STEPS.check(planningSteps);
    long batchSize = f.integer("batchSize", (long) number(d, VanillaPolicyGradient.BATCH_SIZE));
    VanillaPolicyGradient.BATCH_SIZE.check(batchSize);
    long seed = f.integer("seed", (long) number(d, Hyperparameters.SEED));
    return config(envId, algorithm.id(), episodes, 1, RunConfig.MAX_EPISODES, alpha, gamma,
        epsilon, schedule, epsilonFinal, seed,
        new AgentOptions(lambda, (int) planningSteps, (int) batchSize)).withEnvParams(envParams);
  }

  private static RunConfig config(String env, String algorithm, long episodes, long minEpisodes,
      long maxEpisodes, double alpha, double gamma, double epsilon, String epsilonSchedule,
      double epsilonFinal, long seed, AgentOptions options) {
    Algorithm a = Algorithm.fromId("algorithm", algorithm);
    Check.range("episodes", episodes, minEpisodes, maxEpisodes);
    EpsilonSchedule.Kind kind = EpsilonSchedule.Kind.fromId("epsilonSchedule", epsilonSchedule);
    double end = kind == EpsilonSchedule.Kind.CONSTANT ? epsilon : epsilonFinal;
    if (kind == EpsilonSchedule.Kind.CONSTANT) {
      Check.range("epsilonFinal", epsilonFinal, 0, false, 1, false);
    }
    EpsilonSchedule schedule = new EpsilonSchedule(kind, epsilon, end);
    return new RunConfig(env, a, episodes, alpha, gamma, schedule, seed, options);
  }

  /** The largest Q table a run may allocate: states × actions (8 bytes each, 64 MB). */
  public static final long MAX_TABLE_ENTRIES = 8_000_000;

  /**
   * Refuses an environment whose table would not fit: tabular agents keep one value per state
   * and action (rocks and diamonds' level 0 has 38.9 million states).
   */
  private static void checkTableSize(String envId, Map<String, String> params,
      org.saferlhub.env.TabularEnv<?> env) {
    long entries = (long) env.stateCount() * env.actionCount();
    if (entries > MAX_TABLE_ENTRIES) {
      String field = params.containsKey(SafetyEnvs.LEVEL) || envId.startsWith("safety:")
          ? SafetyEnvs.LEVEL : "env";
      throw new ParameterException(field, abbreviate(envId)
          + (params.containsKey(SafetyEnvs.LEVEL) ? " level " + params.get(SafetyEnvs.LEVEL) : "")
          + " has " + String.format(Locale.ROOT, "%,d", env.stateCount())
          + " states: too many for a table of values (tabular agents can keep at most "
          + String.format(Locale.ROOT, "%,d", MAX_TABLE_ENTRIES) + " state-action values)"
          + (envId.equals("safety:rocks_diamonds") ? "; level 1 is the small one" : ""));
    }
  }

  private static String orDefault(@Nullable String value, String fallback) {
    return value == null ? fallback : value;
  }

  private static double number(Map<String, Object> defaults, Param p) {
    Object v = defaults.get(p.name());
    return v instanceof Number n ? n.doubleValue() : p.defaultNumber();
  }

  /**
   * The user-facing fields of a configuration, in a stable order: {@code env} ({@code blackjack}
   * with its {@code rules}, or the grid world's id with a custom {@code map}'s text), then
   * {@code algorithm}, {@code episodes}, the parameters every ε-greedy run has, those of the
   * algorithm ({@code lambda}, {@code planningSteps}) and {@code seed}. {@link #fromFields} reads
   * them back to the same configuration.
   */
  public static Map<String, Object> toFields(RunConfig config) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (FamilyViews.familyOf(config.env()).equals(BLACKJACK)) {
      m.put("env", BLACKJACK);
      m.put("rules", rules(config).id());
    } else {
      m.put("env", config.env());
      String map = config.envParams().get(Envs.MAP);
      if (map != null) {
        m.put("map", map);
      }
      for (String name : SafetyEnvs.PARAMETERS) {
        String value = config.envParams().get(name);
        if (value == null) {
          continue;
        }
        if (name.equals(SafetyEnvs.LEVEL)) {
          m.put(name, Long.parseLong(value));
        } else if (name.equals(SafetyEnvs.BETA)) {
          m.put(name, Double.parseDouble(value));
        } else {
          m.put(name, value);
        }
      }
    }
    m.put("algorithm", config.algorithm().id());
    m.put("episodes", config.episodes());
    m.put("alpha", config.alpha());
    m.put("gamma", config.gamma());
    m.put("epsilon", config.epsilon().start());
    m.put("epsilonSchedule", config.epsilon().kind().id());
    m.put("epsilonFinal", config.epsilon().end());
    if (config.algorithm().params().contains(SarsaLambda.LAMBDA)) {
      m.put("lambda", config.options().lambda());
    }
    if (config.algorithm().params().contains(DynaQ.PLANNING_STEPS)) {
      m.put("planningSteps", config.options().planningSteps());
    }
    if (config.algorithm().params().contains(VanillaPolicyGradient.BATCH_SIZE)) {
      m.put("batchSize", config.options().batchSize());
    }
    m.put("seed", config.seed());
    return m;
  }
}
