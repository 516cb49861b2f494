package org.saferlhub.app.cli;

import java.nio.file.Path;
import org.saferlhub.config.ParameterException;

/**
 * {@code serve --admin-token-file FILE}: the admin token from a file (its first line, trimmed),
 * so it does not show in the process list as {@code --admin-token} does. The file is read as
 * every user-named file is ({@link UserFiles#readText}: capped, strict UTF-8); the token must be
 * at least 12 characters.
 */
final class AdminTokenFile {

  private AdminTokenFile() {}

  static String read(Path file) {
    String text = UserFiles.readText("--admin-token-file", file, "token file");
    String token = text.lines().findFirst().orElse("").strip();
    if (token.length() < 12) {
      throw new ParameterException("admin-token-file", "--admin-token-file: the token in "
          + file + " must be at least 12 characters on its first line");
    }
    return token;
  }
}
