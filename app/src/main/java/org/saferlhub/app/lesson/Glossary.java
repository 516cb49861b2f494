package org.saferlhub.app.lesson;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The glossary: plain-language definitions that lessons attach to terms with {@code
 * [episodes](term:episode)}.
 *
 * <p>Source format ({@code lessons/glossary.md}): after the front matter, one entry per
 * second-level heading that ends with its key, {@code ## Discount factor γ {#discount-factor}},
 * followed by the definition as one paragraph of plain text (no Markdown inside).
 */
final class Glossary {
  private static final Pattern HEADING =
      Pattern.compile("^## (.+?)\\s*\\{#([a-z0-9]+(?:-[a-z0-9]+)*)}\\s*$");

  /**
   * One glossary entry.
   *
   * @param key the id used after {@code term:}
   * @param name the display name
   * @param definition the definition, plain text
   */
  record Entry(String key, String name, String definition) {}

  private final Map<String, Entry> entries;
  private final FrontMatter source;

  private Glossary(Map<String, Entry> entries, FrontMatter source) {
    this.entries = entries;
    this.source = source;
  }

  /**
   * Parses a glossary file.
   *
   * @throws IllegalStateException naming the file and line of a malformed or duplicate entry
   */
  static Glossary parse(String file, String text) {
    FrontMatter fm = FrontMatter.parse(file, text, Set.of("title", "summary"));
    Map<String, Entry> entries = new LinkedHashMap<>();
    String[] lines = fm.body().split("\n", -1);
    @Nullable String key = null;
    String name = "";
    int keyLine = 0;
    StringBuilder definition = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int lineNo = fm.bodyLine() + i;
      if (line.startsWith("## ")) {
        if (key != null) {
          add(entries, file, keyLine, new Entry(key, name, definition.toString().strip()));
        }
        Matcher m = HEADING.matcher(line);
        if (!m.matches()) {
          throw new IllegalStateException(
              file
                  + ":"
                  + lineNo
                  + ": a glossary heading must look like '## Name {#key}', got: "
                  + line);
        }
        name = m.group(1);
        key = m.group(2);
        keyLine = lineNo;
        definition.setLength(0);
      } else if (key != null && !line.isBlank()) {
        definition.append(' ').append(line.strip());
      }
    }
    if (key != null) {
      add(entries, file, keyLine, new Entry(key, name, definition.toString().strip()));
    }
    return new Glossary(Collections.unmodifiableMap(entries), fm);
  }

  private static void add(Map<String, Entry> entries, String file, int line, Entry entry) {
    if (entry.definition().isEmpty()) {
      throw new IllegalStateException(
          file + ":" + line + ": term '" + entry.key() + "' has no definition");
    }
    if (entries.putIfAbsent(entry.key(), entry) != null) {
      throw new IllegalStateException(file + ":" + line + ": duplicate term '" + entry.key() + "'");
    }
  }

  /** The entry for a key, if any. */
  Optional<Entry> find(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** All entries in file order. */
  Collection<Entry> entries() {
    return entries.values();
  }

  /** The glossary page's front matter (title and summary). */
  FrontMatter source() {
    return source;
  }
}
