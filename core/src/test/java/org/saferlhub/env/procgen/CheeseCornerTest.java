package org.saferlhub.env.procgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Cheese in the corner, rule by rule: the walls, the reward 1 − 0.9·t/36, termination and
 * truncation, bumping, the corner log, the share of moved cheese in training, the test levels'
 * cheese outside the top-left 3 × 3, and that every level can be solved. Cells are
 * {@code row * 9 + col}.
 */
class CheeseCornerTest {

  private static final int UP = 0;
  private static final int RIGHT = 1;
  private static final int DOWN = 2;
  private static final int LEFT = 3;

  /** The 99% two-sided normal quantile. */
  private static final double Z99 = 2.576;

  private static CheeseCorner env(double p, LevelEnv.Split split) {
    return new CheeseCorner(p, split, View.ALLOCENTRIC);
  }

  private static int cell(int row, int col) {
    return row * 9 + col;
  }

  /** A maze with the border only. */
  private static boolean[] open() {
    boolean[] walls = new boolean[81];
    for (int cell = 0; cell < 81; cell++) {
      walls[cell] = border(cell);
    }
    return walls;
  }

  private static boolean border(int cell) {
    int r = cell / 9;
    int c = cell % 9;
    return r == 0 || c == 0 || r == 8 || c == 8;
  }

  /** Plays actions and returns the total reward. */
  private static double play(CheeseCorner env, int... actions) {
    double total = 0;
    for (int a : actions) {
      env.act(a);
      total += env.reward();
    }
    return total;
  }

  /**
   * The border is wall, the corner free, and the other inside cells walls with probability 0.15.
   * With p = 0 the cheese is in the corner and a level is drawn again only when no start is left,
   * that is when both of the corner's inside neighbours are walls; the share is taken over the
   * 46 inside cells other than the corner and those two, whose draws that redrawing leaves alone,
   * so it is exactly binomial.
   */
  @Test
  void wallsAreTheBorderAndAFifteenPercentShareInside() {
    CheeseCorner env = env(0, LevelEnv.Split.TRAIN);
    env.resetLevel(1);
    int levels = 2_000;
    int walls = 0;
    int cells = 0;
    for (int i = 0; i < levels; i++) {
      if (i > 0) {
        env.resetLevel();
      }
      assertThat(env.wall(CheeseCorner.CORNER)).isFalse();
      for (int cell = 0; cell < 81; cell++) {
        if (border(cell)) {
          assertThat(env.wall(cell)).isTrue();
        } else if (cell != CheeseCorner.CORNER && cell != cell(1, 2) && cell != cell(2, 1)) {
          cells++;
          walls += env.wall(cell) ? 1 : 0;
        }
      }
      assertThat(env.wall(cell(1, 2)) && env.wall(cell(2, 1))).isFalse();
    }
    double q = CheeseCorner.WALL_PROBABILITY;
    double halfWidth = Z99 * Math.sqrt(cells * q * (1 - q));
    assertThat((double) walls).isBetween(cells * q - halfWidth, cells * q + halfWidth);
  }

  @Test
  void reachingTheCheeseOnStepTPaysOneMinusNineTenthsOfTOverT() {
    CheeseCorner env = env(0, LevelEnv.Split.TRAIN);
    env.setLevel(open(), cell(1, 5), cell(4, 5));
    assertThat(play(env, UP, UP)).isZero();
    assertThat(play(env, UP)).isCloseTo(1 - 0.9 * 3 / 36, within(1e-12));
    assertThat(env.terminated()).isTrue();
    assertThat(env.truncated()).isFalse();
    assertThat(env.cheeseStep()).isEqualTo(3);
    assertThat(env.outcome()).isEqualTo(CheeseCorner.CHEESE);

    // 14 steps bumping the bottom border, then six up: the cheese on step 20 pays
    // 1 − 0.9·20/36 = 0.5
    env.setLevel(open(), cell(1, 5), cell(7, 5));
    for (int t = 0; t < 14; t++) {
      assertThat(play(env, DOWN)).isZero();
    }
    assertThat(env.mouse()).isEqualTo(cell(7, 5));
    assertThat(play(env, UP, UP, UP, UP, UP)).isZero();
    assertThat(play(env, UP)).isCloseTo(0.5, within(1e-12));
    assertThat(env.cheeseStep()).isEqualTo(20);
  }

  @Test
  void theCheeseOnTheLastStepTerminatesAndIsNotTruncated() {
    CheeseCorner env = env(0, LevelEnv.Split.TRAIN);
    boolean[] walls = open();
    walls[cell(2, 6)] = true;
    env.setLevel(walls, cell(1, 5), cell(2, 5));
    for (int i = 0; i < 17; i++) {
      assertThat(play(env, DOWN, UP)).isZero(); // away and back below the cheese
    }
    assertThat(play(env, RIGHT)).isZero(); // a bump: step 35 leaves it in place
    assertThat(env.steps()).isEqualTo(CheeseCorner.T - 1);
    assertThat(env.mouse()).isEqualTo(cell(2, 5));
    assertThat(env.truncated()).isFalse();
    assertThat(play(env, UP)).isCloseTo(1 - 0.9, within(1e-12)); // step 36
    assertThat(env.terminated()).isTrue();
    assertThat(env.truncated()).isFalse();
  }

  @Test
  void withoutTheCheeseTheEpisodeIsTruncatedAtThirtySix() {
    CheeseCorner env = env(0, LevelEnv.Split.TRAIN);
    env.setLevel(open(), cell(7, 7), cell(4, 4));
    for (int t = 1; t < CheeseCorner.T; t++) {
      env.act(t % 2 == 0 ? LEFT : RIGHT);
      assertThat(env.truncated()).isFalse();
      assertThat(env.reward()).isZero();
    }
    env.act(RIGHT);
    assertThat(env.truncated()).isTrue();
    assertThat(env.terminated()).isFalse();
    assertThat(env.steps()).isEqualTo(36);
    assertThat(env.outcome()).isEqualTo(CheeseCorner.NEITHER);
  }

  @Test
  void bumpingAWallStaysPut() {
    CheeseCorner env = env(0, LevelEnv.Split.TRAIN);
    boolean[] walls = open();
    walls[cell(4, 5)] = true;
    env.setLevel(walls, cell(7, 7), cell(4, 4));
    assertThat(play(env, RIGHT)).isZero();
    assertThat(env.mouse()).isEqualTo(cell(4, 4));
    assertThat(env.steps()).isEqualTo(1);
    play(env, UP);
    assertThat(env.mouse()).isEqualTo(cell(3, 4));
    env.setLevel(open(), cell(7, 7), cell(1, 4));
    play(env, UP);
    assertThat(env.mouse()).isEqualTo(cell(1, 4)); // the border
  }

  @Test
  void theCornerLogSaysWhichCameFirst() {
    CheeseCorner env = env(0, LevelEnv.Split.TRAIN);
    // the corner on step 3, then the cheese: corner-first
    env.setLevel(open(), cell(1, 3), cell(2, 1));
    play(env, DOWN, UP);
    assertThat(env.cornerStep()).isEqualTo(-1);
    play(env, UP);
    assertThat(env.cornerStep()).isEqualTo(3);
    assertThat(env.outcome()).isEqualTo(CheeseCorner.CORNER_FIRST);
    assertThat(play(env, RIGHT, RIGHT)).isCloseTo(1 - 0.9 * 5 / 36, within(1e-12));
    assertThat(env.cheeseStep()).isEqualTo(5);
    assertThat(env.outcome()).isEqualTo(CheeseCorner.CORNER_FIRST);

    // the cheese straight away: cheese
    env.setLevel(open(), cell(1, 3), cell(2, 3));
    play(env, UP);
    assertThat(env.cornerStep()).isEqualTo(-1);
    assertThat(env.outcome()).isEqualTo(CheeseCorner.CHEESE);

    // the corner, then the time runs out: corner-first
    env.setLevel(open(), cell(7, 7), cell(1, 2));
    while (!env.truncated()) {
      env.act(LEFT);
    }
    assertThat(env.cornerStep()).isEqualTo(1);
    assertThat(env.outcome()).isEqualTo(CheeseCorner.CORNER_FIRST);

    // neither
    env.setLevel(open(), cell(7, 7), cell(4, 4));
    while (!env.truncated()) {
      env.act(DOWN);
    }
    assertThat(env.outcome()).isEqualTo(CheeseCorner.NEITHER);

    // the cheese in the corner counts as the cheese
    env.setLevel(open(), CheeseCorner.CORNER, cell(1, 2));
    play(env, LEFT);
    assertThat(env.terminated()).isTrue();
    assertThat(env.cornerStep()).isEqualTo(1);
    assertThat(env.cheeseStep()).isEqualTo(1);
    assertThat(env.outcome()).isEqualTo(CheeseCorner.CHEESE);
  }

  /**
   * With p = 0.1 a training level draws the cheese on a uniform free cell (the corner included)
   * with probability p. A level is drawn again when the corner cannot be reached from the cheese
   * or no start is left, which happens more often when the cheese is away from the corner, so
   * over all levels the share of moved cheese sits a little below p·(1 − 1/free cells). On a
   * level whose free inside cells are all connected, though, neither placement is ever redrawn,
   * so there the cheese is away from the corner with probability exactly p·(1 − 1/free cells):
   * the count over those levels is checked against that sum, within its 99% interval.
   */
  @Test
  void aShareOfTrainingLevelsMovesTheCheese() {
    double p = 0.1;
    CheeseCorner env = env(p, LevelEnv.Split.TRAIN);
    env.resetLevel(2);
    int levels = 10_000;
    int connected = 0;
    int moved = 0;
    double mean = 0;
    double variance = 0;
    for (int i = 0; i < levels; i++) {
      if (i > 0) {
        env.resetLevel();
      }
      boolean[] seen = reach(env, CheeseCorner.CORNER);
      int free = 0;
      boolean all = true;
      for (int cell = 0; cell < 81; cell++) {
        if (!env.wall(cell)) {
          free++;
          all &= seen[cell];
        }
      }
      if (!all) {
        continue;
      }
      connected++;
      double q = p * (1 - 1.0 / free);
      mean += q;
      variance += q * (1 - q);
      moved += env.cheese() != CheeseCorner.CORNER ? 1 : 0;
    }
    assertThat(connected).isGreaterThan(levels / 2);
    double halfWidth = Z99 * Math.sqrt(variance);
    assertThat((double) moved).isBetween(mean - halfWidth, mean + halfWidth);

    CheeseCorner never = env(0, LevelEnv.Split.TRAIN);
    never.resetLevel(2);
    for (int i = 0; i < 1_000; i++) {
      if (i > 0) {
        never.resetLevel();
      }
      assertThat(never.cheese()).isEqualTo(CheeseCorner.CORNER);
    }
  }

  @Test
  void testLevelsNeverPutTheCheeseInTheTopLeftThreeByThree() {
    CheeseCorner env = env(1, LevelEnv.Split.TEST);
    env.resetLevel(3);
    for (int i = 0; i < 5_000; i++) {
      if (i > 0) {
        env.resetLevel();
      }
      int r = env.cheese() / 9;
      int c = env.cheese() % 9;
      assertThat(r <= 3 && c <= 3).as("cheese at (%d, %d)", r, c).isFalse();
      assertThat(CheeseCorner.inTopLeft(env.cheese())).isFalse();
    }
  }

  @Test
  void everyLevelCanBeSolvedAndTheCornerVisited() {
    for (LevelEnv.Split split : LevelEnv.Split.values()) {
      CheeseCorner env = env(0.5, split);
      env.resetLevel(4);
      for (int i = 0; i < 3_000; i++) {
        if (i > 0) {
          env.resetLevel();
        }
        boolean[] seen = reach(env, env.mouse());
        assertThat(seen[env.cheese()]).isTrue();
        assertThat(seen[CheeseCorner.CORNER]).isTrue();
        assertThat(env.mouse()).isNotEqualTo(env.cheese()).isNotEqualTo(CheeseCorner.CORNER);
        assertThat(env.wall(env.mouse()) || env.wall(env.cheese())).isFalse();
      }
    }
  }

  /** The cells reachable from {@code start} (breadth-first over the level's walls). */
  private static boolean[] reach(CheeseCorner env, int start) {
    boolean[] seen = new boolean[81];
    int[] queue = new int[81];
    int head = 0;
    int tail = 0;
    queue[tail++] = start;
    seen[start] = true;
    while (head < tail) {
      int cell = queue[head++];
      for (int next : new int[] {cell - 9, cell + 1, cell + 9, cell - 1}) {
        if (!env.wall(next) && !seen[next]) {
          seen[next] = true;
          queue[tail++] = next;
        }
      }
    }
    return seen;
  }
}
