package org.saferlhub.env;

import java.util.Map;

/**
 * What {@link Env#step(Object)} returns, Gymnasium's five-tuple.
 *
 * @param observation the observation after the action
 * @param reward the reward the agent receives for the action
 * @param terminated whether the episode reached a terminal state of the task
 * @param truncated whether the episode was cut short from outside the task (a time limit)
 * @param info diagnostic information, never used for learning
 * @param <O> the observation type
 */
public record Step<O>(
    O observation, double reward, boolean terminated, boolean truncated, Map<String, Object> info) {

  /** Copies {@code info} so the record stays immutable. */
  public Step {
    info = Map.copyOf(info);
  }

  /** Whether the episode is over, for either reason. */
  public boolean done() {
    return terminated || truncated;
  }
}
