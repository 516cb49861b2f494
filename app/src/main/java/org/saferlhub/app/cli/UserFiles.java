package org.saferlhub.app.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;
import org.saferlhub.config.ParameterException;

/**
 * Files the user names on the command line ({@code --out}, {@code --plot}, {@code --csv},
 * {@code --map}, {@code --policy}, folders such as {@code --data-dir}), read and written so that
 * every failure is a {@link ParameterException} whose one-line message starts with the option:
 * exit 2, never a stack trace.
 *
 * <p>Reading takes at most {@link #MAX_TEXT_BYTES} and strict UTF-8, so {@code /dev/zero}, a
 * binary or a UTF-16 file is refused at once with a reason. Writing goes through a temporary
 * file beside the target, moved over it when complete, so a failed write (a full disk) leaves
 * the old file or none, never half a file; devices and pipes ({@code /dev/null},
 * {@code /dev/stdout}) are written in place, as there is nothing to replace.
 */
final class UserFiles {

  /** The most a text input (a map, a policy) may hold: 1 MiB, far above any real one. */
  static final int MAX_TEXT_BYTES = 1 << 20;

  /** Writes a whole file's content; may throw midway, which leaves no file behind. */
  @FunctionalInterface
  interface Content {
    /** Writes everything to {@code out}, which the caller closes. */
    void writeTo(OutputStream out) throws IOException;
  }

  private UserFiles() {}

  /**
   * The text of a file the user named, checked before any of it is used.
   *
   * @param option the option as typed, such as {@code --policy}
   * @param what what the file should be, such as {@code policy file}
   * @return the text, without a leading UTF-8 byte-order mark
   * @throws ParameterException naming {@code option}: no name, no such file, a folder, more than
   *     {@link #MAX_TEXT_BYTES}, a NUL byte (binary or UTF-16), not UTF-8, or unreadable
   */
  static String readText(String option, Path file, String what) {
    requireName(option, file);
    if (Files.isDirectory(file)) {
      throw refused(option, option + " " + file + " is a folder, not a " + what);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_TEXT_BYTES + 1); // one more, to tell "at the cap" from "over"
    } catch (NoSuchFileException e) {
      throw refused(option, option + " " + file + ": " + what + " not found");
    } catch (IOException e) {
      throw refused(option, option + " " + file + ": could not read the " + what + ": "
          + reason(e));
    }
    if (bytes.length > MAX_TEXT_BYTES) {
      throw refused(option, option + " " + file + " holds more than 1 MB, more than any " + what
          + " needs, so reading stopped there; check that it is the right file");
    }
    return utf8(option, file, what, bytes);
  }

  /** {@code bytes} as strict UTF-8 text, or a message saying what the file holds instead. */
  private static String utf8(String option, Path file, String what, byte[] bytes) {
    int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF ? 3 : 0; // a UTF-8 byte-order mark is harmless
    boolean utf16Mark = bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF
        || (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE);
    for (int i = start; i < bytes.length && !utf16Mark; i++) {
      if (bytes[i] == 0) {
        throw refused(option, option + " " + file + " holds a NUL byte (at byte " + i + "): "
            + "binary data or UTF-16, not the UTF-8 text a " + what + " is");
      }
    }
    if (utf16Mark) {
      throw refused(option, option + " " + file + " is UTF-16 text; save the " + what
          + " as UTF-8");
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw refused(option, option + " " + file + " is not UTF-8 text (invalid byte at "
          + in.position() + "); save the " + what + " as UTF-8");
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  /**
   * Checks, before any work is done, that {@code file} can be an output file: it has a name, is
   * not a folder, and its folder exists. A write can still fail later (a full disk), which
   * {@link #write} reports.
   *
   * @throws ParameterException naming {@code option}
   */
  static void checkOutput(String option, Path file) {
    requireName(option, file);
    if (Files.isDirectory(file)) {
      throw refused(option, option + " " + file + " is a folder; name a file (in it, or "
          + "elsewhere) to write");
    }
    Path folder = file.toAbsolutePath().getParent();
    if (folder != null && !Files.isDirectory(folder)) {
      throw refused(option, option + " " + file + ": " + (Files.exists(folder)
          ? folder + " is a file, not a folder"
          : "the folder " + folder + " does not exist; create it first, or name a file in a "
              + "folder that exists"));
    }
  }

  /**
   * Makes {@code dir} ready for output files: creates it (and its parents) if it is missing.
   *
   * @throws ParameterException naming {@code option} when it is a file, or cannot be created
   */
  static void checkOutputDirectory(String option, Path dir) {
    requireName(option, dir);
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw refused(option, option + " " + dir + " is a file; name a folder to write into");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException | UncheckedIOException e) {
      throw refused(option, option + " " + dir + ": could not create it: " + reason(e));
    }
  }

  /** {@link #write} of {@code text} as UTF-8. */
  static void writeText(String option, Path file, CharSequence text) {
    write(option, file, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Writes {@code file} whole: into a temporary file beside it, then moved over it (keeping an
   * existing file's permissions), so a failure leaves the old file or none.
   *
   * @throws ParameterException naming {@code option}: see {@link #checkOutput}, or "could not
   *     write" with the reason (such as "No space left on device")
   */
  static void write(String option, Path file, Content content) {
    checkOutput(option, file);
    try {
      if (Files.exists(file) && !Files.isRegularFile(file)) { // a device or a pipe
        try (OutputStream out = Files.newOutputStream(file)) {
          content.writeTo(out);
        }
        return;
      }
      Path target = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
      Path tmp = target.resolveSibling("." + target.getFileName() + "."
          + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
      try {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp,
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
          content.writeTo(out);
        }
        keepPermissions(target, tmp);
        try {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException | UncheckedIOException e) {
      throw refused(option, option + " " + file + ": could not write it: " + reason(e));
    }
  }

  /**
   * Checks that a folder option has a name: an empty one would silently mean the current folder.
   *
   * @throws ParameterException naming {@code option}
   */
  static void requireName(String option, Path path) {
    if (path.toString().isEmpty()) {
      throw refused(option, option + " is empty; name a " + (option.equals("DIR")
          || option.endsWith("-dir") ? "folder (\".\" for the current one)" : "file"));
    }
  }

  private static void keepPermissions(Path target, Path tmp) throws IOException {
    PosixFileAttributeView from = Files.getFileAttributeView(target, PosixFileAttributeView.class);
    PosixFileAttributeView to = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
    if (from != null && to != null && Files.exists(target)) {
      to.setPermissions(from.readAttributes().permissions());
    }
  }

  /** The operating system's reason, without the exception's class or a repeated path. */
  static String reason(Exception e) {
    Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
    if (t instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (t instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (t instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return t.getMessage() == null ? "an input/output error" : t.getMessage();
  }

  private static ParameterException refused(String option, String message) {
    return new ParameterException(option.startsWith("--") ? option.substring(2) : option,
        message);
  }
}
