package org.saferlhub.app.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.blackjack.BlackjackRules;
import org.saferlhub.env.grid.GridMap;
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

  /**
   * Checks and combines the user-facing fields.
   *
   * @param maxEpisodes the caller's cap on {@code episodes} (the web server's is lower than the CLI's)
   * @throws ParameterException naming the first bad field
   */
  public static RunConfig build(String env, String rules, String algorithm, long episodes,
      long minEpisodes, long maxEpisodes, double alpha, double gamma, double epsilon,
      String epsilonSchedule, double epsilonFinal, long seed) {
    return build(env, rules, algorithm, episodes, minEpisodes, maxEpisodes, alpha, gamma, epsilon,
        epsilonSchedule, epsilonFinal, seed, AgentOptions.defaults());
  }

  /**
   * {@link #build(String, String, String, long, long, long, double, double, double, String,
   * double, long)} with the options of particular algorithms (λ, planning steps).
   */
  public static RunConfig build(String env, String rules, String algorithm, long episodes,
      long minEpisodes, long maxEpisodes, double alpha, double gamma, double epsilon,
      String epsilonSchedule, double epsilonFinal, long seed, AgentOptions options) {
    BlackjackRules r = blackjackRules(env, rules);
    return config(BLACKJACK + ":" + r.id(), algorithm, episodes, minEpisodes, maxEpisodes, alpha,
        gamma, epsilon, epsilonSchedule, epsilonFinal, seed, options);
  }

  /**
   * Checks and combines the fields of a GridWorld run on {@code map} (see {@link #gridMap}).
   *
   * @param env the label the run carries: {@code gridworld:<preset>} or {@code gridworld}
   * @throws ParameterException naming the first bad field
   */
  public static RunConfig gridworld(String env, String algorithm, long episodes,
      long minEpisodes, long maxEpisodes, double alpha, double gamma, double epsilon,
      String epsilonSchedule, double epsilonFinal, long seed, AgentOptions options) {
    return config(env, algorithm, episodes, minEpisodes, maxEpisodes, alpha, gamma, epsilon,
        epsilonSchedule, epsilonFinal, seed, options);
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

  /** The user-facing fields of a configuration, in a stable order. */
  public static Map<String, Object> toFields(RunConfig config) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", BLACKJACK);
    m.put("rules", rules(config).id());
    m.put("algorithm", config.algorithm().id());
    m.put("episodes", config.episodes());
    m.put("alpha", config.alpha());
    m.put("gamma", config.gamma());
    m.put("epsilon", config.epsilon().start());
    m.put("epsilonSchedule", config.epsilon().kind().id());
    m.put("epsilonFinal", config.epsilon().end());
    m.put("seed", config.seed());
    return m;
  }
}
