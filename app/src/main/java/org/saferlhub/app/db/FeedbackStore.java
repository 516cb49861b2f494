package org.saferlhub.app.db;

import java.time.Instant;
import java.util.List;

/** Answers to the feedback survey. */
public interface FeedbackStore {

  /** One answer; every text is stored exactly as given and may be empty. */
  record Feedback(long id, Instant createdAt, String background, String clear, String unclear,
      String topics, String features, String comments) {}

  /** Stores an answer (id and createdAt of the argument are ignored) and returns its id. */
  long add(Feedback feedback);

  /** All answers, oldest first. */
  List<Feedback> all();

  /** How many answers are stored. */
  long count();
}
