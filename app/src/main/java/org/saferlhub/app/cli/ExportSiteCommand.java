package org.saferlhub.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.web.SiteExport;
import org.saferlhub.config.ParameterException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code saferlhub export-site DIR}: writes a copy of the site that any static file host can
 * serve with no SafeRLHub server ({@link SiteExport}).
 */
@Command(name = "export-site", mixinStandardHelpOptions = true,
    description = {"Write the site into DIR for any static file host, with no SafeRLHub server:",
        "lessons train in the browser, quizzes and the game work, progress stays in the browser.",
        "Check it locally with: jwebserver -d DIR (or: python3 -m http.server -d DIR)."})
public final class ExportSiteCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR",
      description = "Folder to write; created if missing, refused if not empty (see --force).")
  Path dir = Path.of(""); // set by picocli: DIR is required

  @Option(names = "--force",
      description = "Write into DIR even if it is not empty, replacing files of the same name.")
  boolean force;

  @Option(names = "--server", paramLabel = "URL", description = "A SafeRLHub server the copy "
      + "may call for what needs one (feedback, the shared high scores, saved runs); it must "
      + "allow the copy's origin (serve --allow-origin). Default: none.")
  @Nullable String server;

  @Override
  public Integer call() {
    SiteExport.Options options = server == null ? SiteExport.Options.withoutServer()
        : SiteExport.Options.withServer(server);
    checkDir();
    SiteExport.Summary summary;
    try {
      summary = SiteExport.export(dir, options);
    } catch (UncheckedIOException e) {
      throw new ParameterException("DIR", "DIR " + dir + ": could not write the site there: "
          + UserFiles.reason(e));
    }
    System.out.printf(Locale.ROOT, "Wrote %d pages, %d data files and %d assets (%.1f MB) to %s%n",
        summary.pages(), summary.dataFiles(), summary.assets(), summary.bytes() / 1e6,
        dir.toAbsolutePath().normalize());
    System.out.println("Check it with: jwebserver -d " + dir.toAbsolutePath().normalize()
        + "  then open http://127.0.0.1:8000/");
    System.out.flush();
    return 0;
  }

  /** DIR must be named and a folder, empty or missing, unless --force. */
  private void checkDir() {
    UserFiles.requireName("DIR", dir);
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new ParameterException("DIR", "DIR " + dir + " is a file, not a folder");
    }
    if (force) {
      return;
    }
    boolean empty;
    try (Stream<Path> entries = Files.list(dir)) {
      empty = entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new ParameterException("DIR", "DIR " + dir + " cannot be read: " + e.getMessage());
    }
    if (!empty) {
      throw new ParameterException("DIR", "DIR " + dir + " is not empty; choose an empty or new "
          + "folder, or pass --force to write into it anyway");
    }
  }
}
