package org.saferlhub.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.saferlhub.app.db.DbConfig;
import java.util.concurrent.CountDownLatch;
import org.saferlhub.app.web.WebServer;
import org.saferlhub.config.ParameterException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code saferlhub serve}: serves the site until stopped with Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the site (default http://localhost:8080) until Ctrl-C.")
public final class ServeCommand implements Callable<Integer> {

  @Option(names = "--port", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port = 8080;

  @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}: every interface, for a workshop).")
  String host = "0.0.0.0";

  @Option(names = "--max-runs", description = "Training runs that may run at once; more get HTTP 429 (default: ${DEFAULT-VALUE}).")
  int maxRuns = WebServer.Options.defaults().maxConcurrentRuns();

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Folder of the embedded H2 database (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("data");

  @Option(names = "--db", description = {"JDBC URL of the database instead of the embedded one, e.g.",
      "jdbc:postgresql://localhost/saferlhub (or env SAFERLHUB_DB_URL)."})
  String db;

  @Option(names = "--db-user", description = "Database user (or env SAFERLHUB_DB_USER).")
  String dbUser;

  @Option(names = "--db-password", description = "Database password (or env SAFERLHUB_DB_PASSWORD).")
  String dbPassword;

  @Option(names = "--admin-token", description = {"Token of the admin page (/admin), at least 12 characters",
      "(or env SAFERLHUB_ADMIN_TOKEN; a random one is printed when neither is set)."})
  String adminToken;

  @Option(names = "--admin-token-file", paramLabel = "FILE", description = {"Read the admin "
      + "token from FILE (its first line): unlike --admin-token,", "it does not show in the "
      + "process list."})
  Path adminTokenFile;

  // --- fair shares and storage ceilings (WebServer.Limits; docs/operating.md, "Limits") -------
  static final WebServer.Limits LIMITS = WebServer.Limits.defaults();

  @Option(names = "--max-runs-per-client", paramLabel = "N", description = "Runs, experiments "
      + "and dynamic-programming requests one address may compute at once (default: "
      + "${DEFAULT-VALUE}).")
  int runsPerClient = LIMITS.runsPerClient();

  @Option(names = "--writes-per-client", paramLabel = "N", description = "Scores, feedback and "
      + "progress one address may write per second, 4x that at once (default: ${DEFAULT-VALUE}).")
  double writesPerClient = LIMITS.writesPerClientPerSecond();

  @Option(names = "--sessions-per-client", paramLabel = "N", description = "Live GridWorld "
      + "sessions one address may hold (default: ${DEFAULT-VALUE}).")
  int sessionsPerClient = LIMITS.sessionsPerClient();

  @Option(names = "--connections-per-client", paramLabel = "N", description = "Open "
      + "connections one address may hold; more are closed (default: ${DEFAULT-VALUE}).")
  int connectionsPerClient = LIMITS.connectionsPerClient();

  @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "Close a connection "
      + "that sends nothing for this long (default: ${DEFAULT-VALUE}).")
  long idleTimeoutSeconds = LIMITS.idleTimeout().toSeconds();

  @Option(names = "--runs-per-hour", paramLabel = "N", description = "Runs one address may "
      + "store per hour; more get HTTP 429 (default: ${DEFAULT-VALUE}).")
  int runsPerHour = LIMITS.storedRunsPerClientPerHour();

  @Option(names = "--min-free-disk-mb", paramLabel = "MB", description = "Stop writing (HTTP "
      + "503) while the data folder's disk has less free space (default: ${DEFAULT-VALUE}).")
  long minFreeDiskMb = LIMITS.minFreeDiskBytes() >> 20;

  @Option(names = "--max-db-mb", paramLabel = "MB", description = "Stop writing (HTTP 503) "
      + "while the database is larger (default: ${DEFAULT-VALUE}).")
  long maxDbMb = LIMITS.maxDatabaseBytes() >> 20;

  @Option(names = "--keep-runs-days", paramLabel = "DAYS", description = "Delete runs nobody "
      + "saved or opened for this long (default: ${DEFAULT-VALUE}).")
  long keepRunsDays = LIMITS.keepUnopenedRuns().toDays();

  @Option(names = "--allow-origin", paramLabel = "ORIGIN",
      description = {"Let pages from ORIGIN "
      + "(e.g. https://user.github.io) call the API: a copy", "of the site made with export-site "
      + "--server pointing here. Repeatable (default: none)."})
  List<String> allowOrigins = new ArrayList<>();

  @Option(names = "--no-warm-up", negatable = true,
      description = {"Train briefly in the background at start-up so the first run is fast",
          "(default: on; --no-warm-up leaves the cores free, e.g. for tests)."})
  boolean warmUp = true;

  /** The limits as given, each checked and named by its option. */
  WebServer.Limits limits() {
    positive("--max-runs-per-client", runsPerClient, 1_000);
    if (!(writesPerClient > 0 && writesPerClient <= 1_000)) {
      throw new ParameterException("writes-per-client", "--writes-per-client must be more "
          + "than 0 and at most 1,000, was " + writesPerClient);
    }
    positive("--sessions-per-client", sessionsPerClient, 10_000);
    positive("--connections-per-client", connectionsPerClient, 10_000);
    positive("--idle-timeout", idleTimeoutSeconds, 3_600);
    positive("--runs-per-hour", runsPerHour, 1_000_000);
    if (minFreeDiskMb < 0 || minFreeDiskMb > 1L << 30) {
      throw new ParameterException("min-free-disk-mb", "--min-free-disk-mb must be from 0 to "
          + (1L << 30) + ", was " + minFreeDiskMb);
    }
    positive("--max-db-mb", maxDbMb, 1L << 30);
    positive("--keep-runs-days", keepRunsDays, 3_650);
    return LIMITS.withRunsPerClient(runsPerClient)
        .withShares(writesPerClient, (int) Math.max(1, Math.ceil(4 * writesPerClient)),
            sessionsPerClient)
        .withConnections(connectionsPerClient, java.time.Duration.ofSeconds(idleTimeoutSeconds))
        .withStorage(runsPerHour, minFreeDiskMb << 20, maxDbMb << 20,
            java.time.Duration.ofDays(keepRunsDays));
  }

  private static void positive(String option, long value, long max) {
    if (value < 1 || value > max) {
      throw new ParameterException(option.substring(2), option + " must be from 1 to " + max
          + ", was " + value);
    }
  }

  @Override
  public Integer call() {
    UserFiles.requireName("--data-dir", dataDir);
    String token = adminToken != null ? adminToken
        : adminTokenFile != null ? AdminTokenFile.read(adminTokenFile)
        : System.getenv("SAFERLHUB_ADMIN_TOKEN");
    WebServer.Limits limits = limits();
    WebServer server = WebServer.start(WebServer.Options.defaults()
        .withPort(port).withHost(host).withMaxConcurrentRuns(maxRuns).withWarmUp(warmUp)
        .withDatabase(DbConfig.resolve(db, dbUser, dbPassword, dataDir))
        .withAdminToken(token == null || token.isBlank() ? null : token)
        .withAllowedOrigins(allowOrigins).withLimits(limits));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "shutdown"));
    String shown = "0.0.0.0".equals(host) ? "localhost" : host;
    System.out.println("SafeRLHub is running at http://" + shown + ":" + server.port()
        + "/  (Ctrl-C to stop)");
    System.out.println("Database: " + server.databaseKind()
        + (token == null || token.isBlank() ? "; admin page token for this run: " + server.adminToken() : ""));
    System.out.flush();
    try {
      stopped.await(); // picocli exits when call() returns, so serving blocks here
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
