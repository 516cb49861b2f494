package org.saferlhub.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.saferlhub.app.grid.GridTraining;
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

  /** Blackjack's defaults, as the lesson's. */
  static final long BLACKJACK_EPISODES = 100_000;
  static final double BLACKJACK_ALPHA = 0.01;
  /** GridWorld's defaults: Sutton &amp; Barto's Cliff Walking settings. */
  static final long GRID_EPISODES = 500;
  static final double GRID_ALPHA = 0.5;

  @Option(names = "--env", description = "Environment: blackjack, gridworld:open, gridworld:maze, "
      + "gridworld:cliff, or gridworld with --map FILE (default: ${DEFAULT-VALUE}).")
  String env = "blackjack";

  @Option(names = "--map", paramLabel = "FILE",
      description = "A GridWorld map file (format: docs/gridworld-maps.md), with --env gridworld.")
  Path map;

  @Option(names = "--rules", description = "Blackjack rules: sab, default or natural (default: sab).")
  String rules;

  @Option(names = {"--agent", "--algorithm"},
      description = "Algorithm: q-learning, sarsa, monte-carlo, expected-sarsa, sarsa-lambda, "
          + "dyna-q, reinforce or reinforce-baseline (default: ${DEFAULT-VALUE}).")
  String agent = "q-learning";

  @Option(names = "--episodes", description = "Training episodes: 1 to 1,000,000,000 for "
      + "Blackjack (default 100,000), 1 to 100,000 for GridWorld (default 500).")
  Long episodes;

  @Option(names = "--alpha",
      description = "Step size α, in (0, 1] (default: 0.01 for Blackjack, 0.5 for GridWorld).")
  Double alpha;

  @Option(names = "--gamma", description = "Discount factor γ, in [0, 1] (default: ${DEFAULT-VALUE}).")
  double gamma = 1.0;

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

  @Option(names = "--seed", description = "Seed, 0 to 2^53-1: same seed, same run (default: ${DEFAULT-VALUE}).")
  long seed = 7;

  /** Whether the environment is a grid world. */
  boolean gridworld() {
    return RunConfigs.isGridworld(env);
  }

  /** The Blackjack configuration. */
  RunConfig toConfig() {
    if (map != null) {
      throw new ParameterException("map", "--map goes with --env gridworld, not " + env);
    }
    return RunConfigs.build(env, rules == null ? "sab" : rules, agent,
        episodes == null ? BLACKJACK_EPISODES : episodes, 1, RunConfig.MAX_EPISODES,
        alpha == null ? BLACKJACK_ALPHA : alpha, gamma, epsilon, epsilonSchedule, epsilonFinal,
        seed, agentOptions());
  }

  /** The grid world's map: a preset, or the {@code --map} file. */
  GridMap gridMap() {
    return readMap(env, map);
  }

  /** The configuration of a GridWorld run (its {@code env} is {@code --env} as given). */
  RunConfig gridConfig() {
    if (rules != null) {
      throw new ParameterException("rules", "--rules is for Blackjack, not " + env);
    }
    return RunConfigs.gridworld(env.trim().toLowerCase(java.util.Locale.ROOT), agent, episodes == null ? GRID_EPISODES : episodes,
        1, GridTraining.MAX_CLI_EPISODES, alpha == null ? GRID_ALPHA : alpha, gamma, epsilon,
        epsilonSchedule, epsilonFinal, seed, agentOptions());
  }

  private AgentOptions agentOptions() {
    return new AgentOptions(lambda, planningSteps);
  }

  /**
   * The map of a GridWorld {@code env}, reading {@code file} for plain {@code gridworld}.
   *
   * @throws ParameterException naming {@code env} or {@code map} (an unreadable file, or the
   *     file name followed by {@code map line L, column C: …})
   */
  static GridMap readMap(String env, Path file) {
    String text = null;
    if (file != null) {
      try {
        text = Files.readString(file);
      } catch (NoSuchFileException e) {
        throw new ParameterException("map", "map file not found: " + file);
      } catch (IOException | RuntimeException e) {
        throw new ParameterException("map", "could not read the map file " + file + ": "
            + e.getMessage());
      }
    }
    return RunConfigs.gridMap(env, text, file == null ? "map" : file.toString());
  }
}
