package org.saferlhub.train;

import java.util.random.RandomGenerator;
import org.saferlhub.agent.tabular.MonteCarloControl;
import org.saferlhub.agent.tabular.QLearning;
import org.saferlhub.agent.tabular.Sarsa;
import org.saferlhub.agent.tabular.TabularAgent;
import org.saferlhub.config.Check;

/** The tabular learning algorithms a run can use, by the ids the CLI and the web API accept. */
public enum Algorithm {
  /** {@link QLearning}. */
  Q_LEARNING("q-learning", "Q-learning", "QLearning"),
  /** {@link Sarsa}. */
  SARSA("sarsa", "SARSA", "Sarsa"),
  /** {@link MonteCarloControl}. */
  MONTE_CARLO("monte-carlo", "Monte Carlo control", "MonteCarloControl");

  private final String id;
  private final String title;
  private final String className;

  Algorithm(String id, String title, String className) {
    this.id = id;
    this.title = title;
    this.className = className;
  }

  /** The id: {@code q-learning}, {@code sarsa} or {@code monte-carlo}. */
  public String id() {
    return id;
  }

  /** The name for people. */
  public String title() {
    return title;
  }

  /** The simple name of the class implementing it, in {@code org.saferlhub.agent.tabular}. */
  public String className() {
    return className;
  }

  /** A fresh agent with a zero Q table and default {@link AgentOptions}. */
  public TabularAgent create(
      int states, int actions, double alpha, double gamma, RandomGenerator rng) {
    return create(states, actions, alpha, gamma, AgentOptions.defaults(), rng);
  }

  /** A fresh agent with a zero Q table. */
  public TabularAgent create(int states, int actions, double alpha, double gamma,
      AgentOptions options, RandomGenerator rng) {
    return switch (this) {
      case Q_LEARNING -> new QLearning(states, actions, alpha, gamma, rng);
      case SARSA -> new Sarsa(states, actions, alpha, gamma, rng);
      case MONTE_CARLO -> new MonteCarloControl(states, actions, alpha, gamma, rng);
    };
  }

  /** Parses an id, throwing a {@link org.saferlhub.config.ParameterException} naming the field. */
  public static Algorithm fromId(String field, String id) {
    return Check.oneOf(field, id, values(), Algorithm::id);
  }
}
