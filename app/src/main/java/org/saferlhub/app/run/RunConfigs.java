package org.saferlhub.app.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.blackjack.BlackjackRules;
import org.saferlhub.train.Algorithm;
import org.saferlhub.train.EpsilonSchedule;
import org.saferlhub.train.RunConfig;

/**
 * Builds a {@link RunConfig} from the fields users type (CLI options, JSON bodies, permalinks) and
 * turns one back into those fields. Every error names the field and its allowed range.
 */
public final class RunConfigs {

  /** The only environment family that trains so far. */
  public static final String BLACKJACK = "blackjack";

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
    BlackjackRules r = blackjackRules(env, rules);
    Algorithm a = Algorithm.fromId("algorithm", algorithm);
    Check.range("episodes", episodes, minEpisodes, maxEpisodes);
    EpsilonSchedule.Kind kind = EpsilonSchedule.Kind.fromId("epsilonSchedule", epsilonSchedule);
    double end = kind == EpsilonSchedule.Kind.CONSTANT ? epsilon : epsilonFinal;
    if (kind == EpsilonSchedule.Kind.CONSTANT) {
      Check.range("epsilonFinal", epsilonFinal, 0, false, 1, false);
    }
    EpsilonSchedule schedule = new EpsilonSchedule(kind, epsilon, end);
    return new RunConfig(BLACKJACK + ":" + r.id(), a, episodes, alpha, gamma, schedule, seed);
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
