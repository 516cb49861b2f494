package org.saferlhub.app.db;

import java.util.List;
import java.util.NoSuchElementException;
import org.jdbi.v3.core.Jdbi;

/** {@link ScoreStore} in table {@code scores}. */
final class JdbiScoreStore implements ScoreStore {

  private final Jdbi jdbi;

  JdbiScoreStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public long add(String nickname, long score, int correct, int total) {
    Sql.capped("nickname", nickname, 64);
    return jdbi.withHandle(h -> h.createUpdate("INSERT INTO scores (nickname, score, correct, "
            + "total) VALUES (:nickname, :score, :correct, :total)")
        .bind("nickname", nickname)
        .bind("score", score)
        .bind("correct", correct)
        .bind("total", total)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one());
  }

  @Override
  public int rank(long id) {
    return jdbi.withHandle(h -> {
      long score = h.createQuery("SELECT score FROM scores WHERE id = :id")
          .bind("id", id)
          .mapTo(Long.class)
          .findOne()
          .orElseThrow(() -> new NoSuchElementException("no score with id " + id));
      long better = h.createQuery("SELECT COUNT(*) FROM scores WHERE score > :score")
          .bind("score", score)
          .mapTo(Long.class)
          .one();
      return Math.toIntExact(better + 1);
    });
  }

  @Override
  public List<Score> top(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return jdbi.withHandle(h -> h.createQuery("SELECT id, nickname, score, correct, total, "
            + "created_at FROM scores ORDER BY score DESC, created_at, id LIMIT :limit")
        .bind("limit", limit)
        .map((rs, ctx) -> new Score(rs.getLong("id"), rs.getString("nickname"),
            rs.getLong("score"), rs.getInt("correct"), rs.getInt("total"),
            Sql.instant(rs, "created_at")))
        .list());
  }
}
