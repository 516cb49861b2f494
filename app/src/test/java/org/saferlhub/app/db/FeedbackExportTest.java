package org.saferlhub.app.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saferlhub.app.cli.Cli;
import org.saferlhub.app.cli.FeedbackCommand;
import picocli.CommandLine;

/** {@code saferlhub feedback export --csv}: the admin page's CSV from the command line. */
class FeedbackExportTest {

  @TempDir
  Path tmp;

  record Result(int code, String out, String err) {}

  Result run(String... args) {
    CommandLine cl = Cli.commandLine(new FeedbackCommand());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code = cl.execute(args);
      return new Result(code, captured.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(stdout);
    }
  }

  Path dataWithTwoAnswers() {
    Path data = tmp.resolve("data");
    try (Database db = Database.open(DbConfig.h2(data))) {
      db.feedback().add(new FeedbackStore.Feedback(0, Instant.EPOCH, "technical", "=1+1",
          "a, b", "🧪", "", "first"));
      db.feedback().add(StoreContract.feedback("non-technical", "second"));
    }
    return data;
  }

  @Test
  void exportsTheCsvToStandardOutput() {
    Path data = dataWithTwoAnswers();
    Result r = run("export", "--csv", "--data-dir", data.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String[] lines = r.out().split("\r\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).isEqualTo("id,createdAt,background,clear,unclear,topics,features,"
        + "comments");
    assertThat(lines[1]).matches("\\d+,\\d{4}-.*Z,technical,'=1\\+1,\"a, b\",🧪,,first");
    assertThat(lines[2]).endsWith(",non-technical,c,u,t,f,second");
  }

  @Test
  void exportsToAFileAndTheSameCsvAsTheAdminEndpoint() throws Exception {
    Path data = dataWithTwoAnswers();
    Path out = tmp.resolve("feedback.csv"); // its folder must exist (CliFileOptionsTest)
    Result r = run("export", "--csv", "--out", out.toString(), "--data-dir", data.toString());
    assertThat(r.code()).as(r.err()).isZero();
    try (Database db = Database.open(DbConfig.h2(data))) {
      assertThat(Files.readString(out, StandardCharsets.UTF_8))
          .isEqualTo(FeedbackCsv.of(db.feedback().all()));
    }
    assertThat(r.out()).isEmpty();
  }

  @Test
  void exportsFromAJdbcUrl() {
    Path data = dataWithTwoAnswers();
    Result r = run("export", "--csv", "--db", "jdbc:h2:file:" + data.toAbsolutePath()
        + "/saferlhub", "--db-user", "sa", "--db-password", "");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains(",second\r\n");
  }

  @Test
  void badInputExitsWith2AndSaysWhy() {
    Result noCsv = run("export", "--data-dir", dataWithTwoAnswers().toString());
    assertThat(noCsv.code()).isEqualTo(2);
    assertThat(noCsv.err()).contains("--csv");

    Result noDb = run("export", "--csv", "--data-dir", tmp.resolve("nothing").toString());
    assertThat(noDb.code()).isEqualTo(2);
    assertThat(noDb.err()).contains("data-dir").contains("no SafeRLHub database");
    assertThat(tmp.resolve("nothing")).doesNotExist();

    Result badUrl = run("export", "--csv", "--db", "jdbc:mysql://x/y");
    assertThat(badUrl.code()).isEqualTo(2);
    assertThat(badUrl.err()).contains("db must be a jdbc:h2: or jdbc:postgresql: URL");

    Result noSub = run();
    assertThat(noSub.code()).isEqualTo(2);
    assertThat(noSub.err()).contains("feedback export --csv");
  }
}
