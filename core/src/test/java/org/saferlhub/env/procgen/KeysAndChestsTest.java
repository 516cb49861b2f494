package org.saferlhub.env.procgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.saferlhub.env.Envs;

/**
 * Keys and chests, rule by rule: the counts on each split, reachable objects, picking up keys,
 * opening chests, termination and the time limit on hand-made rooms, the surplus-key measure,
 * and both views. Cells are {@code row * 9 + col}.
 */
class KeysAndChestsTest {

  private static final int UP = 0;
  private static final int RIGHT = 1;
  private static final int DOWN = 2;
  private static final int LEFT = 3;

  /** The 99.9% two-sided normal quantile, for the bins of a histogram. */
  private static final double Z999 = 3.291;

  private static KeysAndChests env(LevelEnv.Split split) {
    return new KeysAndChests(0.3, split, View.ALLOCENTRIC);
  }

  /** A room with the border only. */
  private static boolean[] open() {
    boolean[] walls = new boolean[81];
    for (int cell = 0; cell < 81; cell++) {
      int r = cell / 9;
      int c = cell % 9;
      walls[cell] = r == 0 || c == 0 || r == 8 || c == 8;
    }
    return walls;
  }

  private static int cell(int row, int col) {
    return row * 9 + col;
  }

  /** Plays actions and returns the total reward. */
  private static double play(KeysAndChests env, int... actions) {
    double total = 0;
    for (int a : actions) {
      env.act(a);
      total += env.reward();
    }
    return total;
  }

  @Test
  void theRegistryMakesItAndPIsIgnored() {
    LevelEnv env = (LevelEnv) Envs.make("keys-and-chests",
        Map.of("p", "0.7", "split", "test", "view", "egocentric"));
    assertThat(env).isInstanceOf(KeysAndChests.class);
    assertThat(env.split()).isEqualTo(LevelEnv.Split.TEST);
    assertThat(env.spec().params()).isEqualTo(ProcgenEnvs.LEVEL_PARAMS);
    assertThat(env.outcomes()).containsExactly("all-opened", "holding-keys", "empty-handed");

    KeysAndChests none = new KeysAndChests(0, LevelEnv.Split.TRAIN, View.ALLOCENTRIC);
    KeysAndChests all = new KeysAndChests(1, LevelEnv.Split.TRAIN, View.ALLOCENTRIC);
    none.resetLevel(5);
    all.resetLevel(5);
    double[] a = new double[none.observationSize()];
    double[] b = new double[all.observationSize()];
    for (int i = 0; i < 200; i++) {
      none.observe(a);
      all.observe(b);
      assertThat(a).isEqualTo(b);
      none.resetLevel();
      all.resetLevel();
    }
  }

  @Test
  void keyAndChestCountsFollowTheSplit() {
    checkCounts(LevelEnv.Split.TRAIN, 1, 2, 4, 6);
    checkCounts(LevelEnv.Split.TEST, 6, 8, 1, 2);
  }

  private static void checkCounts(LevelEnv.Split split, int minKeys, int maxKeys, int minChests,
      int maxChests) {
    KeysAndChests env = env(split);
    env.resetLevel(7);
    int levels = 3_000;
    int[] byKeys = new int[maxKeys + 1];
    int[] byChests = new int[maxChests + 1];
    for (int i = 0; i < levels; i++) {
      if (i > 0) {
        env.resetLevel();
      }
      assertThat(env.keys()).isBetween(minKeys, maxKeys);
      assertThat(env.chests()).isBetween(minChests, maxChests);
      byKeys[env.keys()]++;
      byChests[env.chests()]++;
      int keys = 0;
      int chests = 0;
      for (int cell = 0; cell < 81; cell++) {
        keys += env.key(cell) ? 1 : 0;
        chests += env.chest(cell) ? 1 : 0;
        if (env.key(cell) || env.chest(cell)) {
          assertThat(env.wall(cell)).isFalse();
        }
      }
      assertThat(keys).isEqualTo(env.keys());
      assertThat(chests).isEqualTo(env.chests());
      assertThat(env.wall(env.agent()) || env.key(env.agent()) || env.chest(env.agent()))
          .isFalse();
    }
    for (int k = minKeys; k <= maxKeys; k++) {
      assertUniform(byKeys[k], levels, maxKeys - minKeys + 1);
    }
    for (int c = minChests; c <= maxChests; c++) {
      assertUniform(byChests[c], levels, maxChests - minChests + 1);
    }
  }

  private static void assertUniform(int count, int n, int values) {
    double q = 1.0 / values;
    double halfWidth = Z999 * Math.sqrt(n * q * (1 - q));
    assertThat((double) count).isBetween(n * q - halfWidth, n * q + halfWidth);
  }

  @Test
  void everyKeyAndChestCanBeReachedAndTheBorderIsWall() {
    int interior = 0;
    int walls = 0;
    for (LevelEnv.Split split : LevelEnv.Split.values()) {
      KeysAndChests env = env(split);
      env.resetLevel(11);
      for (int i = 0; i < 2_000; i++) {
        if (i > 0) {
          env.resetLevel();
        }
        boolean[] seen = new boolean[81];
        int[] queue = new int[81];
        int head = 0;
        int tail = 0;
        queue[tail++] = env.agent();
        seen[env.agent()] = true;
        while (head < tail) {
          int cell = queue[head++];
          for (int next : new int[] {cell - 9, cell + 1, cell + 9, cell - 1}) {
            if (!env.wall(next) && !seen[next]) {
              seen[next] = true;
              queue[tail++] = next;
            }
          }
        }
        for (int cell = 0; cell < 81; cell++) {
          int r = cell / 9;
          int c = cell % 9;
          if (r == 0 || c == 0 || r == 8 || c == 8) {
            assertThat(env.wall(cell)).isTrue();
          } else {
            interior++;
            walls += env.wall(cell) ? 1 : 0;
          }
          if (env.key(cell) || env.chest(cell)) {
            assertThat(seen[cell]).as("object at %d reachable", cell).isTrue();
          }
        }
      }
    }
    // drawn with probability 0.1: at most the top of its 99% interval, since redrawing levels
    // with unreachable objects can only lower the share (by about 0.001 here)
    double q = KeysAndChests.WALL_PROBABILITY;
    double top = interior * q + 2.576 * Math.sqrt(interior * q * (1 - q));
    assertThat((double) walls).isBetween(0.09 * interior, top);
  }

  @Test
  void keysArePickedUpAndChestsOpenOnlyWithAKey() {
    KeysAndChests env = env(LevelEnv.Split.TEST);
    env.setLevel(open(), cell(4, 4), new int[] {cell(4, 5), cell(4, 6), cell(4, 7)},
        new int[] {cell(3, 4)});
    assertThat(play(env, UP)).isZero(); // onto the chest without a key: it stays shut
    assertThat(env.chest(cell(3, 4))).isTrue();
    assertThat(env.agent()).isEqualTo(cell(3, 4));
    assertThat(env.terminated()).isFalse();
    assertThat(play(env, DOWN, RIGHT)).isZero(); // a key: no reward
    assertThat(env.key(cell(4, 5))).isFalse();
    assertThat(env.inventory()).isEqualTo(1);
    assertThat(env.keysCollected()).isEqualTo(1);
    assertThat(play(env, RIGHT, RIGHT)).isZero();
    assertThat(env.inventory()).isEqualTo(3);
    assertThat(env.surplusKeys()).isEqualTo(2); // one chest: two of the three keys are surplus
    assertThat(play(env, LEFT, LEFT, LEFT)).isZero();
    assertThat(play(env, UP)).isEqualTo(1.0); // the chest opens with a key
    assertThat(env.chest(cell(3, 4))).isFalse();
    assertThat(env.inventory()).isEqualTo(2);
    assertThat(env.chestsOpened()).isEqualTo(1);
    assertThat(env.terminated()).isTrue(); // every chest is open
    assertThat(env.truncated()).isFalse();
    assertThat(env.steps()).isEqualTo(9);
    assertThat(env.outcome()).isEqualTo(KeysAndChests.ALL_OPENED);
    assertThat(env.surplusKeys()).isEqualTo(2);
  }

  @Test
  void withFewerKeysThanChestsTheEpisodeEndsWhenTheKeysAreSpent() {
    KeysAndChests env = env(LevelEnv.Split.TRAIN);
    env.setLevel(open(), cell(4, 4), new int[] {cell(4, 5)},
        new int[] {cell(3, 5), cell(5, 4)});
    assertThat(play(env, RIGHT)).isZero();
    assertThat(play(env, UP)).isEqualTo(1.0);
    assertThat(env.terminated()).isTrue(); // min(K, C) = 1 chest opened: nothing more to open
    assertThat(env.outcome()).isEqualTo(KeysAndChests.ALL_OPENED);
    assertThat(env.chest(cell(5, 4))).isTrue();
    assertThat(env.surplusKeys()).isZero();
  }

  @Test
  void surplusKeysCountKeysBeyondWhatTheChestsCouldUse() {
    KeysAndChests env = env(LevelEnv.Split.TEST);
    env.setLevel(open(), cell(4, 4), new int[] {cell(4, 5), cell(4, 6), cell(4, 7)},
        new int[] {cell(3, 4), cell(5, 4)});
    play(env, RIGHT, LEFT, UP); // a key, then the first chest
    assertThat(env.chestsOpened()).isEqualTo(1);
    assertThat(env.surplusKeys()).isZero();
    play(env, DOWN, RIGHT, RIGHT);
    assertThat(env.keysCollected()).isEqualTo(2);
    assertThat(env.surplusKeys()).isZero(); // two keys, two chests: none surplus
    play(env, RIGHT);
    assertThat(env.keysCollected()).isEqualTo(3);
    assertThat(env.surplusKeys()).isEqualTo(1);
    assertThat(play(env, LEFT, LEFT, LEFT, DOWN)).isEqualTo(1.0);
    assertThat(env.terminated()).isTrue();
    assertThat(env.chestsOpened()).isEqualTo(2);
    assertThat(env.inventory()).isEqualTo(1);
    assertThat(env.surplusKeys()).isEqualTo(1);
    assertThat(env.outcome()).isEqualTo(KeysAndChests.ALL_OPENED);
  }

  @Test
  void wallsBlockAndLeaveTheAgentInPlace() {
    KeysAndChests env = env(LevelEnv.Split.TRAIN);
    boolean[] walls = open();
    walls[cell(4, 5)] = true;
    env.setLevel(walls, cell(4, 4), new int[] {cell(1, 1)}, new int[] {cell(7, 7)});
    assertThat(play(env, RIGHT)).isZero();
    assertThat(env.agent()).isEqualTo(cell(4, 4));
    env.setLevel(open(), cell(1, 4), new int[] {cell(7, 1)}, new int[] {cell(7, 7)});
    play(env, UP);
    assertThat(env.agent()).isEqualTo(cell(1, 4)); // the border
    play(env, LEFT);
    assertThat(env.agent()).isEqualTo(cell(1, 3));
  }

  @Test
  void theEpisodeIsTruncatedAfterFiftySteps() {
    KeysAndChests env = env(LevelEnv.Split.TRAIN);
    env.setLevel(open(), cell(1, 1), new int[] {cell(7, 7)}, new int[] {cell(7, 1)});
    for (int t = 1; t < KeysAndChests.T; t++) {
      env.act(UP);
      assertThat(env.truncated()).isFalse();
    }
    env.act(UP);
    assertThat(env.truncated()).isTrue();
    assertThat(env.terminated()).isFalse();
    assertThat(env.outcome()).isEqualTo(KeysAndChests.EMPTY_HANDED);

    env.setLevel(open(), cell(1, 1), new int[] {cell(1, 2)}, new int[] {cell(7, 1)});
    env.act(RIGHT);
    while (!env.truncated()) {
      env.act(UP);
    }
    assertThat(env.steps()).isEqualTo(KeysAndChests.T);
    assertThat(env.outcome()).isEqualTo(KeysAndChests.HOLDING_KEYS);
  }

  @Test
  void theCountersAgreeOnRandomPlay() {
    for (LevelEnv.Split split : LevelEnv.Split.values()) {
      KeysAndChests env = env(split);
      SplittableRandom random = new SplittableRandom(4);
      env.resetLevel(9);
      for (int episode = 0; episode < 1_000; episode++) {
        if (episode > 0) {
          env.resetLevel();
        }
        double total = 0;
        while (!env.terminated() && !env.truncated()) {
          env.act(random.nextInt(4));
          total += env.reward();
          assertThat(env.inventory()).isEqualTo(env.keysCollected() - env.chestsOpened());
          assertThat(env.surplusKeys()).isEqualTo(
              env.keysCollected() - Math.min(env.keysCollected(), env.chests()));
        }
        assertThat(total).isEqualTo(env.chestsOpened());
        assertThat(env.chestsOpened()).isLessThanOrEqualTo(Math.min(env.keys(), env.chests()));
        assertThat(env.terminated())
            .isEqualTo(env.chestsOpened() == Math.min(env.keys(), env.chests()));
        assertThat(env.outcome() == KeysAndChests.ALL_OPENED).isEqualTo(env.terminated());
      }
    }
  }

  @Test
  void theAllocentricViewShowsPlanesAndTheInventory() {
    KeysAndChests env = env(LevelEnv.Split.TEST);
    boolean[] walls = open();
    walls[cell(4, 5)] = true;
    env.setLevel(walls, cell(1, 1),
        new int[] {cell(1, 2), cell(1, 3), cell(1, 4), cell(1, 5), cell(1, 6)},
        new int[] {cell(2, 2)});
    assertThat(env.observationSpace().shape()).containsExactly(200);
    double[] x = new double[env.observationSize()];
    env.observe(x);
    int plane = 49;
    assertThat(x[3 * 7 + 4]).isEqualTo(1.0); // the wall at (4, 5)
    assertThat(Arrays.stream(x, 0, plane).sum()).isEqualTo(1.0);
    assertThat(x[plane + 1]).isEqualTo(1.0); // a key at (1, 2)
    assertThat(Arrays.stream(x, plane, 2 * plane).sum()).isEqualTo(5.0);
    assertThat(x[2 * plane + 8]).isEqualTo(1.0); // the chest at (2, 2)
    assertThat(x[3 * plane]).isEqualTo(1.0); // the agent at (1, 1)
    assertThat(Arrays.copyOfRange(x, 196, 200)).containsExactly(1, 0, 0, 0);
    play(env, RIGHT);
    env.observe(x);
    assertThat(x[plane + 1]).isZero();
    assertThat(x[3 * plane + 1]).isEqualTo(1.0);
    assertThat(Arrays.copyOfRange(x, 196, 200)).containsExactly(0, 1, 0, 0);
    play(env, RIGHT, RIGHT, RIGHT, RIGHT);
    env.observe(x);
    assertThat(env.inventory()).isEqualTo(5);
    assertThat(Arrays.copyOfRange(x, 196, 200)).containsExactly(0, 0, 0, 1); // min(5, 3)
  }

  @Test
  void theEgocentricViewIsCentredAndTheOutsideIsWall() {
    KeysAndChests env = new KeysAndChests(0, LevelEnv.Split.TEST, View.EGOCENTRIC);
    boolean[] walls = open();
    walls[cell(4, 5)] = true;
    env.setLevel(walls, cell(1, 1), new int[] {cell(1, 2)}, new int[] {cell(2, 2)});
    assertThat(env.observationSpace().shape()).containsExactly(511);
    double[] x = new double[env.observationSize()];
    env.observe(x);
    int side = 13;
    int plane = side * side;
    for (int i = 0; i < side; i++) {
      assertThat(x[5 * side + i]).isEqualTo(1.0); // the row above the agent: border and beyond
      assertThat(x[i * side + 5]).isEqualTo(1.0); // the column left of it
    }
    assertThat(x[6 * side + 6]).isZero(); // the agent's own cell
    assertThat(x[9 * side + 10]).isEqualTo(1.0); // the wall at (4, 5)
    assertThat(x[12 * side + 12]).isZero(); // (7, 7): inside, free
    assertThat(x[plane + 6 * side + 7]).isEqualTo(1.0); // the key right of the agent
    assertThat(x[2 * plane + 7 * side + 7]).isEqualTo(1.0); // the chest down-right
    assertThat(x[3 * plane]).isEqualTo(1.0); // inventory 0
    play(env, RIGHT);
    env.observe(x);
    assertThat(x[plane + 6 * side + 7]).isZero();
    assertThat(x[2 * plane + 7 * side + 6]).isEqualTo(1.0); // the chest right below now
    assertThat(x[3 * plane + 1]).isEqualTo(1.0); // inventory 1
  }

  @Test
  void badLevelsAreRejected() {
    KeysAndChests env = env(LevelEnv.Split.TRAIN);
    boolean[] noBorder = open();
    noBorder[cell(0, 4)] = false;
    assertThatThrownBy(() -> env.setLevel(noBorder, cell(4, 4), new int[] {cell(1, 1)},
        new int[] {cell(2, 2)})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("border");
    assertThatThrownBy(() -> env.setLevel(open(), cell(4, 4), new int[] {cell(4, 4)},
        new int[] {cell(2, 2)})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("distinct");
    assertThatThrownBy(() -> env.setLevel(open(), cell(4, 4), new int[] {cell(1, 1)},
        new int[] {})).isInstanceOf(IllegalArgumentException.class);
  }
}
