package org.saferlhub.app.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A learning-path module that is announced but not written yet.
 *
 * <p>Source format ({@code lessons/coming.txt}): blocks of {@code key: value} lines separated by a
 * line {@code ---}, with keys {@code title}, {@code summary}, {@code goal}, {@code minutes} and
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
    // Comment lines count as blank lines, so line numbers stay right.
    List<String> lines = text.lines().map(l -> l.startsWith("#") ? "" : l).toList();
    int start = 0;
    for (int i = 0; i <= lines.size(); i++) {
      if (i == lines.size() || lines.get(i).strip().equals("---")) {
        List<String> block = lines.subList(start, i);
        if (block.stream().anyMatch(l -> !l.isBlank())) {
          Map<String, String> f = FrontMatter.fields(file, block, start + 1, KEYS);
          FrontMatter fm =
              new FrontMatter(file + " (block starting at line " + (start + 1) + ")", f, "", 0);
          modules.add(
              new Module(
                  fm.required("title"),
                  fm.required("summary"),
                  fm.required("goal"),
                  fm.requiredPositiveInt("minutes"),
                  fm.required("difficulty")));
        }
        start = i + 1;
      }
    }
    return List.copyOf(modules);
  }
}
