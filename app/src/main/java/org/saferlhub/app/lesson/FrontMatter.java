package org.saferlhub.app.lesson;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Markdown file split into its front-matter fields and its body.
 *
 * <p>The block is deliberately tiny: the file starts with a line {@code ---}, then one {@code key:
 * value} per line, then another {@code ---}. Values are plain text (no quotes, no nesting). Unknown
 * keys, duplicate keys and malformed lines fail loudly, naming file and line.
 *
 * @param file the file name, for error messages
 * @param fields the fields in file order
 * @param body the Markdown after the closing {@code ---}
 * @param bodyLine the 1-based line number of the body's first line in the file
 */
record FrontMatter(String file, Map<String, String> fields, String body, int bodyLine) {

  /**
   * Parses a file that starts with a front-matter block.
   *
   * @param file the file name, for error messages
   * @param source the whole file
   * @param allowedKeys the keys that may appear
   * @throws IllegalStateException if the block is missing or malformed
   */
  static FrontMatter parse(String file, String source, Set<String> allowedKeys) {
    String[] lines = source.split("\n", -1);
    if (lines.length == 0 || !lines[0].strip().equals("---")) {
      throw new IllegalStateException(file + ":1: expected a front-matter block starting with ---");
    }
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].strip().equals("---")) {
        Map<String, String> fields =
            fields(file, Arrays.asList(lines).subList(1, i), 2, allowedKeys);
        String body = String.join("\n", Arrays.asList(lines).subList(i + 1, lines.length));
        return new FrontMatter(file, fields, body, i + 2);
      }
    }
    throw new IllegalStateException(file + ":1: the front-matter block is not closed by ---");
  }

  /**
   * Parses {@code key: value} lines (blank lines are skipped).
   *
   * @param file the file name, for error messages
   * @param lines the lines
   * @param firstLine the 1-based line number of {@code lines.get(0)} in the file
   * @param allowedKeys the keys that may appear
   * @return the fields in order
   * @throws IllegalStateException naming file and line of a malformed, unknown or duplicate key
   */
  static Map<String, String> fields(
      String file, List<String> lines, int firstLine, Set<String> allowedKeys) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int lineNo = firstLine + i;
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IllegalStateException(
            file + ":" + lineNo + ": expected 'key: value' in the front matter, got: " + line);
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (!allowedKeys.contains(key)) {
        throw new IllegalStateException(
            file
                + ":"
                + lineNo
                + ": unknown front-matter key '"
                + key
                + "'; allowed: "
                + String.join(", ", new TreeSet<>(allowedKeys)));
      }
      if (fields.putIfAbsent(key, value) != null) {
        throw new IllegalStateException(file + ":" + lineNo + ": duplicate key '" + key + "'");
      }
    }
    return Collections.unmodifiableMap(fields);
  }

  /** An optional field. */
  Optional<String> optional(String key) {
    return Optional.ofNullable(fields.get(key)).filter(v -> !v.isEmpty());
  }

  /** A field that must be present and non-empty. */
  String required(String key) {
    return optional(key)
        .orElseThrow(
            () ->
                new IllegalStateException(file + ": front matter needs a non-empty '" + key + "'"));
  }

  /** A field that must be a positive whole number. */
  int requiredPositiveInt(String key) {
    String value = required(key);
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalStateException(
        file + ": front-matter '" + key + "' must be a positive whole number, got: " + value);
  }
}
