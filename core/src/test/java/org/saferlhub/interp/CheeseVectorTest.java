package org.saferlhub.interp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.saferlhub.agent.neural.PolicyNet;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.env.procgen.LevelEnv;
import org.saferlhub.env.procgen.View;

/**
 * The cheese vector's identities, which hold for any weights: patching a layer with its own
 * activations changes nothing; at the square it was taken from, subtracting the vector at any
 * layer is deleting the cheese; on the allocentric input (layer 0) it is deleting the cheese at
 * every square, which is why the lesson takes the vector from a hidden layer.
 */
class CheeseVectorTest {

  private static final PolicyNet NET = PolicyNet.create(2 * 13 * 13, 4, new int[] {32, 32}, 9);
  private static final PolicyNet ALLO = PolicyNet.create(3 * 7 * 7, 4, new int[] {32, 32}, 9);

  private static CheeseCorner maze(View view, long seed) {
    CheeseCorner env = new CheeseCorner(0, LevelEnv.Split.TEST, view);
    env.resetLevel(seed);
    return env;
  }

  @Test
  void patchingALayerWithItsOwnActivationsChangesNothing() {
    CheeseCorner env = maze(View.EGOCENTRIC, 1);
    double[] x = new double[env.observationSize()];
    env.observe(x);
    NET.evaluate(x);
    double[] before = NET.probs().clone();
    for (int layer = 1; layer <= 2; layer++) {
      double[] own = CheeseVector.activations(NET.net(), x, layer);
      int target = layer;
      NET.net().setHook((l, act) -> {
        if (l == target) {
          System.arraycopy(own, 0, act, 0, act.length);
        }
      });
      NET.evaluate(x);
      NET.net().setHook(null);
      assertThat(NET.probs()).containsExactly(before);
    }
  }

  @Test
  void atItsOwnSquareSubtractingTheVectorIsDeletingTheCheese() {
    for (long seed = 1; seed <= 5; seed++) {
      CheeseCorner env = maze(View.EGOCENTRIC, seed);
      double[] x = new double[env.observationSize()];
      int[] dist = new int[81];
      CheeseVector.distances(env, dist);
      env.observe(x);
      double[] without = x.clone();
      without[env.cheeseIndex()] = 0;
      NET.evaluate(without);
      double[] deleted = NET.probs().clone();
      for (int layer = 0; layer <= 2; layer++) {
        double[] with = CheeseVector.activations(NET.net(), x, layer);
        double[] wo = CheeseVector.activations(NET.net(), without, layer);
        double[] v = new double[with.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = with[i] - wo[i];
        }
        CheeseVector.pToward(NET, env, x, dist, layer, v, -1);
        for (int a = 0; a < 4; a++) {
          assertThat(NET.probs()[a]).as("seed %d layer %d", seed, layer)
              .isCloseTo(deleted[a], within(1e-12));
        }
      }
    }
  }

  /** Allocentric, layer 0: the same as deleting the cheese over the whole maze. */
  @Test
  void onTheAllocentricInputTheVectorIsTheCheeseItself() {
    CheeseVector.Result r = CheeseVector.run(ALLO, View.ALLOCENTRIC, 0, 20, 1, 4);
    assertThat(r.meanNorm()).isEqualTo(1.0);
    CheeseCorner env = maze(View.ALLOCENTRIC, 0);
    double[] x = new double[env.observationSize()];
    int[] dist = new int[81];
    double deletedSum = 0;
    org.saferlhub.random.Rng rng = new org.saferlhub.random.Rng(4);
    env.resetLevel(rng.nextLong());
    for (int m = 0; m < 20; m++) {
      if (m > 0) {
        env.resetLevel();
      }
      CheeseVector.distances(env, dist);
      double sum = 0;
      int n = 0;
      int start = env.mouse();
      for (int cell = 0; cell < 81; cell++) {
        if (env.wall(cell) || cell == env.cheese() || dist[cell] == Integer.MAX_VALUE) {
          continue;
        }
        env.placeMouse(cell);
        env.observe(x);
        x[env.cheeseIndex()] = 0;
        sum += CheeseVector.pToward(ALLO, env, x, dist, 0, new double[x.length], 0);
        n++;
      }
      env.placeMouse(start);
      deletedSum += sum / n;
      randomDraws(rng, x.length); // the run draws one random vector per maze
    }
    assertThat(r.meanSubtract()).isCloseTo(deletedSum / 20, within(1e-12));
  }

  private static void randomDraws(org.saferlhub.random.Rng rng, int n) {
    for (int i = 0; i < n; i++) {
      rng.nextDouble();
    }
  }

  @Test
  void settingsOutOfRangeNameTheirField() {
    assertThatThrownBy(() -> CheeseVector.run(NET, View.EGOCENTRIC, 3, 10, 1, 0))
        .isInstanceOf(ParameterException.class).hasMessageContaining("layer must be from 0");
    assertThatThrownBy(() -> CheeseVector.run(NET, View.EGOCENTRIC, 1, 0, 1, 0))
        .hasMessageContaining("mazes must be from 1");
    assertThatThrownBy(() -> CheeseVector.run(NET, View.ALLOCENTRIC, 1, 10, 1, 0))
        .hasMessageContaining("the network reads 338 inputs");
  }
}
