package org.saferlhub.env.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
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

  /** The impact penalty: {@code none} or {@code relative-reachability} (side-effect worlds). */
  public static final String PENALTY = "penalty";

  /** The impact penalty's weight. */
  public static final String BETA = "beta";

  /** What the impact penalty compares with: {@code start}, {@code inaction}, {@code stepwise}. */
  public static final String BASELINE = "baseline";

  /** Island navigation's shield: {@code off} or {@code on}. */
  public static final String SHIELD = "shield";

  /** Lava world's observation: {@code board} or {@code position}. */
  public static final String VIEW = "view";

  /** Every parameter a safety gridworld may take, in this order. */
  public static final List<String> PARAMETERS = List.of(LEVEL, VARIANT, REWARD, PENALTY, BETA,
      BASELINE, SHIELD, VIEW);

  /** The impact penalties. */
  public static final List<String> PENALTIES = List.of("none", "relative-reachability");

  /** The largest {@value #BETA}. */
  public static final double MAX_BETA = 1000;

  /** The impact penalty's default weight. */
  public static final double DEFAULT_BETA = 10;

  /** How to make one environment from its level and variant. */
  @FunctionalInterface
  interface Factory {
    SafetyGridWorld make(int level, String variant, String option);
  }

  /**
   * One environment of the suite.
   *
   * @param name upstream's module name, such as {@code boat_race}
   * @param levels how many levels there are
   * @param defaultLevel upstream's default level
   * @param variants the variants, the default first; empty when there are none
   * @param factory how to make it, given the level, variant and {@code option} (the shield or
   *     the view, where it has one)
   * @param impact whether the impact penalty may be switched on (the side-effect worlds)
   * @param option the name of its one extra option ({@value #SHIELD}, {@value #VIEW}) or null
   * @param options the option's choices, the default first
   */
  record Entry(String name, int levels, int defaultLevel, List<String> variants,
      Factory factory, boolean impact, @Nullable String option, List<String> options) {

    Entry(String name, int levels, int defaultLevel, List<String> variants, Factory factory) {
      this(name, levels, defaultLevel, variants, factory, false, null, List.of());
    }

    String id() {
      return "safety:" + name;
    }
  }

  private static final List<Entry> ENTRIES = List.of(
      new Entry("absent_supervisor", 1, 0, AbsentSupervisor.VARIANTS,
          (level, variant, o) -> new AbsentSupervisor(variant)),
      new Entry("boat_race", 1, 0, List.of(), (level, variant, o) -> new BoatRace()),
      new Entry("conveyor_belt", 1, 0, ConveyorBelt.VARIANTS,
          (level, variant, o) -> new ConveyorBelt(variant), true, null, List.of()),
      new Entry("distributional_shift", 1, 0, DistributionalShift.VARIANTS,
          (level, variant, o) -> new DistributionalShift(variant, o), false, VIEW,
          DistributionalShift.VIEWS),
      new Entry("friend_foe", 1, 0, FriendFoe.VARIANTS,
          (level, variant, o) -> new FriendFoe(variant)),
      new Entry("island_navigation", 1, 0, List.of(),
          (level, variant, o) -> new IslandNavigation(o.equals("on")), false, SHIELD,
          List.of("off", "on")),
      new Entry("rocks_diamonds", RocksDiamonds.GAME_ART.length, 0, List.of(),
          (level, variant, o) -> new RocksDiamonds(level)),
      new Entry("safe_interruptibility", SafeInterruptibility.GAME_ART.length,
          SafeInterruptibility.DEFAULT_LEVEL, List.of(),
          (level, variant, o) -> new SafeInterruptibility(level)),
      new Entry("side_effects_sokoban", SideEffectsSokoban.GAME_ART.length,
          SideEffectsSokoban.DEFAULT_LEVEL, List.of(),
          (level, variant, o) -> new SideEffectsSokoban(level), true, null, List.of()),
      new Entry("tomato_watering", 1, 0, List.of(), (level, variant, o) -> new TomatoWatering()),
      new Entry("whisky_gold", 1, 0, List.of(), (level, variant, o) -> new WhiskyGold()));

  private SafetyEnvs() {}

  /** The registry entries: spec and maker, for {@link org.saferlhub.env.Envs}. */
  public static Map<EnvSpec, java.util.function.Function<Map<String, String>, SafetyGridWorld>>
      registry() {
    Map<EnvSpec, java.util.function.Function<Map<String, String>, SafetyGridWorld>> out =
        new java.util.LinkedHashMap<>();
    for (Entry e : ENTRIES) {
      SafetyGridWorld example = e.factory().make(e.defaultLevel(),
          e.variants().isEmpty() ? "" : e.variants().get(0), defaultOption(e));
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
    if (e.impact()) {
      params.add(Param.choice(PENALTY, "none", PENALTIES, "An impact penalty taken from the "
          + "reward: relative reachability (Krakovna et al. 2018), computed exactly."));
      params.add(Param.number(BETA, DEFAULT_BETA, 0, false, MAX_BETA, false, "",
          "The impact penalty's weight (with penalty relative-reachability)."));
      params.add(Param.choice(BASELINE, RelativeReachability.Baseline.STEPWISE.id(),
          List.of("start", "inaction", "stepwise"), "What the impact penalty compares the world "
              + "with: the start state, doing nothing since the start, or doing nothing this "
              + "step."));
    }
    if (e.option() != null) {
      params.add(Param.choice(e.option(), e.options().get(0), e.options(),
          e.option().equals(SHIELD) ? "A shield that replaces every move into the water by a "
              + "safe one." : "What the agent observes: the whole board (it sees which map it "
              + "is on) or only its position."));
    }
    return params;
  }

  private static String defaultOption(Entry e) {
    return e.options().isEmpty() ? "" : e.options().get(0);
  }

  private static SafetyGridWorld make(Entry e, List<Param> params, Map<String, String> values) {
    int level = e.defaultLevel();
    String variant = e.variants().isEmpty() ? "" : e.variants().get(0);
    String reward = "";
    String option = defaultOption(e);
    String penalty = "none";
    double beta = DEFAULT_BETA;
    String baseline = RelativeReachability.Baseline.STEPWISE.id();
    for (Param p : params) {
      String text = values.get(p.name());
      if (text == null) {
        continue;
      }
      if (p.name().equals(REWARD)) {
        reward = p.text(text).trim();
      } else if (p.name().equals(PENALTY)) {
        penalty = p.choice(text);
      } else if (p.name().equals(BASELINE)) {
        baseline = p.choice(text);
      } else if (p.name().equals(BETA)) {
        double parsed;
        try {
          parsed = Double.parseDouble(text.trim());
        } catch (NumberFormatException ex) {
          throw new ParameterException(BETA, "beta must be a number from 0 to "
              + (long) MAX_BETA + ", was '" + abbreviate(text) + "'");
        }
        beta = p.check(parsed);
      } else if (p.name().equals(e.option())) {
        option = p.choice(text);
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
    if (penalty.equals("none")) {
      for (String only : List.of(BETA, BASELINE)) {
        if (values.containsKey(only)) {
          throw new ParameterException(only, only + " goes with penalty relative-reachability; "
              + "penalty is none");
        }
      }
    }
    SafetyGridWorld env = e.factory().make(level, variant, option);
    if (!reward.isEmpty()) {
      env.rewriteReward(parseReward(env, reward));
    }
    if (!penalty.equals("none")) {
      // The penalty is computed on a copy of the world, explored state by state.
      SafetyGridWorld model = e.factory().make(level, variant, option);
      try {
        env.penalise(RelativeReachability.of(model, beta,
            RelativeReachability.Baseline.of(baseline), RelativeReachability.DEFAULT_GAMMA_R));
      } finally {
        model.close();
      }
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
