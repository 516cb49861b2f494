package org.saferlhub.interp;

import java.util.Locale;
import org.saferlhub.agent.neural.PolicyNet;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.env.procgen.LevelEnv;
import org.saferlhub.env.procgen.View;
import org.saferlhub.nn.Mlp;
import org.saferlhub.random.Rng;

/**
 * Linear probes (Alain &amp; Bengio 2016, arXiv:1610.01644): does a layer of the network carry a
 * quantity in a form a straight line can read off? Fit ridge regression from the layer's
 * activations to the quantity on some mazes, and score it (R²) on others.
 *
 * <pre>
 *   ŵ = argmin_w Σ_n (y_n − w·[1, aˡ_n])² + ρ ‖w‖²  =  (AᵀA + ρI)⁻¹ Aᵀy
 *   R² = 1 − Σ (y − ŷ)² / Σ (y − ȳ)²                 on held-out mazes
 * </pre>
 *
 * A probe that reads a quantity shows only that the information is there, not that the network
 * uses it; the lesson's follow-up (steering along the probe's direction) asks that. The same probe
 * on a randomly initialised network and on the raw input are the baselines: information the input
 * already carries linearly says nothing about what training built.
 */
public final class LinearProbe {

  /** What a probe reads. */
  public enum Target {
    /** The cheese's row, 1 … 7. */
    CHEESE_ROW,
    /** The cheese's column, 1 … 7. */
    CHEESE_COL,
    /** 1 if the cheese lies in the top-left 3 × 3, where training put it, else 0. */
    CHEESE_REGION,
    /** The direction to the cheese, across: the cheese's column minus the mouse's, −6 … 6. */
    CHEESE_DX,
    /** The direction to the cheese, down: the cheese's row minus the mouse's, −6 … 6. */
    CHEESE_DY;

    /** The id used on the command line: cheese-row, cheese-col, cheese-region, cheese-dx, cheese-dy. */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The target named {@code id}, naming the allowed ones if there is none. */
    public static Target of(String id) {
      for (Target t : values()) {
        if (t.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
          return t;
        }
      }
      throw new ParameterException("probe", "probe must be cheese-row, cheese-col, "
          + "cheese-region, cheese-dx or cheese-dy, was '"
          + (id.length() > 30 ? id.substring(0, 30) + "…" : id) + "'");
    }
  }

  /**
   * A probe's score.
   *
   * @param target what it read
   * @param layer the layer (0: the input)
   * @param train samples it was fitted on
   * @param test held-out samples it was scored on
   * @param r2 R² on the held-out samples
   * @param direction the probe's weights on the layer's units (ŵ without the bias): the direction
   *     in activation space along which the read-off quantity grows
   */
  public record Score(Target target, int layer, int train, int test, double r2,
      double[] direction) {}

  /** The ridge penalty ρ. */
  public static final double RHO = 1e-2;

  private LinearProbe() {}

  /**
   * Fits and scores a probe on {@code mazes} mazes (mixed: half training levels with p = 0.5,
   * half test levels), one sample per free square of each; the first 70 % of mazes fit, the rest
   * score.
   *
   * @param policy a cheese-in-the-corner network with this view
   * @param view its view
   * @param layer 0 (the input) to the last hidden layer
   * @param target what to read
   * @param mazes 10 to 2,000
   * @param seed the seed of the mazes
   */
  public static Score fit(PolicyNet policy, View view, int layer, Target target, int mazes,
      long seed) {
    Mlp net = policy.net();
    if (layer < 0 || layer >= net.layers()) {
      throw new ParameterException("layer", "layer must be from 0 (the input) to "
          + (net.layers() - 1) + ", was " + layer);
    }
    if (mazes < 10 || mazes > 2_000) {
      throw new ParameterException("mazes", "mazes must be from 10 to 2,000, was " + mazes);
    }
    int width = net.units(layer) + 1; // a bias column, then the activations
    double[][] ata = new double[width][width];
    double[] aty = new double[width];
    Rng rng = new Rng(seed);
    CheeseCorner train = new CheeseCorner(0.5, LevelEnv.Split.TRAIN, view);
    CheeseCorner test = new CheeseCorner(0, LevelEnv.Split.TEST, view);
    if (train.observationSize() != net.units(0)) {
      throw new ParameterException("model", "the network reads " + net.units(0) + " inputs; "
          + "cheese-corner's " + view.id() + " view has " + train.observationSize());
    }
    train.resetLevel(rng.nextLong());
    test.resetLevel(rng.nextLong());
    double[] x = new double[train.observationSize()];
    double[] row = new double[width];
    int fitMazes = (int) Math.round(mazes * 0.7);
    int nFit = 0;
    // first pass: the normal equations on the fitting mazes
    java.util.List<double[]> heldRows = new java.util.ArrayList<>();
    java.util.List<Double> heldY = new java.util.ArrayList<>();
    for (int m = 0; m < mazes; m++) {
      CheeseCorner env = m % 2 == 0 ? train : test;
      if (m >= 2) {
        env.resetLevel();
      }
      int start = env.mouse();
      for (int cell = 0; cell < CheeseCorner.SIZE * CheeseCorner.SIZE; cell++) {
        if (env.wall(cell) || cell == env.cheese()) {
          continue;
        }
        env.placeMouse(cell);
        env.observe(x);
        double y = value(target, env.cheese(), cell);
        net.setHook(null);
        net.forward(x);
        double[] a = net.activations(layer);
        row[0] = 1;
        System.arraycopy(a, 0, row, 1, a.length);
        if (m < fitMazes) {
          for (int i = 0; i < width; i++) {
            if (row[i] == 0) {
              continue;
            }
            for (int j = 0; j < width; j++) {
              ata[i][j] += row[i] * row[j]; // AᵀA
            }
            aty[i] += row[i] * y; // Aᵀy
          }
          nFit++;
        } else {
          heldRows.add(row.clone());
          heldY.add(y);
        }
      }
      env.placeMouse(start);
    }
    // tex: \hat w = (A^\top A + \rho I)^{-1} A^\top y, \qquad R^2 = 1 - \frac{\sum (y - \hat y)^2}{\sum (y - \bar y)^2}\ \text{on held-out mazes}
    // words: Fit the best straight-line read-out of the quantity from the layer's activations on some mazes, then score how much of its variation the line explains on mazes it has not seen.
    // region update
    for (int i = 1; i < width; i++) {
      ata[i][i] += RHO * nFit; // + ρI (scaled by the sample count; the bias is not penalised)
    }
    ata[0][0] += 1e-9;
    double[] w = solve(ata, aty); // ŵ = (AᵀA + ρI)⁻¹ Aᵀy
    double mean = 0;
    for (double y : heldY) {
      mean += y;
    }
    mean /= heldY.size();
    double residual = 0;
    double total = 0;
    for (int n = 0; n < heldRows.size(); n++) {
      double prediction = 0;
      double[] r = heldRows.get(n);
      for (int i = 0; i < width; i++) {
        prediction += w[i] * r[i]; // ŷ = w·[1, aˡ]
      }
      double y = heldY.get(n);
      residual += (y - prediction) * (y - prediction);
      total += (y - mean) * (y - mean);
    }
    // endregion
    return new Score(target, layer, nFit, heldRows.size(), total == 0 ? 0 : 1 - residual / total,
        java.util.Arrays.copyOfRange(w, 1, w.length));
  }

  /** The quantity a probe reads, with the cheese and the mouse on these cells. */
  static double value(Target target, int cheese, int mouse) {
    return switch (target) {
      case CHEESE_ROW -> cheese / CheeseCorner.SIZE;
      case CHEESE_COL -> cheese % CheeseCorner.SIZE;
      case CHEESE_REGION -> CheeseCorner.inTopLeft(cheese) ? 1 : 0;
      case CHEESE_DX -> cheese % CheeseCorner.SIZE - mouse % CheeseCorner.SIZE;
      case CHEESE_DY -> cheese / CheeseCorner.SIZE - mouse / CheeseCorner.SIZE;
    };
  }

  /** Solves M w = b by Gaussian elimination with partial pivoting (M is changed). */
  static double[] solve(double[][] m, double[] b) {
    int n = b.length;
    double[] rhs = b.clone();
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      double[] tmp = m[col];
      m[col] = m[pivot];
      m[pivot] = tmp;
      double t = rhs[col];
      rhs[col] = rhs[pivot];
      rhs[pivot] = t;
      double d = m[col][col];
      if (d == 0) {
        continue;
      }
      for (int r = col + 1; r < n; r++) {
        double f = m[r][col] / d;
        if (f == 0) {
          continue;
        }
        for (int c = col; c < n; c++) {
          m[r][c] -= f * m[col][c];
        }
        rhs[r] -= f * rhs[col];
      }
    }
    double[] w = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = rhs[r];
      for (int c = r + 1; c < n; c++) {
        s -= m[r][c] * w[c];
      }
      w[r] = m[r][r] == 0 ? 0 : s / m[r][r];
    }
    return w;
  }
}
