package org.saferlhub.app.cli;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.db.Database;
import org.saferlhub.app.db.DbConfig;
import org.saferlhub.app.db.FeedbackCsv;
import org.saferlhub.app.db.FeedbackStore;
import org.saferlhub.config.ParameterException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code saferlhub feedback}: the answers to the feedback survey. */
@Command(name = "feedback", mixinStandardHelpOptions = true,
    description = "Work with the answers to the site's feedback survey.",
    subcommands = {FeedbackCommand.Export.class})
public final class FeedbackCommand implements Runnable {

  @Override
  public void run() {
    throw new ParameterException("command", "feedback needs a sub-command: "
        + "feedback export --csv [--out FILE]");
  }

  /** {@code saferlhub feedback export --csv}: every answer as CSV, like the admin page's. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {"Export every feedback answer as CSV (RFC 4180, header row; cells that a "
          + "spreadsheet would run as formulas start with ').",
          "Reads the database the server uses; stop an embedded (H2) server first."})
  public static final class Export implements Callable<Integer> {

    @Option(names = "--csv", description = "Write CSV (the only format so far).")
    boolean csv;

    @Option(names = "--out", paramLabel = "FILE",
        description = "Write to FILE instead of standard output.")
    @Nullable Path out;

    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "Folder of the embedded H2 database (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("data");

    @Option(names = "--db", paramLabel = "URL", description = {"JDBC URL of the database "
        + "instead of the embedded one, e.g.", "jdbc:postgresql://localhost/saferlhub (or env "
        + DbConfig.ENV_URL + ")."})
    @Nullable String db;

    @Option(names = "--db-user", description = "Database user (or env " + DbConfig.ENV_USER
        + ").")
    @Nullable String dbUser;

    @Option(names = "--db-password", description = "Database password (or env "
        + DbConfig.ENV_PASSWORD + ").")
    @Nullable String dbPassword;

    @Override
    public Integer call() {
      if (!csv) {
        throw new ParameterException("csv", "feedback export needs --csv (the only format so "
            + "far)");
      }
      if (out != null) {
        UserFiles.checkOutput("--out", out);
      }
      UserFiles.requireName("--data-dir", dataDir);
      boolean embedded = db == null && isBlank(System.getenv(DbConfig.ENV_URL));
      if (embedded && !Files.exists(dataDir.resolve(DbConfig.H2_FILE_NAME + ".mv.db"))) {
        throw new ParameterException("data-dir", "data-dir " + dataDir.toAbsolutePath()
            + " holds no SafeRLHub database (" + DbConfig.H2_FILE_NAME + ".mv.db); pass the "
            + "--data-dir the server used, or --db");
      }
      List<FeedbackStore.Feedback> answers;
      try (Database database = Database.open(DbConfig.resolve(db, dbUser, dbPassword,
          dataDir))) {
        answers = database.feedback().all();
      }
      if (out == null) {
        Writer writer = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
        FeedbackCsv.write(answers, writer);
      } else {
        UserFiles.writeText("--out", out, FeedbackCsv.of(answers));
        System.err.println("Wrote " + answers.size() + " feedback answer"
            + (answers.size() == 1 ? "" : "s") + " to " + out);
      }
      return 0;
    }

    private static boolean isBlank(@Nullable String s) {
      return s == null || s.isBlank();
    }
  }
}
