package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;

/**
 * The exact optimum of the KL-regularised objective on the burning building, against the table of
 * policy-lab.md (section 6A), and natural policy gradient against it (section 2).
 */
class TiltTest {

  private static final Bandit BUILDING = Bandit.burningBuilding();

  @Test
  void theTiltPathMatchesTheTable() {
    // β: π(explode), true reward, KL (the table's rounding)
    double[][] table = {
        {0.5, 3.3e-4, 0.748, 0.08}, {0.2, 1.5e-3, 0.803, 0.27}, {0.135, 5.0e-3, 0.812, 0.37},
        {0.1, 0.017, 0.799, 0.50}, {0.08, 0.052, 0.741, 0.75}, {0.06, 0.27, 0.350, 2.38},
        {0.05, 0.62, -0.299, 5.37}, {0.04, 0.94, -0.882, 8.46}};
    for (double[] row : table) {
      Tilt.Point p = Tilt.at(BUILDING, row[0]);
      assertThat(p.piExploit()).as("π(explode) at β %s", row[0])
          .isCloseTo(row[1], within(Math.max(row[1] * 0.05, 5e-3)));
      assertThat(p.trueReward()).as("true at β %s", row[0]).isCloseTo(row[2], within(5e-4 + 1e-3));
      assertThat(p.kl()).as("KL at β %s", row[0]).isCloseTo(row[3], within(5e-3 + 1e-3));
      double sum = 0;
      for (double x : p.pi()) {
        sum += x;
      }
      assertThat(sum).isCloseTo(1, within(1e-12));
      // The KL price: no policy with this KL puts more on the exploit.
      assertThat(p.piExploit()).isLessThanOrEqualTo(BUILDING.exploitBound(p.kl()));
    }
  }

  @Test
  void theExploitTakesTheMajorityAtTheCriticalBeta() {
    assertThat(Tilt.at(BUILDING, 0.0531).piExploit()).isLessThan(0.5);
    assertThat(Tilt.at(BUILDING, 0.0529).piExploit()).isGreaterThan(0.5);
  }

  @Test
  void smallBetasNeitherOverflowNorLoseRareProbabilities() {
    Tilt.Point p = Tilt.at(BUILDING, 1e-6);
    assertThat(p.piExploit()).isEqualTo(1.0);
    assertThat(Tilt.at(BUILDING, 1e6).pi()[3]).isCloseTo(1e-4, within(1e-9));
    assertThatThrownBy(() -> Tilt.at(BUILDING, 0)).isInstanceOf(ParameterException.class)
        .hasMessageContaining("beta");
  }

  /** Bandit NPG from the reference, without an anchor, walks the tilt path: β = 1/(ηT). */
  @Test
  void unanchoredNaturalGradientIsTheTiltWithBetaOneOverEtaT() {
    double eta = 0.5;
    List<LabStep> run = NaturalPolicyGradient.run(BUILDING,
        new NaturalPolicyGradient.Config(eta, 0, 60));
    for (int t = 1; t <= 60; t++) {
      double[] expected = Tilt.at(BUILDING, 1 / (eta * t)).pi();
      double[] got = run.get(t).pi();
      for (int a = 0; a < expected.length; a++) {
        assertThat(got[a]).as("step %d action %d", t, a).isCloseTo(expected[a], within(1e-9));
      }
      LabStep u = run.get(t);
      assertThat(u.piExploit()).isLessThanOrEqualTo(u.exploitBound());
      assertThat(u.klOldNew()).isGreaterThanOrEqualTo(0);
    }
    // Without an anchor it ends on the proxy's favourite.
    assertThat(run.get(60).piExploit()).isGreaterThan(0.99);
  }

  /** With the anchor, the fixed point is the tilt at β; reached in one step when ηβ = 1. */
  @Test
  void anchoredNaturalGradientStopsAtTheTilt() {
    double beta = 0.1;
    double[] target = Tilt.at(BUILDING, beta).pi();
    double[] oneStep = NaturalPolicyGradient.run(BUILDING,
        new NaturalPolicyGradient.Config(1 / beta, beta, 1)).get(1).pi();
    double[] converged = NaturalPolicyGradient.run(BUILDING,
        new NaturalPolicyGradient.Config(0.5, beta, 2_000)).get(2_000).pi();
    for (int a = 0; a < target.length; a++) {
      assertThat(oneStep[a]).isCloseTo(target[a], within(1e-12));
      assertThat(converged[a]).isCloseTo(target[a], within(1e-9));
    }
  }

  @Test
  void aUserBanditIsCheckedNamingTheField() {
    Bandit b = Bandit.of(new double[] {0.9, 0.1}, new double[] {0, 1}, new double[] {1, -1});
    assertThat(b.exploit()).isEqualTo(1);
    // Two actions: π*(e) = σ(Δ/β + logit p) (policy-lab.md, section 3).
    double beta = 0.5;
    double expected = 1 / (1 + StrictMath.exp(-(1 / beta + StrictMath.log(0.1 / 0.9))));
    assertThat(Tilt.at(b, beta).piExploit()).isCloseTo(expected, within(1e-12));
    assertThatThrownBy(() -> Bandit.of(new double[] {0.5, 0.6}, new double[] {0, 1},
        new double[] {0, 1})).isInstanceOf(ParameterException.class).hasMessageContaining("ref");
    assertThatThrownBy(() -> Bandit.of(new double[] {0.5, 0.5}, new double[] {0},
        new double[] {0, 1})).isInstanceOf(ParameterException.class)
        .hasMessageContaining("proxy");
    assertThatThrownBy(() -> Bandit.of(new double[] {0.5, 0.5}, new double[] {0, 1},
        new double[] {0, Double.NaN})).isInstanceOf(ParameterException.class)
        .hasMessageContaining("true");
  }
}
