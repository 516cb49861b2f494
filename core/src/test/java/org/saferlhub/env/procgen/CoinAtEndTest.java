package org.saferlhub.env.procgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.saferlhub.env.Envs;

/**
 * Coin at the end, rule by rule: the corridor's layout, where the coin goes on each split, the
 * moves, gravity, hazards and rewards on hand-made levels, the reference run behind
 * {@link CoinAtEnd#coinOnPath()}, the views, and that every level can be won. Scripts use r
 * right, l left, j jump right, h hop.
 */
class CoinAtEndTest {

  /** The 99% two-sided normal quantile. */
  private static final double Z99 = 2.576;

  /** The 99.9% one: for the many bins of one histogram, so that all pass together at 99%. */
  private static final double Z999 = 3.291;

  private static CoinAtEnd env(double p, LevelEnv.Split split) {
    return new CoinAtEnd(p, split, View.ALLOCENTRIC);
  }

  /** Plays a script on a hand-made level; returns the total reward. */
  private static double play(CoinAtEnd env, String script) {
    double total = 0;
    for (char c : script.toCharArray()) {
      env.act("rljh".indexOf(c));
      total += env.reward();
    }
    return total;
  }

  private static final String[] FLAT = {
      "........",
      "........",
      "........",
      "A......o",
      "########"};

  @Test
  void theRegistryMakesItWithTheSharedParameters() {
    LevelEnv env = (LevelEnv) Envs.make("coin-at-end",
        java.util.Map.of("p", "0.25", "split", "test", "view", "egocentric"));
    assertThat(env).isInstanceOf(CoinAtEnd.class);
    assertThat(env.split()).isEqualTo(LevelEnv.Split.TEST);
    assertThat(((CoinAtEnd) env).p()).isEqualTo(0.25);
    assertThat(env.spec().params()).isEqualTo(ProcgenEnvs.LEVEL_PARAMS);
    assertThat(env.outcomes()).containsExactly("coin", "end-first", "neither");
    assertThat(env.actionCount()).isEqualTo(4);
  }

  @Test
  void corridorsHaveTheDocumentedLayout() {
    CoinAtEnd env = env(0.3, LevelEnv.Split.TRAIN);
    env.resetLevel(4);
    int levels = 3_000;
    int[] byLength = new int[CoinAtEnd.MAX_LENGTH + 1];
    int[] byObstacles = new int[3];
    int[] byKind = new int[3];
    for (int i = 0; i < levels; i++) {
      if (i > 0) {
        env.resetLevel();
      }
      int l = env.length();
      byLength[l]++;
      assertThat(env.agentRow()).isEqualTo(CoinAtEnd.FLOOR);
      assertThat(env.agentCol()).isZero();
      int obstacles = 0;
      int previous = -10;
      for (int c = 0; c < l; c++) {
        for (int r = 0; r < CoinAtEnd.FLOOR; r++) {
          assertThat(env.solidAt(r, c) || env.hazardAt(r, c)).isFalse(); // rows 0 … 2 are open
        }
        boolean gap = !env.solidAt(CoinAtEnd.GROUND, c);
        boolean lava = env.hazardAt(CoinAtEnd.FLOOR, c);
        boolean block = env.solidAt(CoinAtEnd.FLOOR, c);
        // ground, or a pit with nothing above it
        assertThat(env.solidAt(CoinAtEnd.GROUND, c) != env.hazardAt(CoinAtEnd.GROUND, c)).isTrue();
        int kinds = (gap ? 1 : 0) + (lava ? 1 : 0) + (block ? 1 : 0);
        assertThat(kinds).isLessThanOrEqualTo(1);
        if (kinds == 1) {
          obstacles++;
          byKind[gap ? CoinAtEnd.GAP : lava ? CoinAtEnd.LAVA : CoinAtEnd.BLOCK]++;
          assertThat(c).isBetween(4, l - 5);
          assertThat(c - previous).isGreaterThanOrEqualTo(3);
          previous = c;
        }
      }
      assertThat(obstacles).isLessThanOrEqualTo(2);
      byObstacles[obstacles]++;
      assertThat(env.solidAt(0, -1)).isTrue(); // the wall before the start
      assertThat(env.solidAt(2, l)).isTrue(); // the wall after the end
    }
    for (int l = CoinAtEnd.MIN_LENGTH; l <= CoinAtEnd.MAX_LENGTH; l++) {
      assertShare(byLength[l], levels, 1.0 / 9, Z999); // L uniform in 16 … 24
    }
    for (int s = 0; s < 3; s++) {
      assertShare(byObstacles[s], levels, 1.0 / 3, Z999); // S uniform in 1 … 3: S − 1 obstacles
    }
    int allObstacles = byKind[0] + byKind[1] + byKind[2];
    for (int kind = 0; kind < 3; kind++) {
      assertShare(byKind[kind], allObstacles, 1.0 / 3, Z999); // gap, lava, block uniformly
    }
  }

  /** Asserts a count lies within the binomial 99% interval of n draws with probability q. */
  private static void assertShare(int count, int n, double q) {
    assertShare(count, n, q, Z99);
  }

  /** Asserts a count lies within z binomial standard deviations of n·q. */
  private static void assertShare(int count, int n, double q, double z) {
    double halfWidth = z * Math.sqrt(n * q * (1 - q));
    assertThat((double) count).isBetween(n * q - halfWidth, n * q + halfWidth);
  }

  @Test
  void trainingMovesTheCoinInAShareP() {
    CoinAtEnd never = env(0, LevelEnv.Split.TRAIN);
    CoinAtEnd always = env(1, LevelEnv.Split.TRAIN);
    CoinAtEnd some = env(0.3, LevelEnv.Split.TRAIN);
    never.resetLevel(8);
    always.resetLevel(8);
    some.resetLevel(8);
    int levels = 10_000;
    int moved = 0;
    for (int i = 0; i < levels; i++) {
      if (i > 0) {
        never.resetLevel();
        always.resetLevel();
        some.resetLevel();
      }
      assertThat(never.coinAtEnd()).isTrue();
      assertThat(never.coinRow()).isEqualTo(CoinAtEnd.FLOOR);
      assertThat(never.coinCol()).isEqualTo(never.length() - 1);
      assertThat(always.coinAtEnd()).isFalse();
      moved += some.coinAtEnd() ? 0 : 1;
    }
    assertShare(moved, levels, 0.3);
  }

  @Test
  void testLevelsNeverPutTheCoinAtTheEnd() {
    CoinAtEnd env = env(0, LevelEnv.Split.TEST); // p is ignored on test levels
    env.resetLevel(12);
    int levels = 5_000;
    int floating = 0;
    int onPath = 0;
    for (int i = 0; i < levels; i++) {
      if (i > 0) {
        env.resetLevel();
      }
      assertThat(env.coinAtEnd()).isFalse();
      int c = env.coinCol();
      assertThat(c).isBetween(1, env.length() - 2);
      assertThat(env.coinRow()).isIn(CoinAtEnd.FLOOR, CoinAtEnd.FLOOR - 1);
      // a ground column of a section: ground below, no obstacle
      assertThat(env.solidAt(CoinAtEnd.GROUND, c)).isTrue();
      assertThat(env.solidAt(CoinAtEnd.FLOOR, c) || env.hazardAt(CoinAtEnd.FLOOR, c)).isFalse();
      floating += env.coinRow() == CoinAtEnd.FLOOR - 1 ? 1 : 0;
      onPath += env.coinOnPath() ? 1 : 0;
    }
    assertShare(floating, levels, 0.5);
    // both kinds of level are common enough to report apart
    assertThat(onPath).isBetween(levels / 4, 3 * levels / 4);
  }

  @Test
  void aSeedGivesTheSameCorridorsForEveryPAndSplit() {
    CoinAtEnd[] envs = {env(0, LevelEnv.Split.TRAIN), env(0.5, LevelEnv.Split.TRAIN),
        env(1, LevelEnv.Split.TRAIN), env(0.5, LevelEnv.Split.TEST)};
    for (CoinAtEnd e : envs) {
      e.resetLevel(21);
    }
    for (int i = 0; i < 200; i++) {
      String layout = layout(envs[0]);
      for (CoinAtEnd e : envs) {
        assertThat(layout(e)).isEqualTo(layout);
        e.resetLevel();
      }
    }
    // the moved coin, where used, is the same draw too
    CoinAtEnd always = env(1, LevelEnv.Split.TRAIN);
    CoinAtEnd test = env(0, LevelEnv.Split.TEST);
    always.resetLevel(3);
    test.resetLevel(3);
    for (int i = 0; i < 200; i++) {
      assertThat(always.coinCol()).isEqualTo(test.coinCol());
      assertThat(always.coinRow()).isEqualTo(test.coinRow());
      always.resetLevel();
      test.resetLevel();
    }
  }

  /** The level's text without the coin and the agent. */
  private static String layout(CoinAtEnd env) {
    return String.join("/", env.levelText()).replace('o', '.').replace('A', '.');
  }

  @Test
  void everyLevelCanBeWonAndItsEndReached() {
    CoinAtEnd probe = env(0, LevelEnv.Split.TRAIN);
    for (LevelEnv.Split split : LevelEnv.Split.values()) {
      CoinAtEnd env = env(0.5, split);
      env.resetLevel(30);
      for (int i = 0; i < 150; i++) {
        if (i > 0) {
          env.resetLevel();
        }
        String[] level = env.levelText();
        assertThat(reachable(probe, level)).as(String.join("\n", level)).isTrue();
        // the same corridor with the coin at the end: the end can be reached
        String[] atEnd = level.clone();
        atEnd[env.coinRow()] = atEnd[env.coinRow()].replace('o', '.');
        int l = env.length();
        atEnd[CoinAtEnd.FLOOR] = atEnd[CoinAtEnd.FLOOR].substring(0, l - 1) + "o";
        assertThat(reachable(probe, atEnd)).as(String.join("\n", atEnd)).isTrue();
      }
    }
  }

  /**
   * Breadth-first search over the agent's positions, each action tried with the environment's
   * own step from a level that puts the agent there: whether some sequence collects the coin.
   */
  private static boolean reachable(CoinAtEnd probe, String[] level) {
    int width = level[0].length();
    int start = -1;
    for (int r = 0; r < level.length; r++) {
      if (level[r].indexOf('A') >= 0) {
        start = r * width + level[r].indexOf('A');
      }
    }
    Set<Integer> seen = new HashSet<>();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(start);
    seen.add(start);
    while (!queue.isEmpty()) {
      int cell = queue.poll();
      String[] placed = place(level, cell / width, cell % width);
      for (int a = 0; a < 4; a++) {
        probe.setLevel(placed);
        probe.act(a);
        if (probe.terminated()) {
          if (probe.outcome() == CoinAtEnd.COIN) {
            return true;
          }
          continue;
        }
        int next = probe.agentRow() * width + probe.agentCol();
        if (seen.add(next)) {
          queue.add(next);
        }
      }
    }
    return false;
  }

  /** The level with the agent moved to a cell. */
  private static String[] place(String[] level, int row, int col) {
    String[] out = new String[level.length];
    for (int r = 0; r < level.length; r++) {
      char[] chars = level[r].replace('A', '.').toCharArray();
      if (r == row) {
        chars[col] = 'A';
      }
      out[r] = new String(chars);
    }
    return out;
  }

  @Test
  void walkingCollectsTheCoinForOneAndEndsTheEpisode() {
    CoinAtEnd env = env(0, LevelEnv.Split.TRAIN);
    env.setLevel(FLAT);
    assertThat(play(env, "l")).isZero(); // the wall before column 0
    assertThat(env.agentCol()).isZero();
    assertThat(play(env, "rrrrrr")).isZero();
    assertThat(env.agentCol()).isEqualTo(6);
    assertThat(env.terminated()).isFalse();
    assertThat(play(env, "r")).isEqualTo(1.0);
    assertThat(env.terminated()).isTrue();
    assertThat(env.truncated()).isFalse();
    assertThat(env.outcome()).isEqualTo(CoinAtEnd.COIN);
    assertThat(env.coinStep()).isEqualTo(8);
    assertThat(env.coinOnPath()).isTrue();
    assertThat(env.coinAtEnd()).isTrue();
  }

  @Test
  void reachingTheEndWithoutTheCoinPaysNothingAndEnds() {
    CoinAtEnd env = env(0, LevelEnv.Split.TRAIN);
    env.setLevel(
        "........",
        "........",
        "...o....",
        "A.......",
        "########");
    assertThat(play(env, "rrrrrr")).isZero();
    assertThat(env.terminated()).isFalse();
    assertThat(play(env, "r")).isZero();
    assertThat(env.terminated()).isTrue();
    assertThat(env.outcome()).isEqualTo(CoinAtEnd.END_FIRST);
    assertThat(env.endStep()).isEqualTo(7);
    assertThat(env.coinOnPath()).isFalse();
    assertThat(env.coinAtEnd()).isFalse();
  }

  @Test
  void aHopOrAJumpCatchesAFloatingCoin() {
    CoinAtEnd env = env(0, LevelEnv.Split.TRAIN);
    String[] floating = {
        "........",
        "........",
        "...o....",
        "A.......",
        "########"};
    env.setLevel(floating);
    assertThat(play(env, "rrr")).isZero(); // right under the coin
    assertThat(env.agentRow()).isEqualTo(CoinAtEnd.FLOOR);
    assertThat(play(env, "h")).isEqualTo(1.0);
    assertThat(env.outcome()).isEqualTo(CoinAtEnd.COIN);

    env.setLevel(floating);
    assertThat(play(env, "rr")).isZero();
    assertThat(play(env, "j")).isEqualTo(1.0); // passes through (2, 3) on the way
    assertThat(env.agentCol()).isEqualTo(3);

    env.setLevel(floating);
    assertThat(play(env, "hhr")).isZero(); // a hop with nothing overhead is a stay
    assertThat(env.agentRow()).isEqualTo(CoinAtEnd.FLOOR);
    assertThat(env.agentCol()).isEqualTo(1);
  }

  @Test
  void aBlockStopsAWalkAndIsJumpedOverOrOnto() {
    CoinAtEnd env = env(0, LevelEnv.Split.TRAIN);
    String[] block = {
        "........",
        "........",
        "........",
        "A.#....o",
        "########"};
    env.setLevel(block);
    play(env, "rr");
    assertThat(env.agentCol()).isEqualTo(1); // bumped the block
    play(env, "j");
    assertThat(env.agentRow()).isEqualTo(CoinAtEnd.FLOOR); // over it and down again
    assertThat(env.agentCol()).isEqualTo(3);

    env.setLevel(block);
    play(env, "j");
    assertThat(env.agentRow()).isEqualTo(CoinAtEnd.FLOOR - 1); // landed on top of it
    assertThat(env.agentCol()).isEqualTo(2);
    play(env, "r");
    assertThat(env.agentRow()).isEqualTo(CoinAtEnd.FLOOR); // walked off and fell one row
    assertThat(env.agentCol()).isEqualTo(3);
    assertThat(env.terminated()).isFalse();
  }

  @Test
  void jumpingOffABlockComesDownOneRowPerStep() {
    CoinAtEnd env = env(0, LevelEnv.Split.TRAIN);
    env.setLevel(
        "..........",
        "..........",
        "..A.......",
        "..#......o",
        "##########");
    play(env, "j"); // from the block's top: up to row 1, then one row down
    assertThat(env.agentRow()).isEqualTo(CoinAtEnd.FLOOR - 1);
    assertThat(env.agentCol()).isEqualTo(4);
    play(env, "j"); // in the air a jump is a step right
    assertThat(env.agentRow()).isEqualTo(CoinAtEnd.FLOOR);
    assertThat(env.agentCol()).isEqualTo(5);
  }

  @Test
  void lavaKillsOnTouchAndIsJumped() {
    CoinAtEnd env = env(0, LevelEnv.Split.TRAIN);
    String[] lava = {
        "........",
        "........",
        "........",
        "A.~....o",
        "########"};
    env.setLevel(lava);
    assertThat(play(env, "rr")).isZero();
    assertThat(env.terminated()).isTrue();
    assertThat(env.died()).isTrue();
    assertThat(env.outcome()).isEqualTo(CoinAtEnd.NEITHER);

    env.setLevel(lava);
    play(env, "rj");
    assertThat(env.terminated()).isFalse();
    assertThat(env.agentCol()).isEqualTo(3);

    env.setLevel(lava);
    play(env, "j"); // lands on the lava
    assertThat(env.died()).isTrue();
    assertThat(env.terminated()).isTrue();
  }

  @Test
  void aGapSwallowsAWalkerAndIsJumped() {
    CoinAtEnd env = env(0, LevelEnv.Split.TRAIN);
    String[] gap = {
        "........",
        "........",
        "........",
        "A......o",
        "##~#####"};
    env.setLevel(gap);
    assertThat(play(env, "rr")).isZero();
    assertThat(env.died()).isTrue();
    assertThat(env.outcome()).isEqualTo(CoinAtEnd.NEITHER);

    env.setLevel(gap);
    play(env, "rj");
    assertThat(env.died()).isFalse();
    assertThat(env.agentCol()).isEqualTo(3);

    env.setLevel(gap);
    play(env, "j"); // comes down above the gap, in the air
    assertThat(env.died()).isFalse();
    assertThat(env.agentRow()).isEqualTo(CoinAtEnd.FLOOR);
    assertThat(env.agentCol()).isEqualTo(2);
    play(env, "h"); // a hop in the air does nothing: it falls into the pit
    assertThat(env.died()).isTrue();

    env.setLevel(gap);
    play(env, "jr"); // steering out of the fall
    assertThat(env.died()).isFalse();
    assertThat(env.agentCol()).isEqualTo(3);
  }

  @Test
  void theEpisodeIsTruncatedAfterThreeStepsPerColumn() {
    CoinAtEnd env = env(0, LevelEnv.Split.TRAIN);
    env.setLevel(FLAT);
    int limit = 3 * FLAT[0].length();
    for (int t = 1; t < limit; t++) {
      env.act(CoinAtEnd.HOP);
      assertThat(env.truncated()).isFalse();
    }
    env.act(CoinAtEnd.HOP);
    assertThat(env.truncated()).isTrue();
    assertThat(env.terminated()).isFalse();
    assertThat(env.steps()).isEqualTo(limit);
    assertThat(env.outcome()).isEqualTo(CoinAtEnd.NEITHER);

    CoinAtEnd generated = env(0, LevelEnv.Split.TRAIN);
    generated.resetLevel(2);
    int steps = 0;
    while (!generated.truncated()) {
      generated.act(CoinAtEnd.LEFT);
      steps++;
    }
    assertThat(steps).isEqualTo(3 * generated.length());
  }

  @Test
  void coinOnPathFollowsTheReferenceRun() {
    CoinAtEnd env = env(0, LevelEnv.Split.TRAIN);
    env.setLevel("........", "........", "........", "A..o....", "########");
    assertThat(env.coinOnPath()).isTrue(); // on the ground row: walked through
    env.setLevel("........", "........", "....o...", "A.......", "########");
    assertThat(env.coinOnPath()).isFalse(); // floating, nothing to jump there
    env.setLevel("........", "........", "...o....", "A.#.....", "########");
    assertThat(env.coinOnPath()).isTrue(); // floating right past a block the run jumps
    env.setLevel("........", "........", "..o.....", "A.......", "###~####");
    assertThat(env.coinOnPath()).isTrue(); // floating over the take-off before a gap
    env.setLevel("........", "........", "......o.", "A.~.....", "########");
    assertThat(env.coinOnPath()).isFalse();

    // on generated levels: the reference run, played through the environment, gets the coin
    // exactly on the levels that say so
    for (LevelEnv.Split split : LevelEnv.Split.values()) {
      CoinAtEnd level = env(0.5, split);
      level.resetLevel(40);
      for (int i = 0; i < 1_000; i++) {
        if (i > 0) {
          level.resetLevel();
        }
        boolean onPath = level.coinOnPath();
        while (!level.terminated() && !level.truncated()) {
          int r = level.agentRow();
          int ahead = level.agentCol() + 1;
          boolean clear = !level.solidAt(r, ahead) && !level.hazardAt(r, ahead)
              && level.solidAt(r + 1, ahead);
          level.act(clear ? CoinAtEnd.RIGHT : CoinAtEnd.JUMP);
        }
        assertThat(level.died()).isFalse();
        assertThat(level.outcome() == CoinAtEnd.COIN).isEqualTo(onPath);
        assertThat(level.outcome()).isNotEqualTo(CoinAtEnd.NEITHER);
      }
    }
  }

  @Test
  void theAllocentricViewShowsTheWholeLevelAndWallsOffThePadding() {
    CoinAtEnd env = env(0, LevelEnv.Split.TRAIN);
    env.setLevel(
        "........",
        "........",
        "....o...",
        "A.#.~...",
        "######~#");
    double[] x = new double[env.observationSize()];
    assertThat(x).hasSize(4 * 5 * 24);
    assertThat(env.observationSpace().shape()).containsExactly(4, 5, 24);
    env.observe(x);
    int w = CoinAtEnd.MAX_LENGTH;
    int plane = 5 * w;
    for (int r = 0; r < 5; r++) {
      for (int c = 8; c < w; c++) {
        assertThat(x[r * w + c]).isEqualTo(1.0); // past the end: the end wall
      }
    }
    assertThat(x[4 * w]).isEqualTo(1.0); // ground
    assertThat(x[4 * w + 6]).isZero(); // the gap has no ground …
    assertThat(x[plane + 4 * w + 6]).isEqualTo(1.0); // … but a pit
    assertThat(x[3 * w + 2]).isEqualTo(1.0); // the block
    assertThat(x[plane + 3 * w + 4]).isEqualTo(1.0); // lava
    assertThat(x[2 * plane + 2 * w + 4]).isEqualTo(1.0); // the coin
    assertThat(x[3 * plane + 3 * w]).isEqualTo(1.0); // the agent
    assertThat(Arrays.stream(x, 2 * plane, 3 * plane).sum()).isEqualTo(1.0);
    assertThat(Arrays.stream(x, 3 * plane, 4 * plane).sum()).isEqualTo(1.0);
  }

  @Test
  void theEgocentricViewIsCentredOnTheAgentsColumn() {
    CoinAtEnd env = new CoinAtEnd(0, LevelEnv.Split.TRAIN, View.EGOCENTRIC);
    env.setLevel(
        "........",
        "........",
        "........",
        "A.#....o",
        "########");
    int w = 2 * CoinAtEnd.RADIUS + 1;
    assertThat(env.observationSpace().shape()).containsExactly(4, 5, w);
    double[] x = new double[env.observationSize()];
    env.observe(x);
    int plane = 5 * w;
    int mid = CoinAtEnd.RADIUS;
    for (int r = 0; r < 5; r++) {
      for (int c = 0; c < mid; c++) {
        assertThat(x[r * w + c]).isEqualTo(1.0); // left of column 0: the wall
      }
      for (int c = mid + 8; c < w; c++) {
        assertThat(x[r * w + c]).isEqualTo(1.0); // right of the end: the wall
      }
    }
    assertThat(x[3 * plane + 3 * w + mid]).isEqualTo(1.0); // the agent, middle column
    assertThat(x[3 * w + mid + 2]).isEqualTo(1.0); // the block two ahead
    assertThat(x[2 * plane + 3 * w + mid + 7]).isEqualTo(1.0); // the coin seven ahead
    env.act(CoinAtEnd.RIGHT);
    env.observe(x);
    assertThat(x[3 * w + mid + 1]).isEqualTo(1.0); // now one ahead
    assertThat(x[2 * plane + 3 * w + mid + 6]).isEqualTo(1.0);
    assertThat(x[3 * plane + 3 * w + mid]).isEqualTo(1.0);
    assertThat(x[0 * w + mid - 2]).isEqualTo(1.0); // two left of the agent: outside
    assertThat(x[0 * w + mid - 1]).isZero(); // column 0, row 0: open
  }

  @Test
  void badLevelsAreRejected() {
    CoinAtEnd env = env(0, LevelEnv.Split.TRAIN);
    assertThatThrownBy(() -> env.setLevel("A.o", "...", "###"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 rows");
    assertThatThrownBy(() -> env.setLevel("...", "...", "...", "A.o", "#.#"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 4");
    assertThatThrownBy(() -> env.setLevel("...", "...", "...", "..A", "###"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> env.setLevel("...", "...", "...", "o.A", "###"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("last column");
    assertThatThrownBy(() -> env.setLevel("...", "...", "...", "A?o", "###"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'?'");
    assertThatThrownBy(() -> new CoinAtEnd(1.5, LevelEnv.Split.TRAIN, View.ALLOCENTRIC))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p must be");
  }
}
