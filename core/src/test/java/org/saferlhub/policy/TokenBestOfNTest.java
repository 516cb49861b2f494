package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;

/** Best-of-n on the tiny language model: its exact law over the 341 texts. */
class TokenBestOfNTest {

  private static final TinyLanguageModel MODEL = new TinyLanguageModel(1.0);
  private static final TokenPolicy LM = new TokenPolicy(MODEL);

  @Test
  void theTextLawIsADistributionWithinTheKlBoundAndNOneIsTheReference() {
    double[] ref = LM.referenceLaw();
    double previousExploit = 0;
    for (long n : new long[] {1, 2, 7, 64, 7_000, 1_000_000}) {
      double[] law = BestOfN.textLaw(MODEL, n);
      assertThat(law).hasSize(341);
      double sum = 0;
      for (double p : law) {
        assertThat(p).isGreaterThanOrEqualTo(0);
        sum += p;
      }
      // The reference law sums to 1 only to rounding, and F^n multiplies that by n: 1e-9 as the
      // bandit's test allows.
      assertThat(sum).as("n = %d", n).isCloseTo(1, within(1e-9));
      assertThat(TokenPolicy.textKl(law, ref)).as("n = %d", n)
          .isLessThanOrEqualTo(BestOfN.klBound(n) + 1e-12);
      // More draws, more of the proxy's favourites.
      assertThat(LM.exploit(law)).as("n = %d", n).isGreaterThanOrEqualTo(previousExploit);
      previousExploit = LM.exploit(law);
    }
    double[] one = BestOfN.textLaw(MODEL, 1);
    for (int y = 0; y < 341; y++) {
      // F(r) − F(r⁻) cancels to the level's probability up to rounding of F (≈ 1e-16)
      assertThat(one[y]).as("n = 1 is the reference, text '%s'", MODEL.texts().get(y))
          .isCloseTo(ref[y], within(1e-15));
    }
    assertThat(TokenPolicy.textKl(one, ref)).isCloseTo(0, within(1e-12));
    assertThatThrownBy(() -> BestOfN.textLaw(MODEL, 0)).isInstanceOf(ParameterException.class)
        .hasMessageStartingWith("n must be from 1");
  }

  /**
   * n = 2 enumerated pair by pair: both draws from π_ref, the higher proxy kept, a tie won by
   * either draw with probability ½ (which shares a level in proportion to π_ref).
   */
  @Test
  void twoDrawsEnumeratedGiveTheSameLaw() {
    double[] ref = LM.referenceLaw();
    double[] brute = new double[341];
    for (int y1 = 0; y1 < 341; y1++) {
      for (int y2 = 0; y2 < 341; y2++) {
        double p = ref[y1] * ref[y2];
        double r1 = LM.proxy(y1);
        double r2 = LM.proxy(y2);
        if (r1 > r2) {
          brute[y1] += p;
        } else if (r2 > r1) {
          brute[y2] += p;
        } else {
          brute[y1] += p / 2;
          brute[y2] += p / 2;
        }
      }
    }
    double[] law = BestOfN.textLaw(MODEL, 2);
    for (int y = 0; y < 341; y++) {
      assertThat(law[y]).as("text '%s'", MODEL.texts().get(y)).isCloseTo(brute[y],
          within(1e-15));
    }
    // The exploit set is only a few thousandths of the reference's law, and half again with n = 2.
    assertThat(LM.exploit(law)).isGreaterThan(1.9 * LM.referenceExploit());
  }
}
