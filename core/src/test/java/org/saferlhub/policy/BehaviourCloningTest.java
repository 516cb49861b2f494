package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;

/** The reference policy as smoothed maximum likelihood, and the burning building's fit. */
class BehaviourCloningTest {

  /** The building's 10,000 demonstrations give exactly the literals the lab has always used. */
  @Test
  void theBurningBuildingIsTheMaximumLikelihoodFitToItsDemonstrations() {
    assertThat(Bandit.burningBuilding().reference())
        .isEqualTo(new double[] {0.60, 0.30, 0.0999, 1e-4});
    assertThat(BehaviourCloning.fit(Bandit.BURNING_DEMONSTRATIONS, 0))
        .isEqualTo(new double[] {0.60, 0.30, 0.0999, 1e-4});
    // Laplace's rule (α = 1) would leave explode 2/10,004: barely more.
    double[] laplace = BehaviourCloning.fit(Bandit.BURNING_DEMONSTRATIONS, 1);
    assertThat(laplace[3]).isEqualTo(2.0 / 10_004);
    assertThat(laplace[0]).isEqualTo(6001.0 / 10_004);
  }

  @Test
  void smoothingAddsAlphaImaginedDemonstrationsOfEveryAction() {
    double[] pi = BehaviourCloning.fit(new long[] {3, 0, 1}, 0.5);
    assertThat(pi[0]).isCloseTo(3.5 / 5.5, within(1e-15));
    assertThat(pi[1]).isCloseTo(0.5 / 5.5, within(1e-15));
    assertThat(pi[2]).isCloseTo(1.5 / 5.5, within(1e-15));
    assertThat(pi[0] + pi[1] + pi[2]).isCloseTo(1, within(1e-15));
    // Without smoothing an undemonstrated action gets nothing; with no demonstrations at all,
    // smoothing alone gives the uniform policy.
    assertThat(BehaviourCloning.fit(new long[] {3, 0, 1}, 0)[1]).isZero();
    assertThat(BehaviourCloning.fit(new long[] {0, 0}, 2)).containsExactly(0.5, 0.5);
  }

  /** The exploit's reference probability p sets its price: certainty costs ln(1/p) nats. */
  @Test
  void theExploitsReferenceProbabilitySetsItsKlPrice() {
    Bandit building = Bandit.burningBuilding();
    double certain = building.klToReference(new double[] {0, 0, 0, 1});
    assertThat(certain).isCloseTo(StrictMath.log(10_000), within(1e-12));
    // At that price the bound allows certainty (and a little more, for the ln 2).
    assertThat(building.exploitBound(certain)).isGreaterThan(1).isLessThan(1.08);
  }

  @Test
  void badDemonstrationsAndSmoothingAreRejectedNamingTheField() {
    assertThatThrownBy(() -> BehaviourCloning.fit(new long[] {5}, 1))
        .isInstanceOf(ParameterException.class)
        .hasMessage("demonstrations must count 2 to 64 actions, had 1")
        .extracting(e -> ((ParameterException) e).field()).isEqualTo("demonstrations");
    assertThatThrownBy(() -> BehaviourCloning.fit(new long[] {5, -1}, 1))
        .isInstanceOf(ParameterException.class)
        .hasMessage("demonstrations: every count must be 0 or more, entry 2 was -1");
    assertThatThrownBy(() -> BehaviourCloning.fit(new long[] {0, 0, 0}, 0))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("at least one demonstration");
    for (double alpha : new double[] {-0.1, 1000.5, Double.NaN}) {
      assertThatThrownBy(() -> BehaviourCloning.fit(new long[] {1, 1}, alpha))
          .isInstanceOf(ParameterException.class)
          .hasMessageStartingWith("alpha must be from 0 to 1000, was ")
          .extracting(e -> ((ParameterException) e).field()).isEqualTo("alpha");
    }
    assertThat(BehaviourCloning.fit(new long[] {1, 1}, 1000)).containsExactly(0.5, 0.5);
  }
}
