package org.saferlhub.app.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.run.RunFields;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.train.AgentOptions;
import org.saferlhub.train.RunConfig;
import picocli.CommandLine.Option;

/**
 * The training options {@code train} and {@code experiment} share; defaults are the lessons'
 * (Blackjack's unless the environment is a grid world).
 */
final class RunOptions {

  @Option(names = "--env", description = "Environment: blackjack, gridworld:open, gridworld:maze, "
      + "gridworld:cliff, gridworld with --map FILE, or an AI Safety Gridworld such as "
      + "safety:boat_race (list: saferlhub play --help) (default: ${DEFAULT-VALUE}).")
  String env = "blackjack";

  @Option(names = "--map", paramLabel = "FILE",
      description = "A GridWorld map file (format: docs/gridworld-maps.md), with --env gridworld.")
  Path map;

  @picocli.CommandLine.Mixin
  WorldOptions world = new WorldOptions();

  @Option(names = "--reward", paramLabel = "EXPR",
      description = "Your own reward for the boat race or tomato watering, an expression over the"
          + " world's step facts, e.g. \"3*entered_checkpoint_clockwise - step\" (see docs/reward-fix.md).")
  String reward;

  @Option(names = "--rules", description = "Blackjack rules: sab, default or natural (default: sab).")
  String rules;

  @Option(names = {"--agent", "--algorithm"},
      description = "Algorithm: q-learning, sarsa, monte-carlo, expected-sarsa, sarsa-lambda, "
          + "dyna-q, reinforce, reinforce-baseline or vpg (default: ${DEFAULT-VALUE}).")
  String agent = "q-learning";

  @Option(names = "--episodes", description = "Training episodes: 1 to 1,000,000,000 for "
      + "Blackjack (default 100,000), 1 to 100,000 for GridWorld (default 500), 1 to 10,000,000 "
      + "for the safety gridworlds (default 5,000).")
  Long episodes;

  @Option(names = "--alpha",
      description = "Step size α, in (0, 1] (default: 0.01 for Blackjack, 0.5 for GridWorld, "
          + "0.1 for the safety gridworlds).")
  Double alpha;

  @Option(names = "--gamma", description = "Discount factor γ, in [0, 1] (default: 1, or 0.95 "
      + "for the safety gridworlds).")
  Double gamma;

  @Option(names = "--epsilon", description = "Exploration rate ε (the start value with a schedule), in [0, 1] (default: ${DEFAULT-VALUE}).")
  double epsilon = 0.1;

  @Option(names = "--epsilon-schedule", description = "constant, linear or exponential (default: ${DEFAULT-VALUE}).")
  String epsilonSchedule = "constant";

  @Option(names = "--epsilon-final", description = "ε at the last episode for linear/exponential, in [0, 1] (default: ${DEFAULT-VALUE}).")
  double epsilonFinal = 0.01;

  @Option(names = "--lambda",
      description = "Trace decay λ of sarsa-lambda, in [0, 1] (default: ${DEFAULT-VALUE}).")
  double lambda = AgentOptions.defaults().lambda();

  @Option(names = "--planning-steps", description = "Simulated updates per real step of dyna-q, "
      + "0 to 1,000 (default: ${DEFAULT-VALUE}).")
  int planningSteps = AgentOptions.defaults().planningSteps();

  @Option(names = "--batch-size", description = "Episodes per update of vpg (default: ${DEFAULT-VALUE}).")
  int batchSize = AgentOptions.defaults().batchSize();

  @Option(names = "--seed", description = "Seed, 0 to 2^53-1: same seed, same run (default: ${DEFAULT-VALUE}).")
  long seed = 7;

  /** Whether the environment is a grid world. */
  boolean gridworld() {
    return RunConfigs.isGridworld(env);
  }

  /**
   * The configuration, for any environment: the same fields and checks as the web API
   * ({@link RunConfigs#fromFields}), with the CLI's episode limits. A {@code --map} file is read
   * here and travels in the configuration as the {@code map} parameter.
   */
  RunConfig toConfig() {
    Map<String, Object> values = new HashMap<>();
    values.put("env", env.trim().toLowerCase(java.util.Locale.ROOT));
    if (gridworld()) {
      if (rules != null) {
        throw new ParameterException("rules", "--rules is for Blackjack, not " + env);
      }
      String text = mapText(map);
      parseMap(env, text, map); // checks the map and names the file in errors
      if (text != null) {
        values.put("map", text);
      }
    } else {
      if (map != null) {
        throw new ParameterException("map", "--map goes with --env gridworld, not " + env);
      }
      values.put("env", env);
      if (rules != null) {
        values.put("rules", rules);
      }
    }
    values.put("algorithm", agent);
    if (episodes != null) {
      values.put("episodes", episodes);
    }
    if (alpha != null) {
      values.put("alpha", alpha);
    }
    if (gamma != null) {
      values.put("gamma", gamma);
    }
    world.putInto(values);
    if (reward != null) {
      values.put("reward", reward);
    }
    values.put("epsilon", epsilon);
    values.put("epsilonSchedule", epsilonSchedule);
    values.put("epsilonFinal", epsilonFinal);
    values.put("lambda", lambda);
    values.put("planningSteps", (long) planningSteps);
    values.put("batchSize", (long) batchSize);
    values.put("seed", seed);
    return RunConfigs.fromFields(RunFields.of(values), RunConfigs.Surface.cli());
  }

  /** The grid world's map: a preset, or the {@code --map} file. */
  GridMap gridMap() {
    return readMap(env, map);
  }

  /**
   * The map of a GridWorld {@code env}, reading {@code file} for plain {@code gridworld}.
   *
   * @throws ParameterException naming {@code env} or {@code --map} (an unreadable file, or the
   *     file name followed by {@code map line L, column C: …})
   */
  static GridMap readMap(String env, @Nullable Path file) {
    return parseMap(env, mapText(file), file);
  }

  private static GridMap parseMap(String env, @Nullable String text, @Nullable Path file) {
    return RunConfigs.gridMap(env, text, file == null ? "map" : file.toString());
  }

  /** The text of the {@code --map} file (capped, strict UTF-8), or null without one. */
  private static @Nullable String mapText(@Nullable Path file) {
    return file == null ? null : UserFiles.readText("--map", file, "map file");
  }
}
