package org.saferlhub.env;

import java.util.Map;
import org.saferlhub.space.Discrete;

/**
 * An environment with finitely many observations and actions, each numbered from 0.
 *
 * <p>Besides the object-returning {@link Env} methods it offers a primitive, allocation-free form
 * for training loops: {@link #resetState(long)} and {@link #stepState(int)} return the index of
 * the next observation, and {@link #reward()}, {@link #terminated()} and {@link #truncated()}
 * describe the step just taken. Both forms drive the same episode and obey the same checks.
 *
 * @param <O> the observation type
 */
public interface TabularEnv<O> extends Env<O, Integer> {

  /** How many distinct observation indices there are. */
  int stateCount();

  /** How many actions there are: {@code actionSpace()} is {@code Discrete(actionCount())}. */
  int actionCount();

  /** The index of an observation, in {@code [0, stateCount())}. */
  int encode(O observation);

  /** The observation with the given index. */
  O decode(int state);

  /** Primitive form of {@link #reset(long)}: returns the index of the first observation. */
  int resetState(long seed);

  /** Primitive form of {@link #reset()}: returns the index of the first observation. */
  int resetState();

  /** Primitive form of {@link #step(Object)}: returns the index of the next observation. */
  int stepState(int action);

  /** The reward of the last step (0 right after a reset). */
  double reward();

  /** Whether the last step terminated the episode. */
  boolean terminated();

  /** Whether the last step truncated the episode. */
  boolean truncated();

  /**
   * The designer's hidden reward of the last step (0 right after a reset): what the designer
   * wanted, which a safety environment measures beside the reward the agent sees. Summed over an
   * episode it is the episode's <i>performance</i>. Agents never see it. Without a hidden channel
   * it equals {@link #reward()}.
   */
  default double hiddenReward() {
    return reward();
  }

  /** Whether {@link #hiddenReward()} can differ from {@link #reward()} (a safety environment). */
  default boolean hasHiddenReward() {
    return false;
  }

  /**
   * Why the last step ended the episode: {@link Termination#NOT_ENDED} while it runs,
   * {@link Termination#TIME_LIMIT} when it was truncated, another reason when it terminated.
   */
  default Termination termination() {
    if (truncated()) {
      return Termination.TIME_LIMIT;
    }
    return terminated() ? Termination.TERMINAL : Termination.NOT_ENDED;
  }

  /**
   * An exploration rate the environment imposes on the agent from the last step on, or 0 for
   * none: whisky and gold's 0.9 once the whisky is drunk. The trainer applies it for the rest of
   * the episode ({@code epsilon = max(own, imposed)}); the environment never randomises actions.
   */
  default double exploration() {
    return 0;
  }

  /**
   * The action the environment executed on the last step when it overrode the agent's (the
   * off-switch: an interrupted agent is made to move into a wall), or −1 when it executed the
   * agent's own. The trainer tells the agent ({@code TabularAgent.executed}).
   */
  default int executedAction() {
    return -1;
  }

  /**
   * Whether the environment draws random numbers, so that the seed changes what happens. A
   * deterministic one (a grid world without slip) gives the same episodes for every seed.
   */
  default boolean stochastic() {
    return true;
  }

  @Override
  default Discrete actionSpace() {
    return new Discrete(actionCount());
  }

  @Override
  default Reset<O> reset(long seed) {
    return new Reset<>(decode(resetState(seed)), Map.of());
  }

  @Override
  default Reset<O> reset() {
    return new Reset<>(decode(resetState()), Map.of());
  }

  @Override
  default Step<O> step(Integer action) {
    if (action == null) {
      throw new IllegalArgumentException("action must not be null; allowed: " + actionSpace());
    }
    int next = stepState(action);
    Map<String, Object> info = termination() == Termination.NOT_ENDED ? Map.of()
        : Map.of("termination", termination().id());
    if (hasHiddenReward()) {
      info = new java.util.HashMap<>(info);
      info.put("hiddenReward", hiddenReward());
    }
    return new Step<>(decode(next), reward(), terminated(), truncated(), info);
  }
}
