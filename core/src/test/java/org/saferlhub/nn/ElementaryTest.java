package org.saferlhub.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.saferlhub.random.Rng;

/** Elementary's e^x and ln x against StrictMath's (fdlibm) over seeded arguments, and edges. */
class ElementaryTest {

  private static double ulps(double mine, double reference) {
    return Math.abs(mine - reference) / Math.ulp(reference);
  }

  @Test
  void expIsWithinTwoUlpsOfStrictMathAcrossItsRange() {
    Rng rng = new Rng(1);
    double worst = 0;
    for (int i = 0; i < 200_000; i++) {
      double x = i % 2 == 0 ? (2 * rng.nextDouble() - 1) * 40 : (2 * rng.nextDouble() - 1) * 700;
      worst = Math.max(worst, ulps(Elementary.exp(x), StrictMath.exp(x)));
    }
    assertThat(worst).isLessThanOrEqualTo(2);
    assertThat(Elementary.exp(0)).isEqualTo(1.0);
    assertThat(Elementary.exp(1)).isCloseTo(Math.E, org.assertj.core.api.Assertions.within(1e-15));
    assertThat(Elementary.exp(Double.NaN)).isNaN();
    assertThat(Elementary.exp(Double.POSITIVE_INFINITY)).isInfinite();
    assertThat(Elementary.exp(Double.NEGATIVE_INFINITY)).isZero();
    assertThat(Elementary.exp(710)).isInfinite();
    assertThat(Elementary.exp(-746)).isZero();
    assertThat(Elementary.exp(-740)).isPositive().isCloseTo(StrictMath.exp(-740),
        org.assertj.core.api.Assertions.within(StrictMath.exp(-740) * 1e-6));
  }

  @Test
  void logIsWithinTwoUlpsOfStrictMathAcrossItsRange() {
    Rng rng = new Rng(2);
    double worst = 0;
    for (int i = 0; i < 200_000; i++) {
      double x = switch (i % 3) {
        case 0 -> rng.nextDouble() * 4;
        case 1 -> StrictMath.exp((2 * rng.nextDouble() - 1) * 700);
        default -> 1 + (2 * rng.nextDouble() - 1) * 1e-3;
      };
      if (x == 0) {
        continue;
      }
      double reference = StrictMath.log(x);
      if (reference == 0) {
        assertThat(Elementary.log(x)).isZero();
        continue;
      }
      worst = Math.max(worst, ulps(Elementary.log(x), reference));
    }
    assertThat(worst).isLessThanOrEqualTo(2);
    assertThat(Elementary.log(1)).isZero();
    assertThat(Elementary.log(0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(Elementary.log(-1)).isNaN();
    assertThat(Elementary.log(Double.NaN)).isNaN();
    assertThat(Elementary.log(Double.POSITIVE_INFINITY)).isInfinite();
    assertThat(Elementary.log(Double.MIN_VALUE)).isCloseTo(StrictMath.log(Double.MIN_VALUE),
        org.assertj.core.api.Assertions.within(1e-12));
    assertThat(Elementary.log(Elementary.exp(0.25))).isCloseTo(0.25,
        org.assertj.core.api.Assertions.within(1e-16));
  }
}
