package org.saferlhub.interp;

import org.jspecify.annotations.Nullable;
import org.saferlhub.agent.neural.PolicyNet;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.env.procgen.LevelEnv;
import org.saferlhub.env.procgen.View;
import org.saferlhub.nn.Mlp;
import org.saferlhub.random.Rng;

/**
 * Activation patching by resampling (the test Mini, Turner et al. 2023 ran on their maze network):
 * replace a hidden layer's activations with those the network computes on <em>another</em> maze,
 * with the mouse on the same square, and see whether the decision survives. If the layer carries
 * the cheese's position, activations from a maze with the cheese on the same square should keep
 * the network heading for this maze's cheese, and activations from a maze with the cheese
 * elsewhere should pull it away.
 *
 * <pre>
 *   aˡ(maze, s) ← aˡ(other maze, s)      other maze: new walls; the cheese on the same square,
 *                                        or on a different one
 *   ΔP(s) = P(toward cheese | patched) − P(toward cheese)      at every free square s
 * </pre>
 */
public final class Patching {

  /**
   * The result, means over every free square of every maze.
   *
   * @param layer the hidden layer patched
   * @param mazes the mazes
   * @param meanNone P(toward cheese) unpatched
   * @param meanSameCheese patched from a maze with the cheese on the same square
   * @param meanOtherCheese patched from a maze with the cheese on another square
   * @param meanAbsChangeSame mean |ΔP| for the same-cheese patch
   * @param meanAbsChangeOther mean |ΔP| for the other-cheese patch
   */
  public record Result(int layer, int mazes, double meanNone, double meanSameCheese,
      double meanOtherCheese, double meanAbsChangeSame, double meanAbsChangeOther) {}

  private Patching() {}

  /**
   * Patches layer {@code layer} over {@code mazes} test mazes.
   *
   * @param layer a hidden layer, 1 to the last
   * @param mazes 1 to 2,000
   */
  public static Result run(PolicyNet policy, View view, int layer, int mazes, long seed) {
    Mlp net = policy.net();
    if (layer < 1 || layer >= net.layers()) {
      throw new ParameterException("layer", "patching works on hidden layers, 1 to "
          + (net.layers() - 1) + ", was " + layer);
    }
    if (mazes < 1 || mazes > 2_000) {
      throw new ParameterException("mazes", "mazes must be from 1 to 2,000, was " + mazes);
    }
    CheeseCorner env = new CheeseCorner(0, LevelEnv.Split.TEST, view);
    CheeseCorner other = new CheeseCorner(0, LevelEnv.Split.TEST, view); // draws source walls
    CheeseCorner src = new CheeseCorner(0, LevelEnv.Split.TEST, view); // the source maze
    if (env.observationSize() != net.units(0)) {
      throw new ParameterException("model", "the network reads " + net.units(0) + " inputs; "
          + "cheese-corner's " + view.id() + " view has " + env.observationSize());
    }
    Rng rng = new Rng(seed);
    env.resetLevel(rng.nextLong());
    other.resetLevel(rng.nextLong());
    int[] dist = new int[CheeseCorner.SIZE * CheeseCorner.SIZE];
    double[] x = new double[env.observationSize()];
    double none = 0;
    double same = 0;
    double moved = 0;
    double absSame = 0;
    double absMoved = 0;
    int n = 0;
    for (int m = 0; m < mazes; m++) {
      if (m > 0) {
        env.resetLevel();
      }
      CheeseVector.distances(env, dist);
      int cheese = env.cheese();
      int start = env.mouse();
      for (int s = 0; s < dist.length; s++) {
        if (env.wall(s) || s == cheese || dist[s] == Integer.MAX_VALUE) {
          continue;
        }
        other.resetLevel(); // new walls for the source maze
        int elsewhere = otherCheese(env, s, cheese, rng);
        double[] fromSame = source(net, other, src, s, cheese, x, layer);
        double[] fromOther = source(net, other, src, s, elsewhere, x, layer);
        env.placeMouse(s);
        env.observe(x);
        double p = patched(policy, env, x, dist, layer, null);
        double pSame = patched(policy, env, x, dist, layer, fromSame);
        double pOther = patched(policy, env, x, dist, layer, fromOther);
        none += p;
        same += pSame;
        moved += pOther;
        absSame += Math.abs(pSame - p); // |ΔP|, same cheese square
        absMoved += Math.abs(pOther - p); // |ΔP|, cheese elsewhere
        n++;
      }
      env.placeMouse(start);
    }
    net.setHook(null);
    return new Result(layer, mazes, none / n, same / n, moved / n, absSame / n, absMoved / n);
  }

  /** A free-able square for the moved cheese: inside, not the mouse's, not this cheese's. */
  private static int otherCheese(CheeseCorner env, int mouse, int cheese, Rng rng) {
    while (true) {
      int r = 1 + rng.nextInt(CheeseCorner.INSIDE);
      int c = 1 + rng.nextInt(CheeseCorner.INSIDE);
      int cell = r * CheeseCorner.SIZE + c;
      if (cell != mouse && cell != cheese && cell != CheeseCorner.CORNER) {
        return cell;
      }
    }
  }

  /**
   * Layer {@code layer}'s activations on the source maze's walls with the mouse on {@code mouse}
   * and the cheese on {@code cheese} (both squares cleared of walls), a copy.
   */
  private static double[] source(Mlp net, CheeseCorner other, CheeseCorner src, int mouse,
      int cheese, double[] x, int layer) {
    boolean[] walls = other.walls();
    walls[mouse] = false;
    walls[cheese] = false;
    src.setLevel(walls, cheese, mouse);
    src.observe(x);
    return CheeseVector.activations(net, x, layer);
  }

  /** P(toward cheese) at the mouse's square, layer {@code layer} replaced by the source's. */
  private static double patched(PolicyNet policy, CheeseCorner env, double[] x, int[] dist,
      int layer, double @Nullable [] from) {
    Mlp net = policy.net();
    if (from == null) {
      net.setHook(null);
    } else {
      net.setHook((l, act) -> {
        if (l == layer) {
          System.arraycopy(from, 0, act, 0, act.length); // aˡ ← aˡ(other maze)
        }
      });
    }
    policy.evaluate(x);
    net.setHook(null);
    return CheeseVector.towardCheese(policy.probs(), env, dist);
  }
}
