package org.saferlhub.interp;

import org.jspecify.annotations.Nullable;
import org.saferlhub.agent.neural.PolicyNet;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.nn.Mlp;

/**
 * A network's vector field on one maze: its move probabilities π(up, right, down, left | s) with
 * the mouse put on every free square s in turn, optionally with a vector added to a layer at every
 * forward pass (an intervention), and the distance between two fields.
 *
 * <pre>
 *   field(s)   = π(· | s)                        aˡ ← aˡ + c·v at every forward pass (c = 0: none)
 *   TV(s)      = ½ Σ_a |π₁(a | s) − π₂(a | s)|   the total-variation distance, 0 (same) … 1
 *   P(toward t) = mean over s of Σ π(a | s) over the moves a that shorten the way to square t
 * </pre>
 *
 * Between two training checkpoints, TV per square shows where and when the network changed its
 * mind; P(toward the cheese) against P(toward the corner) says which goal a field serves.
 */
public final class VectorField {

  private VectorField() {}

  /**
   * The field on the env's current maze (the mouse goes back to its start afterwards).
   *
   * @param layer where {@code vector} is added (0: the input)
   * @param vector the vector added (its length is the layer's width); ignored when scale is 0
   * @param scale c, the multiple added
   * @return per square of the 81, the four probabilities; null on walls, on the cheese and on
   *     squares from which the cheese cannot be reached
   */
  public static @Nullable double[][] of(PolicyNet policy, CheeseCorner env, int layer,
      double[] vector, double scale) {
    Mlp net = policy.net();
    int[] dist = new int[CheeseCorner.SIZE * CheeseCorner.SIZE];
    CheeseVector.distances(env, env.cheese(), dist);
    double[] x = new double[env.observationSize()];
    double[][] field = new double[dist.length][];
    int start = env.mouse();
    for (int s = 0; s < dist.length; s++) {
      if (env.wall(s) || s == env.cheese() || dist[s] == Integer.MAX_VALUE) {
        continue;
      }
      env.placeMouse(s);
      env.observe(x);
      CheeseVector.pToward(policy, env, x, dist, layer, vector, scale); // π(· | s), intervened
      field[s] = policy.probs().clone();
    }
    net.setHook(null);
    env.placeMouse(start);
    return field;
  }

  /** The field with no intervention: π(· | s) at every free square the cheese can be reached from. */
  public static @Nullable double[][] of(PolicyNet policy, CheeseCorner env) {
    return of(policy, env, 1, new double[0], 0);
  }

  /** TV(s) = ½ Σ_a |p(a | s) − q(a | s)| per square; NaN where either field has no entry. */
  public static double[] totalVariation(@Nullable double[][] p, @Nullable double[][] q) {
    double[] tv = new double[p.length];
    for (int s = 0; s < p.length; s++) {
      if (p[s] == null || q[s] == null) {
        tv[s] = Double.NaN;
        continue;
      }
      double sum = 0;
      for (int a = 0; a < p[s].length; a++) {
        sum += Math.abs(p[s][a] - q[s][a]); // |π₁(a | s) − π₂(a | s)|
      }
      tv[s] = sum / 2;
    }
    return tv;
  }

  /** The mean of the squares' values that are not NaN (0 if none is). */
  public static double mean(double[] perSquare) {
    double sum = 0;
    int n = 0;
    for (double v : perSquare) {
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  /**
   * Mean, over the squares the field covers, of the probability of the moves that shorten the way
   * to square {@code target} on the env's current maze (squares that cannot reach it are skipped).
   */
  public static double meanToward(@Nullable double[][] field, CheeseCorner env, int target) {
    int[] dist = new int[field.length];
    CheeseVector.distances(env, target, dist);
    double sum = 0;
    int n = 0;
    for (int s = 0; s < field.length; s++) {
      if (field[s] == null || s == target || dist[s] == Integer.MAX_VALUE) {
        continue;
      }
      sum += CheeseVector.towardAt(field[s], env, s, dist);
      n++;
    }
    return n == 0 ? 0 : sum / n;
  }
}
