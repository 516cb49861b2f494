package org.saferlhub.app.game;

import java.util.List;

/**
 * The rules of one round of "Fix the robots": the one place the server scores a round by.
 *
 * <p>The page has a copy in {@code public/js/game/engine.js}, used only by a copy of the site
 * that has no server (and so no public high-score table). The two must agree:
 * {@code GameContentTest} compares the constants and formulas, and {@code GameIT} plays the same
 * answers through both and compares the scores.
 *
 * <p>A round: {@link #NEEDS} robots stand in line, each fixed by that many right answers. Every
 * right answer earns ({@link #BASE_POINTS} + a speed bonus) × a streak multiplier; a wrong answer,
 * or no answer in time, costs one of {@link #LIVES} lives and breaks the streak. A fixed robot adds
 * {@link #ROBOT_BONUS}; fixing the last one ends the round and adds {@link #LIFE_BONUS} per life
 * left. Losing the last life ends it too.
 */
public final class GameRules {

  /** Lives at the start of a round; a wrong answer or a timeout costs one. */
  public static final int LIVES = 3;
  /** Points for every right answer, before the speed bonus and the streak multiplier. */
  public static final int BASE_POINTS = 100;
  /** The speed bonus of an answer given at once. */
  public static final int MAX_SPEED_BONUS = 100;
  /** The speed bonus falls from {@link #MAX_SPEED_BONUS} to 0 over this many seconds. */
  public static final int SPEED_WINDOW = 20;
  /** Points for each robot fixed. */
  public static final int ROBOT_BONUS = 50;
  /** Points for each life left when the last robot is fixed. */
  public static final int LIFE_BONUS = 100;
  /** Right answers each robot needs, in line order. */
  public static final List<Integer> NEEDS = List.of(2, 2, 3, 3, 3);

  private GameRules() {}

  /** The speed bonus of a right answer given {@code seconds} after its question was dealt. */
  public static int speedBonus(double seconds) {
    double s = Math.max(0, seconds);
    return (int) Math.round(MAX_SPEED_BONUS * Math.max(0, 1 - s / SPEED_WINDOW));
  }

  /** Streak multiplier: ×1 for the first two right answers in a row, ×1.5 from the third, ×2 from the fifth. */
  public static double multiplier(int streak) {
    if (streak >= 5) {
      return 2;
    }
    if (streak >= 3) {
      return 1.5;
    }
    return 1;
  }

  /** Points for a right answer: (base + speed bonus) × multiplier, rounded half up. */
  public static int points(int speedBonus, double multiplier) {
    return (int) Math.round((BASE_POINTS + speedBonus) * multiplier);
  }

  /** Right answers that fix every robot. */
  public static int rightAnswersToWin() {
    return NEEDS.stream().mapToInt(Integer::intValue).sum();
  }

  /** The most questions one round can ask: every robot fixed after all but one life is lost. */
  public static int maxQuestions() {
    return rightAnswersToWin() + LIVES - 1;
  }

  /** The best score a round can give: every answer right and instant, every life kept. */
  public static long maxScore() {
    long score = 0;
    for (int streak = 1; streak <= rightAnswersToWin(); streak++) {
      score += points(MAX_SPEED_BONUS, multiplier(streak));
    }
    return score + (long) NEEDS.size() * ROBOT_BONUS + (long) LIVES * LIFE_BONUS;
  }
}
