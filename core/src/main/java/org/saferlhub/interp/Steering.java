package org.saferlhub.interp;

import org.saferlhub.agent.neural.PolicyNet;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.env.procgen.LevelEnv;
import org.saferlhub.env.procgen.View;
import org.saferlhub.random.Rng;

/**
 * Steering along a probe's direction: the causal follow-up to a {@link LinearProbe}. A probe that
 * reads "the cheese is in the top-left region" from a layer shows the information is there;
 * adding α times the probe's direction to that layer at every forward pass, and watching whether
 * the mouse turns toward the corner, asks whether the network <em>uses</em> it.
 *
 * <pre>
 *   û = ŵ / ‖ŵ‖                          the probe's direction (ridge weights without the bias)
 *   aˡ ← aˡ + α·û                        at every forward pass (−α: the other way)
 *   P(toward cheese), P(toward corner)   mean over the free squares, as in {@link VectorField}
 * </pre>
 *
 * A random unit direction with the same α is the control.
 */
public final class Steering {

  /**
   * The result: mean P(toward the cheese) and P(toward the corner) over the mazes' free squares,
   * with no change, with +α·û, with −α·û and with α times a random unit vector.
   *
   * @param probeR2 the probe's held-out R², so that a direction from a probe that reads nothing
   *     is not taken seriously
   * @param direction û, the unit direction added
   */
  public record Result(LinearProbe.Target target, int layer, double alpha, int mazes,
      double probeR2, double[] direction, double cheeseNone, double cornerNone,
      double cheesePlus, double cornerPlus, double cheeseMinus, double cornerMinus,
      double cheeseRandom, double cornerRandom) {}

  /** Mazes the probe is fitted on. */
  public static final int PROBE_MAZES = 200;

  private Steering() {}

  /** The probe's unit direction û on {@code layer}. */
  public static LinearProbe.Score probe(PolicyNet policy, View view, int layer,
      LinearProbe.Target target, long seed) {
    return LinearProbe.fit(policy, view, layer, target, PROBE_MAZES, seed);
  }

  /** û = ŵ / ‖ŵ‖ (zeros if ŵ is zero). */
  public static double[] unit(double[] w) {
    double norm = 0;
    for (double v : w) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    double[] u = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      u[i] = norm == 0 ? 0 : w[i] / norm;
    }
    return u;
  }

  /**
   * Steers over {@code mazes} test mazes.
   *
   * @param layer a hidden layer, 1 to the last
   * @param alpha α, [−20, 20]
   * @param mazes 1 to 1,000
   */
  public static Result run(PolicyNet policy, View view, int layer, LinearProbe.Target target,
      double alpha, int mazes, long seed) {
    if (layer < 1 || layer >= policy.net().layers()) {
      throw new ParameterException("layer", "steering works on hidden layers, 1 to "
          + (policy.net().layers() - 1) + ", was " + layer);
    }
    if (!(alpha >= -20 && alpha <= 20)) {
      throw new ParameterException("alpha", "alpha must be from -20 to 20, was " + alpha);
    }
    if (mazes < 1 || mazes > 1_000) {
      throw new ParameterException("mazes", "mazes must be from 1 to 1,000, was " + mazes);
    }
    LinearProbe.Score score = probe(policy, view, layer, target, seed);
    double[] u = unit(score.direction());
    Rng rng = new Rng(seed + 1);
    double[] random = new double[u.length];
    for (int i = 0; i < random.length; i++) {
      random[i] = 2 * rng.nextDouble() - 1;
    }
    random = unit(random);
    CheeseCorner env = new CheeseCorner(0, LevelEnv.Split.TEST, view);
    env.resetLevel(rng.nextLong());
    double[] sums = new double[8];
    for (int m = 0; m < mazes; m++) {
      if (m > 0) {
        env.resetLevel();
      }
      double[][][] fields = {
          VectorField.of(policy, env, layer, u, 0),
          VectorField.of(policy, env, layer, u, alpha), // aˡ + α·û
          VectorField.of(policy, env, layer, u, -alpha), // aˡ − α·û
          VectorField.of(policy, env, layer, random, alpha)}; // the control
      for (int f = 0; f < fields.length; f++) {
        sums[2 * f] += VectorField.meanToward(fields[f], env, env.cheese());
        sums[2 * f + 1] += VectorField.meanToward(fields[f], env, CheeseCorner.CORNER);
      }
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] /= mazes;
    }
    return new Result(target, layer, alpha, mazes, score.r2(), u, sums[0], sums[1], sums[2],
        sums[3], sums[4], sums[5], sums[6], sums[7]);
  }
}
