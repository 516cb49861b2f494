package org.saferlhub.app.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash must not lose a commit H2 acknowledged. On a bare H2 store, sessions that each commit a
 * few times and then crash ({@code closeImmediately}, which writes nothing more: the same as
 * {@code kill -9}) make H2 reuse freed space, and its ordinary open then misses the newest commits
 * (see {@link H2Recovery}); scanning the file first finds them.
 */
class H2RecoveryTest {

  private static final int SESSIONS = 30;

  @TempDir
  Path tmp;

  @Test
  void withoutTheScanAnOrdinaryOpenAfterACrashMissesACommit() {
    // the reason for H2Recovery, and the proof that the scenario below reaches it: if a future H2
    // finds these commits by itself, this fails and the scan can go
    assertThat(firstSessionMissingACommit(tmp.resolve("plain.mv.db"), false)).isPositive();
  }

  @Test
  void scanningAfterEachCrashKeepsEveryCommit() {
    assertThat(firstSessionMissingACommit(tmp.resolve("scanned.mv.db"), true)).isEqualTo(-1);
  }

  @Test
  void onlyAFileThatWasNotClosedCleanlyIsScanned() throws Exception {
    Path file = tmp.resolve("clean.mv.db");
    MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
    store.<String, String>openMap("m").put("k", "v");
    store.commit();
    store.closeImmediately();
    assertThat(H2Recovery.closedCleanly(file)).isFalse();
    assertThat(H2Recovery.recoverIfUnclean(file)).isTrue();
    assertThat(H2Recovery.closedCleanly(file)).isTrue();
    assertThat(H2Recovery.recoverIfUnclean(file)).isFalse();
    assertThat(H2Recovery.recoverIfUnclean(tmp.resolve("missing.mv.db"))).isFalse();
    Path text = Files.writeString(tmp.resolve("text.mv.db"), "not an H2 file\n");
    assertThat(H2Recovery.recoverIfUnclean(text)).as("left for the ordinary open to report")
        .isFalse();
  }

  @Test
  void aDatabaseOpenedAfterACrashHasEveryAcknowledgedWrite() {
    Path dir = tmp.resolve("data");
    Path file = dir.resolve(DbConfig.H2_FILE_NAME + ".mv.db");
    for (int session = 0; session < 3; session++) {
      Database d = Database.open(DbConfig.h2(dir));
      assertThat(d.scores().top(10)).hasSize(session);
      d.scores().add("player" + session, 100 + session, 1, 1);
      crash(d, file);
      assertThat(H2Recovery.closedCleanly(file)).isFalse();
    }
    try (Database d = Database.open(DbConfig.h2(dir))) {
      assertThat(d.scores().top(10)).hasSize(3);
    }
    assertThat(H2Recovery.closedCleanly(file)).as("closed by the server: no scan next time")
        .isTrue();
  }

  /**
   * A crash, as {@code kill -9} leaves the disk: {@code SHUTDOWN IMMEDIATELY} (H2 closes its file
   * without writing anything more), the file copied as it is then, the database closed, and the
   * copy put back. The copy is taken while this holds every connection the pool may have
   * ({@link Database}'s ten), so the pool cannot open the database again first: on a busy machine
   * its background refill did, and closing that reopened database wrote a clean close.
   */
  private static void crash(Database d, Path file) {
    java.util.List<org.jdbi.v3.core.Handle> held = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < Database.MAX_CONNECTIONS; i++) {
        held.add(d.jdbi().open());
      }
      try {
        held.get(0).execute("SHUTDOWN IMMEDIATELY");
      } catch (RuntimeException expected) {
        // the connection is closed under the statement
      }
      byte[] atCrash = Files.readAllBytes(file);
      for (org.jdbi.v3.core.Handle h : held) {
        try {
          h.close();
        } catch (RuntimeException expected) {
          // already closed by the shutdown
        }
      }
      d.close();
      Files.write(file, atCrash);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Runs {@link #SESSIONS} sessions on one store file: each opens it (scanning first when
   * {@code scan}), checks that it sees the last commit, commits one to four times with a retention
   * time of 0 (so freed space is reused at once) and crashes.
   *
   * @return the first session that did not see the last commit, or -1
   */
  private static int firstSessionMissingACommit(Path file, boolean scan) {
    long committed = -1;
    for (int session = 0; session < SESSIONS; session++) {
      if (scan) {
        H2Recovery.recoverIfUnclean(file);
      }
      MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
      try {
        store.setRetentionTime(0);
        MVMap<String, Long> map = store.openMap("m");
        Long seen = map.get("last");
        if (committed >= 0 && (seen == null || seen != committed)) {
          return session;
        }
        for (int i = 0; i <= session % 4; i++) {
          committed++;
          map.put("last", committed);
          map.put("other" + (session % 3), committed * 1000 + i);
          store.commit();
        }
      } finally {
        store.closeImmediately();
      }
    }
    return -1;
  }
}
