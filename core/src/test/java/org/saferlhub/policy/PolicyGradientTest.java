package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;
import org.saferlhub.random.Rng;

/**
 * The invariants of policy-lab.md, section 6 ("Unit tests"), for REINFORCE, PPO, best-of-n and the
 * KL estimators: exact where the algebra is exact, within 4σ where it is statistical.
 */
class PolicyGradientTest {

  private static final Bandit BUILDING = Bandit.burningBuilding();
  /** A bandit with no rare action, where plain gradient steps converge in reasonable time. */
  private static final Bandit THREE = Bandit.of(new double[] {0.5, 0.3, 0.2},
      new double[] {0.0, 0.5, 1.0}, new double[] {1.0, 0.5, -1.0});

  private static Reinforce.Config reinforce(double lr, int batch, int steps, double beta,
      KlPlacement kl, Reinforce.Baseline baseline, boolean exact) {
    return new Reinforce.Config(lr, batch, steps, beta, kl, baseline, exact, 1);
  }

  /** Exact policy gradient with k1 in the reward converges to the tilt. */
  @Test
  void exactGradientWithTheAnchorInTheRewardReachesTheTilt() {
    double beta = 0.5;
    List<LabStep> run = Reinforce.run(THREE, reinforce(1.0, 2, 20_000, beta, KlPlacement.REWARD,
        Reinforce.Baseline.MEAN, true));
    double[] tilt = Tilt.at(THREE, beta).pi();
    double[] last = run.get(20_000).pi();
    for (int a = 0; a < 3; a++) {
      assertThat(last[a]).as("action %d", a).isCloseTo(tilt[a], within(1e-9));
    }
    for (LabStep s : run) {
      assertThat(s.piExploit()).isLessThanOrEqualTo(s.exploitBound());
    }
  }

  /**
   * The k3 loss's expected gradient is that of the forward KL: −β (π − π_ref); the sampled batch
   * gradient is unbiased for the expected one (means over 20,000 batches within 4 standard errors),
   * the learned baseline included while its value V is held fixed.
   */
  @Test
  void batchGradientsAreUnbiasedForEveryPlacementAndBaseline() {
    double[] thetaRef = LabStep.referenceLogits(THREE);
    double[] pi = LabStep.softmax(new double[] {0.3, -0.2, 0.1});
    Rng rng = new Rng(7);
    for (KlPlacement kl : KlPlacement.values()) {
      for (Reinforce.Baseline baseline : Reinforce.Baseline.values()) {
        Reinforce.Config c = reinforce(0.1, 8, 1, 0.3, kl, baseline, false);
        double[] exact = new double[3];
        Reinforce.exactGradient(THREE, thetaRef, pi, c, exact);
        int batches = 20_000;
        double[] sum = new double[3];
        double[] sumSq = new double[3];
        int[] actions = new int[8];
        double[] g = new double[3];
        for (int b = 0; b < batches; b++) {
          for (int i = 0; i < actions.length; i++) {
            actions[i] = LabStep.sample(pi, rng.nextDouble());
          }
          Reinforce.gradient(THREE, thetaRef, pi, actions, c, 0.37, g, new double[3]);
          for (int a = 0; a < 3; a++) {
            sum[a] += g[a];
            sumSq[a] += g[a] * g[a];
          }
        }
        // The batch-mean baseline includes the sample's own reward, which scales the reward part
        // of the expectation by (N − 1)/N; the k3 part is unchanged.
        double[] rewardPart = new double[3];
        Reinforce.exactGradient(THREE, thetaRef, pi, reinforce(0.1, 8, 1, 0.3,
            kl == KlPlacement.LOSS ? KlPlacement.NONE : kl, baseline, false), rewardPart);
        for (int a = 0; a < 3; a++) {
          double mean = sum[a] / batches;
          double se = Math.sqrt((sumSq[a] / batches - mean * mean) / batches);
          double expected = baseline == Reinforce.Baseline.MEAN
              ? exact[a] - rewardPart[a] / actions.length : exact[a];
          assertThat(mean).as("%s %s action %d", kl, baseline, a)
              .isCloseTo(expected, within(4 * se + 1e-12));
        }
      }
    }
  }

  /** Softmax Fisher: F = diag π − π πᵀ has F·1 = 0, and F (r − r̄) is the vanilla gradient. */
  @Test
  void theFisherMatrixOfASoftmaxBandit() {
    double[] pi = Tilt.at(BUILDING, 0.2).pi();
    double[] r = BUILDING.proxy();
    double mean = BUILDING.proxyReward(pi);
    for (int i = 0; i < 4; i++) {
      double row = 0;
      double fr = 0;
      for (int j = 0; j < 4; j++) {
        double f = (i == j ? pi[i] : 0) - pi[i] * pi[j];
        row += f;
        fr += f * (r[j] - mean);
      }
      assertThat(row).isCloseTo(0, within(1e-15));
      assertThat(fr).isCloseTo(pi[i] * (r[i] - mean), within(1e-15)); // ∇J = π ⊙ (r − r̄)
    }
  }

  @Test
  void ppoStartsAsVanillaPolicyGradientAndItsClipNeverRaisesTheSurrogate() {
    double[] piOld = LabStep.softmax(new double[] {0.2, -0.1, 0.4});
    Rng rng = new Rng(3);
    int[] actions = new int[16];
    double[] advantage = new double[16];
    double mean = 0;
    for (int i = 0; i < actions.length; i++) {
      actions[i] = LabStep.sample(piOld, rng.nextDouble());
      advantage[i] = THREE.proxy()[actions[i]];
      mean += advantage[i] / actions.length;
    }
    for (int i = 0; i < actions.length; i++) {
      advantage[i] -= mean;
    }
    // At θ_old every ratio is 1 and ∇L^CLIP is REINFORCE's batch-mean gradient.
    double[] clip = new double[3];
    assertThat(Ppo.clipGradient(piOld, piOld, actions, advantage, 0.2, clip)).isZero();
    double[] vanilla = new double[3];
    Reinforce.gradient(THREE, LabStep.referenceLogits(THREE), piOld, actions,
        reinforce(0.1, 16, 1, 0, KlPlacement.NONE, Reinforce.Baseline.MEAN, false), vanilla,
        new double[3]);
    for (int a = 0; a < 3; a++) {
      assertThat(clip[a]).isCloseTo(vanilla[a], within(1e-15));
    }
    // L^CLIP ≤ L^CPI everywhere.
    for (int trial = 0; trial < 200; trial++) {
      double[] pi = LabStep.softmax(new double[] {rng.nextDouble() * 4 - 2,
          rng.nextDouble() * 4 - 2, rng.nextDouble() * 4 - 2});
      assertThat(Ppo.clipObjective(pi, piOld, actions, advantage, 0.2))
          .isLessThanOrEqualTo(Ppo.cpiObjective(pi, piOld, actions, advantage) + 1e-15);
    }
  }

  @Test
  void ppoRunsLogItsClippingAndAnAnchorHoldsItNearTheTilt() {
    List<LabStep> run = Ppo.run(BUILDING, new Ppo.Config(1.0, 64, 300, 4, 0.2, 0.1,
        KlPlacement.REWARD, 1));
    LabStep last = run.get(300);
    assertThat(last.maxRatioDeviation()).isGreaterThanOrEqualTo(0);
    assertThat(last.clipFraction()).isBetween(0.0, 1.0);
    // Anchored at β = 0.1 the exploit stays near the tilt's 0.017, far from the proxy argmax.
    assertThat(last.piExploit()).isLessThan(0.2);
    for (LabStep s : run) {
      assertThat(s.piExploit()).isLessThanOrEqualTo(s.exploitBound());
      if (s.step() > 0) {
        assertThat(s.k3()).isGreaterThanOrEqualTo(0);
      }
    }
    assertThatThrownBy(() -> new Ppo.Config(1, 64, 1, 4, 0.2, 0.1, KlPlacement.LOSS, 1))
        .isInstanceOf(ParameterException.class).hasMessageContaining("kl");
  }

  @Test
  void bestOfNIsADistributionWithinItsKlBound() {
    for (long n : new long[] {1, 2, 7, 64, 7_000, 1_000_000}) {
      double[] pi = BestOfN.policy(BUILDING, n);
      double sum = 0;
      for (double p : pi) {
        sum += p;
      }
      assertThat(sum).as("n = %d", n).isCloseTo(1, within(1e-9));
      assertThat(BUILDING.klToReference(pi)).as("n = %d", n)
          .isLessThanOrEqualTo(BestOfN.klBound(n) + 1e-12);
    }
    double[] one = BestOfN.policy(BUILDING, 1);
    for (int a = 0; a < 4; a++) {
      assertThat(one[a]).as("n = 1 is the reference").isCloseTo(BUILDING.reference()[a],
          within(1e-15));
    }
    // policy-lab.md, 6A: π(explode) = 0.50 at n = 7,000, where KL is 5.09 against the bound 7.85.
    double[] seven = BestOfN.policy(BUILDING, 7_000);
    assertThat(seven[3]).isCloseTo(0.50, within(0.01));
    assertThat(BUILDING.klToReference(seven)).isCloseTo(5.09, within(0.01));
    assertThat(BestOfN.klBound(7_000)).isCloseTo(7.85, within(0.01));
  }

  @Test
  void k1AndK3AreUnbiasedAndK3IsNeverNegative() {
    double[] pi = Tilt.at(BUILDING, 0.08).pi();
    double[] logRef = LabStep.referenceLogits(BUILDING);
    double exact = BUILDING.klToReference(pi);
    Rng rng = new Rng(11);
    int samples = 200_000;
    double[] sum = new double[2];
    double[] sumSq = new double[2];
    for (int i = 0; i < samples; i++) {
      int a = LabStep.sample(pi, rng.nextDouble());
      double logPi = StrictMath.log(pi[a]);
      double k1 = KlEstimate.k1(logPi, logRef[a]);
      double k3 = KlEstimate.k3(logPi, logRef[a]);
      assertThat(k3).isGreaterThanOrEqualTo(0);
      sum[0] += k1;
      sumSq[0] += k1 * k1;
      sum[1] += k3;
      sumSq[1] += k3 * k3;
    }
    for (int e = 0; e < 2; e++) {
      double mean = sum[e] / samples;
      double se = Math.sqrt((sumSq[e] / samples - mean * mean) / samples);
      assertThat(mean).as(e == 0 ? "k1" : "k3").isCloseTo(exact, within(4 * se));
    }
  }
}
