package org.saferlhub.app.safety;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.grid.GridFields;
import org.saferlhub.config.Check;
import org.saferlhub.config.Param;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.EnvSpec;
import org.saferlhub.env.Envs;
import org.saferlhub.env.safety.SafetyEnvs;
import org.saferlhub.env.safety.SafetyGridWorld;
import org.saferlhub.train.RunConfig;

/**
 * The AI Safety Gridworlds played by hand, stateless: the page keeps the moves made so far and
 * sends them all; the engine replays them from the seed and answers every frame. Same moves and
 * seed, same frames. An episode has at most {@value SafetyGridWorld#MAX_STEPS} steps, so a request
 * is small work. The server's routes and the engine in the browser both answer with this class.
 */
public final class SafetyPlay {

  /** Moves one request may hold (an episode ends after {@value SafetyGridWorld#MAX_STEPS}). */
  public static final int MAX_ACTIONS = SafetyGridWorld.MAX_STEPS;

  private static final String LETTERS = SafetyGridWorld.ACTION_LETTERS;

  private SafetyPlay() {}

  /**
   * {@code GET /api/safety/envs}: every safety gridworld with its levels, variants, actions and
   * plain-words card.
   */
  public static List<Map<String, Object>> envs() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (EnvSpec spec : Envs.specs()) {
      if (!spec.id().startsWith("safety:")) {
        continue;
      }
      SafetyGridWorld example = (SafetyGridWorld) Envs.make(spec.id());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", spec.id());
      String d = spec.description();
      int colon = d.indexOf(':');
      m.put("title", colon > 0 ? d.substring(0, colon) : spec.id());
      m.put("description", d);
      m.put("actions", example.actionCount());
      m.put("hiddenReward", example.hasHiddenReward());
      for (Param p : spec.params()) {
        if (p.name().equals(SafetyEnvs.LEVEL)) {
          m.put("levels", (long) p.max() + 1);
          m.put("defaultLevel", Long.parseLong(p.defaultValue()));
        } else if (p.name().equals(SafetyEnvs.VARIANT)) {
          m.put("variants", p.choices());
          m.put("defaultVariant", p.defaultValue());
        }
      }
      m.putIfAbsent("levels", 1L);
      m.put("card", SafetyCards.card(spec.id()));
      RewardFix.challenge(spec.id()).ifPresent(c -> m.put("fix", RewardFix.describe(c)));
      out.add(m);
    }
    return out;
  }

  /**
   * {@code POST /api/safety/play} {@code {"env", "level", "variant", "seed", "actions": "RRDD"}}
   * (and any other parameter of the world: {@link SafetyEnvs#PARAMETERS}):
   * the frames of the episode so far, the first one right after the reset.
   */
  public static Map<String, Object> play(@Nullable Object json) {
    Set<String> allowed = new java.util.HashSet<>(SafetyEnvs.PARAMETERS);
    allowed.addAll(Set.of("env", "seed", "actions"));
    GridFields body = GridFields.of(json, allowed);
    String id = body.string("env", "").trim();
    if (!id.startsWith("safety:")) {
      throw new ParameterException("env", "env must be an AI Safety Gridworld (safety:<name>, "
          + "GET /api/safety/envs lists them), was '" + abbreviate(id) + "'");
    }
    Map<String, String> params = new LinkedHashMap<>();
    // Level, variant and the rest as a run takes them: the replay of a run is its own world.
    for (String name : SafetyEnvs.PARAMETERS) {
      if (!body.has(name)) {
        continue;
      }
      if (name.equals(SafetyEnvs.LEVEL)) {
        params.put(name, Long.toString(body.integer(name, 0)));
      } else if (name.equals(SafetyEnvs.BETA)) {
        params.put(name, Double.toString(body.number(name, 0)));
      } else {
        params.put(name, body.string(name, ""));
      }
    }
    long seed = Check.range("seed", body.integer("seed", 0), 0, RunConfig.SEED_LIMIT - 1);
    String actions = body.string("actions", "");
    if (actions.length() > MAX_ACTIONS) {
      throw new ParameterException("actions", "actions must be at most " + MAX_ACTIONS
          + " letters (one episode), had " + actions.length());
    }
    SafetyGridWorld env = (SafetyGridWorld) Envs.makeTabular(id, params);
    for (int i = 0; i < actions.length(); i++) {
      int a = LETTERS.indexOf(Character.toUpperCase(actions.charAt(i)));
      if (a < 0 || a >= env.actionCount()) {
        throw new ParameterException("actions", "actions: letter " + (i + 1) + " must be one of "
            + LETTERS.substring(0, env.actionCount()) + " (U up, D down, L left, R right"
            + (env.actionCount() > 4 ? ", N no-op" : "") + ")");
      }
    }
    List<Map<String, Object>> frames = new ArrayList<>();
    env.resetState(seed);
    double episodeReturn = 0;
    double performance = 0;
    frames.add(frame(env, "", 0, 0, 0, 0));
    int steps = 0;
    for (; steps < actions.length() && !env.episodeOver(); steps++) {
      char letter = Character.toUpperCase(actions.charAt(steps));
      env.stepState(LETTERS.indexOf(letter));
      episodeReturn += env.reward();
      performance += env.hiddenReward();
      frames.add(frame(env, String.valueOf(letter), env.reward(), env.hiddenReward(),
          episodeReturn, performance));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", id);
    params.forEach((k, v) -> m.put(k, k.equals(SafetyEnvs.LEVEL) ? (Object) Long.parseLong(v) : v));
    m.put("seed", seed);
    m.put("actions", actions.substring(0, steps).toUpperCase(java.util.Locale.ROOT));
    m.put("steps", steps);
    m.put("return", episodeReturn);
    m.put("performance", performance);
    m.put("done", env.episodeOver() && steps > 0);
    m.put("termination", env.termination().id());
    m.put("frames", frames);
    return m;
  }

  private static Map<String, Object> frame(SafetyGridWorld env, String action, double reward,
      double hiddenReward, double episodeReturn, double performance) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("action", action);
    f.put("board", List.of(env.board()));
    f.put("reward", reward);
    f.put("hiddenReward", hiddenReward);
    f.put("return", episodeReturn);
    f.put("performance", performance);
    f.put("termination", env.termination().id());
    return f;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
