package org.saferlhub.app.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class QuizzesTest {
  private static final Set<String> LESSONS = Set.of("blackjack", "gridworld");
  private static final String FILE = "lessons/01-blackjack.quiz.md";

  private static Quizzes.Quiz parse(String text) {
    return Quizzes.parse(FILE, text, LESSONS);
  }

  /** Front matter (lines 1–4) and a blank line 5; questions start on line 6. */
  private static String quiz(String questions) {
    return "---\nlesson: blackjack\ntitle: A quiz\n---\n\n" + questions;
  }

  private static final String GOOD_QUESTION =
      """
      ## good-one
      What is 1 + 1?

      - [ ] 1
        Too small.
      - [x] 2
        Right.
      """;

  // ---------------------------------------------------------------------------------------------
  // The shipped quizzes
  // ---------------------------------------------------------------------------------------------

  @Test
  void everyShippedQuizLoads() throws IOException {
    Quizzes quizzes = Quizzes.load();
    List<String> files;
    try (Stream<Path> s = Files.list(Path.of("src/main/resources/lessons"))) {
      files =
          s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".quiz.md")).toList();
    }
    assertThat(files).isNotEmpty();
    // Every quiz file sits next to a lesson of the index, so load() found all of them.
    assertThat(quizzes.lessons()).hasSameSizeAs(files);
    for (LessonInfo info : Site.load().lessons()) {
      String file = "%02d-%s.quiz.md".formatted(info.number(), info.slug());
      assertThat(quizzes.lesson(info.slug()).isPresent()).as(file).isEqualTo(files.contains(file));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void lessonOneQuizCoversTheLessonWithExplanationsForEveryOption() {
    Map<String, Object> quiz = Quizzes.load().lesson("blackjack").orElseThrow();
    assertThat(quiz)
        .containsEntry("lesson", "blackjack")
        .containsEntry("passPercent", 70)
        .containsKey("title");
    List<Map<String, Object>> questions = (List<Map<String, Object>>) quiz.get("questions");
    assertThat(questions.stream().filter(q -> q.get("kind").equals("choice")).count())
        .isGreaterThanOrEqualTo(8);
    assertThat(questions.stream().filter(q -> q.get("kind").equals("your-run")).count())
        .isGreaterThanOrEqualTo(1);
    assertThat(questions.stream().map(q -> (String) q.get("id")))
        .contains(
            "agent-or-environment",
            "observation-is-enough",
            "return-of-a-hand",
            "discounted-return",
            "epsilon-greedy-share",
            "q-learning-vs-sarsa",
            "monte-carlo-target",
            "near-tie-cell",
            "exact-vs-sampled",
            "natural-three-rules")
        .doesNotHaveDuplicates();
    for (Map<String, Object> q : questions) {
      List<Map<String, Object>> options = (List<Map<String, Object>>) q.get("options");
      assertThat(options).as((String) q.get("id")).hasSizeGreaterThanOrEqualTo(2);
      assertThat(options)
          .allSatisfy(o -> assertThat((String) o.get("explanation")).hasSizeGreaterThan(40));
      if (q.get("kind").equals("choice")) {
        assertThat(options.stream().filter(o -> Boolean.TRUE.equals(o.get("correct")))).hasSize(1);
        assertThat((String) q.get("prompt")).doesNotContain("{action}");
      } else {
        assertThat(options.stream().map(o -> o.get("correctWhen")))
            .containsExactlyInAnyOrder("match", "differs");
        assertThat(options).allSatisfy(o -> assertThat(o.get("correct")).isNull());
        assertThat(q.get("cell")).isInstanceOf(Map.class);
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void yourRunQuestionsCarryTheirCellAndPlaceholders() {
    Map<String, Object> quiz = Quizzes.load().lesson("blackjack").orElseThrow();
    Map<String, Object> q =
        ((List<Map<String, Object>>) quiz.get("questions"))
            .stream()
                .filter(x -> x.get("id").equals("your-agent-hard-16"))
                .findFirst()
                .orElseThrow();
    assertThat(q.get("kind")).isEqualTo("your-run");
    assertThat(q.get("cell")).isEqualTo(Map.of("usableAce", false, "total", 16, "dealer", 10));
    assertThat((String) q.get("prompt")).contains("{action}", "{algorithm}", "{episodes}");
    assertThat((String) q.get("prompt")).contains("\n\n"); // two paragraphs
  }

  @Test
  @SuppressWarnings("unchecked")
  void allQuestionsForTheGameCarryTheirLesson() {
    Map<String, Object> all = Quizzes.load().all();
    List<Map<String, Object>> questions = (List<Map<String, Object>>) all.get("questions");
    assertThat(questions).isNotEmpty().allSatisfy(q -> assertThat(q).containsKey("lesson"));
    assertThat(questions.get(0)).containsEntry("lesson", "blackjack");
    assertThat(Quizzes.load().lesson("nope")).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // The parser
  // ---------------------------------------------------------------------------------------------

  @Test
  void parsesPromptsOptionsAndExplanations() {
    Quizzes.Quiz q =
        parse(
            quiz(
                """
                ## first
                Line one
                continues here.

                Second paragraph.

                - [ ] Wrong
                  Because
                  it is wrong.

                - [X] Right
                  Because it is right.

                ## second
                kind: your-run
                cell: soft 18 vs A

                You {action} on {hand}.
                - [differs] No
                  The best is {optimal}.
                - [match] Yes
                  Seen {visits} times.
                """));
    assertThat(q.lesson()).isEqualTo("blackjack");
    assertThat(q.title()).isEqualTo("A quiz");
    assertThat(q.questions()).hasSize(2);
    Quizzes.Question first = q.questions().get(0);
    assertThat(first.id()).isEqualTo("first");
    assertThat(first.line()).isEqualTo(6);
    assertThat(first.kind()).isEqualTo(Quizzes.Kind.CHOICE);
    assertThat(first.prompt()).isEqualTo("Line one continues here.\n\nSecond paragraph.");
    assertThat(first.options())
        .containsExactly(
            new Quizzes.Option("Wrong", "", "Because it is wrong.", 12),
            new Quizzes.Option("Right", "x", "Because it is right.", 16));
    Quizzes.Question second = q.questions().get(1);
    assertThat(second.kind()).isEqualTo(Quizzes.Kind.YOUR_RUN);
    assertThat(second.cell()).isEqualTo(new Quizzes.Cell(true, 18, 1));
    assertThat(second.prompt()).isEqualTo("You {action} on {hand}.");
    assertThat(second.options()).extracting(Quizzes.Option::marker).containsExactly("differs", "match");
  }

  @Test
  void aChoiceQuestionNeedsExactlyOneCorrectOption() {
    assertThatThrownBy(
            () ->
                parse(
                    quiz(
                        """
                        ## two-right
                        Pick one.

                        - [x] A
                          Yes.
                        - [x] B
                          Also yes.
                        """)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            FILE
                + ":6: question 'two-right' must have exactly one correct option [x], has 2");
    assertThatThrownBy(
            () ->
                parse(
                    quiz(
                        """
                        ## none-right
                        Pick one.

                        - [ ] A
                          No.
                        - [ ] B
                          No.
                        """)))
        .hasMessage(
            FILE
                + ":6: question 'none-right' must have exactly one correct option [x], has 0");
  }

  @Test
  void aQuestionNeedsAtLeastTwoOptions() {
    assertThatThrownBy(
            () ->
                parse(
                    quiz(
                        """
                        ## lonely
                        Only one?

                        - [x] Yes
                          Indeed.
                        """)))
        .hasMessage(FILE + ":6: question 'lonely' needs at least 2 options, has 1");
  }

  @Test
  void everyOptionNeedsAnExplanation() {
    assertThatThrownBy(
            () ->
                parse(
                    quiz(
                        """
                        ## unexplained
                        Why?

                        - [x] Because
                          It is so.
                        - [ ] No reason

                        """)))
        .hasMessage(
            FILE
                + ":11: every option needs an explanation (indented lines below it), right or"
                + " wrong");
  }

  @Test
  void explanationsMustBeIndented() {
    assertThatThrownBy(
            () ->
                parse(
                    quiz(
                        """
                        ## flat
                        Why?

                        - [x] Because
                        It is so.
                        - [ ] No
                          Nope.
                        """)))
        .hasMessage(FILE + ":10: an explanation line must be indented by two spaces, got: It is so.");
  }

  @Test
  void idsAreUniqueAndWellFormed() {
    assertThatThrownBy(() -> parse(quiz(GOOD_QUESTION + "\n" + GOOD_QUESTION)))
        .hasMessage(FILE + ":14: duplicate question id 'good-one'");
    assertThatThrownBy(() -> parse(quiz(GOOD_QUESTION.replace("## good-one", "## Good One"))))
        .hasMessageStartingWith(
            FILE + ":6: a question heading must be '## ' and an id of lower-case letters");
  }

  @Test
  void idsAreUniqueAcrossQuizzes() {
    Map<String, String> files =
        Map.of(
            "lessons/index.txt", "01-blackjack.md\n02-gridworld.md\n",
            "lessons/01-blackjack.quiz.md", quiz(GOOD_QUESTION),
            "lessons/02-gridworld.quiz.md",
                quiz(GOOD_QUESTION).replace("lesson: blackjack", "lesson: gridworld"));
    assertThatThrownBy(() -> Quizzes.load(p -> Optional.ofNullable(files.get(p))))
        .hasMessage(
            "lessons/02-gridworld.quiz.md:6: question id 'good-one' is already used at"
                + " lessons/01-blackjack.quiz.md:6");
  }

  @Test
  void theLessonMustBeKnownAndTheOneTheFileSitsNextTo() {
    assertThatThrownBy(() -> parse(quiz(GOOD_QUESTION).replace("lesson: blackjack", "lesson: poker")))
        .hasMessage(FILE + ":2: unknown lesson 'poker'; known lessons: blackjack, gridworld");
    Map<String, String> files =
        Map.of(
            "lessons/index.txt", "01-blackjack.md\n02-gridworld.md\n",
            "lessons/01-blackjack.quiz.md",
                quiz(GOOD_QUESTION).replace("lesson: blackjack", "lesson: gridworld"));
    assertThatThrownBy(() -> Quizzes.load(p -> Optional.ofNullable(files.get(p))))
        .hasMessage(
            "lessons/01-blackjack.quiz.md:2: this file sits next to lesson 'blackjack' but says"
                + " lesson: gridworld");
    assertThatThrownBy(() -> parse(quiz(GOOD_QUESTION).replace("title: A quiz", "titel: A quiz")))
        .hasMessage(FILE + ":3: unknown front-matter key 'titel'; allowed: lesson, title");
  }

  @Test
  void textBeforeTheFirstQuestionIsAnError() {
    assertThatThrownBy(() -> parse(quiz("Welcome to the quiz!\n\n" + GOOD_QUESTION)))
        .hasMessage(
            FILE
                + ":6: expected a question heading '## some-id' before any text, got: Welcome to"
                + " the quiz!");
    assertThatThrownBy(() -> parse(quiz("")))
        .hasMessage(FILE + ":5: the quiz has no questions");
  }

  @Test
  void promptsAndOptionMarkersAreChecked() {
    assertThatThrownBy(
            () ->
                parse(
                    quiz(
                        """
                        ## no-prompt
                        - [x] A
                          Yes.
                        - [ ] B
                          No.
                        """)))
        .hasMessage(FILE + ":6: question 'no-prompt' has no prompt");
    assertThatThrownBy(
            () ->
                parse(
                    quiz(
                        """
                        ## bad-marker
                        Pick.

                        - [y] A
                          Yes.
                        - [ ] B
                          No.
                        """)))
        .hasMessageStartingWith(FILE + ":9: unknown option marker '[y]'");
    assertThatThrownBy(
            () ->
                parse(
                    quiz(
                        """
                        ## plain-list
                        Pick.

                        - A
                        """)))
        .hasMessageStartingWith(FILE + ":9: an option must start with '- [x] '");
  }

  private static final String SAFETY_QUESTION =
      """
      ## my-boat
      kind: your-run
      env: safety:boat_race

      Your agent earned {greedyReturn} and performed {greedyPerformance}. Did they agree?

      - [match] Yes.
        Performance {greedyPerformance} kept up.
      - [differs] No.
        The reward ran ahead.
      """;

  @Test
  void aYourRunQuestionMayBeAboutASafetyGridworld() {
    Quizzes.Question q = parse(quiz(SAFETY_QUESTION)).questions().get(0);
    assertThat(q.kind()).isEqualTo(Quizzes.Kind.YOUR_RUN);
    assertThat(q.env()).isEqualTo("safety:boat_race");
    assertThat(q.cell()).isNull();
    assertThat(q.options()).extracting(Quizzes.Option::marker).containsExactly("match", "differs");
  }

  @Test
  void aSafetyQuestionIsChecked() {
    assertThatThrownBy(() -> parse(quiz(SAFETY_QUESTION.replace("{greedyReturn}", "{qHit}"))))
        .hasMessageContaining("unknown placeholder {qHit}; known: algorithm, episodes,"
            + " greedyPerformance, greedyReturn");
    assertThatThrownBy(() -> parse(quiz(SAFETY_QUESTION.replace("env: safety:boat_race",
        "env: safety:boat_race\ncell: hard 16 vs 10"))))
        .hasMessageContaining("has both a cell and an env");
    assertThatThrownBy(() -> parse(quiz(SAFETY_QUESTION.replace("safety:boat_race", "boat"))))
        .hasMessageContaining("has env 'boat'; expected a safety gridworld");
    assertThatThrownBy(() -> parse(quiz(GOOD_QUESTION.replace("## good-one\n",
        "## good-one\nenv: safety:boat_race\n"))))
        .hasMessageContaining("has an env but is not 'kind: your-run'");
    assertThatThrownBy(() -> parse(quiz(GOOD_QUESTION.replace("What is 1 + 1?",
        "What is {greedyReturn}?"))))
        .hasMessageContaining("placeholders only work in 'kind: your-run' questions");
  }

  @Test
  void settingsAndKindsAreChecked() {
    assertThatThrownBy(
            () -> parse(quiz(GOOD_QUESTION.replace("## good-one\n", "## good-one\nknd: choice\n"))))
        .hasMessage(FILE + ":7: unknown question setting 'knd'; allowed: cell, env, kind");
    assertThatThrownBy(
            () -> parse(quiz(GOOD_QUESTION.replace("## good-one\n", "## good-one\nkind: essay\n"))))
        .hasMessage(
            FILE + ":6: question 'good-one' has unknown kind 'essay'; allowed: choice, your-run");
    assertThatThrownBy(
            () ->
                parse(
                    quiz(GOOD_QUESTION.replace("## good-one\n", "## good-one\ncell: hard 16 vs 10\n"))))
        .hasMessage(FILE + ":6: question 'good-one' has a cell but is not 'kind: your-run'");
  }

  @Test
  void yourRunQuestionsNeedAValidCellAndOneMatchAndOneDiffers() {
    String base =
        """
        ## mine
        kind: your-run
        cell: hard 16 vs 10

        You {action}.

        - [match] Yes
          Right: {optimal}.
        - [differs] No
          Wrong: {optimal}.
        """;
    assertThat(parse(quiz(base)).questions().get(0).cell())
        .isEqualTo(new Quizzes.Cell(false, 16, 10));
    assertThatThrownBy(() -> parse(quiz(base.replace("cell: hard 16 vs 10\n", ""))))
        .hasMessageStartingWith(
            FILE + ":6: your-run question 'mine' needs a line like 'cell: hard 16 vs 10'");
    assertThatThrownBy(() -> parse(quiz(base.replace("hard 16 vs 10", "soft 11 vs 10"))))
        .hasMessageStartingWith(FILE + ":6: question 'mine' has cell 'soft 11 vs 10'; expected");
    assertThatThrownBy(() -> parse(quiz(base.replace("hard 16 vs 10", "hard 16 vs 11"))))
        .hasMessageStartingWith(FILE + ":6: question 'mine' has cell 'hard 16 vs 11'");
    assertThatThrownBy(() -> parse(quiz(base.replace("[differs]", "[match]"))))
        .hasMessage(
            FILE
                + ":6: question 'mine' must have exactly one [match] option and exactly one"
                + " [differs] option");
    assertThatThrownBy(() -> parse(quiz(base.replace("[differs]", "[x]"))))
        .hasMessageStartingWith(FILE + ":14: a your-run option is marked [match]");
  }

  @Test
  void placeholdersOnlyInYourRunQuestionsAndOnlyKnownOnes() {
    assertThatThrownBy(() -> parse(quiz(GOOD_QUESTION.replace("What is 1 + 1?", "You {action}?"))))
        .hasMessage(
            FILE
                + ":6: question 'good-one' uses {action}, but placeholders only work in 'kind:"
                + " your-run' questions");
    assertThatThrownBy(() -> parse(quiz(GOOD_QUESTION.replace("[x] 2", "[match] 2"))))
        .hasMessage(FILE + ":11: [match] only works in 'kind: your-run' questions; use [x] or [ ]");
    // Braces that are not placeholders are fine in a choice question.
    assertThat(parse(quiz(GOOD_QUESTION.replace("What is 1 + 1?", "Is {stick, hit} the set?"))))
        .isNotNull();
    String run =
        """
        ## mine
        kind: your-run
        cell: hard 12 vs 4

        You {acton}.

        - [match] Yes
          Right.
        - [differs] No
          Wrong.
        """;
    assertThatThrownBy(() -> parse(quiz(run)))
        .hasMessageStartingWith(
            FILE + ":6: question 'mine' uses unknown placeholder {acton}; known: action, algorithm");
  }
}
