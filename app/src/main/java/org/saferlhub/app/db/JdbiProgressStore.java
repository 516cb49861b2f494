package org.saferlhub.app.db;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link ProgressStore} in table {@code progress}: one row per learner and module, updated in
 * place. Portable upsert: update, else insert, and when a concurrent request inserted first
 * (unique violation, possible with several servers on one PostgreSQL), update again.
 */
final class JdbiProgressStore implements ProgressStore {

  /** New attempt ({@code :score/:total}) beats the stored best: higher ratio, then score. */
  private static final String BETTER = "(quiz_total = 0"
      + " OR :score * quiz_total > quiz_best * :total"
      + " OR (:score * quiz_total = quiz_best * :total AND :score > quiz_best))";

  private final Jdbi jdbi;

  JdbiProgressStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A quiz attempt passes at 70 % or more: {@code 10 * score >= 7 * total}. */
  static boolean passes(int score, int total) {
    return 10L * score >= 7L * total;
  }

  @Override
  public void visited(String learnerId, String module) {
    check(learnerId, module);
    upsert(h -> h.createUpdate("UPDATE progress SET visited = TRUE, "
            + "updated_at = CURRENT_TIMESTAMP WHERE learner_id = :learner AND module_id = :module")
        .bind("learner", learnerId).bind("module", module).execute(),
        h -> h.createUpdate("INSERT INTO progress (learner_id, module_id, visited, quiz_best, "
                + "quiz_total, quiz_passed) VALUES (:learner, :module, TRUE, 0, 0, FALSE)")
            .bind("learner", learnerId).bind("module", module).execute());
  }

  @Override
  public void quizAttempt(String learnerId, String module, int score, int total) {
    check(learnerId, module);
    if (total < 1 || score < 0 || score > total) {
      throw new IllegalArgumentException("quiz attempt needs 0 <= score <= total and total >= 1,"
          + " was " + score + "/" + total);
    }
    boolean passed = passes(score, total);
    upsert(h -> h.createUpdate("UPDATE progress SET "
            + "quiz_best = CASE WHEN " + BETTER + " THEN :score ELSE quiz_best END, "
            + "quiz_total = CASE WHEN " + BETTER + " THEN :total ELSE quiz_total END, "
            + "quiz_passed = (quiz_passed OR :passed), updated_at = CURRENT_TIMESTAMP "
            + "WHERE learner_id = :learner AND module_id = :module")
        .bind("learner", learnerId).bind("module", module)
        .bind("score", score).bind("total", total).bind("passed", passed).execute(),
        h -> h.createUpdate("INSERT INTO progress (learner_id, module_id, visited, quiz_best, "
                + "quiz_total, quiz_passed) VALUES (:learner, :module, FALSE, :score, :total, "
                + ":passed)")
            .bind("learner", learnerId).bind("module", module)
            .bind("score", score).bind("total", total).bind("passed", passed).execute());
  }

  @Override
  public Map<String, ModuleProgress> progress(String learnerId) {
    Map<String, ModuleProgress> out = new LinkedHashMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT module_id, visited, quiz_best, quiz_total, "
            + "quiz_passed FROM progress WHERE learner_id = :learner ORDER BY module_id")
        .bind("learner", learnerId)
        .map((rs, ctx) -> Map.entry(rs.getString("module_id"), new ModuleProgress(
            rs.getBoolean("visited"), rs.getInt("quiz_best"), rs.getInt("quiz_total"),
            rs.getBoolean("quiz_passed"))))
        .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  private static void check(String learnerId, String module) {
    Sql.capped("learnerId", learnerId, 64);
    Sql.capped("module", module, 40);
  }

  private interface Statement {
    int run(Handle h);
  }

  /** Runs {@code update}; when it touched no row, {@code insert}; a lost insert race retries. */
  private void upsert(Statement update, Statement insert) {
    jdbi.useHandle(h -> {
      for (int attempt = 0; ; attempt++) {
        if (update.run(h) > 0) {
          return;
        }
        try {
          insert.run(h);
          return;
        } catch (RuntimeException e) {
          if (!Sql.isUniqueViolation(e) || attempt >= 2) {
            throw e;
          }
          // another request inserted the row first: update it now
        }
      }
    });
  }
}
