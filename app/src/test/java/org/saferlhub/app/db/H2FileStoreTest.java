package org.saferlhub.app.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository contract on an H2 file database in a data folder (the server's default). */
class H2FileStoreTest extends StoreContract {

  @TempDir
  Path tmp;

  private int count;

  @Override
  DbConfig newDatabase() {
    return DbConfig.h2(tmp.resolve("data-" + (count++)));
  }

  @Test
  void theDataFolderIsCreatedPrivateAndWritesOutliveTheDatabase() throws Exception {
    Path dir = tmp.resolve("nested/data");
    try (Database d = Database.open(DbConfig.h2(dir))) {
      d.feedback().add(feedback("non-technical", "persisted"));
      d.scores().add("ada", 5, 1, 1);
    }
    assertThat(dir.resolve("saferlhub.mv.db")).isRegularFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    try (Database d = Database.open(DbConfig.h2(dir))) {
      assertThat(d.feedback().all()).singleElement().satisfies(f -> {
        assertThat(f.comments()).isEqualTo("persisted");
        assertThat(f.createdAt()).isBefore(Instant.now().plusSeconds(1));
      });
      assertThat(d.scores().top(10)).hasSize(1);
    }
  }

  @Test
  void aFileThatIsNotAnH2DatabaseIsReportedNamingTheDatabase() {
    Path notADb = tmp.resolve("garbage");
    DbConfig config = DbConfig.h2(notADb);
    try {
      Files.writeString(notADb.resolve("saferlhub.mv.db"), "not an H2 file, just text");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Database.open(config))
        .isInstanceOf(org.saferlhub.config.ParameterException.class)
        .hasMessageStartingWith("db: could not open the database at jdbc:h2:file:");
  }
}
