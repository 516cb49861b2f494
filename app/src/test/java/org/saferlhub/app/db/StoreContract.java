package org.saferlhub.app.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saferlhub.app.db.FeedbackStore.Feedback;
import org.saferlhub.app.db.ProgressStore.ModuleProgress;
import org.saferlhub.app.db.RunStore.StoredRun;
import org.saferlhub.app.db.ScoreStore.Score;

/**
 * The repository contract, the same for every database: subclasses say which one
 * ({@link #newDatabase()}: a fresh, empty one per test, so each test also migrates from nothing).
 */
abstract class StoreContract {

  /** Text that must come back byte for byte: HTML, quotes, SQL, formulas, RTL, emoji, combining. */
  static final String NASTY = "<script>alert('x')</script> \"q\" '; DROP TABLE feedback; -- "
      + "=1+1 \\ \t tab\r\nCRLF \u202Eevil\u202C Ünïcödé ß 東京 🧪👩‍👩‍👧 e\u0301 \u0001";

  Database db;

  /** A configuration of a new, empty database. */
  abstract DbConfig newDatabase();

  @BeforeEach
  void open() {
    db = Database.open(newDatabase());
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  // --- schema ---------------------------------------------------------------------------------

  @Test
  void migratesAnEmptyDatabaseToTheLatestVersionAndReopeningChangesNothing() {
    assertThat(appliedVersions(db)).containsExactly("1", "2", "3", "4");
    db.feedback().add(feedback("technical", "kept"));
    DbConfig config = db.config();
    db.close();
    db = Database.open(config);
    assertThat(appliedVersions(db)).containsExactly("1", "2", "3", "4");
    assertThat(db.feedback().count()).isEqualTo(keepsDataAfterClose() ? 1 : 0);
  }

  /**
   * A database that holds runs at schema version 1 (Blackjack only) keeps every one of them when
   * version 2 (runs of every family) migrates it: the environment id is derived from the rules.
   */
  @Test
  void aVersion1RunSurvivesTheMigrationToRunsOfEveryFamily() throws Exception {
    DbConfig old = newDatabase();
    org.flywaydb.core.Flyway.configure(Database.class.getClassLoader())
        .dataSource(old.jdbcUrl(), old.user(), old.password())
        .locations("classpath:db/migration").target("1").load().migrate();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(old.jdbcUrl(), old.user(),
        old.password()); java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO runs "
            + "(id, learner_id, created_at, algorithm, rules, episodes, seed, stop_reason, "
            + "mean_return, expected_return, optimal_expected_return, config_json, result_json) "
            + "VALUES ('0ld', 'learner-1', CURRENT_TIMESTAMP, 'sarsa', 'natural', 500, 3, "
            + "'completed', -0.1, -0.05, -0.0257, '{}', '{\"points\":[]}')")) {
      insert.executeUpdate();
      try (Database migrated = Database.open(old)) {
        assertThat(appliedVersions(migrated)).containsExactly("1", "2", "3", "4");
        StoredRun run = migrated.runs().find("0ld").orElseThrow();
        assertThat(run.env()).isEqualTo("blackjack:natural");
        assertThat(run.rules()).isEqualTo("natural");
        assertThat(run.expectedReturn()).isEqualTo(-0.05);
        assertThat(run.resultJson()).isEqualTo("{\"points\":[]}");
        // A grid run, without rules or exact returns, now fits beside it.
        migrated.runs().save(new StoredRun("9rid", "learner-1", Instant.now(), "q-learning",
            null, 200, 4, "completed", -12.5, null, null, "{\"map\":\"" + "S.G\\n".repeat(2_000)
            + "\"}", "{}", "gridworld"));
        StoredRun grid = migrated.runs().find("9rid").orElseThrow();
        assertThat(grid.env()).isEqualTo("gridworld");
        assertThat(grid.rules()).isNull();
        assertThat(grid.expectedReturn()).isNull();
        assertThat(grid.configJson().length()).isEqualTo(10_010);
      }
    }
  }

  /** False for an in-memory database: closing drops it. */
  boolean keepsDataAfterClose() {
    return true;
  }

  static List<String> appliedVersions(Database db) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT \"version\" FROM "
            + "\"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL "
            + "ORDER BY \"installed_rank\"").mapTo(String.class).list());
  }

  // --- runs -----------------------------------------------------------------------------------

  @Test
  void runsRoundTripEveryFieldIncludingAHundredKilobyteResult() {
    String result = "{\"points\":[" + "{\"episode\":1000,\"meanReturn\":-0.123456789},".repeat(
        2_500) + "{}],\"note\":\"" + NASTY.replace("\\", "\\\\").replace("\"", "\\\"")
        .replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n") + "\"}";
    assertThat(result.length()).isGreaterThan(100_000);
    Instant at = Instant.parse("2026-03-29T01:30:00.123456789Z"); // a DST switch in Europe
    StoredRun run = new StoredRun("0123456789ab", "learner-1234", at, "q-learning", "sab",
        100_000, 7, "completed", -0.0812, -0.0512, -0.0431131054, "{\"alpha\":0.01}", result);
    db.runs().save(run);

    StoredRun back = db.runs().find("0123456789ab").orElseThrow();
    assertThat(back).isEqualTo(new StoredRun("0123456789ab", "learner-1234",
        at.truncatedTo(ChronoUnit.MICROS), "q-learning", "sab", 100_000, 7, "completed",
        -0.0812, -0.0512, -0.0431131054, "{\"alpha\":0.01}", result));
    assertThat(db.runs().count()).isEqualTo(1);
    assertThat(db.runs().find("ffffffffffff")).isEmpty();
  }

  @Test
  void aRunWithoutLearnerOrMeanReturnKeepsTheNulls() {
    db.runs().save(run("aaaaaaaaaaaa", null, Instant.now(), null));
    StoredRun back = db.runs().find("aaaaaaaaaaaa").orElseThrow();
    assertThat(back.learnerId()).isNull();
    assertThat(back.meanReturn()).isNull();
  }

  @Test
  void savingTheSameRunIdTwiceIsAnError() {
    db.runs().save(run("bbbbbbbbbbbb", "learner-1234", Instant.now(), 0.1));
    assertThatThrownBy(() -> db.runs().save(run("bbbbbbbbbbbb", "learner-1234", Instant.now(),
        0.2))).isInstanceOf(IllegalStateException.class).hasMessageContaining("bbbbbbbbbbbb");
    assertThat(db.runs().count()).isEqualTo(1);
    assertThat(db.runs().find("bbbbbbbbbbbb").orElseThrow().meanReturn()).isEqualTo(0.1);
  }

  /** Retention: runs nobody kept since the cutoff go; kept or recent ones stay. */
  @Test
  void runsNobodyKeptSinceTheCutoffAreDeleted() {
    Instant cutoff = Instant.parse("2026-06-01T00:00:00Z");
    db.runs().save(run("d00000000001", null, cutoff.minusSeconds(10), 0.0)); // old, never kept
    db.runs().save(run("d00000000002", null, cutoff.minusSeconds(10), 0.0)); // old, kept since
    db.runs().keep("d00000000002", cutoff.plusSeconds(5));
    db.runs().save(run("d00000000003", null, cutoff.minusSeconds(10), 0.0)); // kept long ago
    db.runs().keep("d00000000003", cutoff.minusSeconds(5));
    db.runs().save(run("d00000000004", null, cutoff.plusSeconds(10), 0.0)); // recent
    assertThat(db.runs().deleteUnkeptBefore(cutoff)).isEqualTo(2);
    assertThat(db.runs().find("d00000000002")).isPresent();
    assertThat(db.runs().find("d00000000004")).isPresent();
    assertThat(db.runs().find("d00000000001")).isEmpty();
    assertThat(db.runs().find("d00000000003")).isEmpty();
  }

  @Test
  void runsByLearnerAreTheirsNewestFirstWithoutResultAndLimited() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 5; i++) {
      // saved out of order: the store sorts
      int k = (i * 3) % 5;
      db.runs().save(run("a0000000000" + k, "learner-aaaa", t0.plusSeconds(k), 0.0));
    }
    db.runs().save(run("b00000000000", "learner-bbbb", t0.plusSeconds(99), 0.0));
    db.runs().save(run("c00000000000", null, t0.plusSeconds(98), 0.0));

    List<StoredRun> mine = db.runs().byLearner("learner-aaaa", 100);
    assertThat(mine).extracting(StoredRun::id).containsExactly("a00000000004", "a00000000003",
        "a00000000002", "a00000000001", "a00000000000");
    assertThat(mine).allSatisfy(r -> {
      assertThat(r.resultJson()).isEmpty();
      assertThat(r.configJson()).isEqualTo("{\"seed\":7}");
      assertThat(r.learnerId()).isEqualTo("learner-aaaa");
    });
    assertThat(db.runs().byLearner("learner-aaaa", 2)).extracting(StoredRun::id)
        .containsExactly("a00000000004", "a00000000003");
    assertThat(db.runs().byLearner("learner-nobody", 100)).isEmpty();
    assertThat(db.runs().count()).isEqualTo(7);
  }

  // --- progress -------------------------------------------------------------------------------

  @Test
  void visitingIsIdempotentAndPerLearner() {
    assertThat(db.progress().progress("learner-1111")).isEmpty();
    db.progress().visited("learner-1111", "blackjack");
    db.progress().visited("learner-1111", "blackjack");
    db.progress().visited("learner-1111", "bandits");
    db.progress().visited("learner-2222", "gridworld");
    Map<String, ModuleProgress> p = db.progress().progress("learner-1111");
    assertThat(p).containsExactly(
        Map.entry("bandits", new ModuleProgress(true, 0, 0, false)),
        Map.entry("blackjack", new ModuleProgress(true, 0, 0, false)));
    assertThat(db.progress().progress("learner-2222")).containsOnlyKeys("gridworld");
  }

  @Test
  void quizKeepsTheBestAttemptAndPassesAtSeventyPercent() {
    db.progress().quizAttempt("learner-1111", "blackjack", 3, 6);
    assertThat(db.progress().progress("learner-1111").get("blackjack"))
        .isEqualTo(new ModuleProgress(false, 3, 6, false));
    db.progress().quizAttempt("learner-1111", "blackjack", 5, 6); // 83 %: passed
    db.progress().quizAttempt("learner-1111", "blackjack", 4, 6); // worse: ignored
    db.progress().visited("learner-1111", "blackjack");
    assertThat(db.progress().progress("learner-1111").get("blackjack"))
        .isEqualTo(new ModuleProgress(true, 5, 6, true));
    db.progress().quizAttempt("learner-1111", "blackjack", 0, 6); // passing stays
    assertThat(db.progress().progress("learner-1111").get("blackjack"))
        .isEqualTo(new ModuleProgress(true, 5, 6, true));
  }

  @Test
  void seventyPercentExactlyPassesAndJustBelowDoesNot() {
    db.progress().quizAttempt("learner-1111", "a", 7, 10);
    db.progress().quizAttempt("learner-1111", "b", 699, 1000);
    db.progress().quizAttempt("learner-1111", "c", 0, 1);
    db.progress().quizAttempt("learner-1111", "d", 1000, 1000);
    Map<String, ModuleProgress> p = db.progress().progress("learner-1111");
    assertThat(p.get("a").quizPassed()).isTrue();
    assertThat(p.get("b").quizPassed()).isFalse();
    assertThat(p.get("c")).isEqualTo(new ModuleProgress(false, 0, 1, false));
    assertThat(p.get("d")).isEqualTo(new ModuleProgress(false, 1000, 1000, true));
  }

  @Test
  void theBestAttemptIsTheHighestFractionWhenTheQuizChangesLength() {
    db.progress().quizAttempt("learner-1111", "blackjack", 5, 10); // 50 %
    db.progress().quizAttempt("learner-1111", "blackjack", 4, 5); // 80 %: best
    db.progress().quizAttempt("learner-1111", "blackjack", 6, 10); // 60 %
    assertThat(db.progress().progress("learner-1111").get("blackjack"))
        .isEqualTo(new ModuleProgress(false, 4, 5, true));
    db.progress().quizAttempt("learner-1111", "blackjack", 8, 10); // 80 % too, more answers
    assertThat(db.progress().progress("learner-1111").get("blackjack"))
        .isEqualTo(new ModuleProgress(false, 8, 10, true));
  }

  @Test
  void concurrentFirstWritesOfOneModuleDoNotFail() throws Exception {
    int threads = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Object>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int n = t;
        Callable<Object> task = () -> {
          go.await();
          for (int round = 0; round < 5; round++) {
            String module = "m" + round;
            if (n % 2 == 0) {
              db.progress().visited("learner-race", module);
            } else {
              db.progress().quizAttempt("learner-race", module, n, 8);
            }
          }
          return null;
        };
        done.add(pool.submit(task));
      }
      go.countDown();
      for (Future<Object> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Map<String, ModuleProgress> p = db.progress().progress("learner-race");
    assertThat(p).hasSize(5);
    assertThat(p.values()).allSatisfy(m -> assertThat(m)
        .isEqualTo(new ModuleProgress(true, 7, 8, true)));
  }

  @Test
  void invalidQuizAttemptsAreRejectedBeforeTheDatabase() {
    assertThatThrownBy(() -> db.progress().quizAttempt("learner-1111", "m", 3, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> db.progress().quizAttempt("learner-1111", "m", 4, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> db.progress().visited("x".repeat(65), "m"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> db.progress().visited("learner-1111", "m".repeat(41)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(db.progress().progress("learner-1111")).isEmpty();
  }

  // --- scores ---------------------------------------------------------------------------------

  @Test
  void scoresComeBestFirstThenOldestFirstAndTiesShareTheBetterRank() {
    long a = db.scores().add("ada", 1200, 9, 12);
    long b = db.scores().add("bob", 3000, 12, 12);
    long c = db.scores().add("cy", 1200, 10, 12);
    long d = db.scores().add("dee", 0, 0, 0);
    assertThat(List.of(a, b, c, d)).doesNotHaveDuplicates();
    assertThat(db.scores().rank(b)).isEqualTo(1);
    assertThat(db.scores().rank(a)).isEqualTo(2);
    assertThat(db.scores().rank(c)).isEqualTo(2);
    assertThat(db.scores().rank(d)).isEqualTo(4);

    List<Score> top = db.scores().top(10);
    assertThat(top).extracting(Score::nickname).containsExactly("bob", "ada", "cy", "dee");
    assertThat(top.get(0)).satisfies(s -> {
      assertThat(s.id()).isEqualTo(b);
      assertThat(s.score()).isEqualTo(3000);
      assertThat(s.correct()).isEqualTo(12);
      assertThat(s.total()).isEqualTo(12);
      assertThat(s.createdAt()).isBetween(Instant.now().minusSeconds(600),
          Instant.now().plusSeconds(600));
    });
    assertThat(db.scores().top(2)).extracting(Score::nickname).containsExactly("bob", "ada");
    assertThatThrownBy(() -> db.scores().rank(987_654_321L))
        .isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void rewardFixesRankByPerformanceThenSimplicityThenAgeAndAppearOnce() {
    long simple = db.fixes().add("safety:boat_race", "<b>ada</b>", "step*2", 3, 100, 100);
    long longer = db.fixes().add("safety:boat_race", "bob", "step*2 + 0", 5, 100, 99);
    long best = db.fixes().add("safety:boat_race", "cy", "left_checkpoint_clockwise", 1, 100.5,
        100);
    long worse = db.fixes().add("safety:boat_race", "dee", "step", 1, 60, 55);
    long otherSameText = db.fixes().add("safety:tomato_watering", "eve", "step*2", 3, 9, 8);
    long tie = db.fixes().add("safety:boat_race", "fay", "2*step", 3, 100, 100);
    assertThat(db.fixes().top("safety:boat_race", 10)).extracting(FixStore.Fix::id)
        .containsExactly(best, simple, tie, longer, worse);
    assertThat(db.fixes().rank(best)).isEqualTo(1);
    assertThat(db.fixes().rank(simple)).isEqualTo(2);
    assertThat(db.fixes().rank(tie)).isEqualTo(3);
    assertThat(db.fixes().rank(worse)).isEqualTo(5);
    assertThat(db.fixes().rank(otherSameText)).isEqualTo(1);
    assertThat(db.fixes().top("safety:boat_race", 2)).hasSize(2);
    FixStore.Fix f = db.fixes().find("safety:boat_race", "step*2").orElseThrow();
    assertThat(f.nickname()).isEqualTo("<b>ada</b>");
    assertThat(f.performance()).isEqualTo(100);
    assertThat(f.worstPerformance()).isEqualTo(100);
    assertThat(db.fixes().find("safety:boat_race", "step*3")).isEmpty();
    assertThatThrownBy(() -> db.fixes().add("safety:boat_race", "zed", "step*2", 3, 1, 1))
        .isInstanceOf(FixStore.Duplicate.class);
    assertThatThrownBy(() -> db.fixes().add("safety:boat_race", "x".repeat(65), "s", 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nickname");
  }

  @Test
  void nicknamesAreStoredExactlyAsGiven() {
    List<String> names = List.of("<b>ada</b>", "Zoë 🧪", "東京タロウ", "'; --", "=HYPERLINK(1)",
        "👩‍👩‍👧👩‍👩‍👧👩‍👩‍👧👩‍👩‍👧", "e\u0301\u202E");
    for (String name : names) {
      db.scores().add(name, 10, 1, 1);
    }
    assertThat(db.scores().top(100)).extracting(Score::nickname)
        .containsExactlyElementsOf(names);
  }

  @Test
  void aNicknameLongerThanItsColumnIsRejectedBeforeTheDatabase() {
    assertThatThrownBy(() -> db.scores().add("x".repeat(65), 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nickname");
    assertThat(db.scores().top(10)).isEmpty();
  }

  @Test
  void aHighScoreTableOfAThousandEntriesIsOrdered() {
    for (int i = 0; i < 1000; i++) {
      db.scores().add("p" + i, (i * 7919L) % 1000, 0, 0);
    }
    List<Score> top = db.scores().top(100);
    assertThat(top).hasSize(100);
    assertThat(top).extracting(Score::score).isSortedAccordingTo((x, y) -> Long.compare(y, x));
    assertThat(top.get(0).score()).isEqualTo(999);
  }

  // --- feedback -------------------------------------------------------------------------------

  @Test
  void feedbackRoundTripsByteForByteOldestFirst() {
    String longest = "🧪".repeat(2_000); // 2,000 characters, 4,000 UTF-16 units
    long first = db.feedback().add(new Feedback(-5, Instant.EPOCH, "technical", NASTY, "",
        longest, "x".repeat(2_000), "ok"));
    long second = db.feedback().add(feedback("prefer-not-to-say", "second"));
    assertThat(second).isGreaterThan(first);
    assertThat(db.feedback().count()).isEqualTo(2);

    List<Feedback> all = db.feedback().all();
    assertThat(all).hasSize(2);
    Feedback f = all.get(0);
    assertThat(f.id()).isEqualTo(first);
    assertThat(f.createdAt()).isAfter(Instant.EPOCH.plusSeconds(1)); // the argument's is ignored
    assertThat(f.background()).isEqualTo("technical");
    assertThat(f.clear()).isEqualTo(NASTY);
    assertThat(f.unclear()).isEmpty();
    assertThat(f.topics()).isEqualTo(longest);
    assertThat(f.features()).hasSize(2_000);
    assertThat(f.comments()).isEqualTo("ok");
    assertThat(all.get(1).comments()).isEqualTo("second");
  }

  @Test
  void feedbackTextLongerThanItsColumnIsRejectedBeforeTheDatabase() {
    assertThatThrownBy(() -> db.feedback().add(new Feedback(0, Instant.EPOCH, "technical", "",
        "", "", "", "x".repeat(4_001)))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("comments");
    assertThat(db.feedback().count()).isZero();
  }

  // --- helpers --------------------------------------------------------------------------------

  static Feedback feedback(String background, String comments) {
    return new Feedback(0, Instant.EPOCH, background, "c", "u", "t", "f", comments);
  }

  static StoredRun run(String id, String learner, Instant at, Double meanReturn) {
    return new StoredRun(id, learner, at, "sarsa", "natural", 1000, 7, "cancelled", meanReturn,
        -0.1, -0.0257, "{\"seed\":7}", "{\"points\":[]}");
  }
}
