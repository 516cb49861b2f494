package org.saferlhub.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.saferlhub.config.ParameterException;

/**
 * {@code serve --admin-token-file FILE}: the admin token from a file (its first line, trimmed),
 * so it does not show in the process list as {@code --admin-token} does. At most
 * {@value #MAX_BYTES} bytes are read; the token must be at least 12 characters.
 */
final class AdminTokenFile {

  static final int MAX_BYTES = 4_096;

  private AdminTokenFile() {}

  static String read(Path file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException | RuntimeException e) {
      throw new ParameterException("admin-token-file", "--admin-token-file: could not read "
          + file + " (" + e.getClass().getSimpleName() + ")");
    }
    if (bytes.length > MAX_BYTES) {
      throw new ParameterException("admin-token-file", "--admin-token-file: " + file
          + " is longer than " + MAX_BYTES + " bytes; it should hold just the token");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ParameterException("admin-token-file", "--admin-token-file: " + file
          + " is not UTF-8 text");
    }
    String token = text.lines().findFirst().orElse("").strip();
    if (token.length() < 12) {
      throw new ParameterException("admin-token-file", "--admin-token-file: the token in "
          + file + " must be at least 12 characters on its first line");
    }
    return token;
  }
}
