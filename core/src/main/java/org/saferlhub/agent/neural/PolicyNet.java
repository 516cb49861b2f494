package org.saferlhub.agent.neural;

import org.saferlhub.nn.Elementary;
import org.saferlhub.nn.Mlp;
import org.saferlhub.random.Rng;

/**
 * An actor and a critic sharing one network: of its outputs, the first n are the action logits z
 * and the last is the value estimate V(s).
 *
 * <pre>
 *   π(a | s) = exp z_a / Σ_b exp z_b          (softmax)
 *   log π(a | s) = z_a − m − log Σ_b exp(z_b − m),   m = max_b z_b
 * </pre>
 *
 * After {@link #evaluate(double[])}, {@link #probs()}, {@link #logProbs()} and {@link #value()}
 * hold the answer for that input (the network's own buffers: read them before the next call).
 */
public final class PolicyNet implements LevelPolicy {

  private final Mlp net;
  private final int actions;
  private final double[] probs;
  private final double[] logProbs;
  private double value;

  /** A policy over the network's outputs: all but the last are logits, the last is V(s). */
  public PolicyNet(Mlp net) {
    if (net.units(net.layers()) < 2) {
      throw new IllegalArgumentException("the network needs at least one logit and a value");
    }
    this.net = net;
    this.actions = net.units(net.layers()) - 1;
    this.probs = new double[actions];
    this.logProbs = new double[actions];
  }

  /**
   * A new network for {@code inputs} numbers and {@code actions} actions.
   *
   * @param hidden units per hidden layer
   */
  public static PolicyNet create(int inputs, int actions, int[] hidden, long seed) {
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = inputs;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = actions + 1;
    return new PolicyNet(new Mlp(sizes, Mlp.Activation.RELU, seed));
  }

  /** The network underneath (for hooks, saving and inspection). */
  public Mlp net() {
    return net;
  }

  /** The number of actions. */
  public int actions() {
    return actions;
  }

  /** Runs the network on {@code x} and fills {@link #probs()}, {@link #logProbs()}, V. */
  public void evaluate(double[] x) {
    double[] out = net.forward(x);
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < actions; a++) {
      max = Math.max(max, out[a]);
    }
    double sum = 0;
    for (int a = 0; a < actions; a++) {
      probs[a] = Elementary.exp(out[a] - max);
      sum += probs[a];
    }
    double logSum = Elementary.log(sum);
    for (int a = 0; a < actions; a++) {
      probs[a] /= sum; // π(a | s)
      logProbs[a] = out[a] - max - logSum; // log π(a | s)
    }
    value = out[actions];
  }

  /** π(· | s) of the last evaluation. */
  public double[] probs() {
    return probs;
  }

  /** log π(· | s) of the last evaluation. */
  public double[] logProbs() {
    return logProbs;
  }

  /** V(s) of the last evaluation. */
  public double value() {
    return value;
  }

  /** Entropy H = −Σ_a π(a) log π(a) of the last evaluation. */
  public double entropy() {
    double h = 0;
    for (int a = 0; a < actions; a++) {
      h -= probs[a] * logProbs[a];
    }
    return h;
  }

  /** Draws an action from π(· | s) of the last evaluation (one uniform number). */
  public int sample(Rng rng) {
    double u = rng.nextDouble();
    double cumulative = 0;
    for (int a = 0; a < actions - 1; a++) {
      cumulative += probs[a];
      if (u < cumulative) {
        return a;
      }
    }
    return actions - 1;
  }

  /** Evaluates {@code x} and samples an action from π(· | s). */
  @Override
  public int act(org.saferlhub.env.procgen.LevelEnv env, double[] x, Rng rng) {
    evaluate(x);
    return sample(rng);
  }

  /** An independent copy of the network. */
  public PolicyNet copy() {
    return new PolicyNet(net.copy());
  }
}
