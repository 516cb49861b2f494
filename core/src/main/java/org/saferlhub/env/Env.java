package org.saferlhub.env;

import org.saferlhub.space.Space;

/**
 * A reinforcement-learning environment with Gymnasium's contract, in Java idioms.
 *
 * <ul>
 *   <li>{@link #reset(long)} reseeds the environment's own random generator and starts an episode;
 *       {@link #reset()} starts the next episode continuing the same random stream. The same seed
 *       gives the same episodes, bit for bit.
 *   <li>{@link #step(Object)} applies one action and returns the five-tuple {@link Step}. Calling it
 *       before the first reset, or after the episode ended, throws {@link IllegalStateException};
 *       an action outside {@link #actionSpace()} throws {@link IllegalArgumentException} naming the
 *       action and the space.
 *   <li>Environments are not thread-safe: one thread drives one instance.
 * </ul>
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public interface Env<O, A> extends AutoCloseable {

  /** The registry entry this environment was made from: id and description. */
  EnvSpec spec();

  /** The space every observation lies in. */
  Space<O> observationSpace();

  /** The space every valid action lies in. */
  Space<A> actionSpace();

  /** Reseeds the environment's random generator with {@code seed} and starts a new episode. */
  Reset<O> reset(long seed);

  /** Starts a new episode, continuing the current random stream (seed 0 if never seeded). */
  Reset<O> reset();

  /** Applies {@code action} and returns what follows. */
  Step<O> step(A action);

  /** Releases resources; calling it more than once is harmless. */
  @Override
  void close();
}
