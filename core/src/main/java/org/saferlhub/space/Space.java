package org.saferlhub.space;

import java.util.random.RandomGenerator;

/**
 * A set of valid observations or actions, as in Gymnasium's {@code gymnasium.spaces}.
 *
 * <p>Environments check every action against their action space and every observation they
 * return lies in their observation space (the environment contract test checks this).
 *
 * @param <T> the type of the elements
 */
public interface Space<T> {

  /** Returns whether {@code x} is an element of this space. */
  boolean contains(T x);

  /** Draws an element uniformly at random with the given generator. */
  T sample(RandomGenerator rng);
}
