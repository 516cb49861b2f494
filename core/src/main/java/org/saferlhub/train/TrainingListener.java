package org.saferlhub.train;

/**
 * Receives a run's progress. Events come in this order, all on the training thread:
 * {@link #onStart} once, then {@link #onEpisode} per episode interleaved with {@link #onPoint} up to a
 * few hundred times, {@link #onFinish} once (also
 * after a cancellation). Listeners must be fast and must not throw; an exception thrown by a
 * listener ends the run and propagates to the caller.
 */
public interface TrainingListener {

  /** Does nothing. */
  TrainingListener NONE = new TrainingListener() {
    @Override
    public boolean wantsEpisodes() {
      return false;
    }
  };

  /**
   * Whether this listener reads {@link #onEpisode}. When it does not, the trainer does not build
   * the {@link EpisodeStats} of each episode: the JVM's escape analysis removes that allocation,
   * but the engine compiled for a browser would make a million objects for a million episodes.
   */
  default boolean wantsEpisodes() {
    return true;
  }

  /** The run is about to start. */
  default void onStart(RunConfig config) {}

  /**
   * An episode ended. Called for every episode, so it must be very cheap; most listeners only
   * need {@link #onPoint}.
   */
  default void onEpisode(EpisodeStats episode) {}

  /** A new point of the learning curve. */
  default void onPoint(TrainingPoint point) {}

  /** The run ended, completed or stopped. */
  default void onFinish(TrainingResult result) {}
}
