package org.saferlhub.app.game;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.saferlhub.config.ParameterException;

/**
 * One round of "Fix the robots" on the server, with its answer key: the page sees a question's
 * options only without the right one, until it has answered. A seed deals the questions and their
 * option order exactly as engine.js's {@code Round} does (the same {@link Mulberry32} draws in the
 * same order), and {@link GameRules} scores the answers. Thread-safe.
 *
 * <p>A round alternates {@link #next} (deal the next question; its clock starts) and
 * {@link #answerAt} (grade it; the time since it was dealt gives the speed bonus) until it is
 * {@link #over()}.
 */
public final class Game {

  /** What happened to an answer. */
  public enum Outcome {
    CORRECT("correct"), WRONG("wrong"), TIMEOUT("timeout");

    /** As the API writes it. */
    public final String id;

    Outcome(String id) {
      this.id = id;
    }
  }

  /**
   * A dealt question.
   *
   * @param number 1 for the round's first question
   * @param question the question, answer key included
   * @param options its options in the order the page shows them
   */
  public record Dealt(int number, Question question, List<Question.Option> options) {}

  /**
   * A graded answer.
   *
   * @param dealt the question it answered
   * @param option the chosen option (index into {@code dealt.options()}), null for a timeout
   * @param outcome right, wrong or no answer in time
   * @param seconds the time from dealing to answering
   * @param speedBonus the speed bonus (0 unless right)
   * @param multiplier the streak multiplier applied (1 unless right)
   * @param points the answer's points (0 unless right)
   * @param robotFixed whether this answer fixed the robot
   * @param robotBonus {@link GameRules#ROBOT_BONUS} if it did, else 0
   * @param lifeBonus the bonus for lives left if this answer fixed the last robot, else 0
   */
  public record Graded(Dealt dealt, @Nullable Integer option, Outcome outcome, double seconds,
      int speedBonus, double multiplier, int points, boolean robotFixed, int robotBonus,
      int lifeBonus) {

    /** The index of the right option in the dealt order. */
    public int correctOption() {
      return Question.correctIndex(dealt.options());
    }
  }

  /** Thrown for a move the round's state does not allow (it is over, or already saved): 409. */
  public static final class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    Conflict(String field, String message) {
      super(message);
      this.field = field;
    }

    /** The field or path parameter the conflict is about. */
    public String field() {
      return field;
    }
  }

  private final String id;
  private final long seed;
  private final List<Question> bank;
  private final Mulberry32 random;
  private List<Question> deck;
  private int deckPos;
  private final int[] progress = new int[GameRules.NEEDS.size()];
  private int robot;
  private int lives = GameRules.LIVES;
  private long score;
  private int streak;
  private int bestStreak;
  private int asked;
  private int answered;
  private int correct;
  private boolean over;
  private boolean saved;
  private @Nullable Dealt waiting;
  private long dealtAtNanos;
  private @Nullable Graded last;
  private long lastUsedNanos;

  /**
   * A new round; nothing is dealt yet.
   *
   * @param seed 0 to 2^32 − 1
   * @param bank the question pool, at least one question
   */
  public Game(String id, long seed, List<Question> bank, long nowNanos) {
    if (bank.isEmpty()) {
      throw new IllegalArgumentException("the game needs at least one question");
    }
    this.id = id;
    this.seed = seed;
    this.bank = List.copyOf(bank);
    this.random = new Mulberry32(seed);
    this.deck = random.shuffle(this.bank);
    this.lastUsedNanos = nowNanos;
  }

  /** The round's id. */
  public String id() {
    return id;
  }

  /** The seed that dealt it. */
  public long seed() {
    return seed;
  }

  /**
   * The question waiting for an answer, dealing the next one (and starting its clock at
   * {@code nowNanos}) if none is waiting. Asking again before answering gives the same question
   * with its clock running on.
   *
   * @throws Conflict when the round is over
   */
  public synchronized Dealt next(long nowNanos) {
    if (waiting != null) {
      return waiting;
    }
    if (over) {
      throw new Conflict("id", "game " + id + " is over: there is no next question");
    }
    if (deckPos >= deck.size()) {
      // Every question was used: deal the pool again, never the same question twice in a row.
      Question lastDealt = deck.get(deck.size() - 1);
      List<Question> again = random.shuffle(bank);
      if (again.size() > 1 && again.get(0) == lastDealt) {
        List<Question> rotated = new ArrayList<>(again.subList(1, again.size()));
        rotated.add(again.get(0));
        again = rotated;
      }
      deck = again;
      deckPos = 0;
    }
    Question question = deck.get(deckPos++);
    asked++;
    waiting = new Dealt(asked, question, random.shuffle(question.options()));
    dealtAtNanos = nowNanos;
    return waiting;
  }

  /**
   * Grades the answer to the waiting question, timed from its dealing to {@code nowNanos}.
   * Sending the last graded answer again gives its grade again (a retry after a lost response).
   *
   * @param questionKey the waiting question's {@code key}
   * @param option an index into the dealt options, or null when the time ran out
   * @throws ParameterException naming {@code question} or {@code option}
   * @throws Conflict when the round is over
   */
  public synchronized Graded answerAt(String questionKey, @Nullable Integer option,
      long nowNanos) {
    return answerAfter(questionKey, option, Math.max(0, nowNanos - dealtAtNanos) / 1e9);
  }

  /**
   * Grades the answer to the waiting question as given {@code seconds} after it was dealt (the
   * rules alone, without a clock: for tests that compare them with engine.js).
   */
  public synchronized Graded answerAfter(String questionKey, @Nullable Integer option,
      double seconds) {
    Graded previous = last;
    if (previous != null && waiting == null
        && previous.dealt().question().key().equals(questionKey)) {
      if (java.util.Objects.equals(previous.option(), option)) {
        return previous;
      }
      throw new Conflict("question", "question '" + questionKey + "' was answered already, "
          + (previous.option() == null ? "by running out of time" : "with option "
          + previous.option()) + "; an answer cannot be changed");
    }
    if (over) {
      throw new Conflict("id", "game " + id + " is over: it takes no more answers");
    }
    Dealt dealt = waiting;
    if (dealt == null) {
      throw new ParameterException("question", "question: no question is waiting for an answer; "
          + "deal the next one first (POST /api/games/" + id + "/next)");
    }
    if (!dealt.question().key().equals(questionKey)) {
      throw new ParameterException("question", "question must be the one waiting for an answer, '"
          + dealt.question().key() + "', was '" + abbreviate(questionKey) + "'");
    }
    int n = dealt.options().size();
    if (option != null && (option < 0 || option >= n)) {
      throw new ParameterException("option", "option must be an integer from 0 to " + (n - 1)
          + " (the options in the order dealt), or null when the time ran out, was " + option);
    }
    waiting = null;
    answered++;
    Outcome outcome = option == null ? Outcome.TIMEOUT
        : dealt.options().get(option).correct() ? Outcome.CORRECT : Outcome.WRONG;
    int speed = 0;
    double multiplier = 1;
    int points = 0;
    boolean fixed = false;
    int robotBonus = 0;
    int lifeBonus = 0;
    if (outcome == Outcome.CORRECT) {
      correct++;
      streak++;
      bestStreak = Math.max(bestStreak, streak);
      speed = GameRules.speedBonus(seconds);
      multiplier = GameRules.multiplier(streak);
      points = GameRules.points(speed, multiplier);
      progress[robot]++;
      if (progress[robot] >= GameRules.NEEDS.get(robot)) {
        fixed = true;
        robotBonus = GameRules.ROBOT_BONUS;
        robot++;
      }
    } else {
      streak = 0;
      lives--;
    }
    if (robot >= GameRules.NEEDS.size()) {
      over = true;
      lifeBonus = GameRules.LIFE_BONUS * lives;
    } else if (lives <= 0) {
      over = true;
    }
    score += points + robotBonus + lifeBonus;
    Graded graded = new Graded(dealt, option, outcome, seconds, speed, multiplier, points, fixed,
        robotBonus, lifeBonus);
    last = graded;
    return graded;
  }

  /**
   * The round as it stands.
   *
   * @param robots per robot in line: right answers needed and given
   */
  public record State(String id, long seed, int lives, long score, int streak, int bestStreak,
      int answered, int correct, int robot, List<Robot> robots, boolean over, boolean won,
      boolean saved) {}

  /** One robot in line: right answers {@code need}ed and given so far ({@code progress}). */
  public record Robot(int need, int progress, boolean fixed) {}

  /** The round as it stands. */
  public synchronized State state() {
    List<Robot> robots = new ArrayList<>();
    for (int i = 0; i < progress.length; i++) {
      robots.add(new Robot(GameRules.NEEDS.get(i), progress[i], i < robot));
    }
    return new State(id, seed, lives, score, streak, bestStreak, answered, correct, robot,
        List.copyOf(robots), over, over && lives > 0, saved);
  }

  /** Whether the round has ended. */
  public synchronized boolean over() {
    return over;
  }

  /**
   * Marks the round's score as saved.
   *
   * @throws Conflict when it is not over yet or was saved before
   */
  public synchronized void claimSave() {
    if (!over) {
      throw new Conflict("game", "game " + id + " is not over yet: its score can be saved once "
          + "the robots are all fixed or the lives are gone");
    }
    if (saved) {
      throw new Conflict("game", "game " + id + " was saved already: a game's score is saved "
          + "once");
    }
    saved = true;
  }

  /** Undoes {@link #claimSave()} after the score could not be stored. */
  public synchronized void releaseSave() {
    saved = false;
  }

  synchronized long lastUsedNanos() {
    return lastUsedNanos;
  }

  synchronized void touch(long nowNanos) {
    lastUsedNanos = nowNanos;
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
