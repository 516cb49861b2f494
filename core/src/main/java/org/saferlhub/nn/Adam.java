package org.saferlhub.nn;

import org.saferlhub.config.ParameterException;

/**
 * Adam (Kingma and Ba, 2015): gradient descent with a step per parameter scaled by running
 * averages of the gradient and of its square.
 *
 * <p>In plain words: each parameter moves against its gradient, but by roughly the learning rate
 * whatever the gradient's size, less where the gradient keeps changing sign, more where it keeps
 * pointing the same way.
 *
 * <pre>
 *   t ← t + 1
 *   m ← β₁ m + (1 − β₁) g          v ← β₂ v + (1 − β₂) g²
 *   m̂ = m / (1 − β₁ᵗ)              v̂ = v / (1 − β₂ᵗ)
 *   θ ← θ − α m̂ / (√v̂ + ε)
 * </pre>
 *
 * It changes the parameters in place ({@link Mlp#parameters()}) from the gradients (
 * {@link Mlp#gradients()}); it allocates nothing per step.
 */
public final class Adam {

  private final double[][] theta;
  private final double[][] grad;
  private final double[][] m;
  private final double[][] v;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private double alpha;
  private double beta1Power = 1;
  private double beta2Power = 1;
  private long t;

  /**
   * An optimiser of these parameters.
   *
   * @param parameters θ, changed in place
   * @param gradients g, one array per parameter array, of the same lengths
   * @param alpha the learning rate α, more than 0
   * @param beta1 β₁, from 0 to less than 1 (usually 0.9)
   * @param beta2 β₂, from 0 to less than 1 (usually 0.999)
   * @param epsilon ε, more than 0 (1e-8 in the paper; CleanRL's PPO uses 1e-5)
   * @throws ParameterException naming the bad setting
   */
  public Adam(double[][] parameters, double[][] gradients, double alpha, double beta1,
      double beta2, double epsilon) {
    if (parameters.length != gradients.length) {
      throw new IllegalArgumentException("one gradient array per parameter array");
    }
    setAlpha(alpha);
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new ParameterException("beta1", "beta1 must be from 0 to less than 1, was " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new ParameterException("beta2", "beta2 must be from 0 to less than 1, was " + beta2);
    }
    if (!(epsilon > 0)) {
      throw new ParameterException("epsilon", "epsilon must be more than 0, was " + epsilon);
    }
    this.theta = parameters.clone();
    this.grad = gradients.clone();
    this.m = new double[parameters.length][];
    this.v = new double[parameters.length][];
    for (int k = 0; k < parameters.length; k++) {
      if (parameters[k].length != gradients[k].length) {
        throw new IllegalArgumentException("gradient " + k + " has " + gradients[k].length
            + " numbers, its parameters " + parameters[k].length);
      }
      m[k] = new double[parameters[k].length];
      v[k] = new double[parameters[k].length];
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  /** Adam for a network, with α and the paper's β₁ = 0.9, β₂ = 0.999 and this ε. */
  public static Adam of(Mlp net, double alpha, double epsilon) {
    return new Adam(net.parameters(), net.gradients(), alpha, 0.9, 0.999, epsilon);
  }

  /** Changes the learning rate (for a schedule). */
  public void setAlpha(double alpha) {
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new ParameterException("alpha", "the learning rate must be more than 0, was "
          + alpha);
    }
    this.alpha = alpha;
  }

  /** How many steps were taken. */
  public long steps() {
    return t;
  }

  /** One step from the current gradients. */
  public void step() {
    t++;
    beta1Power *= beta1; // β₁ᵗ
    beta2Power *= beta2; // β₂ᵗ
    double correction1 = 1 - beta1Power;
    double correction2 = 1 - beta2Power;
    for (int k = 0; k < theta.length; k++) {
      double[] p = theta[k];
      double[] g = grad[k];
      double[] mk = m[k];
      double[] vk = v[k];
      for (int j = 0; j < p.length; j++) {
        mk[j] = beta1 * mk[j] + (1 - beta1) * g[j]; // m ← β₁ m + (1 − β₁) g
        vk[j] = beta2 * vk[j] + (1 - beta2) * g[j] * g[j]; // v ← β₂ v + (1 − β₂) g²
        double mHat = mk[j] / correction1;
        double vHat = vk[j] / correction2;
        p[j] -= alpha * mHat / (Math.sqrt(vHat) + epsilon); // θ ← θ − α m̂ / (√v̂ + ε)
      }
    }
  }
}
