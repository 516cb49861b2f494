package org.saferlhub.policy;

import java.util.Arrays;
import org.saferlhub.config.ParameterException;
import org.saferlhub.random.Rng;

/**
 * The first half of RLHF (Christiano et al. 2017; Ouyang et al. 2022): compared pairs of answers
 * from the base model, and a reward model fitted to them by Bradley–Terry maximum likelihood, in
 * a table with one learned reward per answer (an action of a bandit, or a text of the tiny
 * language model).
 *
 * <p>In plain words: a judge compares two answers the base model gave and picks one, the better
 * one more often the further apart their proxy scores are. The reward model gives every answer a
 * number so that the winners' numbers beat the losers'. An answer that never appeared in a pair
 * keeps the number a small weight decay gives it, 0, whatever it is really worth: the reward
 * model knows nothing about answers the base model hardly ever gives, which is where an exploit
 * lives. The second half of RLHF is any of the lab's optimisers paid this learned reward
 * instead of the proxy.
 *
 * <pre>
 *   pairs (y1, y2) ~ π_ref × π_ref (equal answers skipped), P(y1 ≻ y2) = σ(r(y1) − r(y2))
 *   L(r̂) = −Σ_i log σ(r̂(y_w,i) − r̂(y_l,i)) + (λ/2) Σ_y r̂(y)²
 * </pre>
 *
 * This is the most likely r̂ under a normal prior of variance 1/λ on each reward (maximum a
 * posteriori), so an answer seen in many pairs is fitted by its data and one seen in a few
 * stays near 0. L is strictly convex for λ &gt; 0, so it has one minimiser, found by Newton's
 * method with a backtracking line search. Bradley–Terry only sees differences of rewards; λ picks
 * the smallest reward vector among the equally good ones (and keeps a pair whose winner always
 * won from pushing the difference to infinity).
 */
public final class RewardModel {

  /** The default weight decay λ: a prior of standard deviation 1 on each reward. */
  public static final double DEFAULT_LAMBDA = 1;
  /** Newton's iterations stop once every gradient entry is below this times the pairs. */
  static final double TOLERANCE = 1e-12;
  private static final int MAX_ITERATIONS = 200;

  private RewardModel() {}

  /**
   * Compared pairs, winner first ({@code pairs[i] = {w, l}}): answers drawn from {@code
   * reference}, the winner by Bradley–Terry on {@code proxy}; a pair of equal answers says
   * nothing and is drawn again (up to 100 n tries, so fewer pairs come back only when the
   * reference is nearly a single answer).
   */
  public static int[][] comparisons(double[] reference, double[] proxy, int n, Rng rng) {
    int[][] out = new int[n][];
    int made = 0;
    for (int tries = 0; made < n && tries < 100 * n; tries++) {
      int y1 = LabStep.sample(reference, rng.nextDouble());
      int y2 = LabStep.sample(reference, rng.nextDouble());
      if (y1 == y2) {
        continue; // a pair of equal answers says nothing
      }
      // Bradley–Terry: y1 wins with probability σ(r1 − r2)
      double p = sigmoid(proxy[y1] - proxy[y2]);
      out[made++] = rng.nextDouble() < p ? new int[] {y1, y2} : new int[] {y2, y1};
    }
    return Arrays.copyOf(out, made);
  }

  /** How many pairs contain answer {@code y}. */
  public static int pairsWith(int[][] pairs, int y) {
    int n = 0;
    for (int[] pair : pairs) {
      n += pair[0] == y || pair[1] == y ? 1 : 0;
    }
    return n;
  }

  /**
   * The learned rewards r̂ minimising L (see the class comment).
   *
   * @param answers how many answers there are (the length of r̂)
   * @param pairs compared pairs, winner first, each answer in 0 … answers − 1
   * @param lambda the weight decay λ, more than 0 and at most 100
   * @throws ParameterException naming {@code lambda} or {@code pairs}
   */
  public static double[] fit(int answers, int[][] pairs, double lambda) {
    if (!(lambda > 0 && lambda <= 100)) {
      throw new ParameterException("lambda", "the reward model's lambda must be more than 0 and "
          + "at most 100, was " + lambda);
    }
    double[] r = new double[answers];
    if (pairs.length == 0) {
      return r;
    }
    // Only answers that appear in a pair move; the others keep r̂ = 0, the decay's minimum.
    int[] index = new int[answers];
    Arrays.fill(index, -1);
    int seen = 0;
    for (int[] pair : pairs) {
      for (int y : pair) {
        if (y < 0 || y >= answers) {
          throw new ParameterException("pairs", "pairs must name answers from 0 to "
              + (answers - 1) + ", had " + y);
        }
        if (index[y] < 0) {
          index[y] = seen++;
        }
      }
    }
    // wins[a][b]: how many of the N pairs a won against b
    double[][] wins = new double[seen][seen];
    for (int[] pair : pairs) {
      wins[index[pair[0]]][index[pair[1]]] += 1;
    }
    double[] x = new double[seen];
    double[] g = new double[seen];
    double[][] h = new double[seen][seen];
    double loss = loss(wins, x, lambda);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double largest = gradientAndHessian(wins, x, lambda, g, h);
      if (largest < TOLERANCE * pairs.length) {
        break;
      }
      double[] d = solve(h, g.clone()); // the Newton step: H d = ∇L
      double t = 1;
      double[] next = new double[seen];
      double nextLoss;
      double slope = 0;
      for (int i = 0; i < seen; i++) {
        slope += g[i] * d[i];
      }
      while (true) { // backtrack until L falls enough (Armijo)
        for (int i = 0; i < seen; i++) {
          next[i] = x[i] - t * d[i];
        }
        nextLoss = loss(wins, next, lambda);
        if (nextLoss <= loss - 1e-4 * t * slope || t < 1e-10) {
          break;
        }
        t /= 2;
      }
      if (!(nextLoss < loss)) {
        break; // no further progress in floating point
      }
      x = next;
      loss = nextLoss;
    }
    for (int y = 0; y < answers; y++) {
      r[y] = index[y] < 0 ? 0 : x[index[y]];
    }
    return r;
  }

  /** L(r̂) over the answers seen. */
  private static double loss(double[][] wins, double[] r, double lambda) {
    double l = 0;
    for (int a = 0; a < r.length; a++) {
      l += lambda / 2 * r[a] * r[a]; // (λ/2) r̂(a)²
      for (int b = 0; b < r.length; b++) {
        if (wins[a][b] > 0) {
          l -= wins[a][b] * logSigmoid(r[a] - r[b]); // −log σ(r̂_w − r̂_l), per pair
        }
      }
    }
    return l;
  }

  /** ∇L into g and ∇²L into h; returns max |∇L|. */
  private static double gradientAndHessian(double[][] wins, double[] r, double lambda,
      double[] g, double[][] h) {
    int k = r.length;
    for (int a = 0; a < k; a++) {
      g[a] = lambda * r[a];
      Arrays.fill(h[a], 0);
      h[a][a] = lambda;
    }
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        if (wins[a][b] > 0) {
          double s = sigmoid(r[a] - r[b]);
          double push = wins[a][b] * (1 - s); // −∂/∂r̂_a of log σ(r̂_a − r̂_b), per pair
          g[a] -= push;
          g[b] += push;
          double curve = wins[a][b] * s * (1 - s); // σ'(r̂_a − r̂_b)
          h[a][a] += curve;
          h[b][b] += curve;
          h[a][b] -= curve;
          h[b][a] -= curve;
        }
      }
    }
    double largest = 0;
    for (double x : g) {
      largest = Math.max(largest, Math.abs(x));
    }
    return largest;
  }

  /** Solves h d = g by Gaussian elimination with partial pivoting (h is positive definite). */
  private static double[] solve(double[][] h, double[] g) {
    int k = g.length;
    double[][] m = new double[k][];
    for (int i = 0; i < k; i++) {
      m[i] = h[i].clone();
    }
    for (int col = 0; col < k; col++) {
      int pivot = col;
      for (int row = col + 1; row < k; row++) {
        if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
          pivot = row;
        }
      }
      double[] swap = m[col];
      m[col] = m[pivot];
      m[pivot] = swap;
      double t = g[col];
      g[col] = g[pivot];
      g[pivot] = t;
      for (int row = col + 1; row < k; row++) {
        double f = m[row][col] / m[col][col];
        if (f != 0) {
          for (int j = col; j < k; j++) {
            m[row][j] -= f * m[col][j];
          }
          g[row] -= f * g[col];
        }
      }
    }
    double[] d = new double[k];
    for (int row = k - 1; row >= 0; row--) {
      double s = g[row];
      for (int j = row + 1; j < k; j++) {
        s -= m[row][j] * d[j];
      }
      d[row] = s / m[row][row];
    }
    return d;
  }

  static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + StrictMath.exp(-x)) : StrictMath.exp(x) / (1 + StrictMath.exp(x));
  }

  /** log σ(x) = −log(1 + e^{−x}), without overflow. */
  private static double logSigmoid(double x) {
    return x >= 0 ? -StrictMath.log1p(StrictMath.exp(-x)) : x - StrictMath.log1p(
        StrictMath.exp(x));
  }
}
