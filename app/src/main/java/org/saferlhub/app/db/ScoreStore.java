package org.saferlhub.app.db;

import java.time.Instant;
import java.util.List;

/** The quiz game's opt-in high-score table. */
public interface ScoreStore {

  /** One entry; the nickname is stored exactly as given (escaping is the renderer's job). */
  record Score(long id, String nickname, long score, int correct, int total, Instant createdAt) {}

  /** Adds a score and returns its id. */
  long add(String nickname, long score, int correct, int total);

  /** 1-based rank of a score id among all (ties share the better rank). */
  int rank(long id);

  /** The best scores, best first, then oldest first. */
  List<Score> top(int limit);
}
