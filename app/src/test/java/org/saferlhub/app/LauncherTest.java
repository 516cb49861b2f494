package org.saferlhub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher script {@code ./saferlhub} caps the heap by default, and the caller's options
 * replace the cap: checked with its dry run ({@code SAFERLHUB_PRINT_COMMAND=1}), which prints
 * the java command line and neither builds nor runs anything.
 */
class LauncherTest {

  /** The script, from the app module's folder (where tests run) or the repository's. */
  static final Path SCRIPT = Files.exists(Path.of("../saferlhub")) ? Path.of("../saferlhub")
      : Path.of("saferlhub");

  @Test
  void theHeapIsCappedAt512MbByDefault() throws Exception {
    String command = dryRun(Map.of(), "train", "--episodes", "10");
    assertThat(command).contains(" -Xmx512m ").endsWith(" train --episodes 10");
    assertThat(command.indexOf(" -Xmx512m ")).isLessThan(command.indexOf(" -jar "));
  }

  @Test
  void saferlhubJavaOptsReplaceTheCapAndAddOptions() throws Exception {
    assertThat(dryRun(Map.of("SAFERLHUB_JAVA_OPTS", "-Xmx2g -XX:+UseSerialGC"), "serve"))
        .contains(" -Xmx2g ", " -XX:+UseSerialGC ").doesNotContain("-Xmx512m");
    assertThat(dryRun(Map.of("SAFERLHUB_JAVA_OPTS", "-XX:MaxRAMPercentage=50"), "serve"))
        .contains(" -XX:MaxRAMPercentage=50 ").doesNotContain("-Xmx512m");
    assertThat(dryRun(Map.of("SAFERLHUB_JAVA_OPTS", "-XX:+UseSerialGC"), "serve"))
        .contains(" -Xmx512m ", " -XX:+UseSerialGC ");
  }

  @Test
  void aHeapLimitInTheJvmsOwnVariablesIsKept() throws Exception {
    // The java launcher reads JDK_JAVA_OPTIONS before the command line, where -Xmx512m would win.
    assertThat(dryRun(Map.of("JDK_JAVA_OPTIONS", "-Xmx1g"), "serve")).doesNotContain("-Xmx");
  }

  /** The command line the launcher would run with {@code env} and {@code args}. */
  static String dryRun(Map<String, String> env, String... args) throws IOException,
      InterruptedException {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash");
    // Checked first: a launcher without the dry run would build the jar and run it.
    assertThat(Files.readString(SCRIPT)).as("the launcher's dry run")
        .contains("SAFERLHUB_PRINT_COMMAND");
    String[] command = new String[args.length + 2];
    command[0] = "/bin/bash";
    command[1] = SCRIPT.toString();
    System.arraycopy(args, 0, command, 2, args.length);
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    Map<String, String> environment = pb.environment();
    environment.keySet().removeAll(java.util.List.of("SAFERLHUB_JAVA_OPTS", "JDK_JAVA_OPTIONS",
        "JAVA_TOOL_OPTIONS"));
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put("SAFERLHUB_PRINT_COMMAND", "1");
    environment.putAll(env);
    Process process = pb.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes(); // ends when the script exits
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the dry run ends").isTrue();
    assertThat(process.exitValue()).isZero();
    return new String(out, StandardCharsets.UTF_8).strip();
  }
}
