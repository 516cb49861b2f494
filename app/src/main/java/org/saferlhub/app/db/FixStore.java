package org.saferlhub.app.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The reward-fix leaderboard: per safety gridworld, the passing rewards learners wrote, ranked by
 * the mean hidden performance of the agents trained with them, then by simplicity (fewer parts),
 * then by who sent it first. A reward is on a world's board at most once.
 */
public interface FixStore {

  /**
   * One entry; nickname and reward are stored exactly as given (escaping is the renderer's job).
   *
   * @param performance the mean hidden performance over the test seeds
   * @param worstPerformance the lowest of them
   * @param size the reward's number of parts
   */
  record Fix(long id, String env, String nickname, String reward, int size, double performance,
      double worstPerformance, Instant createdAt) {}

  /** Thrown by {@link #add} when the reward is already on that world's board. */
  final class Duplicate extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Duplicate(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Adds a fix and returns its id.
   *
   * @throws Duplicate if that reward is already on the world's board
   */
  long add(String env, String nickname, String reward, int size, double performance,
      double worstPerformance);

  /** The entry of {@code reward} on {@code env}'s board, if someone sent it. */
  Optional<Fix> find(String env, String reward);

  /** 1-based rank of an entry on its world's board. */
  int rank(long id);

  /** A world's best entries, best first. */
  List<Fix> top(String env, int limit);
}
