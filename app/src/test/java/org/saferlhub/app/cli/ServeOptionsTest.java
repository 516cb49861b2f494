package org.saferlhub.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve}'s admin token file and limits (issue 9, items 2, 3 and 11): bad values end with
 * exit 2 and a message naming the option, before anything starts.
 */
class ServeOptionsTest {

  @TempDir
  Path tmp;

  @Test
  void theAdminTokenComesFromTheFirstLineOfAFile() throws Exception {
    Path file = tmp.resolve("token");
    Files.writeString(file, "  workshop-token-2026  \nsecond line ignored\n");
    assertThat(AdminTokenFile.read(file)).isEqualTo("workshop-token-2026");
  }

  @Test
  void aShortMissingOrBinaryTokenFileIsRefused() throws Exception {
    Path shortToken = Files.writeString(tmp.resolve("short"), "abc\n");
    Path binary = Files.write(tmp.resolve("binary"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    Path big = Files.writeString(tmp.resolve("big"), "x".repeat(UserFiles.MAX_TEXT_BYTES + 1));
    for (Path file : new Path[] {shortToken, binary, big, tmp.resolve("missing")}) {
      CliTest.Outcome o = CliTest.run("serve", "--port", "0", "--data-dir",
          tmp.resolve("data").toString(), "--admin-token-file", file.toString());
      assertThat(o.code()).as(file + ": " + o.err()).isEqualTo(2);
      assertThat(o.err()).contains("--admin-token-file").doesNotContain("\tat ");
    }
  }

  @Test
  void limitsOutOfRangeNameTheirOption() {
    for (String[] bad : new String[][] {{"--keep-runs-days", "0"}, {"--max-runs-per-client", "0"},
        {"--writes-per-client", "-1"}, {"--max-db-mb", "0"}, {"--idle-timeout", "99999"},
        {"--min-free-disk-mb", "-5"}, {"--runs-per-hour", "0"}}) {
      CliTest.Outcome o = CliTest.run("serve", "--port", "0", "--data-dir",
          tmp.resolve("data").toString(), bad[0], bad[1]);
      assertThat(o.code()).as(String.join(" ", bad) + ": " + o.err()).isEqualTo(2);
      assertThat(o.err()).contains(bad[0]);
    }
  }
}
