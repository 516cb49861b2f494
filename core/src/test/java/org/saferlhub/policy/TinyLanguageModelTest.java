package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The tiny language model and its exact token-level optimum (policy-lab.md, section 6B). */
class TinyLanguageModelTest {

  private static final TinyLanguageModel MODEL = new TinyLanguageModel(1.0);

  @Test
  void theReferenceIsADistributionOverTextsWithRareExclamations() {
    assertThat(MODEL.texts()).hasSize(341);
    double total = 0;
    for (String y : MODEL.texts()) {
      total += MODEL.referenceOf(y);
    }
    assertThat(total).isCloseTo(1, within(1e-12));
    for (int s = 0; s < TinyLanguageModel.PREFIXES; s++) {
      double row = 0;
      for (int t = 0; t < 5; t++) {
        row += MODEL.reference(s, t);
      }
      assertThat(row).isCloseTo(1, within(1e-12));
      assertThat(MODEL.reference(s, 3)).as("π_ref(! | %s)", MODEL.texts().get(s))
          .isBetween(0.001, 0.4);
    }
    assertThat(MODEL.referenceOf("!!!!")).isLessThan(1e-5);
    // The grammar: letters that never repeat, minus 0.5 per "!"; the proxy adds b per "!".
    assertThat(MODEL.trueReward("abca")).isEqualTo(1);
    assertThat(MODEL.trueReward("aab")).isEqualTo(0);
    assertThat(MODEL.trueReward("a!!!")).isEqualTo(-0.5);
    assertThat(MODEL.proxyReward("a!!!")).isEqualTo(2.5);
  }

  /** Soft value iteration's token policy gives each text exactly π_ref(y) e^{r(y)/β} / Z. */
  @Test
  void theTokenLevelOptimumIsTheSequenceLevelTilt() {
    for (double beta : new double[] {0.1, 0.5, 2.0}) {
      double[][] pi = SoftValueIteration.solve(MODEL, beta, true);
      double z = 0;
      for (String y : MODEL.texts()) {
        z += MODEL.referenceOf(y) * StrictMath.exp(MODEL.proxyReward(y) / beta);
      }
      double klSequence = 0;
      for (String y : MODEL.texts()) {
        double tilt = MODEL.referenceOf(y) * StrictMath.exp(MODEL.proxyReward(y) / beta) / z;
        double law = SoftValueIteration.probabilityOf(MODEL, pi, y);
        assertThat(law).as("β %s, '%s'", beta, y).isCloseTo(tilt, within(1e-12));
        if (law > 0) {
          klSequence += law * StrictMath.log(law / MODEL.referenceOf(y));
        }
      }
      // The sequence KL is the sum of the per-token KLs, each prefix weighted by how often the
      // optimum reaches it.
      double[] reach = new double[TinyLanguageModel.PREFIXES];
      reach[0] = 1;
      double klTokens = 0;
      for (int s = 0; s < TinyLanguageModel.PREFIXES; s++) {
        for (int t = 0; t < 5; t++) {
          klTokens += reach[s] * pi[s][t] * StrictMath.log(pi[s][t] / MODEL.reference(s, t));
          if (t < TinyLanguageModel.EOS
              && MODEL.texts().get(s).length() + 1 < TinyLanguageModel.MAX_LENGTH) {
            reach[MODEL.child(s, t)] = reach[s] * pi[s][t];
          }
        }
      }
      assertThat(klTokens).isCloseTo(klSequence, within(1e-10));
    }
  }

  /** A small β follows the proxy to the exclamation marks; a large one stays sensible. */
  @Test
  void smallBetasShoutLargeOnesDoNot() {
    double[][] loose = SoftValueIteration.solve(MODEL, 0.05, true);
    double shouting = 0;
    for (String y : MODEL.texts()) {
      if (y.chars().filter(c -> c == '!').count() >= 3) {
        shouting += SoftValueIteration.probabilityOf(MODEL, loose, y);
      }
    }
    assertThat(shouting).isGreaterThan(0.9);
    double[][] tight = SoftValueIteration.solve(MODEL, 5, true);
    double calm = 0;
    for (String y : MODEL.texts()) {
      if (y.contains("!")) {
        calm += SoftValueIteration.probabilityOf(MODEL, tight, y);
      }
    }
    assertThat(calm).isLessThan(0.3);
  }

  /**
   * The sparse proxy pays 4b to "!!!!" alone and nothing else beyond the truth, so its only
   * exploit is a text the reference almost never writes, reached by no partial credit.
   */
  @Test
  void theSparseProxyPaysOnlyTheFullRowOfExclamationMarks() {
    TinyLanguageModel sparse = new TinyLanguageModel(1.0, true);
    assertThat(sparse.sparse()).isTrue();
    assertThat(sparse.proxyReward("!!!!")).isEqualTo(sparse.trueReward("!!!!") + 4.0);
    for (String text : sparse.texts()) {
      if (!text.equals("!!!!")) {
        assertThat(sparse.proxyReward(text)).as(text).isEqualTo(sparse.trueReward(text));
      }
    }
    TokenPolicy lm = new TokenPolicy(sparse);
    int exploits = 0;
    for (int y = 0; y < sparse.texts().size(); y++) {
      exploits += lm.isExploit(y) ? 1 : 0;
    }
    assertThat(exploits).isEqualTo(1);
    assertThat(lm.referenceExploit()).isEqualTo(sparse.referenceOf("!!!!")).isLessThan(1e-7);
    assertThat(new TinyLanguageModel(1.0).sparse()).isFalse();
  }
}
