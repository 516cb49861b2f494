package org.saferlhub.app.game;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One question the game can ask, with its answer key: a {@code choice} question of a lesson's quiz.
 *
 * @param key {@code lesson/id}, unique in the pool
 * @param id the question's id in its quiz
 * @param lesson the lesson's slug
 * @param lessonTitle the title the game shows with the question
 * @param prompt the question
 * @param options its options in the quiz's order
 */
public record Question(String key, String id, String lesson, String lessonTitle, String prompt,
    List<Option> options) {

  /**
   * One option.
   *
   * @param text the answer
   * @param correct whether it is the right one
   * @param explanation why it is right or wrong
   */
  public record Option(String text, boolean correct, String explanation) {}

  /** Copies the list. */
  public Question {
    options = List.copyOf(options);
  }

  /** The index of the right option in {@code options} (the first right one). */
  public static int correctIndex(List<Option> options) {
    for (int i = 0; i < options.size(); i++) {
      if (options.get(i).correct()) {
        return i;
      }
    }
    throw new IllegalStateException("a game question without a right option");
  }

  /**
   * The game's question pool from {@code Quizzes.all()} (what {@code GET /api/quizzes} serves),
   * kept and ordered exactly as engine.js's {@code questionBank} keeps and orders it: only
   * {@code choice} questions with a prompt, at least two options with text, at least one right
   * and one wrong; texts trimmed; the first of any duplicate {@code lesson/id}.
   */
  public static List<Question> pool(Map<String, Object> quizzesAll) {
    List<Question> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    if (!(quizzesAll.get("questions") instanceof List<?> questions)) {
      return out;
    }
    for (Object item : questions) {
      if (!(item instanceof Map<?, ?> q)) {
        continue;
      }
      Object kind = q.get("kind");
      if (kind != null && !"choice".equals(kind)) {
        continue; // "your-run" questions need the learner's own run
      }
      String lesson = text(q.get("lesson"));
      String prompt = text(q.get("prompt"));
      if (lesson.isEmpty() || prompt.isEmpty() || !(q.get("options") instanceof List<?> raw)) {
        continue;
      }
      List<Option> options = new ArrayList<>();
      for (Object o : raw) {
        if (o instanceof Map<?, ?> option && !text(option.get("text")).isEmpty()) {
          options.add(new Option(text(option.get("text")), Boolean.TRUE.equals(option.get("correct")),
              text(option.get("explanation"))));
        }
      }
      long right = options.stream().filter(Option::correct).count();
      if (options.size() < 2 || right == 0 || right == options.size()) {
        continue;
      }
      Object rawId = q.get("id");
      String id = rawId == null ? prompt : String.valueOf(rawId);
      String key = lesson + "/" + id;
      if (!seen.add(key)) {
        continue;
      }
      String title = text(q.get("lessonTitle"));
      out.add(new Question(key, id, lesson, title.isEmpty() ? lessonName(lesson) : title, prompt,
          options));
    }
    return List.copyOf(out);
  }

  private static String text(@Nullable Object value) {
    return value instanceof String s ? s.strip() : "";
  }

  /** "reward-hacking" → "Reward hacking", as engine.js's {@code lessonName}. */
  private static String lessonName(String slug) {
    String s = slug.replaceAll("[-_]+", " ").strip();
    return s.isEmpty() ? "Lesson" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
