package org.saferlhub.interp;

import java.util.Arrays;
import java.util.Comparator;
import org.saferlhub.agent.neural.PolicyNet;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.env.procgen.LevelEnv;
import org.saferlhub.env.procgen.View;
import org.saferlhub.nn.Mlp;
import org.saferlhub.random.Rng;

/**
 * Ablation: switch hidden units off, one at a time, and measure how much the network's pull
 * toward the cheese weakens (Meyes et al. 2019, arXiv:1901.08644, for the method on networks).
 *
 * <pre>
 *   mean ablation:  aˡ_u ← mean of aˡ_u over the mazes      (zero ablation: aˡ_u ← 0)
 *   effect(u) = P(toward cheese | u ablated) − P(toward cheese)     averaged over every free square
 * </pre>
 *
 * The units whose ablation lowers P(toward cheese) most are the candidates for "where the cheese
 * is used"; ablating the top k together is then compared with ablating k units drawn at random,
 * both on other mazes than the ones the top k were chosen on.
 */
public final class Ablation {

  /**
   * The result.
   *
   * @param layer the hidden layer
   * @param mazes the mazes measured
   * @param mean true for mean ablation, false for zero ablation
   * @param baseline mean P(toward cheese) with nothing ablated
   * @param effects per unit, the change in mean P(toward cheese) when it alone is ablated
   * @param top the k units with the most negative effect, most negative first
   * @param topEffect the change when the top k are ablated together, on held-out mazes
   * @param randomEffect the mean change when k random units are ablated together (20 draws), on
   *     the same held-out mazes
   */
  public record Result(int layer, int mazes, boolean mean, double baseline, double[] effects,
      int[] top, double topEffect, double randomEffect) {}

  private Ablation() {}

  /**
   * Ablates every unit of a hidden layer, one at a time, over {@code mazes} test mazes.
   *
   * @param k how many units form the top set, 1 to the layer's width
   */
  public static Result run(PolicyNet policy, View view, int layer, int mazes, int k,
      boolean meanAblation, long seed) {
    Mlp net = policy.net();
    if (layer < 1 || layer >= net.layers()) {
      throw new ParameterException("layer", "ablation works on hidden layers, 1 to "
          + (net.layers() - 1) + ", was " + layer);
    }
    int width = net.units(layer);
    if (k < 1 || k > width) {
      throw new ParameterException("top", "top must be from 1 to " + width + ", was " + k);
    }
    if (mazes < 1 || mazes > 2_000) {
      throw new ParameterException("mazes", "mazes must be from 1 to 2,000, was " + mazes);
    }
    CheeseCorner env = new CheeseCorner(0, LevelEnv.Split.TEST, view);
    if (env.observationSize() != net.units(0)) {
      throw new ParameterException("model", "the network reads " + net.units(0) + " inputs; "
          + "cheese-corner's " + view.id() + " view has " + env.observationSize());
    }
    // the unit means over every square of the mazes, for mean ablation
    double[] means = new double[width];
    Rng rng = new Rng(seed);
    long mazeSeed = rng.nextLong();
    double[] x = new double[env.observationSize()];
    int samples = 0;
    env.resetLevel(mazeSeed);
    for (int m = 0; m < mazes; m++) {
      if (m > 0) {
        env.resetLevel();
      }
      int start = env.mouse();
      for (int cell = 0; cell < CheeseCorner.SIZE * CheeseCorner.SIZE; cell++) {
        if (env.wall(cell) || cell == env.cheese()) {
          continue;
        }
        env.placeMouse(cell);
        env.observe(x);
        net.setHook(null);
        net.forward(x);
        double[] a = net.activations(layer);
        for (int u = 0; u < width; u++) {
          means[u] += a[u];
        }
        samples++;
      }
      env.placeMouse(start);
    }
    for (int u = 0; u < width; u++) {
      means[u] /= samples;
    }
    boolean[] off = new boolean[width];
    double baseline = pToward(policy, env, mazeSeed, mazes, layer, off, means, meanAblation);
    double[] effects = new double[width];
    for (int u = 0; u < width; u++) {
      off[u] = true;
      effects[u] = pToward(policy, env, mazeSeed, mazes, layer, off, means, meanAblation)
          - baseline;
      off[u] = false;
    }
    long heldOut = rng.nextLong();
    double heldBaseline = pToward(policy, env, heldOut, mazes, layer, new boolean[width], means,
        meanAblation);
    Integer[] order = new Integer[width];
    for (int u = 0; u < width; u++) {
      order[u] = u;
    }
    Arrays.sort(order, Comparator.comparingDouble(u -> effects[u]));
    int[] top = new int[k];
    for (int i = 0; i < k; i++) {
      top[i] = order[i];
      off[order[i]] = true;
    }
    double topEffect = pToward(policy, env, heldOut, mazes, layer, off, means, meanAblation)
        - heldBaseline;
    double randomSum = 0;
    int draws = 20;
    for (int d = 0; d < draws; d++) {
      Arrays.fill(off, false);
      int chosen = 0;
      while (chosen < k) {
        int u = rng.nextInt(width);
        if (!off[u]) {
          off[u] = true;
          chosen++;
        }
      }
      randomSum += pToward(policy, env, heldOut, mazes, layer, off, means, meanAblation)
          - heldBaseline;
    }
    return new Result(layer, mazes, meanAblation, baseline, effects, top, topEffect,
        randomSum / draws);
  }

  /** Mean P(toward cheese) over the mazes' free squares with the units {@code off} ablated. */
  static double pToward(PolicyNet policy, CheeseCorner env, long mazeSeed, int mazes, int layer,
      boolean[] off, double[] means, boolean meanAblation) {
    Mlp net = policy.net();
    net.setHook((l, act) -> {
      if (l == layer) {
        for (int u = 0; u < act.length; u++) {
          if (off[u]) {
            act[u] = meanAblation ? means[u] : 0; // aˡ_u ← its mean (or 0)
          }
        }
      }
    });
    double[] x = new double[env.observationSize()];
    int[] dist = new int[CheeseCorner.SIZE * CheeseCorner.SIZE];
    double sum = 0;
    env.resetLevel(mazeSeed);
    for (int m = 0; m < mazes; m++) {
      if (m > 0) {
        env.resetLevel();
      }
      CheeseVector.distances(env, dist);
      double mazeSum = 0;
      int n = 0;
      int start = env.mouse();
      for (int cell = 0; cell < dist.length; cell++) {
        if (env.wall(cell) || cell == env.cheese() || dist[cell] == Integer.MAX_VALUE) {
          continue;
        }
        env.placeMouse(cell);
        env.observe(x);
        policy.evaluate(x);
        mazeSum += CheeseVector.towardCheese(policy.probs(), env, dist);
        n++;
      }
      env.placeMouse(start);
      sum += mazeSum / n;
    }
    net.setHook(null);
    return sum / mazes;
  }
}
