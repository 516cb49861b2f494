package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;

/** Gao et al.'s overoptimization curves, fitted by least squares: exact on exact curves. */
class OveroptimizationFitTest {

  /** d from 0 (the reference) to 3 in steps of 0.25. */
  private static double[] distances() {
    double[] d = new double[13];
    for (int i = 0; i < d.length; i++) {
      d[i] = 0.25 * i;
    }
    return d;
  }

  @Test
  void bestOfNRecoversItsCoefficientsFromAnExactCurve() {
    double[] d = distances();
    double[] r = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      r[i] = d[i] * (1.3 - 0.7 * d[i]); // R_bon with α = 1.3, β = 0.7
    }
    OveroptimizationFit.Fit fit = OveroptimizationFit.bestOfN(d, r);
    assertThat(fit.form()).isEqualTo(OveroptimizationFit.Form.BEST_OF_N);
    assertThat(fit.alpha()).isCloseTo(1.3, within(1e-9));
    assertThat(fit.beta()).isCloseTo(0.7, within(1e-9));
    assertThat(fit.rSquared()).isCloseTo(1.0, within(1e-12));
    assertThat(fit.points()).isEqualTo(13);
    assertThat(fit.peak()).isCloseTo(1.3 / 1.4, within(1e-9));
    assertThat(fit.predict(2.0)).isCloseTo(2 * (1.3 - 1.4), within(1e-9));
  }

  @Test
  void rlRecoversItsCoefficientsFromAnExactCurve() {
    double[] d = distances();
    double[] r = new double[d.length];
    for (int i = 1; i < d.length; i++) {
      r[i] = d[i] * (0.9 - 0.4 * StrictMath.log(d[i])); // R_RL with α = 0.9, β = 0.4
    }
    OveroptimizationFit.Fit fit = OveroptimizationFit.rl(d, r);
    assertThat(fit.form()).isEqualTo(OveroptimizationFit.Form.RL);
    assertThat(fit.alpha()).isCloseTo(0.9, within(1e-9));
    assertThat(fit.beta()).isCloseTo(0.4, within(1e-9));
    assertThat(fit.rSquared()).isCloseTo(1.0, within(1e-12));
    assertThat(fit.peak()).isCloseTo(StrictMath.exp(0.9 / 0.4 - 1), within(1e-9));
    assertThat(fit.predict(0)).isZero();
    // The other form does not fit this curve exactly.
    assertThat(OveroptimizationFit.bestOfN(d, r).rSquared()).isLessThan(0.999);
  }

  /** Alternating ±0.05 on the exact best-of-n curve: still a good fit, no longer a perfect one. */
  @Test
  void noiseLowersRSquaredBelowOne() {
    double[] d = distances();
    double[] r = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      r[i] = d[i] * (1.3 - 0.7 * d[i]) + (i % 2 == 0 ? 0.05 : -0.05);
    }
    OveroptimizationFit.Fit fit = OveroptimizationFit.bestOfN(d, r);
    assertThat(fit.rSquared()).isLessThan(0.999).isGreaterThan(0.9);
    assertThat(fit.alpha()).isCloseTo(1.3, within(0.1));
  }

  /** A run is fitted from its KL and its true reward relative to step 0. */
  @Test
  void aRunIsFittedRelativeToItsReference() {
    List<LabStep> run = NaturalPolicyGradient.run(Bandit.burningBuilding(),
        new NaturalPolicyGradient.Config(0.5, 0, 40));
    OveroptimizationFit.Fit fromRun = OveroptimizationFit.fit(OveroptimizationFit.Form.RL, run);
    double[] d = new double[41];
    double[] r = new double[41];
    for (int i = 0; i <= 40; i++) {
      d[i] = Math.sqrt(run.get(i).kl());
      r[i] = run.get(i).trueReward() - run.get(0).trueReward();
    }
    assertThat(fromRun).isEqualTo(OveroptimizationFit.rl(d, r));
    assertThat(fromRun.points()).isEqualTo(41);
    assertThat(fromRun.beta()).isPositive(); // the true reward rises, then falls
    assertThatThrownBy(() -> OveroptimizationFit.fit(OveroptimizationFit.Form.RL,
        run.subList(1, 41))).isInstanceOf(ParameterException.class).hasMessageContaining("step 0");
  }

  @Test
  void badPointsAreRejectedNamingPoints() {
    double[] three = {0.5, 1, 2};
    assertRejected(new double[] {0.5, 1}, new double[] {0.1, 0.2}, "at least 3 points, had 2");
    assertRejected(three, new double[] {0.1, 0.2}, "same length, had 3 and 2");
    assertRejected(new double[] {0.5, Double.NaN, 2}, three, "point 2 was (NaN, 1.0)");
    assertRejected(three, new double[] {0, Double.POSITIVE_INFINITY, 1}, "point 2");
    assertRejected(new double[] {0.5, -1, 2}, three, "at least 0");
    assertRejected(new double[] {1, 1, 1}, three, "two distinct positive values of d");
    assertRejected(new double[] {0, 0, 1}, three, "two distinct positive values of d");
    assertThat(OveroptimizationFit.bestOfN(new double[] {0, 1, 2}, new double[] {0, 0, 0})
        .rSquared()).isNaN();
  }

  @Test
  void aCurveThatNeverTurnsDownHasNoPeak() {
    OveroptimizationFit.Fit rising = new OveroptimizationFit.Fit(
        OveroptimizationFit.Form.RL, 1, -0.1, 1, 3);
    assertThat(rising.peak()).isNaN();
  }

  private static void assertRejected(double[] d, double[] r, String message) {
    for (OveroptimizationFit.Form form : OveroptimizationFit.Form.values()) {
      assertThatThrownBy(() -> OveroptimizationFit.fit(form, d, r))
          .isInstanceOf(ParameterException.class).hasMessageContaining(message)
          .satisfies(e -> assertThat(((ParameterException) e).field()).isEqualTo("points"));
    }
  }
}
