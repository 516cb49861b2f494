package org.saferlhub.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file a user names on the command line, given something hostile (a missing folder, a
 * folder, an empty name, a full disk, binary data, UTF-16, bad UTF-8, a huge file): exit 2 and
 * one short message naming the option, never a stack trace.
 */
class CliFileOptionsTest {

  @TempDir
  static Path dir;

  /** Each command and option that writes a file the user names; {@code FILE} is replaced. */
  static final List<List<String>> WRITERS = List.of(
      List.of("train", "--episodes", "100", "--quiet", "--out", "FILE"),
      List.of("train", "--episodes", "100", "--quiet", "--plot", "FILE"),
      List.of("experiment", "--episodes", "100", "--seeds", "2", "--csv", "FILE"),
      List.of("experiment", "--episodes", "100", "--seeds", "2", "--plot", "FILE"),
      List.of("feedback", "export", "--csv", "--db", "jdbc:h2:mem:hostile", "--out", "FILE"));

  /** Each command and option that reads a text file the user names. */
  static final List<List<String>> READERS = List.of(
      List.of("evaluate", "--episodes", "10", "--policy", "FILE"),
      List.of("train", "--env", "gridworld", "--episodes", "10", "--quiet", "--map", "FILE"),
      List.of("experiment", "--env", "gridworld", "--episodes", "10", "--map", "FILE"),
      List.of("solve", "--env", "gridworld", "--map", "FILE"));

  /** Hostile output paths, by name; {@code .png} names so that --plot gets past its extension. */
  static Stream<Arguments> hostileOutputs() throws IOException {
    Files.createDirectories(dir.resolve("folder.png"));
    Path file = Files.writeString(dir.resolve("plain.txt"), "x");
    List<Arguments> cases = new ArrayList<>();
    for (List<String> writer : WRITERS) {
      cases.add(Arguments.of(writer, "missing folder",
          dir.resolve("no-such-folder/out.png").toString()));
      cases.add(Arguments.of(writer, "folder", dir.resolve("folder.png").toString()));
      cases.add(Arguments.of(writer, "inside a file", file.resolve("out.png").toString()));
      cases.add(Arguments.of(writer, "empty name", ""));
      cases.add(Arguments.of(writer, "full disk", "/dev/full"));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} given a {1}")
  @MethodSource("hostileOutputs")
  void aBadOutputFileExitsWithTwoAndNamesTheOption(List<String> command, String kind, String path) {
    assumeTrue(!path.equals("/dev/full") || isDevice(Path.of(path)), "no /dev/full");
    String option = command.get(command.indexOf("FILE") - 1);
    CliTest.Outcome outcome = CliTest.run(withFile(command, path));
    assertCleanRefusal(outcome, option);
    assertThat(outcome.err()).as(kind).contains(path.isEmpty() ? "empty" : path);
    if (path.equals("/dev/full") && !option.equals("--plot")) { // --plot: not .png or .svg
      assertThat(outcome.err()).contains("could not write");
    }
  }

  /** Hostile input files, by name: made in the temporary folder, seeded so they repeat. */
  static Stream<Arguments> hostileInputs() throws IOException {
    SplittableRandom random = new SplittableRandom(9);
    byte[] binary = new byte[4096];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) random.nextInt(256);
    }
    Path binaryFile = Files.write(dir.resolve("binary.json"), binary);
    Path utf16 = Files.write(dir.resolve("utf16.json"),
        "{\"usable\": {}, \"no_usable\": {}}\n".getBytes(StandardCharsets.UTF_16));
    Path badUtf8 = Files.write(dir.resolve("bad-utf8.json"),
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}'});
    Path oversized = oversized("huge.json");
    Path folder = Files.createDirectories(dir.resolve("a-folder"));
    List<Arguments> cases = new ArrayList<>();
    for (List<String> reader : READERS) {
      cases.add(Arguments.of(reader, "missing folder",
          dir.resolve("no-such-folder/in.json").toString()));
      cases.add(Arguments.of(reader, "folder", folder.toString()));
      cases.add(Arguments.of(reader, "empty name", ""));
      cases.add(Arguments.of(reader, "binary file", binaryFile.toString()));
      cases.add(Arguments.of(reader, "UTF-16 file", utf16.toString()));
      cases.add(Arguments.of(reader, "invalid UTF-8 file", badUtf8.toString()));
      cases.add(Arguments.of(reader, "file over the cap", oversized.toString()));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} given a {1}")
  @MethodSource("hostileInputs")
  void aBadInputFileExitsWithTwoAndNamesTheOption(List<String> command, String kind, String path) {
    String option = command.get(command.indexOf("FILE") - 1);
    CliTest.Outcome outcome = CliTest.run(withFile(command, path));
    assertCleanRefusal(outcome, option);
    assertThat(outcome.err()).as(kind).contains(path.isEmpty() ? "empty" : path);
  }

  /** A file of spaces one byte over the cap of 1 MiB: valid JSON but for its size. */
  static Path oversized(String name) throws IOException {
    byte[] huge = new byte[(1 << 20) + 1];
    Arrays.fill(huge, (byte) ' ');
    return Files.write(dir.resolve(name), huge);
  }

  @Test
  void anInputFileOverTheCapIsRefusedSayingSo() throws IOException {
    CliTest.Outcome outcome = CliTest.run("evaluate", "--policy",
        oversized("over-the-cap.json").toString());
    assertCleanRefusal(outcome, "--policy");
    assertThat(outcome.err()).contains("1 MB");
  }

  /** An endless input stops at the cap instead of filling the memory (it used to, in 30 s). */
  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void devZeroIsReadOnlyUpToTheCap() {
    assumeTrue(Files.isReadable(Path.of("/dev/zero")), "no /dev/zero");
    for (List<String> reader : READERS) {
      CliTest.Outcome outcome = CliTest.run(withFile(reader, "/dev/zero"));
      assertCleanRefusal(outcome, reader.get(reader.indexOf("FILE") - 1));
      assertThat(outcome.err()).contains("1 MB");
    }
  }

  @Test
  void aFolderThatCannotBeCreatedIsRefusedByExportSite() throws IOException {
    Path file = Files.writeString(dir.resolve("export-site-file"), "x");
    for (String path : new String[] {"", file.resolve("site").toString()}) {
      CliTest.Outcome outcome = CliTest.run("export-site", path);
      assertCleanRefusal(outcome, "DIR");
    }
  }

  /**
   * Whether {@code path} is a writable device. Never a regular file: a version of the CLI that
   * replaces its output by moving a new file over it would, run as root, replace the device.
   */
  static boolean isDevice(Path path) {
    return Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path)
        && Files.isWritable(path);
  }

  static String[] withFile(List<String> command, String path) {
    return command.stream().map(a -> a.equals("FILE") ? path : a).toArray(String[]::new);
  }

  /** Exit 2, a message naming {@code option} in at most three lines, and no stack trace. */
  static void assertCleanRefusal(CliTest.Outcome outcome, String option) {
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(2);
    assertThat(outcome.err()).contains(option)
        .doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(outcome.err().strip().lines().count()).as(outcome.err()).isLessThanOrEqualTo(3);
  }
}
