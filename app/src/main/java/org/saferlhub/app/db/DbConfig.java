package org.saferlhub.app.db;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saferlhub.config.ParameterException;

/**
 * Where the database is: a JDBC URL ({@code jdbc:h2:…} or {@code jdbc:postgresql:…}) and the
 * credentials. H2 file URLs get the options that make every acknowledged commit survive a crash
 * of the server ({@value #H2_FILE_OPTIONS}) unless the URL sets them itself.
 *
 * @param url the JDBC URL
 * @param user the database user ({@code sa} for the embedded H2 database)
 * @param password the password, may be empty
 */
public record DbConfig(String url, String user, String password) {

  /** Environment variable with the JDBC URL; {@code --db} wins over it. */
  public static final String ENV_URL = "SAFERLHUB_DB_URL";
  /** Environment variable with the database user; {@code --db-user} wins over it. */
  public static final String ENV_USER = "SAFERLHUB_DB_USER";
  /** Environment variable with the database password; {@code --db-password} wins over it. */
  public static final String ENV_PASSWORD = "SAFERLHUB_DB_PASSWORD";

  /** File name (without H2's {@code .mv.db}) of the embedded database in the data folder. */
  public static final String H2_FILE_NAME = "saferlhub";

  /**
   * Options added to H2 file URLs. {@code WRITE_DELAY=0}: H2 writes each commit to the file
   * before acknowledging it (the default delays writes by up to 500 ms, so a {@code kill -9}
   * loses the last half second of acknowledged writes; DurabilityIT checks this). After a crash,
   * {@link Database#open} first lets H2 find the newest commit ({@link H2Recovery}).
   * {@code DB_CLOSE_ON_EXIT=FALSE}: the server closes the database itself on shutdown, after
   * the last request, instead of H2's own shutdown hook racing it.
   */
  static final String H2_FILE_OPTIONS = ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";

  /** Checks the URL and fills defaults. */
  public DbConfig {
    checkUrl(url);
    if (user == null) {
      user = "";
    }
    if (password == null) {
      password = "";
    }
  }

  /**
   * The embedded H2 database {@code saferlhub} in {@code dataDir}, created if missing.
   *
   * @throws ParameterException naming {@code data-dir}: a file, a folder that cannot be created,
   *     or a folder without the database that the user may not write in (H2 would fail, and
   *     print its own stack trace first, as it cannot write its trace file there either)
   */
  public static DbConfig h2(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    createPrivateDirectories(dir);
    if (!Files.exists(dir.resolve(H2_FILE_NAME + ".mv.db")) && !Files.isWritable(dir)) {
      throw new ParameterException("data-dir", "data-dir " + dir + " is read-only, so the "
          + "database cannot be created there; choose a folder you can write in, or make this "
          + "one writable");
    }
    String path = dir.resolve(H2_FILE_NAME).toString().replace('\\', '/');
    if (path.contains(";")) {
      throw new ParameterException("data-dir", "data-dir must not contain ';', was " + dir);
    }
    return new DbConfig("jdbc:h2:file:" + path, "sa", "");
  }

  /** The file of an embedded H2 file database ({@code …/saferlhub.mv.db}); empty otherwise. */
  public java.util.Optional<Path> h2File() {
    if (!url.regionMatches(true, 0, "jdbc:h2:file:", 0, 13)) {
      return java.util.Optional.empty();
    }
    String path = url.substring(13);
    int options = path.indexOf(';');
    return java.util.Optional.of(Path.of((options < 0 ? path : path.substring(0, options))
        + ".mv.db"));
  }

  /** A private in-memory H2 database (for tests); it lives until {@link Database#close()}. */
  public static DbConfig inMemory(String name) {
    if (!name.matches("[A-Za-z0-9_.-]{1,100}")) {
      throw new IllegalArgumentException("in-memory database name must be 1 to 100 characters "
          + "of letters, digits, '_', '.' and '-', was '" + name + "'");
    }
    return new DbConfig("jdbc:h2:mem:" + name, "sa", "");
  }

  /**
   * The database to use: the explicit URL, else env {@value #ENV_URL}, else the embedded H2
   * database in {@code dataDir}. User and password likewise: explicit argument, else env.
   */
  public static DbConfig resolve(@Nullable String urlOrNull, @Nullable String user,
      @Nullable String password, Path dataDir) {
    return resolve(urlOrNull, user, password, dataDir, System.getenv());
  }

  /** {@link #resolve(String, String, String, Path)} with the given environment (tests). */
  static DbConfig resolve(@Nullable String urlOrNull, @Nullable String user,
      @Nullable String password, Path dataDir, Map<String, String> env) {
    String url = firstNonBlank(urlOrNull, env.get(ENV_URL));
    String u = firstNonBlank(user, env.get(ENV_USER));
    String p = password != null ? password : env.get(ENV_PASSWORD);
    if (url == null) {
      DbConfig h2 = h2(dataDir);
      return new DbConfig(h2.url(), u != null ? u : h2.user(), p != null ? p : h2.password());
    }
    url = url.trim();
    checkUrl(url);
    boolean h2 = url.regionMatches(true, 0, "jdbc:h2:", 0, 8);
    return new DbConfig(url, u != null ? u : (h2 ? "sa" : ""), p != null ? p : "");
  }

  /** {@code h2} or {@code postgresql}. */
  public String kind() {
    return url.regionMatches(true, 0, "jdbc:h2:", 0, 8) ? "h2" : "postgresql";
  }

  /** True for an H2 database that lives only in memory. */
  boolean inMemoryH2() {
    return url.regionMatches(true, 0, "jdbc:h2:mem:", 0, 12);
  }

  /**
   * The URL handed to the driver: H2 file URLs get {@link #H2_FILE_OPTIONS} (those the URL does
   * not set), in-memory H2 URLs {@code DB_CLOSE_DELAY=-1} so the database outlives idle pooled
   * connections.
   */
  String jdbcUrl() {
    if (!"h2".equals(kind())) {
      return url;
    }
    String upper = url.toUpperCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(url);
    if (inMemoryH2()) {
      if (!upper.contains(";DB_CLOSE_DELAY=")) {
        out.append(";DB_CLOSE_DELAY=-1");
      }
      return out.toString();
    }
    for (String option : H2_FILE_OPTIONS.substring(1).split(";")) {
      String key = option.substring(0, option.indexOf('=') + 1);
      if (!upper.contains(";" + key)) {
        out.append(';').append(option);
      }
    }
    return out.toString();
  }

  /** The URL without options or credentials, safe to show in messages. */
  public String displayUrl() {
    return safe(url);
  }

  @Override
  public String toString() {
    return "DbConfig[" + displayUrl() + ", user=" + user + "]";
  }

  private static void checkUrl(@Nullable String url) {
    if (url == null || !(url.regionMatches(true, 0, "jdbc:h2:", 0, 8)
        || url.regionMatches(true, 0, "jdbc:postgresql:", 0, 16))) {
      throw new ParameterException("db", "db must be a jdbc:h2: or jdbc:postgresql: URL, was "
          + (url == null ? "nothing" : "'" + safe(url) + "'"));
    }
  }

  /** Cuts the URL before anything that may hold a password ({@code ? ; @}) and to 80 chars. */
  static String safe(String url) {
    String s = url;
    int at = s.indexOf('@');
    if (at >= 0) {
      // user:password@host: keep the scheme only
      int scheme = s.indexOf("//");
      s = (scheme >= 0 && scheme < at ? s.substring(0, scheme + 2) : "") + "…@"
          + s.substring(at + 1);
    }
    for (char c : new char[] {'?', ';'}) {
      int i = s.indexOf(c);
      if (i >= 0) {
        s = s.substring(0, i) + "…";
      }
    }
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  private static @Nullable String firstNonBlank(@Nullable String a, @Nullable String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }

  /** Creates the folder (owner-only where the file system allows: it holds feedback). */
  private static void createPrivateDirectories(Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        return;
      }
      if (dir.getParent() != null) {
        Files.createDirectories(dir.getParent());
      }
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectory(dir);
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw new ParameterException("data-dir", "data-dir must be a folder, " + dir
            + " is a file");
      }
    } catch (IOException e) {
      throw new ParameterException("data-dir", "data-dir " + dir + " could not be created: "
          + e);
    }
  }
}
