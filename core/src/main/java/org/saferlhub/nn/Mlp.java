package org.saferlhub.nn;

import org.jspecify.annotations.Nullable;
import org.saferlhub.config.ParameterException;
import org.saferlhub.random.Rng;

/**
 * A small multilayer perceptron on plain {@code double[]} arrays, with a hand-written backward
 * pass and hooks that read and overwrite its hidden activations.
 *
 * <p>In plain words: the input goes through a few layers; each hidden layer mixes the previous
 * layer's numbers with a weight matrix, adds a bias and bends the result (tanh or ReLU); the last
 * layer only mixes, so its outputs can be action logits or a value. Training needs, for every
 * weight, how much a small change of it would change the loss: the backward pass computes all of
 * them at once by the chain rule, from the output back to the input.
 *
 * <pre>
 *   a⁰ = x
 *   zˡ_o = bˡ_o + Σ_i a^{l−1}_i Wˡ_{i,o}          l = 1 … L
 *   aˡ = f(zˡ) for the hidden layers l &lt; L,   a^L = z^L (linear output)
 *
 *   δ^L = ∂loss/∂a^L                              (given by the caller)
 *   ∂loss/∂Wˡ_{i,o} = a^{l−1}_i δˡ_o,   ∂loss/∂bˡ_o = δˡ_o
 *   δ^{l−1}_i = f′(z^{l−1}_i) Σ_o Wˡ_{i,o} δˡ_o
 * </pre>
 *
 * Weights are stored input-major ({@code w[l][i * out + o]}), so an input that is 0, as almost
 * all of a one-hot grid observation is, costs nothing: the forward pass and the weight gradient
 * skip it. Gradients accumulate over {@link #backward} calls until {@link #zeroGrad}.
 * Initialisation is Glorot-uniform from a seeded {@link Rng}, biases 0: same seed, same network,
 * bit for bit. Nothing is allocated per forward or backward pass.
 *
 * <p><b>Hooks</b> ({@link #setHook}): after each hidden layer's activation aˡ is computed, the
 * hook sees it and may overwrite it in place (to ablate a unit, patch in another input's
 * activations or add a steering vector); the rest of the forward pass, and the weight gradients
 * of the layer above, use the overwritten values. The backward pass treats the hook's change as
 * a constant added to f(zˡ): through a hooked unit it still multiplies by f′(zˡ) (kept from the
 * forward pass, before the hook), which is exact
 * for an added vector and not for a unit the hook pinned to a value.
 */
public final class Mlp {

  /** The hidden layers' nonlinearity f. */
  public enum Activation {
    /** f(z) = tanh z, f′ = 1 − f². */
    TANH,
    /** f(z) = max(0, z), f′ = 1 where z &gt; 0, else 0. */
    RELU
  }

  /** Sees, and may overwrite in place, a hidden layer's activations during a forward pass. */
  @FunctionalInterface
  public interface Hook {
    /**
     * Called once per hidden layer and forward pass.
     *
     * @param layer the hidden layer, 1 … {@link #layers()} − 1
     * @param activation its activations aˡ, which the hook may change
     */
    void after(int layer, double[] activation);
  }

  /** The most units in a layer. */
  public static final int MAX_UNITS = 4_096;

  private final int[] sizes;
  private final Activation activation;
  private final double[][] w;
  private final double[][] b;
  private final double[][] gw;
  private final double[][] gb;
  private final double[][] a;
  private final double[][] z;
  private final double[][] slope;
  private final double[][] delta;
  private final double[] inputGradient;
  private @Nullable Hook hook;

  /**
   * A network with Glorot-uniform weights and zero biases.
   *
   * @param sizes units per layer, input first, output last: at least 2 layers, each 1 to
   *     {@value #MAX_UNITS}
   * @param activation the hidden layers' nonlinearity
   * @param seed the initialisation's seed
   * @throws ParameterException naming {@code sizes}
   */
  public Mlp(int[] sizes, Activation activation, long seed) {
    if (sizes.length < 2) {
      throw new ParameterException("sizes", "sizes must list at least an input and an output "
          + "layer, had " + sizes.length);
    }
    for (int n : sizes) {
      if (n < 1 || n > MAX_UNITS) {
        throw new ParameterException("sizes", "each layer must have 1 to " + MAX_UNITS
            + " units, had " + n);
      }
    }
    this.sizes = sizes.clone();
    this.activation = activation;
    int layers = sizes.length - 1;
    w = new double[layers][];
    b = new double[layers][];
    gw = new double[layers][];
    gb = new double[layers][];
    a = new double[sizes.length][];
    z = new double[sizes.length][];
    slope = new double[sizes.length][];
    delta = new double[sizes.length][];
    Rng rng = new Rng(seed);
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      w[l] = new double[in * out];
      b[l] = new double[out];
      gw[l] = new double[in * out];
      gb[l] = new double[out];
      double limit = Math.sqrt(6.0 / (in + out)); // Glorot and Bengio (2010), uniform
      for (int k = 0; k < w[l].length; k++) {
        w[l][k] = (2 * rng.nextDouble() - 1) * limit;
      }
    }
    for (int l = 0; l < sizes.length; l++) {
      a[l] = new double[sizes[l]];
      z[l] = new double[sizes[l]];
      slope[l] = new double[sizes[l]];
      delta[l] = new double[sizes[l]];
    }
    inputGradient = new double[sizes[0]];
  }

  /** How many weight layers (the number of layers of units minus 1). */
  public int layers() {
    return sizes.length - 1;
  }

  /** Units in layer {@code l} (0: the input, {@link #layers()}: the output). */
  public int units(int l) {
    return sizes[l];
  }

  /** The hidden layers' nonlinearity. */
  public Activation activation() {
    return activation;
  }

  /** The units per layer, input first (a copy). */
  public int[] sizes() {
    return sizes.clone();
  }

  /** Sets the hook called after every hidden layer (null: none). */
  public void setHook(@Nullable Hook hook) {
    this.hook = hook;
  }

  /**
   * The forward pass. The answer is the network's own output buffer: read it before the next
   * call, and copy it to keep it.
   *
   * @param x the input, of {@link #units(int) units(0)} numbers
   * @return the output a^L
   */
  public double[] forward(double[] x) {
    if (x.length != sizes[0]) {
      throw new IllegalArgumentException("input has " + x.length + " numbers, the network takes "
          + sizes[0]);
    }
    System.arraycopy(x, 0, a[0], 0, x.length);
    int last = layers();
    for (int l = 1; l <= last; l++) {
      double[] in = a[l - 1];
      double[] weights = w[l - 1];
      double[] pre = z[l];
      int out = sizes[l];
      System.arraycopy(b[l - 1], 0, pre, 0, out); // zˡ = bˡ …
      for (int i = 0; i < in.length; i++) {
        double ai = in[i];
        if (ai == 0) {
          continue; // a zero input adds nothing: one-hot inputs cost one row each
        }
        int row = i * out;
        for (int o = 0; o < out; o++) {
          pre[o] += ai * weights[row + o]; // … + Σ_i a^{l−1}_i Wˡ_{i,o}
        }
      }
      double[] act = a[l];
      if (l == last) {
        System.arraycopy(pre, 0, act, 0, out); // a^L = z^L: a linear output
      } else {
        double[] fPrime = slope[l];
        for (int o = 0; o < out; o++) {
          if (activation == Activation.TANH) {
            double t = StrictMath.tanh(pre[o]);
            act[o] = t; // aˡ = f(zˡ)
            fPrime[o] = 1 - t * t; // f′(zˡ), kept for the backward pass
          } else {
            act[o] = Math.max(0, pre[o]);
            fPrime[o] = pre[o] > 0 ? 1 : 0;
          }
        }
        if (hook != null) {
          hook.after(l, act);
        }
      }
    }
    return a[last];
  }

  /**
   * The backward pass for the last {@link #forward}: adds ∂loss/∂W and ∂loss/∂b to the
   * gradients ({@link #gradients()}).
   *
   * @param dOutput ∂loss/∂a^L, of {@link #units(int) units(layers())} numbers
   */
  public void backward(double[] dOutput) {
    backward(dOutput, false);
  }

  /**
   * The backward pass down to the input: like {@link #backward(double[])}, and returns
   * ∂loss/∂x (the network's own buffer), as saliency maps need. Weight gradients accumulate too.
   */
  public double[] backwardToInput(double[] dOutput) {
    backward(dOutput, true);
    return inputGradient;
  }

  // tex: \frac{\partial L}{\partial W^l_{i,o}} = a^{l-1}_i\,\delta^l_o, \qquad \delta^{l-1}_i = f'(z^{l-1}_i) \sum_o W^l_{i,o}\,\delta^l_o
  // words: Going backwards from the output, each weight's gradient is its input times the error signal of the unit it feeds, and each unit's error signal is the weighted sum of the signals above it, times the slope of its nonlinearity.
  // region update
  private void backward(double[] dOutput, boolean toInput) {
    int last = layers();
    if (dOutput.length != sizes[last]) {
      throw new IllegalArgumentException("dOutput has " + dOutput.length + " numbers, the "
          + "network has " + sizes[last] + " outputs");
    }
    System.arraycopy(dOutput, 0, delta[last], 0, dOutput.length); // δ^L = ∂loss/∂a^L
    for (int l = last; l >= 1; l--) {
      double[] d = delta[l];
      double[] in = a[l - 1];
      double[] weights = w[l - 1];
      double[] gradW = gw[l - 1];
      double[] gradB = gb[l - 1];
      int out = sizes[l];
      for (int o = 0; o < out; o++) {
        gradB[o] += d[o]; // ∂loss/∂bˡ_o = δˡ_o
      }
      for (int i = 0; i < in.length; i++) {
        double ai = in[i];
        if (ai == 0) {
          continue;
        }
        int row = i * out;
        for (int o = 0; o < out; o++) {
          gradW[row + o] += ai * d[o]; // ∂loss/∂Wˡ_{i,o} = a^{l−1}_i δˡ_o
        }
      }
      if (l == 1 && !toInput) {
        break; // the input's gradient is not needed for training
      }
      double[] below = l == 1 ? inputGradient : delta[l - 1];
      double[] fPrime = l == 1 ? null : slope[l - 1];
      for (int i = 0; i < in.length; i++) {
        if (fPrime != null && fPrime[i] == 0) {
          below[i] = 0; // a unit ReLU switched off passes no gradient down
          continue;
        }
        int row = i * out;
        double s = 0;
        for (int o = 0; o < out; o++) {
          s += weights[row + o] * d[o]; // Σ_o Wˡ_{i,o} δˡ_o
        }
        below[i] = fPrime == null ? s : s * fPrime[i]; // δ^{l−1}_i = f′(z^{l−1}_i) · …
      }
    }
  }
  // endregion

  /** Sets every gradient to 0. */
  public void zeroGrad() {
    for (int l = 0; l < gw.length; l++) {
      java.util.Arrays.fill(gw[l], 0);
      java.util.Arrays.fill(gb[l], 0);
    }
  }

  /**
   * The parameters, for an optimiser to change in place: W¹, b¹, W², b², … ({@link #gradients()}
   * lists their gradients in the same order).
   */
  public double[][] parameters() {
    double[][] out = new double[2 * w.length][];
    for (int l = 0; l < w.length; l++) {
      out[2 * l] = w[l];
      out[2 * l + 1] = b[l];
    }
    return out;
  }

  /** The accumulated gradients, in the order of {@link #parameters()}. */
  public double[][] gradients() {
    double[][] out = new double[2 * gw.length][];
    for (int l = 0; l < gw.length; l++) {
      out[2 * l] = gw[l];
      out[2 * l + 1] = gb[l];
    }
    return out;
  }

  /** A copy of layer {@code l}'s activations in the last forward pass (0: the input). */
  public double[] activations(int l) {
    return a[l].clone();
  }

  /** An independent copy: same weights, zero gradients, no hook. */
  public Mlp copy() {
    Mlp c = new Mlp(sizes, activation, 0);
    for (int l = 0; l < w.length; l++) {
      System.arraycopy(w[l], 0, c.w[l], 0, w[l].length);
      System.arraycopy(b[l], 0, c.b[l], 0, b[l].length);
    }
    return c;
  }
}
