package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.random.Rng;

/** DPO's exact predictions (policy-lab.md, sections 2 and 6D). */
class DpoTest {

  private static final Bandit THREE = Bandit.of(new double[] {0.5, 0.3, 0.2},
      new double[] {0.0, 0.5, 1.0}, new double[] {1.0, 0.5, -1.0});

  /** Infinitely many Bradley–Terry comparisons: the minimiser is the tilt, θ_ref + r/β + c. */
  @Test
  void withExactComparisonsDpoReachesTheTiltAndItsImplicitRewardIsTheProxy() {
    double beta = 1.0;
    List<LabStep> run = Dpo.run(THREE, new Dpo.Config(5, 2, 20_000, beta, true, 1));
    double[] pi = run.get(20_000).pi();
    double[] tilt = Tilt.at(THREE, beta).pi();
    for (int a = 0; a < 3; a++) {
      assertThat(pi[a]).as("action %d", a).isCloseTo(tilt[a], within(1e-7));
    }
    double[] implicit = Dpo.implicitReward(pi, THREE, beta);
    for (int a = 1; a < 3; a++) {
      // r̂ = r + const: differences equal the proxy's
      assertThat(implicit[a] - implicit[0]).isCloseTo(THREE.proxy()[a] - THREE.proxy()[0],
          within(1e-6));
    }
  }

  /** An answer that no pair compares keeps its logit; two such keep their mutual ratio. */
  @Test
  void neverComparedAnswersKeepTheirReferenceRatio() {
    Bandit rare = Bandit.of(new double[] {0.6, 0.39998, 1e-5, 1e-5}, new double[] {0, 0.5, 1, 2},
        new double[] {0, 0.5, 1, 2});
    int[][] pairs = Dpo.comparisons(rare, 300, new Rng(4));
    boolean rareCompared = false;
    for (int[] p : pairs) {
      rareCompared |= p[0] >= 2 || p[1] >= 2;
    }
    assertThat(rareCompared).as("the seed's 300 pairs leave the rare answers out").isFalse();
    List<LabStep> run = Dpo.run(rare, new Dpo.Config(1, 300, 500, 0.1, false, 4));
    double[] pi = run.get(500).pi();
    assertThat(pi[2] / pi[3]).isCloseTo(1.0, within(1e-9));
    assertThat(pi[0] / pi[1]).isNotCloseTo(0.6 / 0.39998, within(1e-3));
  }
}
