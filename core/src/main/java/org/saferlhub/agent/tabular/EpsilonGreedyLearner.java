package org.saferlhub.agent.tabular;

import java.util.random.RandomGenerator;
import org.saferlhub.config.Check;

/**
 * What the tabular algorithms share: the hyperparameters α and γ, the Q table, the exploration
 * rate ε with its own random generator, and the |TD error| tally. Each algorithm adds only
 * {@code begin} and its update rule, {@code observe}.
 */
abstract class EpsilonGreedyLearner implements TabularAgent {

  /** Step size α in (0, 1]. */
  protected final double alpha;

  /** Discount factor γ in [0, 1]. */
  protected final double gamma;

  /** The action values being learned. */
  protected final QTable q;

  /** The exploration generator, owned by this agent. */
  protected final RandomGenerator rng;

  /** |error| of every update since the trainer last looked. */
  protected final TdErrorTally tdErrors = new TdErrorTally();

  /** The exploration rate ε. */
  protected double epsilon;

  /** Where to record the numbers of each step, or null (training loops). */
  protected StepTrace trace;

  EpsilonGreedyLearner(int states, int actions, double alpha, double gamma,
      RandomGenerator rng) {
    this.alpha = Check.range("alpha", alpha, 0, true, 1, false);
    this.gamma = Check.range("gamma", gamma, 0, false, 1, false);
    this.q = new QTable(states, actions);
    this.rng = rng;
  }

  /** ε-greedy in the current Q: a random action with probability ε, else the greedy one. */
  protected final int act(int s) {
    if (trace == null) {
      return q.epsilonGreedy(s, epsilon, rng);
    }
    // The same draws as QTable.epsilonGreedy, recorded for the step-by-step view.
    double coin = epsilon > 0 ? rng.nextDouble() : Double.NaN;
    boolean explore = epsilon > 0 && coin < epsilon;
    int greedy = q.greedy(s);
    int a = explore ? rng.nextInt(q.actions()) : greedy;
    trace.chose(s, a, epsilon, coin, explore, probability(a, greedy));
    return a;
  }

  /** π(a|s) of the ε-greedy policy whose greedy action in s is {@code greedy}. */
  private double probability(int a, int greedy) {
    double uniform = epsilon / q.actions();
    return a == greedy ? 1 - epsilon + uniform : uniform;
  }

  /** Records an update of Q(s, a) from {@code oldValue} towards {@code target}, if tracing. */
  protected final void traceUpdate(int s, int a, double reward, int nextState, int nextAction,
      boolean terminated, double target, double oldValue) {
    if (trace != null) {
      trace.updated(s, a, reward, nextState, nextAction, terminated, target, oldValue,
          q.get(s, a));
    }
  }

  /**
   * Records an update of Q(s, a) from {@code oldValue} to {@code newValue}, if tracing: for an
   * agent that changes Q(s, a) again before recording (Dyna-Q's planning).
   */
  protected final void traceUpdate(int s, int a, double reward, int nextState, int nextAction,
      boolean terminated, double target, double oldValue, double newValue) {
    if (trace != null) {
      trace.updated(s, a, reward, nextState, nextAction, terminated, target, oldValue, newValue);
    }
  }

  @Override
  public final void trace(StepTrace trace) {
    this.trace = trace;
  }

  @Override
  public final void epsilon(double epsilon) {
    this.epsilon = epsilon;
  }

  /** ε-greedy: 1 − ε + ε/|A| on {@link QTable#greedy(int)}, ε/|A| on every other action. */
  @Override
  public final double[] probabilities(int s) {
    int greedy = q.greedy(s);
    double[] pi = new double[q.actions()];
    for (int a = 0; a < pi.length; a++) {
      pi[a] = probability(a, greedy);
    }
    return pi;
  }

  @Override
  public final QTable q() {
    return q;
  }

  @Override
  public final TdErrorTally tdErrors() {
    return tdErrors;
  }
}
