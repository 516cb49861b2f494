package org.saferlhub.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saferlhub.config.ParameterException;

/** Writing a file the user named: whole or not at all. */
class UserFilesTest {

  @TempDir
  Path dir;

  @Test
  void aWriteThatFailsMidwayLeavesTheOldFileAndNoTemporaryOne() throws IOException {
    Path file = Files.writeString(dir.resolve("run.json"), "old");
    assertThatThrownBy(() -> UserFiles.write("--out", file, out -> {
      out.write("half of the new".getBytes(StandardCharsets.UTF_8));
      throw new IOException("No space left on device");
    })).isInstanceOf(ParameterException.class)
        .hasMessage("--out " + file + ": could not write it: No space left on device");
    assertThat(file).hasContent("old");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aNewVersionReplacesTheFileKeepingItsPermissions() throws IOException {
    Path file = Files.writeString(dir.resolve("curve.csv"), "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    UserFiles.writeText("--csv", file, "new");
    assertThat(file).hasContent("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");
  }

  @Test
  void aUtf8ByteOrderMarkIsDropped() throws IOException {
    Path file = Files.write(dir.resolve("map.txt"), new byte[] {(byte) 0xEF, (byte) 0xBB,
        (byte) 0xBF, 'S', '.', 'G'});
    assertThat(UserFiles.readText("--map", file, "map file")).isEqualTo("S.G");
  }
}
