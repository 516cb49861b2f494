package org.saferlhub.train;

import java.util.Arrays;
import java.util.List;
import org.saferlhub.config.Param;

/**
 * The parameters every run and most algorithms share, described once: the engine checks values
 * with these very objects ({@link RunConfig}, {@link EpsilonSchedule}), and
 * {@link Algorithm#params()} lists, per algorithm, the ones it reads. Parameters only one
 * algorithm has live in its own file ({@code SarsaLambda.LAMBDA}, {@code DynaQ.PLANNING_STEPS}).
 */
public final class Hyperparameters {

  private Hyperparameters() {}

  /** Episodes to train. */
  public static final Param EPISODES = Param.integer("episodes", 100_000, 1,
      RunConfig.MAX_EPISODES, "episodes", "How many episodes to train.");

  /** The seed of the environment's and the agent's random numbers. */
  public static final Param SEED = Param.integer("seed", 7, 0, RunConfig.SEED_LIMIT - 1, "",
      "Seed of every random number in the run: the same seed gives the same run, bit for bit.");

  /** Step size α. */
  public static final Param ALPHA = Param.number("alpha", 0.01, 0, true, 1, false, "",
      "Step size α: how far each update moves an estimate towards its target.");

  /** Discount factor γ. */
  public static final Param GAMMA = Param.number("gamma", 1.0, 0, false, 1, false, "",
      "Discount factor γ: how much a reward one step later is worth now.");

  /** Exploration rate ε at the first episode. */
  public static final Param EPSILON = Param.number("epsilon", 0.1, 0, false, 1, false, "",
      "Exploration rate ε: the chance of a random action instead of the greedy one.");

  /** How ε changes over the run. */
  public static final Param EPSILON_SCHEDULE = Param.choice("epsilonSchedule", "constant",
      Arrays.stream(EpsilonSchedule.Kind.values()).map(EpsilonSchedule.Kind::id).toList(),
      "How ε changes from the first episode to the last.");

  /** ε at the last episode. */
  public static final Param EPSILON_FINAL = Param.number("epsilonFinal", 0.01, 0, false, 1,
      false, "", "ε at the last episode (linear and exponential schedules).");

  /** The run-level parameters every algorithm has: episodes and seed. */
  public static final List<Param> RUN = List.of(EPISODES, SEED);

  /** The parameters of every ε-greedy temporal-difference or Monte Carlo learner. */
  static final List<Param> EPSILON_GREEDY =
      List.of(ALPHA, GAMMA, EPSILON, EPSILON_SCHEDULE, EPSILON_FINAL);
}
