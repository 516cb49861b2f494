package org.saferlhub.app.cli;

import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.train.RunConfig;
import picocli.CommandLine.Option;

/** The training options {@code train} and {@code bench} share; defaults are the lesson's. */
final class RunOptions {

  @Option(names = "--env", description = "Environment: blackjack (default: ${DEFAULT-VALUE}).")
  String env = "blackjack";

  @Option(names = "--rules", description = "Blackjack rules: sab, default or natural (default: ${DEFAULT-VALUE}).")
  String rules = "sab";

  @Option(names = {"--agent", "--algorithm"},
      description = "Algorithm: q-learning, sarsa or monte-carlo (default: ${DEFAULT-VALUE}).")
  String agent = "q-learning";

  @Option(names = "--episodes", description = "Training episodes, 1 to 1,000,000,000 (default: ${DEFAULT-VALUE}).")
  long episodes = 100_000;

  @Option(names = "--alpha", description = "Step size α, in (0, 1] (default: ${DEFAULT-VALUE}).")
  double alpha = 0.01;

  @Option(names = "--gamma", description = "Discount factor γ, in [0, 1] (default: ${DEFAULT-VALUE}).")
  double gamma = 1.0;

  @Option(names = "--epsilon", description = "Exploration rate ε (the start value with a schedule), in [0, 1] (default: ${DEFAULT-VALUE}).")
  double epsilon = 0.1;

  @Option(names = "--epsilon-schedule", description = "constant, linear or exponential (default: ${DEFAULT-VALUE}).")
  String epsilonSchedule = "constant";

  @Option(names = "--epsilon-final", description = "ε at the last episode for linear/exponential, in [0, 1] (default: ${DEFAULT-VALUE}).")
  double epsilonFinal = 0.01;

  @Option(names = "--seed", description = "Seed, 0 to 2^53-1: same seed, same run (default: ${DEFAULT-VALUE}).")
  long seed = 7;

  RunConfig toConfig() {
    return RunConfigs.build(env, rules, agent, episodes, 1, RunConfig.MAX_EPISODES, alpha, gamma,
        epsilon, epsilonSchedule, epsilonFinal, seed);
  }
}
