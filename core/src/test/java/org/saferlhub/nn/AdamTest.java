package org.saferlhub.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;

/** Adam: its first step by hand, and a network it trains. */
class AdamTest {

  /**
   * After the bias correction, the first step is −α·g/(|g| + ε) per parameter: about α against
   * the gradient's sign, whatever the gradient's size.
   */
  @Test
  void theFirstStepIsAlphaAgainstTheGradientsSign() {
    double[][] theta = {{1, 2, 3}};
    double[][] grad = {{0.5, -1e-3, 40}};
    Adam adam = new Adam(theta, grad, 0.1, 0.9, 0.999, 1e-8);
    adam.step();
    assertThat(theta[0][0]).isCloseTo(1 - 0.1 * 0.5 / (0.5 + 1e-8), within(1e-15));
    assertThat(theta[0][1]).isCloseTo(2 + 0.1 * 1e-3 / (1e-3 + 1e-8), within(1e-12));
    assertThat(theta[0][2]).isCloseTo(3 - 0.1, within(1e-9));
    assertThat(adam.steps()).isEqualTo(1);
  }

  /**
   * A small tanh network learns XOR with Adam: the squared error over the four cases falls below
   * 0.01 within 2,000 steps (it starts near 1).
   */
  @Test
  void trainsANetworkToFitXor() {
    Mlp net = new Mlp(new int[] {2, 8, 1}, Mlp.Activation.TANH, 5);
    Adam adam = Adam.of(net, 0.02, 1e-8);
    double[][] xs = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    double[] ys = {-1, 1, 1, -1};
    double error = Double.NaN;
    double[] d = new double[1];
    for (int step = 0; step < 2_000; step++) {
      net.zeroGrad();
      error = 0;
      for (int k = 0; k < 4; k++) {
        double e = net.forward(xs[k])[0] - ys[k];
        error += e * e;
        d[0] = 2 * e / 4; // ∂/∂y of the mean squared error
        net.backward(d);
      }
      error /= 4;
      adam.step();
    }
    assertThat(error).isLessThan(0.01);
  }

  @Test
  void badSettingsNameTheField() {
    double[][] p = {{0}};
    assertThatThrownBy(() -> new Adam(p, p, 0, 0.9, 0.999, 1e-8))
        .isInstanceOf(ParameterException.class).hasMessageContaining("learning rate");
    assertThatThrownBy(() -> new Adam(p, p, 0.1, 1, 0.999, 1e-8))
        .isInstanceOf(ParameterException.class).hasMessageContaining("beta1");
    assertThatThrownBy(() -> new Adam(p, p, 0.1, 0.9, 0.999, 0))
        .isInstanceOf(ParameterException.class).hasMessageContaining("epsilon");
  }
}
