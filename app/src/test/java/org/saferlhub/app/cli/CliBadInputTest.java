package org.saferlhub.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.saferlhub.app.cli.CliFileOptionsTest.assertCleanRefusal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad option values: the message names the option the user typed, not the engine's field, and
 * nothing slips through (digits of other scripts, an empty folder name, a folder the database
 * cannot be created in).
 */
class CliBadInputTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "--planning-steps   | 5000   | --planning-steps must be an integer from 0 to 1,000 | planningSteps",
      "--epsilon-final    | 3      | --epsilon-final must be from 0 to 1, was 3            | epsilonFinal",
      "--agent            | dqn    | --agent must be one of q-learning                   | algorithm",
      "--algorithm        | dqn    | --algorithm must be one of q-learning               | error: algorithm",
      "--epsilon-schedule | cosine | --epsilon-schedule must be one of constant           | epsilonSchedule",
      "--batch-size       | 0      | --batch-size must be an integer from 1 to 1,000     | batchSize"})
  void messagesNameTheOptionTheUserTyped(String option, String value, String message,
      String internal) {
    CliTest.Outcome outcome = option.equals("--epsilon-schedule")
        ? CliTest.run("train", option, value)
        : CliTest.run("train", "--epsilon-schedule", "linear", option, value);
    assertCleanRefusal(outcome, option);
    assertThat(outcome.err()).contains(message).doesNotContain(internal);
  }

  @Test
  void theSameHoldsForEveryCommand() {
    CliTest.Outcome seeds = CliTest.run("experiment", "--seeds", "11");
    assertCleanRefusal(seeds, "--seeds must be an integer from 2 to 10");
    CliTest.Outcome hands = CliTest.run("evaluate", "--policy", "p.json", "--episodes", "0");
    assertCleanRefusal(hands, "--episodes must be an integer from 1 to");
    CliTest.Outcome trials = CliTest.run("bench", "--trials", "0");
    assertCleanRefusal(trials, "--trials must be an integer from 1 to 100");
  }

  /** {@code Long.parseLong} reads any script's digits; an option takes 0-9 only. */
  @ParameterizedTest
  @CsvSource({"train, --episodes, ١٢٣", "train, --seed, ٧", "train, --planning-steps, ５",
      "experiment, --seeds, ３", "bench, --trials, ۱"})
  void onlyAsciiDigitsAreNumbers(String command, String option, String digits) {
    CliTest.Outcome outcome = CliTest.run(command, option, digits, "--json");
    assertCleanRefusal(outcome, option);
    assertThat(outcome.err()).contains("0-9");
  }

  @Test
  void anEmptyDataDirIsRefusedRatherThanTheCurrentFolder() {
    CliTest.Outcome export = CliTest.run("feedback", "export", "--csv", "--data-dir", "");
    assertCleanRefusal(export, "--data-dir");
    assertThat(export.err()).contains("empty");
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // serve would block
  void serveRefusesAnEmptyDataDir() {
    CliTest.Outcome serve = CliTest.run("serve", "--port", "0", "--no-warm-up", "--data-dir", "");
    assertCleanRefusal(serve, "--data-dir");
    assertThat(serve.err()).contains("empty");
  }

  /** H2 used to print 60 lines of stack trace (its trace file) before the message. */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // serve would block
  void aReadOnlyEmptyDataDirIsRefusedInOneLine() throws IOException {
    Path data = Files.createDirectories(dir.resolve("read-only"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeTrue(!Files.isWritable(data), "running as root: every folder is writable");
      for (List<String> command : List.of(List.of("serve", "--port", "0", "--no-warm-up"),
          List.of("feedback", "export", "--csv"))) {
        CliTest.Outcome outcome = CliTest.run(CliFileOptionsTest.withFile(
            concat(command, "--data-dir", "FILE"), data.toString()));
        assertCleanRefusal(outcome, "--data-dir");
        assertThat(outcome.err()).contains(data.toString());
      }
    } finally {
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static List<String> concat(List<String> head, String... tail) {
    return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toList();
  }
}
