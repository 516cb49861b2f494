package org.saferlhub.train;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.saferlhub.agent.tabular.DynaQ;
import org.saferlhub.agent.tabular.ExpectedSarsa;
import org.saferlhub.agent.tabular.MonteCarloControl;
import org.saferlhub.agent.tabular.QLearning;
import org.saferlhub.agent.tabular.Reinforce;
import org.saferlhub.agent.tabular.Sarsa;
import org.saferlhub.agent.tabular.SarsaLambda;
import org.saferlhub.agent.tabular.TabularAgent;
import org.saferlhub.agent.tabular.VanillaPolicyGradient;
import org.saferlhub.config.Check;
import org.saferlhub.config.Param;

/** The tabular learning algorithms a run can use, by the ids the CLI and the web API accept. */
public enum Algorithm {
  /** {@link QLearning}. */
  Q_LEARNING("q-learning", "Q-learning", "QLearning"),
  /** {@link Sarsa}. */
  SARSA("sarsa", "SARSA", "Sarsa"),
  /** {@link MonteCarloControl}. */
  MONTE_CARLO("monte-carlo", "Monte Carlo control", "MonteCarloControl"),
  /** {@link ExpectedSarsa}. */
  EXPECTED_SARSA("expected-sarsa", "Expected SARSA", "ExpectedSarsa"),
  /** {@link SarsaLambda}, with λ from {@link AgentOptions#lambda()}. */
  SARSA_LAMBDA("sarsa-lambda", "SARSA(λ)", "SarsaLambda"),
  /** {@link DynaQ}, with n from {@link AgentOptions#planningSteps()}. */
  DYNA_Q("dyna-q", "Dyna-Q", "DynaQ"),
  /** {@link Reinforce} without a baseline; its {@code q()} holds preferences H. */
  REINFORCE("reinforce", "REINFORCE", "Reinforce"),
  /** {@link Reinforce} with a learned state-value baseline; its {@code q()} holds preferences H. */
  REINFORCE_BASELINE("reinforce-baseline", "REINFORCE with baseline", "Reinforce"),
  /** {@link VanillaPolicyGradient}: a batch method that owns its loop. */
  VPG("vpg", "Vanilla policy gradient", "VanillaPolicyGradient");

  private final String id;
  private final String title;
  private final String className;

  Algorithm(String id, String title, String className) {
    this.id = id;
    this.title = title;
    this.className = className;
  }

  /**
   * The id: {@code q-learning}, {@code sarsa}, {@code monte-carlo}, {@code expected-sarsa},
   * {@code sarsa-lambda}, {@code dyna-q}, {@code reinforce}, {@code reinforce-baseline} or
   * {@code vpg}.
   */
  public String id() {
    return id;
  }

  /** The name for people. */
  public String title() {
    return title;
  }

  /**
   * The simple name of the class implementing it, in {@code org.saferlhub.agent.tabular}; its
   * update is the method {@code public int observe(}. Both REINFORCE ids name {@code Reinforce}.
   */
  public String className() {
    return className;
  }

  /**
   * The parameters this algorithm reads, in the order forms show them (besides the run's
   * {@link Hyperparameters#RUN}): every ε-greedy learner has α, γ and the ε schedule; SARSA(λ)
   * adds {@link SarsaLambda#LAMBDA}, Dyna-Q {@link DynaQ#PLANNING_STEPS}; REINFORCE has only α
   * and γ (its softmax explores, so it has no ε).
   */
  public List<Param> params() {
    return switch (this) {
      case Q_LEARNING, SARSA, MONTE_CARLO, EXPECTED_SARSA -> Hyperparameters.EPSILON_GREEDY;
      case SARSA_LAMBDA -> concat(Hyperparameters.EPSILON_GREEDY, SarsaLambda.LAMBDA);
      case DYNA_Q -> concat(Hyperparameters.EPSILON_GREEDY, DynaQ.PLANNING_STEPS);
      case REINFORCE, REINFORCE_BASELINE ->
          List.of(Hyperparameters.ALPHA, Hyperparameters.GAMMA);
      case VPG -> List.of(Hyperparameters.ALPHA, Hyperparameters.GAMMA,
          VanillaPolicyGradient.BATCH_SIZE);
    };
  }

  /**
   * The algorithm's own training loop if it is a batch method ({@link BatchAlgorithm}: collect,
   * then update), or null for an online agent that the {@link Trainer} drives step by step.
   */
  public @org.jspecify.annotations.Nullable BatchAlgorithm batch() {
    return this == VPG ? new VanillaPolicyGradient() : null;
  }

  private static List<Param> concat(List<Param> shared, Param own) {
    List<Param> all = new ArrayList<>(shared);
    all.add(own);
    return List.copyOf(all);
  }

  /** A fresh agent with a zero Q table and default {@link AgentOptions}. */
  public TabularAgent create(
      int states, int actions, double alpha, double gamma, RandomGenerator rng) {
    return create(states, actions, alpha, gamma, AgentOptions.defaults(), rng);
  }

  /** A fresh agent with a zero Q table (zero preferences for REINFORCE). */
  public TabularAgent create(int states, int actions, double alpha, double gamma,
      AgentOptions options, RandomGenerator rng) {
    return switch (this) {
      case Q_LEARNING -> new QLearning(states, actions, alpha, gamma, rng);
      case SARSA -> new Sarsa(states, actions, alpha, gamma, rng);
      case MONTE_CARLO -> new MonteCarloControl(states, actions, alpha, gamma, rng);
      case EXPECTED_SARSA -> new ExpectedSarsa(states, actions, alpha, gamma, rng);
      case SARSA_LAMBDA ->
          new SarsaLambda(states, actions, alpha, gamma, options.lambda(), rng);
      case DYNA_Q -> new DynaQ(states, actions, alpha, gamma, options.planningSteps(), rng);
      case REINFORCE -> new Reinforce(states, actions, alpha, gamma, false, rng);
      case REINFORCE_BASELINE -> new Reinforce(states, actions, alpha, gamma, true, rng);
      case VPG -> throw new org.saferlhub.config.ParameterException("algorithm", "algorithm "
          + id + " trains in batches of whole episodes, so it cannot be stepped one interaction "
          + "at a time; train it as a run");
    };
  }

  /** Parses an id, throwing a {@link org.saferlhub.config.ParameterException} naming the field. */
  public static Algorithm fromId(String field, String id) {
    return Check.oneOf(field, id, values(), Algorithm::id);
  }
}
