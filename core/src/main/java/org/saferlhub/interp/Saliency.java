package org.saferlhub.interp;

import org.saferlhub.agent.neural.PolicyNet;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.env.procgen.View;
import org.saferlhub.nn.Mlp;

/**
 * Saliency maps for one decision of a cheese-in-the-corner network: which squares of the board
 * the network's choice is most sensitive to, by three measures, drawn on the board's 81 squares.
 *
 * <pre>
 *   gradient:          S(c) = Σ_{inputs i of square c} |∂ log π(a* | x) / ∂x_i|
 *   gradient × input:  S(c) = Σ_{inputs i of square c} |x_i · ∂ log π(a* | x) / ∂x_i|
 *   occlusion:         S(c) = |log π(a* | x with square c's wall toggled) − log π(a* | x)|
 * </pre>
 *
 * a* is the network's most likely move. Occlusion changes the input and watches the output, so it
 * is the ground truth the gradient maps approximate; the cheese's own occlusion (removing it) is
 * reported apart. Adebayo et al. (2018, "Sanity checks for saliency maps") ask that a saliency
 * method change when the network's weights are randomised: {@link #rankCorrelation} compares two
 * maps.
 */
public final class Saliency {

  /**
   * The maps of one decision.
   *
   * @param action a*, the most likely move (0 up, 1 right, 2 down, 3 left)
   * @param gradient per board square (81, row-major), 0 on the border
   * @param gradientTimesInput per board square
   * @param occlusion per inside square but the mouse's and the cheese's
   * @param cheeseOcclusion |Δ log π(a*)| when the cheese is removed
   */
  public record Maps(int action, double[] gradient, double[] gradientTimesInput,
      double[] occlusion, double cheeseOcclusion) {}

  private Saliency() {}

  /** The three maps for the network's decision in {@code env}'s current state. */
  public static Maps of(PolicyNet policy, CheeseCorner env) {
    Mlp net = policy.net();
    net.setHook(null);
    double[] x = new double[env.observationSize()];
    env.observe(x);
    policy.evaluate(x);
    int best = 0;
    for (int a = 1; a < policy.actions(); a++) {
      if (policy.probs()[a] > policy.probs()[best]) {
        best = a;
      }
    }
    double logp = policy.logProbs()[best];
    double[] dOut = new double[policy.actions() + 1];
    for (int b = 0; b < policy.actions(); b++) {
      dOut[b] = (b == best ? 1 : 0) - policy.probs()[b]; // ∂ log π(a*)/∂z_b
    }
    double[] grad = net.backwardToInput(dOut).clone();
    net.zeroGrad();
    int cells = CheeseCorner.SIZE * CheeseCorner.SIZE;
    double[] g = new double[cells];
    double[] gx = new double[cells];
    for (int i = 0; i < x.length; i++) {
      int cell = cellOf(env, i);
      if (cell >= 0) {
        g[cell] += Math.abs(grad[i]);
        gx[cell] += Math.abs(x[i] * grad[i]);
      }
    }
    double[] occ = new double[cells];
    boolean[] walls = env.walls();
    int mouse = env.mouse();
    int cheese = env.cheese();
    for (int cell = 0; cell < cells; cell++) {
      int r = cell / CheeseCorner.SIZE;
      int c = cell % CheeseCorner.SIZE;
      boolean inside = r >= 1 && r <= CheeseCorner.INSIDE && c >= 1 && c <= CheeseCorner.INSIDE;
      if (!inside || cell == mouse || cell == cheese || cell == CheeseCorner.CORNER) {
        continue;
      }
      boolean[] toggled = walls.clone();
      toggled[cell] = !toggled[cell];
      env.setLevel(toggled, cheese, mouse);
      env.observe(x);
      policy.evaluate(x);
      occ[cell] = Math.abs(policy.logProbs()[best] - logp);
    }
    env.setLevel(walls, cheese, mouse);
    env.observe(x);
    x[env.cheeseIndex()] = 0;
    policy.evaluate(x);
    double cheeseOcc = Math.abs(policy.logProbs()[best] - logp);
    return new Maps(best, g, gx, occ, cheeseOcc);
  }

  /** The board square input {@code i} describes, or −1 if it lies outside the board. */
  static int cellOf(CheeseCorner env, int i) {
    int inside = CheeseCorner.INSIDE;
    if (env.view() == View.ALLOCENTRIC) {
      int k = i % (inside * inside);
      return (k / inside + 1) * CheeseCorner.SIZE + (k % inside + 1);
    }
    int side = 2 * CheeseCorner.RADIUS + 1;
    int k = i % (side * side);
    int r = env.mouse() / CheeseCorner.SIZE + k / side - CheeseCorner.RADIUS;
    int c = env.mouse() % CheeseCorner.SIZE + k % side - CheeseCorner.RADIUS;
    return r >= 0 && r < CheeseCorner.SIZE && c >= 0 && c < CheeseCorner.SIZE
        ? r * CheeseCorner.SIZE + c : -1;
  }

  /** Spearman's rank correlation of two maps over the squares where either is non-zero. */
  public static double rankCorrelation(double[] a, double[] b) {
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] != 0 || b[i] != 0) {
        n++;
      }
    }
    double[] xa = new double[n];
    double[] xb = new double[n];
    int k = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] != 0 || b[i] != 0) {
        xa[k] = a[i];
        xb[k] = b[i];
        k++;
      }
    }
    double[] ra = ranks(xa);
    double[] rb = ranks(xb);
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < n; i++) {
      ma += ra[i];
      mb += rb[i];
    }
    ma /= n;
    mb /= n;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < n; i++) {
      sab += (ra[i] - ma) * (rb[i] - mb);
      saa += (ra[i] - ma) * (ra[i] - ma);
      sbb += (rb[i] - mb) * (rb[i] - mb);
    }
    return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
  }

  private static double[] ranks(double[] v) {
    Integer[] order = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (p, q) -> Double.compare(v[p], v[q]));
    double[] r = new double[v.length];
    int i = 0;
    while (i < v.length) {
      int j = i;
      while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0; // ties share their mean rank
      for (int k = i; k <= j; k++) {
        r[order[k]] = rank;
      }
      i = j + 1;
    }
    return r;
  }
}
