package org.saferlhub.agent.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.env.procgen.LevelEnv;
import org.saferlhub.env.procgen.View;
import org.saferlhub.nn.Mlp;
import org.saferlhub.random.Rng;

/**
 * PPO's loss gradient against finite differences, its first minibatch against the vanilla policy
 * gradient, the simple mode's ratio, same seed same run, and the settings' checks.
 */
class PpoTest {

  private static final Ppo.Config CONFIG = Ppo.Config.defaults();

  /** The per-sample loss, computed from scratch from the policy's last evaluation. */
  private static double loss(PolicyNet policy, int a, double logpOld, double adv, double target,
      Ppo.Config c) {
    double ratio = Math.exp(policy.logProbs()[a] - logpOld);
    double clipped = Math.max(1 - c.clip(), Math.min(1 + c.clip(), ratio));
    double surrogate = -Math.min(ratio * adv, clipped * adv);
    double v = policy.value() - target;
    return surrogate + c.valueCoef() * 0.5 * v * v - c.entropyCoef() * policy.entropy();
  }

  /**
   * ∂L/∂z and ∂L/∂V equal central finite differences (moving each output through its bias), for
   * ratios inside the clip range and outside it on either side, and advantages of both signs.
   */
  @Test
  void lossGradientMatchesFiniteDifferences() {
    Rng rng = new Rng(3);
    for (int trial = 0; trial < 40; trial++) {
      PolicyNet policy = PolicyNet.create(6, 4, new int[] {5}, trial);
      double[] x = new double[6];
      for (int i = 0; i < x.length; i++) {
        x[i] = rng.nextDouble() < 0.5 ? 0 : 2 * rng.nextDouble() - 1;
      }
      int a = rng.nextInt(4);
      double adv = 4 * rng.nextDouble() - 2;
      double target = rng.nextDouble();
      policy.evaluate(x);
      double logpOld = policy.logProbs()[a] + (rng.nextDouble() - 0.5); // ratio in [0.61, 1.65]
      double[] dOut = new double[5];
      Ppo.lossGradient(policy, a, logpOld, adv, target, CONFIG, dOut);
      double[] bias = policy.net().parameters()[3];
      double h = 1e-6;
      for (int o = 0; o < 5; o++) {
        double keep = bias[o];
        bias[o] = keep + h;
        policy.evaluate(x);
        double up = loss(policy, a, logpOld, adv, target, CONFIG);
        bias[o] = keep - h;
        policy.evaluate(x);
        double down = loss(policy, a, logpOld, adv, target, CONFIG);
        bias[o] = keep;
        assertThat(dOut[o]).as("trial %d output %d", trial, o)
            .isCloseTo((up - down) / (2 * h), within(1e-6));
      }
    }
  }

  /**
   * At the first minibatch the policy is still the one that collected the batch: ρ = 1 exactly,
   * and without the value and entropy terms the gradient is the vanilla policy gradient
   * −Â ∇_z log π(a | s) = −Â (1[b = a] − π(b | s)).
   */
  @Test
  void atTheFirstMinibatchTheRatioIsOneAndTheGradientTheVanillaOne() {
    Ppo.Config plain = new Ppo.Config(1000, 1, 8, 1, 1, 1e-3, 0.99, 0.95, 0.2, 0, 0, 0.5, false,
        List.of(8), 0);
    PolicyNet policy = PolicyNet.create(10, 4, new int[] {8}, 7);
    Rng rng = new Rng(9);
    for (int trial = 0; trial < 20; trial++) {
      double[] x = new double[10];
      x[rng.nextInt(10)] = 1;
      policy.evaluate(x);
      int a = rng.nextInt(4);
      double adv = 10 * (rng.nextDouble() - 0.5);
      double[] dOut = new double[5];
      double ratio = Ppo.lossGradient(policy, a, policy.logProbs()[a], adv, 0.3, plain, dOut);
      assertThat(ratio).isEqualTo(1.0);
      for (int b = 0; b < 4; b++) {
        double vanilla = -adv * ((b == a ? 1 : 0) - policy.probs()[b]);
        assertThat(dOut[b]).isCloseTo(vanilla, within(1e-12));
      }
      assertThat(dOut[4]).isZero();
    }
  }

  private static List<LevelEnv> envs(Ppo.Config c, double p) {
    List<LevelEnv> envs = new ArrayList<>();
    for (int i = 0; i < c.envs(); i++) {
      envs.add(new CheeseCorner(p, LevelEnv.Split.TRAIN, View.EGOCENTRIC));
    }
    return envs;
  }

  /** The simple mode (one epoch of one minibatch) never moves the ratio from 1: A2C exactly. */
  @Test
  void theSimpleModeIsAPlainPolicyGradientStep() {
    Ppo.Config a2c = Ppo.Config.a2c().withSteps(8 * 1024);
    assertThat(a2c.simple()).isTrue();
    Ppo.Result r = Ppo.train(envs(a2c, 0), a2c, u -> true);
    assertThat(r.curve()).hasSize(8).allSatisfy(u -> {
      assertThat(u.approxKl()).isZero();
      assertThat(u.clipFraction()).isZero();
    });
    Ppo.Result ppo = Ppo.train(envs(CONFIG, 0), CONFIG.withSteps(8 * 1024), u -> true);
    assertThat(ppo.curve()).anySatisfy(u -> assertThat(u.approxKl()).isPositive());
  }

  @Test
  void sameSeedSameRunAnotherSeedAnotherRun() {
    Ppo.Config c = CONFIG.withSteps(4 * 1024).withSeed(5);
    Ppo.Result first = Ppo.train(envs(c, 0.5), c, u -> true);
    Ppo.Result again = Ppo.train(envs(c, 0.5), c, u -> true);
    Ppo.Result other = Ppo.train(envs(c, 0.5), c.withSeed(6), u -> true);
    assertThat(again.curve()).isEqualTo(first.curve());
    assertThat(Arrays.deepEquals(again.policy().net().parameters(),
        first.policy().net().parameters())).isTrue();
    assertThat(Arrays.deepEquals(other.policy().net().parameters(),
        first.policy().net().parameters())).isFalse();
  }

  @Test
  void aListenerThatAnswersFalseStopsTheRun() {
    Ppo.Config c = CONFIG.withSteps(10 * 1024);
    Ppo.Result r = Ppo.train(envs(c, 0), c, u -> u.update() < 3);
    assertThat(r.curve()).hasSize(3);
    assertThat(r.curve().get(2).steps()).isEqualTo(3 * 1024);
  }

  @Test
  void settingsOutOfRangeNameTheirField() {
    assertThatThrownBy(() -> CONFIG.withSteps(0)).isInstanceOf(ParameterException.class)
        .hasMessageContaining("steps must be from 1");
    assertThatThrownBy(() -> new Ppo.Config(1000, 16, 64, 4, 4, -1, 0.99, 0.95, 0.2, 0.01, 0.5,
        0.5, true, List.of(32), 0)).hasMessageContaining("alpha must be in");
    assertThatThrownBy(() -> new Ppo.Config(1000, 16, 64, 4, 4, 1e-3, 0.99, 0.95, 0.2, 0.01, 0.5,
        0.5, true, List.of(), 0)).hasMessageContaining("hidden must list");
    assertThatThrownBy(() -> Ppo.train(envs(CONFIG, 0).subList(0, 3), CONFIG, u -> true))
        .hasMessageContaining("16 environments");
  }

  @Test
  void theNetworkReadsObservationsAndHasOneValueOutput() {
    Ppo.Result r = Ppo.train(envs(CONFIG, 0), CONFIG.withSteps(1024), u -> true);
    Mlp net = r.policy().net();
    assertThat(net.units(0)).isEqualTo(new CheeseCorner(0, LevelEnv.Split.TRAIN,
        View.EGOCENTRIC).observationSize());
    assertThat(net.units(net.layers())).isEqualTo(5);
    assertThat(net.activation()).isEqualTo(Mlp.Activation.RELU);
  }
}
