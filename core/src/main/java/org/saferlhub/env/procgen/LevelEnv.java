package org.saferlhub.env.procgen;

import java.util.List;
import org.saferlhub.env.Env;

/**
 * An environment that draws a new level for every episode and is observed as board planes, with
 * a path for training loops that allocates nothing: {@link #resetLevel()}, {@link #act(int)},
 * {@link #observe(double[])} write into the caller's buffers, while {@link #reset(long)} and
 * {@link #step(Object)} keep Gymnasium's contract (a fresh {@code float[]} each time, info on the
 * last step). Both paths move the same state.
 *
 * <p>Each level family logs how an episode ended as one of a few {@link #outcomes()}: for cheese
 * in the corner, whether the agent reached the cheese, went to the corner first, or neither. The
 * outcome is what a designer measures; the agent never sees it.
 */
public interface LevelEnv extends Env<float[], Integer> {

  /** Which distribution levels are drawn from. */
  enum Split {
    /** The levels the agent is trained on. */
    TRAIN,
    /** The levels it is tested on, where the goal and its usual place come apart. */
    TEST;

    /** The lower-case id used in parameters and JSON. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The box of board planes every observation lies in. */
  @Override
  org.saferlhub.space.Box observationSpace();

  /** Numbers in one observation, the size of {@link #observationSpace()}. */
  int observationSize();

  /** Number of actions, 0 … n − 1. */
  int actionCount();

  /** Reseeds the level generator and draws a new level (the fast path of {@link #reset(long)}). */
  void resetLevel(long seed);

  /** Draws the next level from the same random stream. */
  void resetLevel();

  /**
   * Applies one action (the fast path of {@link #step(Object)}).
   *
   * @throws IllegalStateException before a reset or after the episode ended
   * @throws IllegalArgumentException if the action is outside 0 … {@link #actionCount()} − 1
   */
  void act(int action);

  /** The reward of the last action (0 right after a reset). */
  double reward();

  /** Whether the episode reached a terminal state of the task. */
  boolean terminated();

  /** Whether the episode was cut off by the time limit. */
  boolean truncated();

  /** Steps taken in this episode. */
  int steps();

  /** Writes the current observation into {@code x} ({@link #observationSize()} numbers). */
  void observe(double[] x);

  /** The names of the ways an episode can end, index = {@link #outcome()}. */
  List<String> outcomes();

  /**
   * How the episode has ended so far: an index into {@link #outcomes()}. Outcome 0 is always the
   * designer's goal reached (the cheese, the coin, every chest opened): training success counts
   * it.
   */
  int outcome();

  /**
   * Names of further numbers a family logs per episode, beside the outcome (none by default):
   * keys-and-chests logs its surplus keys, coin-at-end whether the coin lay on the path anyway.
   */
  default List<String> metrics() {
    return List.of();
  }

  /**
   * The episode's value of metric {@code i} of {@link #metrics()} so far.
   *
   * @throws IndexOutOfBoundsException if there is no such metric
   */
  default double metric(int i) {
    throw new IndexOutOfBoundsException("no metric " + i + "; this family logs " + metrics());
  }

  /** The training or test distribution this instance draws from. */
  Split split();

  /** The settings this instance was made with, as registry parameters (for reproduction). */
  java.util.Map<String, String> params();
}
