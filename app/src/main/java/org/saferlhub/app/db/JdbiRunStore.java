package org.saferlhub.app.db;

import java.sql.ResultSet;
import org.jspecify.annotations.Nullable;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link RunStore} in table {@code runs}. */
final class JdbiRunStore implements RunStore {

  private static final String COLUMNS = "id, learner_id, created_at, env, algorithm, rules, "
      + "episodes, seed, stop_reason, mean_return, expected_return, optimal_expected_return, "
      + "config_json";

  private final Jdbi jdbi;

  JdbiRunStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void save(StoredRun run) {
    Sql.capped("id", run.id(), 40);
    if (run.learnerId() != null) {
      Sql.capped("learnerId", run.learnerId(), 64);
    }
    Sql.capped("algorithm", run.algorithm(), 40);
    Sql.capped("env", run.env(), 200);
    if (run.rules() != null) {
      Sql.capped("rules", run.rules(), 40);
    }
    Sql.capped("stopReason", run.stopReason(), 20);
    Sql.capped("configJson", run.configJson(), 60_000);
    Sql.capped("resultJson", run.resultJson(), 1_000_000);
    try {
      jdbi.useHandle(h -> h.createUpdate("INSERT INTO runs (" + COLUMNS + ", result_json) "
              + "VALUES (:id, :learner, :createdAt, :env, :algorithm, :rules, :episodes, :seed, "
              + ":stopReason, :meanReturn, :expectedReturn, :optimalExpectedReturn, :config, "
              + ":result)")
          .bind("id", run.id())
          .bind("learner", run.learnerId())
          .bind("createdAt", Sql.timestamp(run.createdAt()))
          .bind("env", run.env())
          .bind("algorithm", run.algorithm())
          .bind("rules", run.rules())
          .bind("episodes", run.episodes())
          .bind("seed", run.seed())
          .bind("stopReason", run.stopReason())
          .bind("meanReturn", run.meanReturn())
          .bind("expectedReturn", run.expectedReturn())
          .bind("optimalExpectedReturn", run.optimalExpectedReturn())
          .bind("config", run.configJson())
          .bind("result", RunText.pack(run.resultJson()))
          .execute());
    } catch (RuntimeException e) {
      if (Sql.isUniqueViolation(e)) {
        throw new IllegalStateException("a run with id '" + run.id() + "' is already stored", e);
      }
      throw e;
    }
  }

  @Override
  public Optional<StoredRun> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + ", result_json FROM runs "
            + "WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> row(rs, ctx, RunText.unpack(rs.getString("result_json"))))
        .findOne());
  }

  @Override
  public List<StoredRun> byLearner(String learnerId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM runs "
            + "WHERE learner_id = :learner ORDER BY created_at DESC, id DESC LIMIT :limit")
        .bind("learner", learnerId)
        .bind("limit", limit)
        .map((rs, ctx) -> row(rs, ctx, ""))
        .list());
  }

  @Override
  public void keep(String id, java.time.Instant at) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE runs SET kept_at = :at WHERE id = :id")
        .bind("at", Sql.timestamp(at)).bind("id", id).execute());
  }

  @Override
  public int deleteUnkeptBefore(java.time.Instant cutoff) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM runs WHERE (kept_at IS NULL AND "
            + "created_at < :cutoff) OR kept_at < :cutoff")
        .bind("cutoff", Sql.timestamp(cutoff)).execute());
  }

  @Override
  public long count() {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM runs")
        .mapTo(Long.class).one());
  }

  private static StoredRun row(ResultSet rs, StatementContext ctx, String resultJson)
      throws SQLException {
    return new StoredRun(rs.getString("id"), rs.getString("learner_id"),
        Sql.instant(rs, "created_at"), rs.getString("algorithm"), rs.getString("rules"),
        rs.getLong("episodes"), rs.getLong("seed"), rs.getString("stop_reason"),
        nullableDouble(rs, "mean_return"), nullableDouble(rs, "expected_return"),
        nullableDouble(rs, "optimal_expected_return"), rs.getString("config_json"), resultJson,
        rs.getString("env"));
  }

  private static @Nullable Double nullableDouble(ResultSet rs, String column)
      throws SQLException {
    double x = rs.getDouble(column);
    return rs.wasNull() ? null : x;
  }
}
