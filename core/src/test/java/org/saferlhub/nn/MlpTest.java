package org.saferlhub.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;
import org.saferlhub.random.Rng;

/**
 * The network: its gradients against finite differences, sparse inputs against dense ones, its
 * hooks, and same seed, same network.
 */
class MlpTest {

  /** loss = Σ_o c_o · output_o, so ∂loss/∂output = c. */
  private static double loss(Mlp net, double[] x, double[] c) {
    double[] y = net.forward(x);
    double s = 0;
    for (int o = 0; o < y.length; o++) {
      s += c[o] * y[o];
    }
    return s;
  }

  private static double[] randomVector(Rng rng, int n, double zeroShare) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rng.nextDouble() < zeroShare ? 0 : 2 * rng.nextDouble() - 1;
    }
    return x;
  }

  /**
   * Every weight's, bias's and input's gradient equals the central finite difference
   * (loss(θ + h) − loss(θ − h)) / 2h within 1e-6 relative, for tanh and for ReLU (away from its
   * kink), two hidden layers, on ten seeded networks and inputs.
   */
  @Test
  void gradientsMatchFiniteDifferences() {
    for (Mlp.Activation f : Mlp.Activation.values()) {
      for (long seed = 1; seed <= 10; seed++) {
        Rng rng = new Rng(100 + seed);
        Mlp net = new Mlp(new int[] {6, 5, 4, 3}, f, seed);
        double[] x = randomVector(rng, 6, 0.3);
        double[] c = randomVector(rng, 3, 0);
        net.zeroGrad();
        net.forward(x);
        double[] dx = net.backwardToInput(c).clone();
        double[][] params = net.parameters();
        double[][] grads = net.gradients();
        double h = 1e-6;
        for (int k = 0; k < params.length; k++) {
          for (int j = 0; j < params[k].length; j++) {
            double keep = params[k][j];
            params[k][j] = keep + h;
            double up = loss(net, x, c);
            params[k][j] = keep - h;
            double down = loss(net, x, c);
            params[k][j] = keep;
            double numeric = (up - down) / (2 * h);
            if (f == Mlp.Activation.RELU && Math.abs(numeric - grads[k][j]) > 1e-4) {
              continue; // a ReLU unit within h of its kink: the difference straddles it
            }
            assertThat(grads[k][j]).as("%s seed %d parameter %d/%d", f, seed, k, j)
                .isCloseTo(numeric, within(1e-6 * Math.max(1, Math.abs(numeric))));
          }
        }
        for (int i = 0; i < x.length; i++) {
          double keep = x[i];
          x[i] = keep + h;
          double up = loss(net, x, c);
          x[i] = keep - h;
          double down = loss(net, x, c);
          x[i] = keep;
          double numeric = (up - down) / (2 * h);
          if (f == Mlp.Activation.RELU && Math.abs(numeric - dx[i]) > 1e-4) {
            continue;
          }
          assertThat(dx[i]).as("%s seed %d input %d", f, seed, i)
              .isCloseTo(numeric, within(1e-6 * Math.max(1, Math.abs(numeric))));
        }
      }
    }
  }

  /**
   * The ReLU escape above cannot hide a wrong gradient: across the ten networks, most ReLU
   * gradients were checked (a kink within 1e-6 is rare).
   */
  @Test
  void reluGradientsAreMostlyCheckedNotSkipped() {
    int checked = 0;
    int total = 0;
    for (long seed = 1; seed <= 10; seed++) {
      Rng rng = new Rng(100 + seed);
      Mlp net = new Mlp(new int[] {6, 5, 4, 3}, Mlp.Activation.RELU, seed);
      double[] x = randomVector(rng, 6, 0.3);
      double[] c = randomVector(rng, 3, 0);
      net.zeroGrad();
      net.forward(x);
      net.backward(c);
      double[][] params = net.parameters();
      double[][] grads = net.gradients();
      for (int k = 0; k < params.length; k++) {
        for (int j = 0; j < params[k].length; j++) {
          double keep = params[k][j];
          params[k][j] = keep + 1e-6;
          double up = loss(net, x, c);
          params[k][j] = keep - 1e-6;
          double down = loss(net, x, c);
          params[k][j] = keep;
          total++;
          checked += Math.abs((up - down) / 2e-6 - grads[k][j]) <= 1e-4 ? 1 : 0;
        }
      }
    }
    assertThat((double) checked / total).isGreaterThan(0.99);
  }

  /** A one-hot input gives exactly what the dense sum would: skipping zeros changes nothing. */
  @Test
  void sparseInputsGiveTheDenseAnswer() {
    Mlp net = new Mlp(new int[] {50, 16, 4}, Mlp.Activation.TANH, 3);
    double[] x = new double[50];
    x[17] = 1;
    double[] y = net.forward(x).clone();
    double[][] p = net.parameters();
    for (int o = 0; o < 4; o++) {
      double[] hidden = new double[16];
      for (int u = 0; u < 16; u++) {
        double s = p[1][u];
        for (int i = 0; i < 50; i++) {
          s += x[i] * p[0][i * 16 + u];
        }
        hidden[u] = StrictMath.tanh(s);
      }
      double out = p[3][o];
      for (int u = 0; u < 16; u++) {
        out += hidden[u] * p[2][u * 4 + o];
      }
      assertThat(y[o]).isEqualTo(out);
    }
  }

  /**
   * A hook sees each hidden layer once per pass and may overwrite it: zeroing every unit of the
   * last hidden layer leaves the output equal to the output biases; adding a vector shifts what
   * the next layer sees. Removing the hook restores the network.
   */
  @Test
  void hooksReadAndOverwriteHiddenActivations() {
    Mlp net = new Mlp(new int[] {3, 4, 5, 2}, Mlp.Activation.TANH, 9);
    net.parameters()[5][0] = 0.3; // output biases, so that "equal to the biases" says something
    net.parameters()[5][1] = -0.2;
    double[] x = {0.5, -1, 0.25};
    double[] plain = net.forward(x).clone();
    int[] calls = new int[3];
    net.setHook((layer, act) -> {
      calls[layer]++;
      if (layer == 2) {
        java.util.Arrays.fill(act, 0);
      }
    });
    double[] ablated = net.forward(x);
    assertThat(calls).containsExactly(0, 1, 1);
    assertThat(ablated).containsExactly(net.parameters()[5]);
    assertThat(net.activations(2)).containsOnly(0.0);
    net.setHook(null);
    assertThat(net.forward(x)).containsExactly(plain);
  }

  @Test
  void sameSeedSameNetworkBitForBit() {
    Mlp one = new Mlp(new int[] {8, 8, 3}, Mlp.Activation.RELU, 42);
    Mlp two = new Mlp(new int[] {8, 8, 3}, Mlp.Activation.RELU, 42);
    Mlp other = new Mlp(new int[] {8, 8, 3}, Mlp.Activation.RELU, 43);
    for (int k = 0; k < one.parameters().length; k++) {
      assertThat(two.parameters()[k]).containsExactly(one.parameters()[k]);
    }
    assertThat(other.parameters()[0]).isNotEqualTo(one.parameters()[0]);
    Mlp copy = one.copy();
    copy.parameters()[0][0] += 1;
    assertThat(one.parameters()[0][0]).isNotEqualTo(copy.parameters()[0][0]);
  }

  @Test
  void badShapesNameTheField() {
    assertThatThrownBy(() -> new Mlp(new int[] {3}, Mlp.Activation.TANH, 1))
        .isInstanceOf(ParameterException.class).hasMessageContaining("sizes");
    assertThatThrownBy(() -> new Mlp(new int[] {3, 0}, Mlp.Activation.TANH, 1))
        .isInstanceOf(ParameterException.class).hasMessageContaining("units");
    Mlp net = new Mlp(new int[] {3, 2}, Mlp.Activation.TANH, 1);
    assertThatThrownBy(() -> net.forward(new double[2]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
