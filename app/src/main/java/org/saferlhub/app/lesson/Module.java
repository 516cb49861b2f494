package org.saferlhub.app.lesson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A learning-path module that is announced but not written yet.
 *
 * <p>Source format ({@code lessons/coming.txt}): blocks of {@code key: value} lines separated by
 * a line {@code ---}, with keys {@code title}, {@code summary}, {@code goal}, {@code minutes} and
 * {@code difficulty}.
 */
record Module(String title, String summary, String goal, int minutes, String difficulty) {
  private static final Set<String> KEYS =
      Set.of("title", "summary", "goal", "minutes", "difficulty");

  /**
   * Parses the file.
   *
   * @throws IllegalStateException naming the file and line of a malformed block
   */
  static List<Module> parseAll(String file, String text) {
    List<Module> modules = new ArrayList<>();
    // Comment lines are kept as blank lines so that line numbers stay right.
    String[] lines =
        text.lines().map(l -> l.startsWith("#") ? "" : l).toArray(String[]::new);
    int start = 0;
    for (int i = 0; i <= lines.length; i++) {
      if (i == lines.length || lines[i].strip().equals("---")) {
        String block = String.join("\n", Arrays.asList(lines).subList(start, i));
        if (!block.isBlank()) {
          String where = file + " (block starting at line " + (start + 1) + ")";
          FrontMatter fm = FrontMatter.parse(where, "---\n" + block + "\n---\n", KEYS);
          modules.add(
              new Module(
                  fm.required("title"), fm.required("summary"), fm.required("goal"),
                  fm.requiredPositiveInt("minutes"), fm.required("difficulty")));
        }
        start = i + 1;
      }
    }
    return List.copyOf(modules);
  }
}
