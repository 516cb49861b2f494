package org.saferlhub.app.cli;

import java.util.Map;
import org.saferlhub.env.safety.SafetyEnvs;
import picocli.CommandLine.Option;

/**
 * The options that choose and set up an AI Safety Gridworld, shared by {@code train},
 * {@code experiment}, {@code experiment safety} and {@code play}: level, variant, impact penalty,
 * shield and view ({@link SafetyEnvs#PARAMETERS}, but the reward, which only {@code train} takes).
 */
final class WorldOptions {

  @Option(names = "--level", paramLabel = "K",
      description = "Level of an AI Safety Gridworld that has several (0-based, as upstream).")
  Long level;

  @Option(names = "--variant", paramLabel = "NAME",
      description = "Variant of an AI Safety Gridworld that has some (conveyor belt's vase, sushi, …).")
  String variant;

  @Option(names = "--penalty", paramLabel = "NAME",
      description = "An impact penalty for the side-effect worlds (side_effects_sokoban, "
          + "conveyor_belt): none or relative-reachability (docs/impact-penalty.md).")
  String penalty;

  @Option(names = "--beta", paramLabel = "B",
      description = "The impact penalty's weight, 0 to 1,000 (default 10); in the policy lab "
          + "(--env burning-building), the KL anchor's weight.")
  Double beta;

  @Option(names = "--baseline", paramLabel = "NAME",
      description = "What the impact penalty compares with: start, inaction or stepwise (default); "
          + "in the policy lab, REINFORCE's baseline: none, mean (default) or leave-one-out.")
  String baseline;

  @Option(names = "--shield", paramLabel = "off|on",
      description = "Island navigation: a shield that replaces every move into the water.")
  String shield;

  @Option(names = "--view", paramLabel = "board|position",
      description = "Lava world: what the agent observes (default board, as upstream).")
  String view;

  /** Puts the options given into {@code fields} as typed run fields (level a number, …). */
  void putInto(Map<String, Object> fields) {
    put(fields, SafetyEnvs.LEVEL, level);
    put(fields, SafetyEnvs.VARIANT, variant);
    put(fields, SafetyEnvs.PENALTY, penalty);
    put(fields, SafetyEnvs.BETA, beta);
    put(fields, SafetyEnvs.BASELINE, baseline);
    put(fields, SafetyEnvs.SHIELD, shield);
    put(fields, SafetyEnvs.VIEW, view);
  }

  /** The options given as environment parameters, as text (for {@code Envs.make}). */
  void putTextInto(Map<String, String> params) {
    Map<String, Object> typed = new java.util.LinkedHashMap<>();
    putInto(typed);
    typed.forEach((k, v) -> params.put(k, v.toString()));
  }

  private static void put(Map<String, Object> fields, String name, Object value) {
    if (value != null) {
      fields.put(name, value);
    }
  }
}
