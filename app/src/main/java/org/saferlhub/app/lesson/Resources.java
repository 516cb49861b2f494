package org.saferlhub.app.lesson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads UTF-8 text files from the classpath. */
@FunctionalInterface
interface Resources {
  /**
   * Reads one resource.
   *
   * @param path a classpath path without a leading slash, e.g. {@code lessons/glossary.md}
   * @return its text, or empty if there is no such resource
   */
  Optional<String> read(String path);

  /** Reads a resource that must exist. */
  default String require(String path) {
    return read(path)
        .orElseThrow(() -> new IllegalStateException("missing classpath resource: " + path));
  }

  /** The application's classpath. */
  static Resources classpath() {
    ClassLoader loader = Resources.class.getClassLoader();
    return path -> {
      try (InputStream in = loader.getResourceAsStream(path)) {
        if (in == null) {
          return Optional.empty();
        }
        // Normalise line endings so line numbers and fences behave the same on every platform.
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return Optional.of(text.replace("\r\n", "\n").replace('\r', '\n'));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read classpath resource " + path, e);
      }
    };
  }
}
