package org.saferlhub.app.goal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.run.RunFields;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.env.procgen.View;

/**
 * {@code POST /api/goal/train}, answered alike by the server and by the engine in the page: one
 * goal-misgeneralization run with a web-sized budget, its report, its training curve, a few test
 * episodes to replay and (for a network on cheese-corner) the vector field of the first test
 * level.
 *
 * <p>Fields: {@code env} (default cheese-corner), {@code agent} (ppo, a2c or table; default ppo),
 * {@code p} (0 to 1; default 0), {@code view} (allocentric or egocentric; default egocentric),
 * {@code steps} (1 to {@value #WEB_MAX_STEPS}; default 100,000), {@code seed} (default 0),
 * {@code testLevels} (100 to {@value #WEB_MAX_TEST_LEVELS}; default 500), {@code episodes}
 * (replays, 0 to {@value #WEB_MAX_EPISODES}; default 6). Anything else answers 400 naming it.
 */
public final class GoalApi {

  /** The most training steps one web request may ask for (about 5 s on one core). */
  public static final long WEB_MAX_STEPS = 300_000;
  /** The most test levels per measurement. */
  public static final int WEB_MAX_TEST_LEVELS = 1_000;
  /** The most replayed episodes. */
  public static final int WEB_MAX_EPISODES = 20;

  private static final Set<String> FIELDS = Set.of("env", "agent", "p", "view", "steps", "seed",
      "testLevels", "episodes");

  private GoalApi() {}

  /** Parses and checks a request body into settings and a replay count. */
  static GoalTraining.Settings settings(Map<String, Object> body) {
    RunFields f = RunFields.json(body);
    String env = f.text("env", CheeseCorner.ID);
    String agent = f.text("agent", "ppo");
    double p = f.number("p", 0);
    String viewText = f.text("view", View.EGOCENTRIC.id());
    View view;
    try {
      view = View.of(viewText == null ? "egocentric" : viewText);
    } catch (IllegalArgumentException bad) {
      throw new ParameterException("view", "view must be allocentric or egocentric");
    }
    long steps = Check.range("steps", f.integer("steps", 100_000), 1, WEB_MAX_STEPS);
    long seed = f.integer("seed", 0);
    int testLevels = (int) Check.range("testLevels", f.integer("testLevels", 500), 100,
        WEB_MAX_TEST_LEVELS);
    return new GoalTraining.Settings(env == null ? CheeseCorner.ID : env,
        agent == null ? "ppo" : agent, p, view, steps, seed, testLevels);
  }

  /**
   * Runs one request.
   *
   * @param json the parsed body
   * @param cancelled checked after every update; true stops the run
   */
  public static Map<String, Object> train(@Nullable Object json, BooleanSupplier cancelled) {
    Map<String, Object> body = object(json);
    GoalTraining.Settings s = settings(body);
    int episodes = (int) Check.range("episodes",
        RunFields.json(body).integer("episodes", 6), 0, WEB_MAX_EPISODES);
    GoalTraining.Outcome o = GoalTraining.run(s, u -> !cancelled.getAsBoolean());
    Map<String, Object> m = new LinkedHashMap<>(GoalTraining.summary(o));
    m.put("outcomes", o.test().outcomes());
    m.put("curve", GoalTraining.curve(o));
    if (s.env().equals(CheeseCorner.ID)) {
      List<Map<String, Object>> replays = GoalTraining.cheeseEpisodes(o, Math.max(episodes, 1));
      if (o.policy() != null) {
        Map<String, Object> first = replays.get(0);
        m.put("field", GoalTraining.vectorField(o.policy(), s.view(), (String) first.get("walls"),
            (Integer) first.get("cheese")));
      }
      m.put("episodes", replays.subList(0, episodes));
    }
    return m;
  }

  private static Map<String, Object> object(@Nullable Object json) {
    return RunFields.body(json, FIELDS);
  }
}
