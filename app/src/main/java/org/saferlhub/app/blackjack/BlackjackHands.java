package org.saferlhub.app.blackjack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.grid.GridFields;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;
import org.saferlhub.train.RunConfig;
import org.saferlhub.env.blackjack.BlackjackEnv;
import org.saferlhub.env.blackjack.BlackjackObservation;
import org.saferlhub.env.blackjack.BlackjackPolicy;
import org.saferlhub.env.blackjack.BlackjackRules;

/**
 * Single hands for the lesson, replayed from a seed and a list of actions. The server keeps no
 * game state: the same seed deals the same cards, so a hand in progress is just its actions.
 */
public final class BlackjackHands {

  /** The most actions a hand can have (a hand of 21 aces). */
  public static final int MAX_ACTIONS = 20;

  private BlackjackHands() {}

  /** The rule sets: {@code [{"id", "name", "default"}]} ({@code GET /api/blackjack/rules}). */
  public static List<Map<String, Object>> rules() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (BlackjackRules r : BlackjackRules.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("name", r.title());
      m.put("default", r == BlackjackRules.SAB);
      out.add(m);
    }
    return out;
  }

  /**
   * {@code POST /api/blackjack/hand} {@code {"rules", "seed", "actions"}}: a hand the learner
   * plays, replayed from its seed ({@link #play}).
   *
   * @param json the parsed body
   */
  public static Map<String, Object> hand(@Nullable Object json) {
    GridFields body = GridFields.of(json, Set.of("rules", "seed", "actions"));
    return play(rules(body), seed(body), body.strings("actions", MAX_ACTIONS));
  }

  /**
   * {@code POST /api/blackjack/agent-hand} {@code {"rules", "seed", "q", "policy"}}: the agent of
   * a run report plays one hand: it takes the actions of the report's greedy {@code policy} chart
   * (exact, where the report's Q grid is rounded to 6 decimals) and shows {@code q}'s values; with
   * no policy, the greedy actions of {@code q} ({@link #playGreedy}). Stateless: the page sends
   * the agent it holds.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> agentHand(@Nullable Object json) {
    GridFields body = GridFields.of(json, Set.of("rules", "seed", "q", "policy"));
    double[] q;
    try {
      q = BlackjackReport.qTable((Map<String, Object>) body.raw("q"));
    } catch (RuntimeException bad) {
      throw new ParameterException("q", "q must be a run report's Q grid ({\"usable\": {\"12\": "
          + "{\"stick\": [10 numbers], \"hit\": [10 numbers]}, …}, \"no_usable\": {…}})");
    }
    BlackjackPolicy policy = null;
    if (body.raw("policy") != null) {
      try {
        Map<String, Object> chart = (Map<String, Object>) body.raw("policy");
        policy = BlackjackPolicy.fromChart((Map<String, String>) chart.get("usable"),
            (Map<String, String>) chart.get("no_usable"));
      } catch (RuntimeException bad) {
        throw new ParameterException("policy", "policy must be a run report's policy chart "
            + "({\"usable\": {\"12\": \"HHSS…\"}, \"no_usable\": {…}})");
      }
    }
    return play(rules(body), seed(body), q, policy);
  }

  private static BlackjackRules rules(GridFields body) {
    return Check.oneOf("rules", body.string("rules", "sab"), BlackjackRules.values(),
        BlackjackRules::id);
  }

  private static long seed(GridFields body) {
    return Check.range("seed", body.integer("seed", 0), 0, RunConfig.SEED_LIMIT - 1);
  }

  /**
   * Replays a hand the learner plays.
   *
   * @param actions "hit" or "stick", in order
   * @throws ParameterException naming {@code actions} for a bad or late action
   */
  public static Map<String, Object> play(BlackjackRules rules, long seed, List<String> actions) {
    if (actions.size() > MAX_ACTIONS) {
      throw new ParameterException("actions",
          "actions must hold at most " + MAX_ACTIONS + " entries, had " + actions.size());
    }
    BlackjackEnv env = new BlackjackEnv(rules);
    env.resetState(seed);
    List<Map<String, Object>> steps = new ArrayList<>();
    double totalReturn = 0;
    for (int i = 0; i < actions.size(); i++) {
      String name = actions.get(i);
      int action = switch (name) {
        case "hit" -> BlackjackEnv.HIT;
        case "stick" -> BlackjackEnv.STICK;
        default -> throw new ParameterException("actions",
            "actions[" + i + "] must be \"hit\" or \"stick\", was \"" + abbreviate(name) + "\"");
      };
      if (env.episodeOver()) {
        throw new ParameterException("actions",
            "actions[" + i + "] comes after the hand ended; a hand ends on a stick or a bust");
      }
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("action", name);
      step.put("observationBefore", observation(env));
      int next = env.stepState(action);
      totalReturn += env.reward();
      step.put("observation", observation(BlackjackObservation.ofIndex(next)));
      step.put("reward", env.reward());
      step.put("terminated", env.terminated());
      steps.add(step);
    }
    return hand(env, rules, seed, steps, totalReturn);
  }

  /**
   * The greedy agent of a Q table plays one hand: at each decision it compares Q(stick) and
   * Q(hit) and takes the larger (stick on a tie).
   *
   * @param q the Q table, {@code q[state * 2 + action]}
   */
  public static Map<String, Object> playGreedy(BlackjackRules rules, long seed, double[] q) {
    return play(rules, seed, q, null);
  }

  private static Map<String, Object> play(BlackjackRules rules, long seed, double[] q,
      @Nullable BlackjackPolicy policy) {
    BlackjackEnv env = new BlackjackEnv(rules);
    int s = env.resetState(seed);
    List<Map<String, Object>> steps = new ArrayList<>();
    double totalReturn = 0;
    while (!env.episodeOver()) {
      double stick = q[s * 2];
      double hit = q[s * 2 + 1];
      int action = policy != null ? policy.action(s)
          : hit > stick ? BlackjackEnv.HIT : BlackjackEnv.STICK;
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("action", action == BlackjackEnv.HIT ? "hit" : "stick");
      step.put("observationBefore", observation(env));
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("stick", stick);
      values.put("hit", hit);
      step.put("q", values);
      s = env.stepState(action);
      totalReturn += env.reward();
      step.put("observation", observation(BlackjackObservation.ofIndex(s)));
      step.put("reward", env.reward());
      step.put("terminated", env.terminated());
      steps.add(step);
    }
    return hand(env, rules, seed, steps, totalReturn);
  }

  private static Map<String, Object> hand(BlackjackEnv env, BlackjackRules rules, long seed,
      List<Map<String, Object>> steps, double totalReturn) {
    boolean over = env.episodeOver();
    int[] dealer = env.dealerCards();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rules", rules.id());
    m.put("seed", seed);
    m.put("steps", steps);
    m.put("observation", observation(env));
    m.put("playerCards", env.playerCards());
    m.put("playerNatural", env.playerNatural());
    m.put("dealerCards", over ? dealer : Arrays.copyOf(dealer, 1));
    m.put("dealerSum", over ? env.dealerTotal() : null);
    m.put("dealerNatural", over ? env.dealerNatural() : null);
    m.put("terminated", over);
    m.put("return", totalReturn);
    m.put("outcome", !over ? null : totalReturn > 0 ? "win" : totalReturn < 0 ? "loss" : "draw");
    return m;
  }

  private static Map<String, Object> observation(BlackjackEnv env) {
    return observation(env.observation());
  }

  private static Map<String, Object> observation(BlackjackObservation o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("playerSum", o.playerSum());
    m.put("dealerCard", o.dealerCard());
    m.put("usableAce", o.usableAce());
    return m;
  }

  private static String abbreviate(String s) {
    return s.length() > 20 ? s.substring(0, 20) + "…" : s;
  }
}
