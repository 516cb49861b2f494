package org.saferlhub.app.lesson;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The lessons' quizzes, read once from Markdown files next to the lessons ({@code
 * lessons/01-blackjack.quiz.md} belongs to {@code lessons/01-blackjack.md}) and served as JSON by
 * {@code GET /api/quizzes/{lesson}} and {@code GET /api/quizzes}.
 *
 * <p>The format is documented in {@code docs/quizzes.md}. In short:
 *
 * <pre>
 * ---
 * lesson: blackjack
 * title: Check your understanding
 * ---
 *
 * ## what-is-the-environment
 * Which of these belongs to the environment?
 *
 * - [ ] The agent's table of Q-values.
 *   Why this is wrong, in a sentence or two.
 * - [x] The dealer and the deck.
 *   Why this is right.
 *
 * ## your-hard-16
 * kind: your-run
 * cell: hard 16 vs 10
 *
 * Your agent's greedy policy says {action} on hard 16 against a 10. Is that the optimal play?
 *
 * - [match] Yes.
 *   Explanation, shown when the agent's action is the optimal one.
 * - [differs] No, the optimal action is to {optimal}.
 *   Explanation, shown when it is not.
 * </pre>
 *
 * <p>A {@code your-run} question may instead name a safety gridworld, {@code env:
 * safety:boat_race}: it is about the learner's latest agent trained on that world (the {@code
 * <safety-train>} widget), and {@code [match]} is right when the learned policy's performance kept
 * up with its reward, {@code [differs]} when the reward ran ahead. Its texts may use the
 * placeholders in {@link #SAFETY_PLACEHOLDERS}.
 *
 * <p>Every question has a unique id (its heading), a prompt and at least two options, and every
 * option has an explanation. A {@code choice} question has exactly one {@code [x]}. A {@code
 * your-run} question is about one cell of the learner's latest trained policy; its correct option
 * is computed in the browser from the run's {@code policy} and {@code optimalPolicy}: exactly one
 * option is {@code [match]} (right when the agent plays the optimal action there) and exactly one
 * {@code [differs]}. Its texts may use the placeholders in {@link #PLACEHOLDERS}. Text is plain:
 * no Markdown, no HTML. Any mistake fails {@link #load()} with an {@link IllegalStateException}
 * naming the file and line.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Quizzes {
  /** Placeholders a {@code your-run} question may use, filled in the browser from the run. */
  static final Set<String> PLACEHOLDERS =
      Set.of(
          "action",
          "optimal",
          "hand",
          "dealer",
          "visits",
          "qHit",
          "qStick",
          "episodes",
          "algorithm");

  /** Placeholders a {@code your-run} question about a safety gridworld may use. */
  static final Set<String> SAFETY_PLACEHOLDERS =
      Set.of("greedyReturn", "greedyPerformance", "episodes", "algorithm");

  /** The share of correct answers that passes a quiz, in percent (as {@code /api/progress}). */
  static final int PASS_PERCENT = 70;

  private static final Set<String> FRONT_MATTER_KEYS = Set.of("lesson", "title");
  private static final Set<String> QUESTION_KEYS = Set.of("kind", "cell", "env");
  private static final Pattern LESSON_FILE = Pattern.compile("(\\d{2}-([a-z0-9-]+))\\.md");
  private static final Pattern QUESTION = Pattern.compile("^## (.*)$");
  private static final Pattern ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
  private static final Pattern KEY_LINE = Pattern.compile("^([a-z][a-z-]*):\\s*(.*)$");
  private static final Pattern OPTION = Pattern.compile("^- \\[([^\\]]*)]\\s*(.*)$");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
  private static final Pattern SAFETY_ENV = Pattern.compile("safety:[a-z_]+");
  private static final Pattern CELL =
      Pattern.compile("(hard|soft) (\\d{1,2}) vs (A|10|[2-9])", Pattern.CASE_INSENSITIVE);

  /** A question's kind. */
  enum Kind {
    /** A fixed multiple-choice question. */
    CHOICE("choice"),
    /** A question about the learner's own latest run. */
    YOUR_RUN("your-run");

    final String id;

    Kind(String id) {
      this.id = id;
    }
  }

  /**
   * One option.
   *
   * @param text the answer text
   * @param marker {@code x} (correct), empty (wrong), {@code match} or {@code differs}
   * @param explanation why it is right or wrong
   * @param line its line in the file
   */
  record Option(String text, String marker, String explanation, int line) {}

  /**
   * One cell of the Blackjack policy grid.
   *
   * @param usableAce a soft total
   * @param total the player's total
   * @param dealer the dealer's up card, 1 for an ace
   */
  record Cell(boolean usableAce, int total, int dealer) {}

  /**
   * One question.
   *
   * @param id unique over all quizzes
   * @param kind its kind
   * @param prompt the question, plain text (paragraphs separated by a blank line)
   * @param cell for a Blackjack {@link Kind#YOUR_RUN} question: the cell it asks about
   * @param env for a safety-gridworld {@link Kind#YOUR_RUN} question: the world, {@code
   *     safety:boat_race}
   * @param options at least two
   * @param line the line of its heading
   */
  record Question(
      String id,
      Kind kind,
      String prompt,
      @Nullable Cell cell,
      @Nullable String env,
      List<Option> options,
      int line) {}

  /**
   * One lesson's quiz.
   *
   * @param file where it came from
   * @param lesson the lesson's slug
   * @param title the quiz title
   * @param questions in file order
   */
  record Quiz(String file, String lesson, String title, List<Question> questions) {}

  private final Map<String, Quiz> quizzes;

  private Quizzes(Map<String, Quiz> quizzes) {
    this.quizzes = quizzes;
  }

  /**
   * Reads every quiz from the classpath: for each lesson in {@code lessons/index.txt}, the file
   * {@code lessons/NN-slug.quiz.md} if there is one.
   *
   * @throws IllegalStateException naming file and line of the first mistake
   */
  public static Quizzes load() {
    return load(Resources.classpath());
  }

  static Quizzes load(Resources resources) {
    Map<String, String> lessonFiles = new LinkedHashMap<>();
    for (String line : resources.require("lessons/index.txt").lines().toList()) {
      String file = line.strip();
      if (file.isEmpty() || file.startsWith("#")) {
        continue;
      }
      Matcher m = LESSON_FILE.matcher(file);
      if (!m.matches()) {
        throw new IllegalStateException(
            "lessons/index.txt: '" + file + "' is not named like 01-some-slug.md");
      }
      lessonFiles.put(m.group(2), file);
    }
    Map<String, Quiz> quizzes = new LinkedHashMap<>();
    Map<String, String> seenIds = new HashMap<>();
    for (Map.Entry<String, String> lesson : lessonFiles.entrySet()) {
      String path = quizFile(lesson.getValue());
      Optional<String> text = resources.read(path);
      if (text.isEmpty()) {
        continue;
      }
      Quiz quiz = parse(path, text.get(), lessonFiles.keySet());
      if (!quiz.lesson().equals(lesson.getKey())) {
        throw new IllegalStateException(
            path
                + ":"
                + keyLine(text.get(), "lesson")
                + ": this file sits next to lesson '"
                + lesson.getKey()
                + "' but says lesson: "
                + quiz.lesson());
      }
      for (Question q : quiz.questions()) {
        String before = seenIds.putIfAbsent(q.id(), path + ":" + q.line());
        if (before != null) {
          throw new IllegalStateException(
              path
                  + ":"
                  + q.line()
                  + ": question id '"
                  + q.id()
                  + "' is already used at "
                  + before);
        }
      }
      quizzes.put(quiz.lesson(), quiz);
    }
    return new Quizzes(Collections.unmodifiableMap(quizzes));
  }

  /** {@code 01-blackjack.md} → {@code lessons/01-blackjack.quiz.md}. */
  static String quizFile(String lessonFile) {
    return "lessons/" + lessonFile.replaceFirst("\\.md$", "") + ".quiz.md";
  }

  /** The slugs of the lessons that have a quiz, in learning-path order. */
  public Set<String> lessons() {
    return quizzes.keySet();
  }

  /**
   * One lesson's quiz, ready to serialise as JSON for {@code GET /api/quizzes/{lesson}}: {@code
   * {"lesson","title","passPercent","questions":[…]}} (the question shape is in {@code
   * docs/quizzes.md}).
   *
   * @param lesson the lesson's slug, e.g. {@code blackjack}
   * @return the quiz, or empty if that lesson has none
   */
  public Optional<Map<String, Object>> lesson(String lesson) {
    Quiz quiz = quizzes.get(lesson);
    if (quiz == null) {
      return Optional.empty();
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("lesson", quiz.lesson());
    json.put("title", quiz.title());
    json.put("passPercent", PASS_PERCENT);
    json.put("questions", quiz.questions().stream().map(q -> json(q, null)).toList());
    return Optional.of(Collections.unmodifiableMap(json));
  }

  /**
   * Every question of every quiz, for the game ({@code GET /api/quizzes}): {@code
   * {"questions":[…]}}, each question with its {@code lesson}. Only {@code choice} questions can
   * be asked without a trained agent; {@code your-run} ones have no fixed answer.
   */
  public Map<String, Object> all() {
    List<Map<String, Object>> questions = new ArrayList<>();
    for (Quiz quiz : quizzes.values()) {
      for (Question q : quiz.questions()) {
        Map<String, Object> json = new LinkedHashMap<>(json(q, quiz.lesson()));
        json.put("lessonTitle", quiz.title());
        questions.add(Collections.unmodifiableMap(json));
      }
    }
    return Map.of("questions", List.copyOf(questions));
  }

  private static Map<String, Object> json(Question q, @Nullable String lesson) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", q.id());
    if (lesson != null) {
      json.put("lesson", lesson);
    }
    json.put("kind", q.kind().id);
    json.put("prompt", q.prompt());
    if (q.cell() != null) {
      Map<String, Object> cell = new LinkedHashMap<>();
      cell.put("usableAce", q.cell().usableAce());
      cell.put("total", q.cell().total());
      cell.put("dealer", q.cell().dealer());
      json.put("cell", Collections.unmodifiableMap(cell));
    }
    if (q.env() != null) {
      json.put("env", q.env());
    }
    List<Map<String, Object>> options = new ArrayList<>();
    for (Option o : q.options()) {
      Map<String, Object> option = new LinkedHashMap<>();
      option.put("text", o.text());
      if (q.kind() == Kind.CHOICE) {
        option.put("correct", o.marker().equals("x"));
      } else {
        option.put("correct", null);
        option.put("correctWhen", o.marker());
      }
      option.put("explanation", o.explanation());
      options.add(Collections.unmodifiableMap(option));
    }
    json.put("options", List.copyOf(options));
    return Collections.unmodifiableMap(json);
  }

  // ---------------------------------------------------------------------------------------------
  // Parsing
  // ---------------------------------------------------------------------------------------------

  /**
   * Parses one quiz file.
   *
   * @param file the file name, for messages
   * @param text its content
   * @param knownLessons the lesson slugs a quiz may belong to
   * @throws IllegalStateException naming file and line of the first mistake
   */
  static Quiz parse(String file, String text, Set<String> knownLessons) {
    FrontMatter fm = FrontMatter.parse(file, text, FRONT_MATTER_KEYS);
    String lesson = fm.required("lesson");
    if (!knownLessons.contains(lesson)) {
      throw new IllegalStateException(
          file
              + ":"
              + keyLine(text, "lesson")
              + ": unknown lesson '"
              + lesson
              + "'; known lessons: "
              + String.join(", ", new TreeSet<>(knownLessons)));
    }
    String title = fm.required("title");
    List<String> lines = List.of(fm.body().split("\n", -1));
    List<Question> questions = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    int i = 0;
    // Nothing but blank lines before the first question.
    for (; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
      if (!lines.get(i).isBlank()) {
        throw new IllegalStateException(
            file
                + ":"
                + (fm.bodyLine() + i)
                + ": expected a question heading '## some-id' before any text, got: "
                + lines.get(i));
      }
    }
    while (i < lines.size()) {
      int start = i++;
      while (i < lines.size() && !lines.get(i).startsWith("## ")) {
        i++;
      }
      Question q = question(file, fm.bodyLine() + start, lines.subList(start, i));
      if (!ids.add(q.id())) {
        throw new IllegalStateException(
            file + ":" + q.line() + ": duplicate question id '" + q.id() + "'");
      }
      questions.add(q);
    }
    if (questions.isEmpty()) {
      throw new IllegalStateException(file + ":" + fm.bodyLine() + ": the quiz has no questions");
    }
    return new Quiz(file, lesson, title, List.copyOf(questions));
  }

  /** One question: its heading line, key lines, prompt, then options with explanations. */
  private static Question question(String file, int firstLine, List<String> lines) {
    Matcher heading = QUESTION.matcher(lines.get(0));
    String id = heading.matches() ? heading.group(1).strip() : "";
    if (!ID.matcher(id).matches()) {
      throw new IllegalStateException(
          file
              + ":"
              + firstLine
              + ": a question heading must be '## ' and an id of lower-case letters, digits and"
              + " hyphens (e.g. '## what-is-gamma'), got: "
              + lines.get(0));
    }
    Map<String, String> keys = new LinkedHashMap<>();
    int i = 1;
    for (; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        if (!keys.isEmpty()) {
          break;
        }
        continue;
      }
      Matcher key = KEY_LINE.matcher(line);
      if (!key.matches()) {
        break;
      }
      if (!QUESTION_KEYS.contains(key.group(1))) {
        throw new IllegalStateException(
            file
                + ":"
                + (firstLine + i)
                + ": unknown question setting '"
                + key.group(1)
                + "'; allowed: "
                + String.join(", ", new TreeSet<>(QUESTION_KEYS)));
      }
      if (keys.putIfAbsent(key.group(1), key.group(2).strip()) != null) {
        throw new IllegalStateException(
            file + ":" + (firstLine + i) + ": duplicate setting '" + key.group(1) + "'");
      }
    }
    Kind kind = kind(file, firstLine, id, keys.getOrDefault("kind", "choice"));
    @Nullable Cell cell = null;
    @Nullable String env = keys.get("env");
    if (kind == Kind.YOUR_RUN && env != null) {
      if (keys.containsKey("cell")) {
        throw new IllegalStateException(
            file + ":" + firstLine + ": question '" + id + "' has both a cell and an env; a"
                + " your-run question is about one of them");
      }
      if (!SAFETY_ENV.matcher(env).matches()) {
        throw new IllegalStateException(
            file + ":" + firstLine + ": question '" + id + "' has env '" + env
                + "'; expected a safety gridworld such as 'safety:boat_race'");
      }
    } else if (kind == Kind.YOUR_RUN) {
      cell = cell(file, firstLine, id, keys.get("cell"));
    } else if (keys.containsKey("cell") || env != null) {
      throw new IllegalStateException(
          file
              + ":"
              + firstLine
              + ": question '"
              + id
              + "' has a"
              + (env != null ? "n env" : " cell")
              + " but is not 'kind: your-run'");
    }
    Set<String> placeholders = env != null ? SAFETY_PLACEHOLDERS : PLACEHOLDERS;

    // The prompt: everything up to the first option.
    List<String> prompt = new ArrayList<>();
    for (; i < lines.size() && !lines.get(i).startsWith("- ["); i++) {
      if (lines.get(i).startsWith("-") || lines.get(i).startsWith("*")) {
        throw new IllegalStateException(
            file
                + ":"
                + (firstLine + i)
                + ": an option must start with '- [x] ', '- [ ] ', '- [match] ' or '- [differs] ',"
                + " got: "
                + lines.get(i));
      }
      prompt.add(lines.get(i));
    }
    String promptText = paragraphs(prompt);
    if (promptText.isEmpty()) {
      throw new IllegalStateException(
          file + ":" + firstLine + ": question '" + id + "' has no prompt");
    }
    checkPlaceholders(file, firstLine, id, kind, placeholders, promptText);

    List<Option> options = new ArrayList<>();
    while (i < lines.size()) {
      int optionLine = firstLine + i;
      Matcher om = OPTION.matcher(lines.get(i));
      if (!om.matches()) {
        throw new IllegalStateException(
            file
                + ":"
                + optionLine
                + ": expected an option '- [ ] text' or its indented explanation, got: "
                + lines.get(i));
      }
      String marker = om.group(1).strip().toLowerCase(Locale.ROOT);
      String text = om.group(2).strip();
      if (!Set.of("x", "", "match", "differs").contains(marker)) {
        throw new IllegalStateException(
            file
                + ":"
                + optionLine
                + ": unknown option marker '["
                + om.group(1)
                + "]'; use [x] or [ ] (choice), [match] or [differs] (your-run)");
      }
      if (text.isEmpty()) {
        throw new IllegalStateException(file + ":" + optionLine + ": the option has no text");
      }
      List<String> explanation = new ArrayList<>();
      for (i++; i < lines.size() && !lines.get(i).startsWith("- ["); i++) {
        String line = lines.get(i);
        if (!line.isBlank() && !line.startsWith("  ") && !line.startsWith("\t")) {
          throw new IllegalStateException(
              file
                  + ":"
                  + (firstLine + i)
                  + ": an explanation line must be indented by two spaces, got: "
                  + line);
        }
        explanation.add(line);
      }
      String explanationText = paragraphs(explanation);
      if (explanationText.isEmpty()) {
        throw new IllegalStateException(
            file
                + ":"
                + optionLine
                + ": every option needs an explanation (indented lines below it), right or wrong");
      }
      checkPlaceholders(file, optionLine, id, kind, placeholders, text);
      checkPlaceholders(file, optionLine, id, kind, placeholders, explanationText);
      options.add(new Option(text, marker, explanationText, optionLine));
    }
    checkOptions(file, firstLine, id, kind, options);
    return new Question(id, kind, promptText, cell, env, List.copyOf(options), firstLine);
  }

  private static Kind kind(String file, int line, String id, String value) {
    for (Kind k : Kind.values()) {
      if (k.id.equals(value)) {
        return k;
      }
    }
    throw new IllegalStateException(
        file
            + ":"
            + line
            + ": question '"
            + id
            + "' has unknown kind '"
            + value
            + "'; allowed: choice, your-run");
  }

  private static Cell cell(String file, int line, String id, @Nullable String value) {
    if (value == null) {
      throw new IllegalStateException(
          file
              + ":"
              + line
              + ": your-run question '"
              + id
              + "' needs a line like 'cell: hard 16 vs 10' or 'cell: soft 18 vs A'");
    }
    Matcher m = CELL.matcher(value);
    if (m.matches()) {
      boolean soft = m.group(1).equalsIgnoreCase("soft");
      int total = Integer.parseInt(m.group(2));
      int dealer = m.group(3).equalsIgnoreCase("A") ? 1 : Integer.parseInt(m.group(3));
      if (soft ? total >= 12 && total <= 21 : total >= 4 && total <= 21) {
        return new Cell(soft, total, dealer);
      }
    }
    throw new IllegalStateException(
        file
            + ":"
            + line
            + ": question '"
            + id
            + "' has cell '"
            + value
            + "'; expected 'hard T vs D' (T 4 to 21) or 'soft T vs D' (T 12 to 21), D one of A, 2"
            + " … 10");
  }

  private static void checkOptions(
      String file, int line, String id, Kind kind, List<Option> options) {
    String where = file + ":" + line + ": question '" + id + "' ";
    if (options.size() < 2) {
      throw new IllegalStateException(where + "needs at least 2 options, has " + options.size());
    }
    Map<String, Integer> count = new HashMap<>();
    for (Option o : options) {
      count.merge(o.marker(), 1, Integer::sum);
    }
    if (kind == Kind.CHOICE) {
      for (Option o : options) {
        if (o.marker().equals("match") || o.marker().equals("differs")) {
          throw new IllegalStateException(
              file
                  + ":"
                  + o.line()
                  + ": ["
                  + o.marker()
                  + "] only works in 'kind: your-run' questions; use [x] or [ ]");
        }
      }
      int correct = count.getOrDefault("x", 0);
      if (correct != 1) {
        throw new IllegalStateException(
            where + "must have exactly one correct option [x], has " + correct);
      }
    } else {
      for (Option o : options) {
        if (!o.marker().equals("match") && !o.marker().equals("differs")) {
          throw new IllegalStateException(
              file
                  + ":"
                  + o.line()
                  + ": a your-run option is marked [match] (right when the agent plays the optimal"
                  + " action) or [differs] (right when it does not), not ["
                  + o.marker()
                  + "]");
        }
      }
      if (count.getOrDefault("match", 0) != 1 || count.getOrDefault("differs", 0) != 1) {
        throw new IllegalStateException(
            where + "must have exactly one [match] option and exactly one [differs] option");
      }
    }
  }

  private static void checkPlaceholders(
      String file, int line, String id, Kind kind, Set<String> placeholders, String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      String name = m.group(1);
      if (kind == Kind.CHOICE
          && (PLACEHOLDERS.contains(name) || SAFETY_PLACEHOLDERS.contains(name))) {
        throw new IllegalStateException(
            file
                + ":"
                + line
                + ": question '"
                + id
                + "' uses {"
                + name
                + "}, but placeholders only work in 'kind: your-run' questions");
      }
      if (kind == Kind.YOUR_RUN && !placeholders.contains(name)) {
        throw new IllegalStateException(
            file
                + ":"
                + line
                + ": question '"
                + id
                + "' uses unknown placeholder {"
                + name
                + "}; known: "
                + String.join(", ", new TreeSet<>(placeholders)));
      }
    }
  }

  /** Joins lines into paragraphs: lines with a space, paragraphs with a blank line. */
  private static String paragraphs(List<String> lines) {
    List<String> paragraphs = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      if (line.isBlank()) {
        if (!current.isEmpty()) {
          paragraphs.add(current.toString());
          current.setLength(0);
        }
      } else {
        if (!current.isEmpty()) {
          current.append(' ');
        }
        current.append(line.strip());
      }
    }
    if (!current.isEmpty()) {
      paragraphs.add(current.toString());
    }
    return String.join("\n\n", paragraphs);
  }

  /** The 1-based line of a front-matter key (for messages), or 1. */
  private static int keyLine(String text, String key) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith(key + ":")) {
        return i + 1;
      }
    }
    return 1;
  }
}
