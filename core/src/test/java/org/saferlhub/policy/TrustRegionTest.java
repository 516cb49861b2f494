package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** TRPO's conjugate gradient, step and trust region, and GRPO's invariance to the reward's scale. */
class TrustRegionTest {

  private static final Bandit BUILDING = Bandit.burningBuilding();

  /** Conjugate gradient on F s = π ⊙ (r − r̄) ends on the pseudo-inverse: r − r̄ less its mean. */
  @Test
  void conjugateGradientFindsThePseudoInverseSolution() {
    double[] pi = Tilt.at(BUILDING, 0.1).pi();
    double[] r = BUILDING.proxy();
    double mean = BUILDING.proxyReward(pi);
    double[] g = new double[4];
    double[] expected = new double[4];
    double plain = 0;
    for (int a = 0; a < 4; a++) {
      g[a] = pi[a] * (r[a] - mean);
      plain += (r[a] - mean) / 4;
    }
    for (int a = 0; a < 4; a++) {
      expected[a] = r[a] - mean - plain;
    }
    double[] s = Trpo.conjugateGradient(pi, g, Trpo.CG_ITERATIONS);
    for (int a = 0; a < 4; a++) {
      assertThat(s[a]).as("action %d", a).isCloseTo(expected[a], within(1e-9));
    }
    // The full step has sᵀFs = Var_π(r): its size is √(2δ / Var_π r).
    double var = 0;
    for (int a = 0; a < 4; a++) {
      var += pi[a] * (r[a] - mean) * (r[a] - mean);
    }
    double[] step = Trpo.fullStep(pi, g, 0.01);
    for (int a = 0; a < 4; a++) {
      assertThat(step[a]).isCloseTo(Math.sqrt(2 * 0.01 / var) * expected[a], within(1e-9));
    }
  }

  @Test
  void everyUpdateKeepsWithinTheTrustRegionWhichSetsSpeedNotDestination() {
    List<LabStep> run = Trpo.run(BUILDING, new Trpo.Config(0.01, 3_000, 0));
    for (LabStep s : run) {
      assertThat(s.klOldNew()).as("step %d", s.step()).isLessThanOrEqualTo(0.01 + 1e-12);
      assertThat(s.piExploit()).isLessThanOrEqualTo(s.exploitBound());
    }
    // No anchor: the trust region only slows the walk to the proxy's favourite.
    assertThat(run.get(3_000).piExploit()).isGreaterThan(0.9);
  }

  /**
   * Standardised group advantages make GRPO's update blind to r → 3r + 5: the same group gets the
   * same advantages and the same step. (Whole runs are not compared: a last-bit difference in π
   * can change which action one uniform draw selects, and from there the runs differ.)
   */
  @Test
  void grpoIsBlindToPositiveAffineChangesOfTheReward() {
    double[] r = BUILDING.proxy();
    double[] scaled = new double[4];
    for (int a = 0; a < 4; a++) {
      scaled[a] = 3 * r[a] + 5;
    }
    org.saferlhub.random.Rng rng = new org.saferlhub.random.Rng(5);
    double[] one = new double[8];
    double[] other = new double[8];
    for (int trial = 0; trial < 500; trial++) {
      int[] group = new int[8];
      for (int i = 0; i < 8; i++) {
        group[i] = rng.nextInt(4);
      }
      Grpo.groupAdvantages(r, group, one);
      Grpo.groupAdvantages(scaled, group, other);
      for (int i = 0; i < 8; i++) {
        assertThat(other[i]).isCloseTo(one[i], within(1e-12));
      }
    }
    Grpo.Config c = new Grpo.Config(0.5, 8, 1, 2, 0.2, 0.04, 9);
    double[] first = Grpo.run(BUILDING, r, c).get(1).pi();
    double[] second = Grpo.run(BUILDING, scaled, c).get(1).pi();
    for (int a = 0; a < 4; a++) {
      assertThat(second[a]).isCloseTo(first[a], within(1e-12));
    }
    // A group that all scored the same teaches nothing.
    double[] advantage = new double[3];
    Grpo.groupAdvantages(r, new int[] {2, 2, 2}, advantage);
    assertThat(advantage).containsExactly(0, 0, 0);
    // Also when the rounded mean of sixteen 0.6s misses 0.6 by an ulp (it does).
    int[] ladders = new int[16];
    java.util.Arrays.fill(ladders, 2);
    double mean = 0;
    for (int i = 0; i < 16; i++) {
      mean += r[2] / 16;
    }
    assertThat(mean).isNotEqualTo(r[2]);
    double[] sixteen = new double[16];
    Grpo.groupAdvantages(r, ladders, sixteen);
    assertThat(sixteen).containsOnly(0);
  }
}
