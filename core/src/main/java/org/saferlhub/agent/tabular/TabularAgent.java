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

  /** The learned values. */
  QTable q();

  /** |TD error| of the updates so far, for diagnostics. */
  TdErrorTally tdErrors();

  /**
   * Records the numbers of every following choice and update into {@code trace} (null: stop).
   * For step-by-step views; it does not change what the agent does.
   */
  void trace(@org.jspecify.annotations.Nullable StepTrace trace);
}
