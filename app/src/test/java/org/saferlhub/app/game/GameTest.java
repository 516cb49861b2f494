package org.saferlhub.app.game;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.app.lesson.Quizzes;
import org.saferlhub.config.ParameterException;

/** One round on the server: the deal, the rules' arithmetic and the moves a round refuses. */
class GameTest {

  static final List<Question> POOL = Question.pool(Quizzes.load().all());

  static Game game(long seed) {
    return new Game("0123456789abcdef", seed, POOL, 0);
  }

  /** Answers the waiting question right after {@code seconds}. */
  static Game.Graded right(Game game, double seconds) {
    Game.Dealt d = game.next(0);
    return game.answerAfter(d.question().key(), Question.correctIndex(d.options()), seconds);
  }

  static Game.Graded wrong(Game game) {
    Game.Dealt d = game.next(0);
    return game.answerAfter(d.question().key(), (Question.correctIndex(d.options()) + 1)
        % d.options().size(), 1);
  }

  @Test
  void thePoolHoldsEveryChoiceQuestionOfEveryLessonWithOneRightOption() {
    assertThat(POOL).hasSizeGreaterThanOrEqualTo(GameRules.maxQuestions());
    assertThat(POOL).extracting(Question::lesson).contains("blackjack", "gridworld", "planning");
    assertThat(POOL).allSatisfy(q -> {
      assertThat(q.key()).isEqualTo(q.lesson() + "/" + q.id());
      assertThat(q.options()).filteredOn(Question.Option::correct).hasSize(1);
      assertThat(q.options()).allSatisfy(o -> assertThat(o.explanation()).isNotBlank());
    });
    assertThat(POOL).extracting(Question::id).doesNotContain("your-agent-hard-16");
  }

  @Test
  void mulberry32DrawsTheNumbersOfEngineJs() {
    // rng(seed) of public/js/game/engine.js, its 32-bit arithmetic written out
    Mulberry32 zero = new Mulberry32(0);
    assertThat(List.of(zero.next(), zero.next(), zero.next()))
        .containsExactly(0.5561613996978849, 0.9546270808205009, 0.40252537839114666);
    Mulberry32 seed = new Mulberry32(2024);
    assertThat(List.of(seed.next(), seed.next(), seed.next()))
        .containsExactly(0.21680250926874578, 0.08930417895317078, 0.2553565385751426);
    Mulberry32 top = new Mulberry32(4294967295L);
    assertThat(top.next()).isEqualTo(0.6716238337103277);
  }

  @Test
  void aSeedDealsTheSameQuestionsInTheSameOrder() {
    List<String> first = perfectRound(game(2024));
    assertThat(first).hasSize(13);
    assertThat(perfectRound(game(2024))).isEqualTo(first);
    assertThat(perfectRound(game(2025))).isNotEqualTo(first);
    assertThat(first.stream().map(s -> s.split(" ")[0]).distinct()).as("no question twice")
        .hasSize(13);
  }

  @Test
  void aSmallPoolIsDealtAgainButNeverTheSameQuestionTwiceInARow() {
    Game game = new Game("0123456789abcdef", 9, POOL.subList(0, 3), 0);
    List<String> keys = perfectRound(game).stream().map(s -> s.split(" ")[0]).toList();
    assertThat(keys).hasSize(13);
    assertThat(keys.subList(0, 3)).doesNotHaveDuplicates();
    for (int i = 1; i < keys.size(); i++) {
      assertThat(keys.get(i)).as("question %d", i).isNotEqualTo(keys.get(i - 1));
    }
  }

  /** Key and option order of every question of a round answered right at once. */
  static List<String> perfectRound(Game game) {
    List<String> out = new ArrayList<>();
    while (!game.over()) {
      Game.Dealt d = game.next(0);
      out.add(d.question().key() + " " + d.options().stream().map(Question.Option::text).toList());
      game.answerAfter(d.question().key(), Question.correctIndex(d.options()), 0);
    }
    return out;
  }

  @Test
  void aPerfectInstantRoundScoresTheMaximum() {
    Game game = game(7);
    int answers = 0;
    while (!game.over()) {
      Game.Graded g = right(game, 0);
      assertThat(g.outcome()).isEqualTo(Game.Outcome.CORRECT);
      assertThat(g.speedBonus()).isEqualTo(100);
      answers++;
    }
    assertThat(answers).isEqualTo(13);
    Game.State s = game.state();
    // (100 + 100) × (1, 1, 1.5, 1.5, then 2 nine times) + 5 robots × 50 + 3 lives × 100
    assertThat(s.score()).isEqualTo(200 + 200 + 300 + 300 + 9 * 400 + 5 * 50 + 3 * 100)
        .isEqualTo(GameRules.maxScore()).isEqualTo(5150);
    assertThat(s.won()).isTrue();
    assertThat(s.correct()).isEqualTo(13);
    assertThat(s.answered()).isEqualTo(13);
    assertThat(s.robots()).allSatisfy(r -> assertThat(r.fixed()).isTrue());
  }

  @Test
  void speedStreaksWrongAnswersAndTimeoutsFollowTheRules() {
    Game game = game(11);
    Game.Graded first = right(game, 5); // speed 100 × (1 − 5/20) = 75, streak 1: ×1
    assertThat(first.points()).isEqualTo(175);
    Game.Graded second = right(game, 19); // speed 5; the first robot (needs 2) is fixed
    assertThat(second.speedBonus()).isEqualTo(5);
    assertThat(second.robotFixed()).isTrue();
    assertThat(second.robotBonus()).isEqualTo(50);
    Game.Graded third = right(game, 1); // speed 95, streak 3: ×1.5 → 292.5 → 293
    assertThat(third.multiplier()).isEqualTo(1.5);
    assertThat(third.points()).isEqualTo(293);
    Game.Graded late = right(game, 30); // no speed bonus past 20 s; streak 4; robot 2 fixed
    assertThat(late.speedBonus()).isZero();
    assertThat(late.points()).isEqualTo(150);
    assertThat(late.robotFixed()).isTrue();
    assertThat(game.state().score()).isEqualTo(175 + 105 + 50 + 293 + 150 + 50);

    Game.Graded miss = wrong(game);
    assertThat(miss.outcome()).isEqualTo(Game.Outcome.WRONG);
    assertThat(miss.points()).isZero();
    assertThat(game.state().lives()).isEqualTo(2);
    assertThat(game.state().streak()).isZero();
    Game.Dealt d = game.next(0);
    Game.Graded timeout = game.answerAfter(d.question().key(), null, 20);
    assertThat(timeout.outcome()).isEqualTo(Game.Outcome.TIMEOUT);
    assertThat(timeout.correctOption()).isEqualTo(Question.correctIndex(d.options()));
    assertThat(game.state().lives()).isEqualTo(1);
    assertThat(right(game, 0).multiplier()).as("the streak starts again").isEqualTo(1);
    wrong(game);
    Game.State over = game.state();
    assertThat(over.over()).isTrue();
    assertThat(over.won()).isFalse();
    assertThat(over.lives()).isZero();
    assertThat(over.score()).as("no life bonus for a lost round")
        .isEqualTo(175 + 105 + 50 + 293 + 150 + 50 + 200);
    assertThat(over.bestStreak()).isEqualTo(4);
    assertThat(over.answered()).isEqualTo(8);
    assertThat(over.correct()).isEqualTo(5);
  }

  @Test
  void theServersClockTimesTheAnswer() {
    Game game = game(3);
    Game.Dealt d = game.next(1_000_000_000L);
    assertThat(game.next(9_000_000_000L)).as("the same question, its clock running on")
        .isSameAs(d);
    Game.Graded g = game.answerAt(d.question().key(), Question.correctIndex(d.options()),
        11_000_000_000L); // 10 s after dealing
    assertThat(g.seconds()).isEqualTo(10.0);
    assertThat(g.speedBonus()).isEqualTo(50);
  }

  @Test
  void movesARoundDoesNotAllowAreRefusedNamingTheField() {
    Game game = game(5);
    assertThatThrownBy(() -> game.answerAfter("blackjack/agent-or-environment", 0, 1))
        .isInstanceOfSatisfying(ParameterException.class,
            e -> assertThat(e.field()).isEqualTo("question"));
    Game.Dealt d = game.next(0);
    String other = POOL.stream().map(Question::key).filter(k -> !k.equals(d.question().key()))
        .findFirst().orElseThrow();
    assertThatThrownBy(() -> game.answerAfter(other, 0, 1))
        .isInstanceOfSatisfying(ParameterException.class,
            e -> assertThat(e.field()).isEqualTo("question"));
    int n = d.options().size();
    for (int bad : new int[] {-1, n, 99}) {
      assertThatThrownBy(() -> game.answerAfter(d.question().key(), bad, 1))
          .isInstanceOfSatisfying(ParameterException.class, e -> {
            assertThat(e.field()).isEqualTo("option");
            assertThat(e.getMessage()).contains("from 0 to " + (n - 1));
          });
    }
    assertThat(game.state().answered()).as("nothing was graded").isZero();
    Game.Graded g = game.answerAfter(d.question().key(), 0, 1);
    assertThat(game.answerAfter(d.question().key(), 0, 9)).as("the same answer again")
        .isSameAs(g);
    assertThatThrownBy(() -> game.answerAfter(d.question().key(), 1, 1))
        .isInstanceOfSatisfying(Game.Conflict.class,
            e -> assertThat(e.field()).isEqualTo("question"));
    assertThatThrownBy(game::claimSave).isInstanceOf(Game.Conflict.class)
        .hasMessageContaining("not over yet");
    while (!game.over()) {
      wrong(game);
    }
    assertThatThrownBy(() -> game.next(0)).isInstanceOf(Game.Conflict.class);
    game.claimSave();
    assertThat(game.state().saved()).isTrue();
    assertThatThrownBy(game::claimSave).isInstanceOfSatisfying(Game.Conflict.class, e -> {
      assertThat(e.field()).isEqualTo("game");
      assertThat(e.getMessage()).contains("saved already");
    });
  }
}
