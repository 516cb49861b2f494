package org.saferlhub.env;

import org.saferlhub.random.Rng;

/**
 * What every tabular environment shares, written once: the environment's own seeded generator,
 * the reset/step lifecycle checks, the action-range check, and the outcome of the last step
 * (reward, hidden reward, terminated, truncated, termination reason). Like Gymnasium's
 * {@code super().reset(seed=seed)}, a subclass never seeds or checks anything itself: it writes
 * {@link #start()} and {@link #transition(int)}, and reports each step with {@link #pay} and
 * {@link #end}.
 *
 * <p>The lifecycle: {@link #resetState(long)} reseeds {@link #rng} and starts an episode;
 * {@link #resetState()} starts one continuing the stream. {@link #stepState(int)} before the first
 * reset, or after the episode ended, throws {@link IllegalStateException}; an action outside
 * {@code Discrete(actionCount())} throws {@link IllegalArgumentException} naming the action and
 * what each action means. The checks allocate nothing, so training loops stay allocation-free.
 *
 * @param <O> the observation type
 */
public abstract class TabularEnvBase<O> implements TabularEnv<O> {

  /** The environment's own random generator; reseeded only by {@link #resetState(long)}. */
  protected Rng rng = new Rng(0);

  // The outcome of the last step.
  private double reward;
  private double hiddenReward;
  private boolean terminated;
  private boolean truncated;
  private Termination termination = Termination.NOT_ENDED;
  private boolean running;
  private boolean everReset;

  /** Starts an episode: sets up the first state and returns its index. {@link #rng} is ready. */
  protected abstract int start();

  /**
   * Applies a valid action in a running episode and returns the next state's index. It must call
   * {@link #pay} (else the step pays 0) and, if the episode ends, {@link #end}.
   */
  protected abstract int transition(int action);

  /** What each action means, for error messages, e.g. {@code "0 = stick, 1 = hit"}. */
  protected abstract String actionMeanings();

  /** The step pays {@code reward}, and the designer's hidden reward is the same. */
  protected final void pay(double reward) {
    this.reward = reward;
    this.hiddenReward = reward;
  }

  /**
   * The step pays the agent {@code reward} while the designer's hidden reward is
   * {@code hiddenReward} (safety environments: what the designer wanted, never shown to agents).
   */
  protected final void pay(double reward, double hiddenReward) {
    this.reward = reward;
    this.hiddenReward = hiddenReward;
  }

  /**
   * The episode ends with this step: terminated for a terminal reason, truncated for
   * {@link Termination#TIME_LIMIT}.
   */
  protected final void end(Termination why) {
    if (why == Termination.NOT_ENDED) {
      throw new IllegalArgumentException("an episode cannot end as " + why);
    }
    termination = why;
    terminated = why.terminal();
    truncated = !why.terminal();
  }

  @Override
  public final int resetState(long seed) {
    rng = new Rng(seed);
    return resetState();
  }

  @Override
  public final int resetState() {
    reward = 0.0;
    hiddenReward = 0.0;
    terminated = false;
    truncated = false;
    termination = Termination.NOT_ENDED;
    running = true;
    everReset = true;
    return start();
  }

  @Override
  public final int stepState(int action) {
    if (!running) {
      throw new IllegalStateException(everReset
          ? "the episode is over: call reset() before step()"
          : "call reset(seed) before the first step()");
    }
    if (action < 0 || action >= actionCount()) {
      throw new IllegalArgumentException("action must be in Discrete(" + actionCount() + ") ("
          + actionMeanings() + "), was " + action);
    }
    reward = 0.0;
    hiddenReward = 0.0;
    int next = transition(action);
    running = !terminated && !truncated;
    return next;
  }

  @Override
  public final double reward() {
    return reward;
  }

  @Override
  public final double hiddenReward() {
    return hiddenReward;
  }

  @Override
  public final boolean terminated() {
    return terminated;
  }

  @Override
  public final boolean truncated() {
    return truncated;
  }

  @Override
  public final Termination termination() {
    return termination;
  }

  /** Whether the current episode has ended (or none has started). */
  public final boolean episodeOver() {
    return !running;
  }

  /** Ends the current episode; stepping again needs a reset. Calling it twice is harmless. */
  @Override
  public void close() {
    running = false;
  }
}
