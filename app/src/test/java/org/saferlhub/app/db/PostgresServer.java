package org.saferlhub.app.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server for tests: the one named by {@code SAFERLHUB_TEST_PG_URL} (with
 * {@code _USER}, {@code _PASSWORD}), else a throwaway cluster started here with Debian's
 * {@code /usr/lib/postgresql/<version>/bin/initdb} and {@code pg_ctl} in a temporary folder, on
 * a free loopback port (as user {@code postgres} when the tests run as root: initdb refuses
 * root). Each test gets its own schema ({@link #newDatabase()}). When neither works, tests are
 * skipped with {@link #require()} saying why.
 */
final class PostgresServer implements AutoCloseable {

  static final String ENV_URL = "SAFERLHUB_TEST_PG_URL";

  private final String url;
  private final String user;
  private final String password;
  private final @Nullable Path clusterDir;
  private final @Nullable Path pgCtl;
  private final List<String> runAs;
  private final @Nullable Thread shutdownHook;
  private final List<String> schemas = new ArrayList<>();

  private PostgresServer(String url, String user, String password, @Nullable Path clusterDir,
      @Nullable Path pgCtl, List<String> runAs) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.clusterDir = clusterDir;
    this.pgCtl = pgCtl;
    this.runAs = runAs;
    if (clusterDir != null) {
      this.shutdownHook = new Thread(this::stop, "stop-test-postgres");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } else {
      this.shutdownHook = null;
    }
  }

  /** A started server, or the reason there is none. */
  record Outcome(@Nullable PostgresServer server, String reason) {}

  /** Starts (or connects to) a server; the caller must {@link #close()} it. */
  static Outcome start() {
    Map<String, String> env = System.getenv();
    String external = env.get(ENV_URL);
    if (external != null && !external.isBlank()) {
      PostgresServer s = new PostgresServer(external, env.getOrDefault(ENV_URL + "_USER", ""),
          env.getOrDefault(ENV_URL + "_PASSWORD", ""), null, null, List.of());
      try (Connection c = s.connect(external)) {
        return new Outcome(s, "using " + ENV_URL + " (" + c.getMetaData()
            .getDatabaseProductVersion() + ")");
      } catch (SQLException e) {
        return new Outcome(null, ENV_URL + "=" + DbConfig.safe(external)
            + " does not answer: " + e.getMessage());
      }
    }
    try {
      return startCluster();
    } catch (IOException | RuntimeException e) {
      return new Outcome(null, "could not start a throwaway cluster: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(null, "interrupted while starting a throwaway cluster");
    }
  }

  /** The server, or the test class is skipped with the reason. */
  static PostgresServer require(Outcome outcome) {
    if (outcome.server() == null) {
      String message = "PostgreSQL tests skipped: " + outcome.reason();
      System.err.println(message);
      Assumptions.abort(message);
    }
    return outcome.server();
  }

  private static Outcome startCluster() throws IOException, InterruptedException {
    Optional<Path> bin = findBin();
    if (bin.isEmpty()) {
      return new Outcome(null, "no /usr/lib/postgresql/*/bin/initdb (Debian package "
          + "'postgresql') and " + ENV_URL + " is not set");
    }
    List<String> runAs = new ArrayList<>();
    String owner = null;
    if (isRoot()) {
      owner = userExists("postgres") ? "postgres" : userExists("nobody") ? "nobody" : null;
      if (owner == null) {
        return new Outcome(null, "running as root and there is no 'postgres' user to run "
            + "initdb as (initdb refuses root)");
      }
      Path runuser = Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")
          .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
      if (runuser != null) {
        runAs.addAll(List.of(runuser.toString(), "-u", owner, "--"));
      } else {
        return new Outcome(null, "running as root and runuser is missing");
      }
    }
    Path dir = Files.createTempDirectory("saferlhub-pg-");
    if (owner != null) {
      run(List.of("chown", owner, dir.toString()), List.of(), 30);
    }
    Path data = dir.resolve("data");
    int port = freePort();
    String user = "saferlhub";
    Path initdb = bin.get().resolve("initdb");
    Path pgCtl = bin.get().resolve("pg_ctl");
    run(List.of(initdb.toString(), "-D", data.toString(), "-U", user, "-A", "trust",
        "-E", "UTF8", "--locale=C"), runAs, 120);
    // only loopback TCP, no Unix socket in a system folder, small and quick
    String conf = "\nlisten_addresses = '127.0.0.1'\nport = " + port + "\n"
        + "unix_socket_directories = ''\nshared_buffers = 16MB\nmax_connections = 60\n"
        + "fsync = on\nlogging_collector = off\n";
    run(List.of("sh", "-c", "cat >> '" + data.resolve("postgresql.conf") + "'"), runAs, 30,
        conf);
    run(List.of(pgCtl.toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
        "-w", "-t", "60", "start"), runAs, 90);
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    PostgresServer server = new PostgresServer(url, user, "", dir, pgCtl, runAs);
    String version = "";
    try (Connection c = server.connect(url); Statement s = c.createStatement();
        var rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      version = rs.getString(1);
    } catch (SQLException e) {
      server.close();
      return new Outcome(null, "throwaway cluster started but does not answer: " + e);
    }
    return new Outcome(server, "throwaway PostgreSQL " + version + " on port " + port);
  }

  /**
   * A fresh, empty schema on the server and a configuration whose connections use it, so each
   * test migrates from nothing.
   */
  DbConfig newDatabase() {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = connect(url); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create schema " + schema, e);
    }
    synchronized (schemas) {
      schemas.add(schema);
    }
    return new DbConfig(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
        user, password);
  }

  /** The server's base URL (database {@code postgres} or the configured one). */
  String url() {
    return url;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  private Connection connect(String jdbcUrl) throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  @Override
  public void close() {
    if (clusterDir == null) { // someone else's server: drop what the tests made
      try (Connection c = connect(url); Statement s = c.createStatement()) {
        synchronized (schemas) {
          for (String schema : schemas) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
          }
          schemas.clear();
        }
      } catch (SQLException e) {
        System.err.println("could not drop the test schemas: " + e);
      }
    }
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs stop()
      }
    }
    stop();
  }

  private synchronized void stop() {
    if (clusterDir == null || pgCtl == null || !Files.exists(clusterDir)) {
      return;
    }
    try {
      run(List.of(pgCtl.toString(), "-D", clusterDir.resolve("data").toString(), "-m", "fast",
          "-w", "-t", "30", "stop"), runAs, 60);
    } catch (IOException | RuntimeException e) {
      System.err.println("could not stop the test PostgreSQL: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteTree(clusterDir);
  }

  private static Optional<Path> findBin() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb"))
              && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparingInt(PostgresServer::majorVersion));
    }
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean isRoot() throws IOException, InterruptedException {
    return "0".equals(run(List.of("id", "-u"), List.of(), 10).strip());
  }

  private static boolean userExists(String name) throws IOException, InterruptedException {
    try {
      run(List.of("id", "-u", name), List.of(), 10);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String run(List<String> command, List<String> runAs, int timeoutSeconds)
      throws IOException, InterruptedException {
    return run(command, runAs, timeoutSeconds, null);
  }

  /** Runs a command (as {@code runAs}), returns its output; throws unless it exits with 0. */
  private static String run(List<String> command, List<String> runAs, int timeoutSeconds,
      @Nullable String stdin) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(runAs);
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    Path outFile = Files.createTempFile("saferlhub-pg-cmd-", ".log");
    pb.redirectOutput(outFile.toFile());
    Process p = pb.start();
    try {
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", full) + " timed out");
      }
      String output = Files.readString(outFile, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", full) + " exited with "
            + p.exitValue() + ": " + output.strip());
      }
      return output;
    } finally {
      Files.deleteIfExists(outFile);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort
        }
      });
    } catch (IOException e) {
      // best effort
    }
  }
}
