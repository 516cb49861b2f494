package org.saferlhub.agent.tabular;

/**
 * An agent that learns a {@link QTable} while it acts, one interaction at a time.
 *
 * <p>The trainer calls {@link #begin(int)} with the first state of an episode and performs the
 * action it returns; then, after each step, {@link #observe(double, int, boolean, boolean)} with
 * what followed, and performs the action it returns, until the episode ends. The agent remembers
 * its own current state and action between calls. Agents never see anything but the reward and
 * the next state (safety environments' hidden performance is never passed in).
 */
public interface TabularAgent {

  /** Starts an episode in state {@code s0} and returns the first action A0. */
  int begin(int s0);

  /**
   * Learns from the step just taken and returns the next action.
   *
   * @param reward R_{t+1}
   * @param nextState S_{t+1}
   * @param terminated S_{t+1} is terminal: its value is 0
   * @param truncated the episode was cut short (S_{t+1} is not terminal, but nothing follows)
   * @return A_{t+1}, or -1 if the episode is over
   */
  int observe(double reward, int nextState, boolean terminated, boolean truncated);

  /** Sets the exploration rate ε used from the next action on. */
  void epsilon(double epsilon);

  /**
   * The environment executed {@code action} instead of the one this agent chose last (the
   * off-switch's interruption): an agent that learns from what it really did records it, so that
   * its next update is about the executed action (Orseau and Armstrong 2016: an off-policy learner
   * updated this way is safely interruptible). By default the agent keeps its own choice.
   */
  default void executed(int action) {}

  /**
   * The learned values: Q(s, a) for the value methods; for REINFORCE the action preferences
   * H(s, a) of its softmax policy (argmax still names the most likely action).
   */
  QTable q();

  /**
   * The current policy's action probabilities π(·|s), a fresh array of {@code q().actions()}
   * numbers summing to 1. For views, not for training loops. The ε-greedy learners give
   * 1 − ε + ε/|A| to the greedy action ({@link QTable#greedy(int)}, ties to the lowest index) and
   * ε/|A| to each other action; REINFORCE gives its softmax exp(H(s, a)) / Σ_b exp(H(s, b)).
   * This default is the greedy policy in {@link #q()}.
   *
   * @param s a state index
   */
  default double[] probabilities(int s) {
    double[] pi = new double[q().actions()];
    pi[q().greedy(s)] = 1.0;
    return pi;
  }

  /** |TD error| of the updates so far, for diagnostics. */
  TdErrorTally tdErrors();

  /**
   * Records the numbers of every following choice and update into {@code trace} (null: stop).
   * For step-by-step views; it does not change what the agent does.
   */
  void trace(@org.jspecify.annotations.Nullable StepTrace trace);
}
