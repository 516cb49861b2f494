package org.saferlhub.env;

import org.saferlhub.config.Check;
import org.saferlhub.space.Space;

/**
 * Cuts every episode of a tabular environment after {@code maxSteps} steps, as Gymnasium's
 * {@code TimeLimit} wrapper: the step that reaches the limit reports {@code truncated} and the
 * reason {@link Termination#TIME_LIMIT}, unless the task terminated on that very step (then
 * termination wins, so a goal reached on the last allowed step still counts as a goal).
 *
 * <p>Truncation is not termination: the state after a truncated step is an ordinary state with a
 * value of its own, and learners bootstrap from it. Everything else (reward, hidden reward,
 * spaces, seeding) passes through unchanged; the wrapper draws no random numbers.
 *
 * @param <O> the observation type
 */
public final class TimeLimit<O> implements TabularEnv<O> {

  private final TabularEnv<O> env;
  private final int maxSteps;
  private int elapsedSteps;
  private boolean cut;

  /**
   * @param env the environment to limit
   * @param maxSteps steps per episode, 1 … 1,000,000
   */
  public TimeLimit(TabularEnv<O> env, int maxSteps) {
    this.env = env;
    this.maxSteps = (int) Check.range("maxSteps", maxSteps, 1, 1_000_000);
  }

  /** The wrapped environment. */
  public TabularEnv<O> unwrapped() {
    return env;
  }

  /** The limit. */
  public int maxSteps() {
    return maxSteps;
  }

  /** Steps taken in the current episode. */
  public int elapsedSteps() {
    return elapsedSteps;
  }

  @Override
  public int resetState(long seed) {
    elapsedSteps = 0;
    cut = false;
    return env.resetState(seed);
  }

  @Override
  public int resetState() {
    elapsedSteps = 0;
    cut = false;
    return env.resetState();
  }

  @Override
  public int stepState(int action) {
    if (cut) {
      throw new IllegalStateException("the episode is over: call reset() before step()");
    }
    int next = env.stepState(action);
    elapsedSteps++;
    cut = elapsedSteps >= maxSteps && !env.terminated() && !env.truncated();
    return next;
  }

  @Override
  public boolean truncated() {
    return cut || env.truncated();
  }

  @Override
  public boolean terminated() {
    return env.terminated();
  }

  @Override
  public Termination termination() {
    return cut ? Termination.TIME_LIMIT : env.termination();
  }

  @Override
  public double reward() {
    return env.reward();
  }

  @Override
  public double hiddenReward() {
    return env.hiddenReward();
  }

  @Override
  public boolean hasHiddenReward() {
    return env.hasHiddenReward();
  }

  @Override
  public boolean stochastic() {
    return env.stochastic();
  }

  @Override
  public EnvSpec spec() {
    return env.spec();
  }

  @Override
  public Space<O> observationSpace() {
    return env.observationSpace();
  }

  @Override
  public int stateCount() {
    return env.stateCount();
  }

  @Override
  public int actionCount() {
    return env.actionCount();
  }

  @Override
  public int encode(O observation) {
    return env.encode(observation);
  }

  @Override
  public O decode(int state) {
    return env.decode(state);
  }

  @Override
  public void close() {
    env.close();
  }
}
