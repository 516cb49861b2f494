package org.saferlhub.app.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** {@link FixStore} in table {@code reward_fixes}. */
final class JdbiFixStore implements FixStore {

  private static final String COLUMNS =
      "id, env, nickname, reward, size, performance, worst_performance, created_at";
  /** The board's order (index reward_fixes_ranked). */
  private static final String RANKED = "performance DESC, size, created_at, id";

  private final Jdbi jdbi;

  JdbiFixStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public long add(String env, String nickname, String reward, int size, double performance,
      double worstPerformance) {
    Sql.capped("nickname", nickname, 64);
    Sql.capped("reward", reward, 1200);
    try {
      return jdbi.withHandle(h -> h.createUpdate("INSERT INTO reward_fixes (env, nickname, reward, "
            + "size, performance, worst_performance) VALUES (:env, :nickname, :reward, :size, "
            + ":performance, :worst)")
        .bind("env", env)
        .bind("nickname", nickname)
        .bind("reward", reward)
        .bind("size", size)
        .bind("performance", performance)
        .bind("worst", worstPerformance)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one());
    } catch (RuntimeException e) {
      if (Sql.isUniqueViolation(e)) {
        throw new Duplicate("that reward is already on the board of " + env, e);
      }
      throw e;
    }
  }

  @Override
  public Optional<Fix> find(String env, String reward) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
            + " FROM reward_fixes WHERE env = :env AND reward = :reward")
        .bind("env", env)
        .bind("reward", reward)
        .map((rs, ctx) -> fix(rs))
        .findOne());
  }

  @Override
  public int rank(long id) {
    return jdbi.withHandle(h -> {
      Fix f = h.createQuery("SELECT " + COLUMNS + " FROM reward_fixes WHERE id = :id")
          .bind("id", id)
          .map((rs, ctx) -> fix(rs))
          .findOne()
          .orElseThrow(() -> new NoSuchElementException("no reward fix with id " + id));
      long better = h.createQuery("SELECT COUNT(*) FROM reward_fixes WHERE env = :env AND ("
              + "performance > :p OR (performance = :p AND (size < :size OR (size = :size AND "
              + "(created_at < :at OR (created_at = :at AND id < :id))))))")
          .bind("env", f.env())
          .bind("p", f.performance())
          .bind("size", f.size())
          .bind("at", Sql.timestamp(f.createdAt()))
          .bind("id", f.id())
          .mapTo(Long.class)
          .one();
      return Math.toIntExact(better + 1);
    });
  }

  @Override
  public List<Fix> top(String env, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM reward_fixes WHERE "
            + "env = :env ORDER BY " + RANKED + " LIMIT :limit")
        .bind("env", env)
        .bind("limit", limit)
        .map((rs, ctx) -> fix(rs))
        .list());
  }

  private static Fix fix(ResultSet rs) throws SQLException {
    return new Fix(rs.getLong("id"), rs.getString("env"), rs.getString("nickname"),
        rs.getString("reward"), rs.getInt("size"), rs.getDouble("performance"),
        rs.getDouble("worst_performance"), Sql.instant(rs, "created_at"));
  }
}
