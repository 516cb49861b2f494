package org.saferlhub.app.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saferlhub.config.ParameterException;

/**
 * A data folder the server cannot write is refused at start, naming {@code data-dir} (issue 9,
 * item 6), instead of starting and then losing every write.
 */
class DataDirCheckTest {

  @TempDir
  Path tmp;

  @Test
  void aFolderWhereNothingCanBeWrittenIsRefused() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    DbConfig config = DbConfig.h2(data);
    Database.open(config).close(); // an existing database
    // The folder goes away and a file takes its place: nothing can be created in it.
    Files.walk(data).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    Files.writeString(data, "not a folder");
    assertThatThrownBy(() -> Database.open(config))
        .isInstanceOf(ParameterException.class)
        .satisfies(e -> assertThat(((ParameterException) e).field()).isEqualTo("data-dir"))
        .hasMessageContaining("cannot be used").hasMessageContaining("--data-dir");
  }

  /** A read-only database file (another user's, or chmod 444); root may write anyway: skipped. */
  @Test
  void aReadOnlyDatabaseFileIsRefused() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("ro"));
    DbConfig config = DbConfig.h2(data);
    Database.open(config).close();
    Path file = config.h2File().orElseThrow();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeFalse(Files.isWritable(file), "this user (root) can write read-only files");
      assertThatThrownBy(() -> Database.open(config))
          .isInstanceOf(ParameterException.class).hasMessageContaining("read-only");
    } finally {
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }
}
