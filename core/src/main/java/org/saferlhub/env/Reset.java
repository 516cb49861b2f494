package org.saferlhub.env;

import java.util.Map;

/**
 * What {@link Env#reset(long)} returns: the first observation of an episode and auxiliary info.
 *
 * @param observation the first observation
 * @param info diagnostic information, never used for learning (empty for most environments)
 * @param <O> the observation type
 */
public record Reset<O>(O observation, Map<String, Object> info) {

  /** Copies {@code info} so the record stays immutable. */
  public Reset {
    info = Map.copyOf(info);
  }
}
