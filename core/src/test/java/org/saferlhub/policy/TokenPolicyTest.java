package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.random.Rng;

/** Exact evaluation of token policies on the tiny language model, by enumerating its texts. */
class TokenPolicyTest {

  private static final TinyLanguageModel MODEL = new TinyLanguageModel(1.0);
  private static final TokenPolicy LM = new TokenPolicy(MODEL);

  /** The reference, a tilt, and two policies with random logits. */
  private static List<double[][]> policies() {
    List<double[][]> out = new ArrayList<>();
    out.add(LM.reference());
    out.add(SoftValueIteration.solve(MODEL, 0.3, true));
    Rng rng = new Rng(2);
    for (int i = 0; i < 2; i++) {
      double[][] theta = LM.referenceLogits();
      for (double[] row : theta) {
        for (int t = 0; t < row.length; t++) {
          row[t] += 3 * (rng.nextDouble() - 0.5);
        }
      }
      out.add(TokenPolicy.softmax(theta));
    }
    return out;
  }

  @Test
  void theLawOfTextsIsADistributionAndTheReferencesIsTheModels() {
    double[] ref = LM.law(LM.reference());
    assertThat(ref).hasSize(341);
    for (int y = 0; y < 341; y++) {
      assertThat(ref[y]).isCloseTo(MODEL.referenceOf(MODEL.texts().get(y)), within(1e-15));
    }
    for (double[][] pi : policies()) {
      double sum = 0;
      for (double p : LM.law(pi)) {
        sum += p;
      }
      assertThat(sum).isCloseTo(1, within(1e-12));
      assertThat(LM.reach(pi)[0]).isEqualTo(1);
    }
  }

  /** Σ_s d^π(s) KL(π(·|s) ‖ σ(·|s)) = Σ_y π(y) log(π(y)/σ(y)), and the chain rule of entropy. */
  @Test
  void theSequenceKlIsThePerTokenKlSummedAlongTheTexts() {
    List<double[][]> all = policies();
    for (int i = 0; i < all.size(); i++) {
      double[][] pi = all.get(i);
      double[] law = LM.law(pi);
      for (double[][] sigma : all) {
        double byTexts = TokenPolicy.textKl(law, LM.law(sigma));
        assertThat(LM.sequenceKl(pi, sigma)).as("policy %d", i).isCloseTo(byTexts, within(1e-9));
      }
      double[] reach = LM.reach(pi);
      double byTokens = 0;
      for (int s = 0; s < reach.length; s++) {
        byTokens += reach[s] * TokenPolicy.entropy(pi[s]);
      }
      assertThat(TokenPolicy.entropy(law)).isCloseTo(byTokens, within(1e-9));
    }
    assertThat(LM.sequenceKl(all.get(2), all.get(3))).isGreaterThan(0.1);
  }

  /** With bonus 1 the proxy's favourites are a letter and three "!": 4 places × 3 letters. */
  @Test
  void theExploitSetAndItsKlPrice() {
    double reference = 0;
    int members = 0;
    for (int y = 0; y < 341; y++) {
      String text = MODEL.texts().get(y);
      boolean shout = text.length() == 4 && text.replace("!", "").length() == 1;
      assertThat(LM.isExploit(y)).as(text).isEqualTo(shout);
      if (shout) {
        members++;
        reference += MODEL.referenceOf(text);
        assertThat(MODEL.proxyReward(text)).isEqualTo(2.5);
      }
    }
    assertThat(members).isEqualTo(12);
    assertThat(LM.referenceExploit()).isCloseTo(reference, within(1e-18)).isLessThan(1e-4);
    // The bound (KL + ln 2)/ln(1/π_ref(E)) holds for every policy; the tilt comes near it.
    for (double beta : new double[] {0.02, 0.05, 0.1, 0.3, 1, 3}) {
      double[][] pi = SoftValueIteration.solve(MODEL, beta, true);
      double kl = LM.sequenceKl(pi, LM.reference());
      assertThat(LM.exploit(LM.law(pi))).as("β %s", beta)
          .isLessThanOrEqualTo(LM.exploitBound(kl));
    }
    for (double[][] pi : policies()) {
      assertThat(LM.exploit(LM.law(pi)))
          .isLessThanOrEqualTo(LM.exploitBound(LM.sequenceKl(pi, LM.reference())));
    }
  }

  /**
   * At the optimum the KL-regularised action values explain the policy: π*(t|s) ∝ π_ref(t|s)
   * e^{Q(s,t)/β}, so Q − β log(π* / π_ref) is the same for every token of a prefix.
   */
  @Test
  void theOptimumsSoftActionValuesAreItsTilt() {
    double beta = 0.4;
    double[][] pi = SoftValueIteration.solve(MODEL, beta, true);
    double[][] q = LM.softActionValues(pi, beta);
    for (int s = 0; s < TinyLanguageModel.PREFIXES; s++) {
      double first = q[s][0] - beta * StrictMath.log(pi[s][0] / MODEL.reference(s, 0));
      for (int t = 1; t < 5; t++) {
        assertThat(q[s][t] - beta * StrictMath.log(pi[s][t] / MODEL.reference(s, t)))
            .as("prefix '%s' token %d", MODEL.texts().get(s), t).isCloseTo(first, within(1e-9));
      }
    }
    // Under the reference and β = 0, Q is the expected proxy of the texts through (s, t).
    double[][] plain = LM.softActionValues(LM.reference(), 0);
    double[] ref = LM.law(LM.reference());
    double expected = 0;
    double mass = 0;
    for (int y = 0; y < 341; y++) {
      if (MODEL.texts().get(y).startsWith("b")) {
        expected += ref[y] * MODEL.proxyReward(MODEL.texts().get(y));
        mass += ref[y];
      }
    }
    assertThat(plain[0][1]).isCloseTo(expected / mass, within(1e-12));
  }

  /** Sampled texts follow the law: k1 and k3 of whole texts are unbiased for the sequence KL. */
  @Test
  void sampledTextsGiveUnbiasedSequenceKlEstimates() {
    double[][] pi = SoftValueIteration.solve(MODEL, 0.5, true);
    double exact = LM.sequenceKl(pi, LM.reference());
    Rng rng = new Rng(8);
    int batches = 20_000;
    int[] texts = new int[10];
    double[] kl = new double[3];
    double[] sum = new double[3];
    double[] sumSq = new double[3];
    int ab = 0;
    for (int b = 0; b < batches; b++) {
      LM.sampleBatch(pi, rng, texts, kl);
      for (int e = 0; e < 3; e++) {
        sum[e] += kl[e];
        sumSq[e] += kl[e] * kl[e];
      }
      for (int y : texts) {
        ab += y == MODEL.indexOf("ab") ? 1 : 0;
      }
      assertThat(kl[2]).isGreaterThanOrEqualTo(0);
    }
    for (int e : new int[] {0, 2}) {
      double mean = sum[e] / batches;
      double se = Math.sqrt((sumSq[e] / batches - mean * mean) / batches);
      assertThat(mean).as("k%d", e + 1).isCloseTo(exact, within(4 * se));
    }
    double p = LM.law(pi)[MODEL.indexOf("ab")];
    int n = batches * texts.length;
    assertThat(ab / (double) n).isCloseTo(p, within(4 * Math.sqrt(p * (1 - p) / n)));
  }
}
