package org.saferlhub.app.db;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** {@link FeedbackStore} in table {@code feedback}. */
final class JdbiFeedbackStore implements FeedbackStore {

  private final Jdbi jdbi;

  JdbiFeedbackStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public long add(Feedback f) {
    Sql.capped("background", f.background(), 32);
    Sql.capped("clear", f.clear(), 4_000);
    Sql.capped("unclear", f.unclear(), 4_000);
    Sql.capped("topics", f.topics(), 4_000);
    Sql.capped("features", f.features(), 4_000);
    Sql.capped("comments", f.comments(), 4_000);
    return jdbi.withHandle(h -> h.createUpdate("INSERT INTO feedback (background, what_clear, "
            + "what_unclear, topics, features, comments) VALUES (:background, :clear, :unclear, "
            + ":topics, :features, :comments)")
        .bind("background", f.background())
        .bind("clear", f.clear())
        .bind("unclear", f.unclear())
        .bind("topics", f.topics())
        .bind("features", f.features())
        .bind("comments", f.comments())
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one());
  }

  @Override
  public List<Feedback> all() {
    return jdbi.withHandle(h -> h.createQuery("SELECT id, created_at, background, what_clear, "
            + "what_unclear, topics, features, comments FROM feedback ORDER BY created_at, id")
        .map((rs, ctx) -> new Feedback(rs.getLong("id"), Sql.instant(rs, "created_at"),
            rs.getString("background"), rs.getString("what_clear"),
            rs.getString("what_unclear"), rs.getString("topics"), rs.getString("features"),
            rs.getString("comments")))
        .list());
  }

  @Override
  public long count() {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM feedback")
        .mapTo(Long.class).one());
  }
}
