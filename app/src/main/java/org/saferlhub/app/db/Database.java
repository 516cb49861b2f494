package org.saferlhub.app.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.saferlhub.config.ParameterException;

/**
 * The open database: a connection pool (HikariCP), the schema brought up to date by Flyway
 * ({@code classpath:db/migration}) and the four stores on top of Jdbi. Thread-safe; open one per
 * server and close it on shutdown. An embedded H2 file that was not closed cleanly is first
 * scanned for its newest complete state ({@link H2Recovery}).
 */
public final class Database implements AutoCloseable {

  private final DbConfig config;
  /** Most connections the pool holds at once. */
  static final int MAX_CONNECTIONS = 10;

  private final HikariDataSource pool;
  private final Jdbi jdbi;
  private final RunStore runs;
  private final ProgressStore progress;
  private final ScoreStore scores;
  private final FeedbackStore feedback;
  private final FixStore fixes;

  private Database(DbConfig config, HikariDataSource pool) {
    this.config = config;
    this.pool = pool;
    this.jdbi = Jdbi.create(pool);
    this.runs = new JdbiRunStore(jdbi);
    this.progress = new JdbiProgressStore(jdbi);
    this.scores = new JdbiScoreStore(jdbi);
    this.feedback = new JdbiFeedbackStore(jdbi);
    this.fixes = new JdbiFixStore(jdbi);
  }

  /**
   * Connects, migrates the schema and returns the database.
   *
   * @throws ParameterException (field {@code db}) when the database cannot be opened: wrong URL,
   *     credentials, unreachable server, or an H2 file another process holds
   */
  public static Database open(DbConfig config) {
    checkWritable(config);
    config.h2File().ifPresent(H2Recovery::recoverIfUnclean);
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("saferlhub-db");
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(MAX_CONNECTIONS);
    hikari.setMinimumIdle(2);
    hikari.setConnectionTimeout(10_000);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw cannotOpen(config, e);
    }
    try {
      Flyway.configure(Database.class.getClassLoader())
          .dataSource(pool)
          .locations("classpath:db/migration")
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw new IllegalStateException("could not migrate the database at "
          + config.displayUrl() + ": " + rootMessage(e), e);
    }
    return new Database(config, pool);
  }

  /** Where runs are stored. */
  public RunStore runs() {
    return runs;
  }

  /** Where learners' progress is stored. */
  public ProgressStore progress() {
    return progress;
  }

  /** The reward-fix leaderboard. */
  public FixStore fixes() {
    return fixes;
  }

  /** The quiz game's high scores. */
  public ScoreStore scores() {
    return scores;
  }

  /** Answers to the feedback survey. */
  public FeedbackStore feedback() {
    return feedback;
  }

  /** {@code h2} or {@code postgresql}. */
  public String kind() {
    return config.kind();
  }

  /** The configuration it was opened with. */
  public DbConfig config() {
    return config;
  }

  /**
   * Refuses an embedded database whose folder or file cannot be written (a read-only disk or
   * folder, a file of another user): a server would start and then lose every write. The probe
   * creates and deletes a file beside the database.
   *
   * @throws ParameterException naming {@code data-dir}
   */
  static void checkWritable(DbConfig config) {
    Path file = config.h2File().orElse(null);
    if (file == null) {
      return;
    }
    Path dir = file.toAbsolutePath().getParent();
    String problem = null;
    if (!Files.isDirectory(dir)) {
      problem = "it is not a folder";
    } else if (Files.exists(file) && !Files.isWritable(file)) {
      problem = "its database file " + file.getFileName() + " is read-only";
    } else {
      try {
        Path probe = Files.createTempFile(dir, ".write-check-", ".tmp");
        Files.delete(probe);
      } catch (IOException | RuntimeException e) {
        problem = "nothing can be written in it (" + e.getClass().getSimpleName() + ")";
      }
    }
    if (problem != null) {
      throw new ParameterException("data-dir", "data-dir: the data folder " + dir + " cannot be "
          + "used: " + problem + ". Give a folder this user can write (--data-dir DIR), or make "
          + "it writable.");
    }
  }

  /** Drops the pool's connections as they come back, so new ones open the database afresh. */
  void renewConnections() {
    var bean = pool.getHikariPoolMXBean();
    if (bean != null) {
      bean.softEvictConnections();
    }
  }

  /** The database's size on disk in bytes, or -1 when unknown (in memory, or unreachable). */
  long sizeBytes() {
    Path file = config.h2File().orElse(null);
    if (file != null) {
      try {
        return Files.size(file);
      } catch (IOException e) {
        return -1;
      }
    }
    if (config.kind().equals("postgresql")) {
      try {
        return jdbi.withHandle(h -> h.createQuery("SELECT pg_database_size(current_database())")
            .mapTo(Long.class).one());
      } catch (RuntimeException e) {
        return -1;
      }
    }
    return -1;
  }

  /** Whether the database answers and its file (if any) can be written. */
  boolean canWrite() {
    Path file = config.h2File().orElse(null);
    if (file != null && Files.exists(file) && !Files.isWritable(file)) {
      return false;
    }
    try {
      return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM runs").mapTo(Long.class)
          .one()) >= 0;
    } catch (RuntimeException e) {
      renewConnections();
      return false;
    }
  }

  /** Jdbi on the pool (tests). */
  Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Closes the pool. An in-memory H2 database is dropped; an H2 file is closed cleanly (every
   * acknowledged commit is already on disk, see {@link DbConfig}).
   */
  @Override
  public void close() {
    if (pool.isClosed()) {
      return;
    }
    if (config.inMemoryH2()) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException e) {
        // already gone: nothing to drop
      }
    }
    pool.close();
  }

  private static ParameterException cannotOpen(DbConfig config, RuntimeException e) {
    String message = rootMessage(e);
    String hint = message.contains("already in use") || message.contains("is locked")
        ? " (another process, such as a running SafeRLHub server, has it open: stop it first, or"
            + " use PostgreSQL with --db to share one database)" : "";
    ParameterException p = new ParameterException("db", "db: could not open the database at "
        + config.displayUrl() + ": " + message + hint);
    p.initCause(e);
    return p;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    // H2 appends a long SQL state / URL tail after a newline or " [9…]"
    int cut = m.indexOf('\n');
    if (cut > 0) {
      m = m.substring(0, cut);
    }
    return m.length() > 300 ? m.substring(0, 300) + "…" : m;
  }
}
