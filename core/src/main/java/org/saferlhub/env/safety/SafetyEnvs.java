package org.saferlhub.env.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.saferlhub.config.Param;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.EnvSpec;
import org.saferlhub.reward.ExpressionException;
import org.saferlhub.reward.RewardExpression;

/**
 * The AI Safety Gridworlds as registry entries: {@code safety:<upstream name>}, with a
 * {@value #LEVEL} parameter where the original has several levels and a {@value #VARIANT}
 * parameter where it has variants (conveyor belt's {@code vase}, {@code sushi}, …), and a
 * {@value #REWARD} parameter where the learner may write the reward (boat race, tomato watering:
 * an expression over the world's {@link SafetyGridWorld#rewardFeatures()}).
 */
public final class SafetyEnvs {

  /** The parameter choosing a level, 0-based as upstream's {@code level} flag. */
  public static final String LEVEL = "level";

  /** The parameter choosing a variant. */
  public static final String VARIANT = "variant";

  /** The parameter holding a learner's reward expression. */
  public static final String REWARD = "reward";

  /** How to make one environment from its level and variant. */
  @FunctionalInterface
  interface Factory {
    SafetyGridWorld make(int level, String variant);
  }

  /**
   * One environment of the suite.
   *
   * @param name upstream's module name, such as {@code boat_race}
   * @param levels how many levels there are
   * @param defaultLevel upstream's default level
   * @param variants the variants, the default first; empty when there are none
   * @param factory how to make it
   */
  record Entry(String name, int levels, int defaultLevel, List<String> variants,
      Factory factory) {

    String id() {
      return "safety:" + name;
    }
  }

  private static final List<Entry> ENTRIES = List.of(
      new Entry("absent_supervisor", 1, 0, AbsentSupervisor.VARIANTS,
          (level, variant) -> new AbsentSupervisor(variant)),
      new Entry("boat_race", 1, 0, List.of(), (level, variant) -> new BoatRace()),
      new Entry("conveyor_belt", 1, 0, ConveyorBelt.VARIANTS,
          (level, variant) -> new ConveyorBelt(variant)),
      new Entry("distributional_shift", 1, 0, DistributionalShift.VARIANTS,
          (level, variant) -> new DistributionalShift(variant)),
      new Entry("friend_foe", 1, 0, FriendFoe.VARIANTS,
          (level, variant) -> new FriendFoe(variant)),
      new Entry("island_navigation", 1, 0, List.of(),
          (level, variant) -> new IslandNavigation()),
      new Entry("rocks_diamonds", RocksDiamonds.GAME_ART.length, 0, List.of(),
          (level, variant) -> new RocksDiamonds(level)),
      new Entry("safe_interruptibility", SafeInterruptibility.GAME_ART.length,
          SafeInterruptibility.DEFAULT_LEVEL, List.of(),
          (level, variant) -> new SafeInterruptibility(level)),
      new Entry("side_effects_sokoban", SideEffectsSokoban.GAME_ART.length,
          SideEffectsSokoban.DEFAULT_LEVEL, List.of(),
          (level, variant) -> new SideEffectsSokoban(level)),
      new Entry("tomato_watering", 1, 0, List.of(), (level, variant) -> new TomatoWatering()),
      new Entry("whisky_gold", 1, 0, List.of(), (level, variant) -> new WhiskyGold()));

  private SafetyEnvs() {}

  /** The registry entries: spec and maker, for {@link org.saferlhub.env.Envs}. */
  public static Map<EnvSpec, java.util.function.Function<Map<String, String>, SafetyGridWorld>>
      registry() {
    Map<EnvSpec, java.util.function.Function<Map<String, String>, SafetyGridWorld>> out =
        new java.util.LinkedHashMap<>();
    for (Entry e : ENTRIES) {
      SafetyGridWorld example = e.factory().make(e.defaultLevel(),
          e.variants().isEmpty() ? "" : e.variants().get(0));
      List<Param> params = params(e, example);
      EnvSpec spec = new EnvSpec(e.id(), example.spec().description(), params);
      out.put(spec, values -> make(e, params, values));
    }
    return out;
  }

  /** Every (level, variant) pair of an environment, as parameters: for tests and the CLI. */
  public static List<Map<String, String>> allSettings(String id) {
    Entry e = ENTRIES.stream().filter(x -> x.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a safety gridworld: " + id));
    List<Map<String, String>> out = new ArrayList<>();
    for (int level = 0; level < e.levels(); level++) {
      if (e.variants().isEmpty()) {
        out.add(e.levels() > 1 ? Map.of(LEVEL, Integer.toString(level)) : Map.of());
      } else {
        for (String v : e.variants()) {
          out.add(e.levels() > 1 ? Map.of(LEVEL, Integer.toString(level), VARIANT, v)
              : Map.of(VARIANT, v));
        }
      }
    }
    return out;
  }

  private static List<Param> params(Entry e, SafetyGridWorld example) {
    List<Param> params = new ArrayList<>();
    if (e.levels() > 1) {
      params.add(Param.integer(LEVEL, e.defaultLevel(), 0, e.levels() - 1, "",
          "Which level of " + e.name() + " (0-based, as upstream)."));
    }
    if (!e.variants().isEmpty()) {
      params.add(Param.choice(VARIANT, e.variants().get(0), e.variants(),
          "Which variant of " + e.name() + "."));
    }
    if (!example.rewardFeatures().isEmpty()) {
      params.add(Param.text(REWARD, RewardExpression.MAX_LENGTH,
          "The reward the agent sees, as an expression over "
              + String.join(", ", example.rewardFeatureNames()) + " (empty: the original)."));
    }
    return params;
  }

  private static SafetyGridWorld make(Entry e, List<Param> params, Map<String, String> values) {
    int level = e.defaultLevel();
    String variant = e.variants().isEmpty() ? "" : e.variants().get(0);
    String reward = "";
    for (Param p : params) {
      String text = values.get(p.name());
      if (text == null) {
        continue;
      }
      if (p.name().equals(REWARD)) {
        reward = p.text(text).trim();
      } else if (p.name().equals(LEVEL)) {
        long parsed;
        try {
          parsed = Long.parseLong(text.trim());
        } catch (NumberFormatException ex) {
          throw new ParameterException(LEVEL, "level must be a whole number from 0 to "
              + (e.levels() - 1) + ", was '" + abbreviate(text) + "'");
        }
        level = (int) p.check(parsed);
      } else {
        variant = p.choice(text.trim());
      }
    }
    SafetyGridWorld env = e.factory().make(level, variant);
    if (!reward.isEmpty()) {
      env.rewriteReward(parseReward(env, reward));
    }
    return env;
  }

  /**
   * Parses a learner's reward for {@code env}.
   *
   * @throws ParameterException naming {@value #REWARD}, where and why the text is not a reward
   */
  public static RewardExpression parseReward(SafetyGridWorld env, String reward) {
    try {
      return RewardExpression.parse(reward, env.rewardFeatureNames());
    } catch (ExpressionException ex) {
      throw new ParameterException(REWARD, "reward " + ex.getMessage());
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 20 ? s.substring(0, 20) + "…" : s;
  }
}
