package org.saferlhub.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.saferlhub.app.db.DbConfig;
import java.util.concurrent.CountDownLatch;
import org.saferlhub.app.web.WebServer;
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

  @Option(names = "--allow-origin", paramLabel = "ORIGIN",
      description = {"Let pages from ORIGIN "
      + "(e.g. https://user.github.io) call the API: a copy", "of the site made with export-site "
      + "--server pointing here. Repeatable (default: none)."})
  List<String> allowOrigins = new ArrayList<>();

  @Option(names = "--no-warm-up", negatable = true,
      description = {"Train briefly in the background at start-up so the first run is fast",
          "(default: on; --no-warm-up leaves the cores free, e.g. for tests)."})
  boolean warmUp = true;

  @Override
  public Integer call() {
    UserFiles.requireName("--data-dir", dataDir);
    String token = adminToken != null ? adminToken : System.getenv("SAFERLHUB_ADMIN_TOKEN");
    WebServer server = WebServer.start(WebServer.Options.defaults()
        .withPort(port).withHost(host).withMaxConcurrentRuns(maxRuns).withWarmUp(warmUp)
        .withDatabase(DbConfig.resolve(db, dbUser, dbPassword, dataDir))
        .withAdminToken(token == null || token.isBlank() ? null : token)
        .withAllowedOrigins(allowOrigins));
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
