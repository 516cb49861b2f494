package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.saferlhub.random.Rng;

/** DPO on the tiny language model (policy-lab.md, section 6D, with texts for answers). */
class TokenDpoTest {

  private static final TinyLanguageModel MODEL = new TinyLanguageModel(1.0);
  private static final TokenPolicy LM = new TokenPolicy(MODEL);

  /**
   * A prefix that no compared text passes through keeps its reference next-token distribution
   * bit for bit (its logits get no gradient), so every completion of it keeps its reference
   * conditional probability; the prefixes the pairs do pass through all move.
   */
  @Test
  void aPrefixNoComparedTextPassesThroughKeepsItsReferenceDistribution() {
    int[][] pairs = Dpo.comparisons(LM, 100, new Rng(4));
    assertThat(pairs).hasNumberOfRows(100);
    boolean[] visited = new boolean[85];
    for (int[] pair : pairs) {
      assertThat(pair[0]).isNotEqualTo(pair[1]);
      for (int y : pair) {
        for (int s : LM.states(y)) {
          visited[s] = true;
        }
      }
    }
    TokenPolicy.Run run = Dpo.run(MODEL, new Dpo.Config(1, 100, 300, 0.5, false, 4));
    double[][] start = TokenPolicy.softmax(LM.referenceLogits());
    double[][] pi = run.policy();
    double[] reachStart = LM.reach(start);
    double[] reach = LM.reach(pi);
    double[] lawStart = run.steps().get(0).pi();
    double[] law = run.steps().get(300).pi();
    int kept = 0;
    int moved = 0;
    for (int s = 0; s < 85; s++) {
      if (visited[s]) {
        moved += LabStep.kl(start[s], pi[s]) > 1e-6 ? 1 : 0;
        continue;
      }
      assertThat(pi[s]).as("prefix '%s'", MODEL.texts().get(s)).isEqualTo(start[s]);
      kept++;
      // π(y | y starts with s) is the reference's, for every completion y of s.
      String prefix = MODEL.texts().get(s);
      for (int y = 0; y < 341; y++) {
        if (MODEL.texts().get(y).startsWith(prefix)) {
          assertThat(law[y] / reach[s]).as("'%s' after '%s'", MODEL.texts().get(y), prefix)
              .isCloseTo(lawStart[y] / reachStart[s], within(1e-12 * lawStart[y] / reachStart[s]));
        }
      }
    }
    int visitedCount = 85 - kept;
    assertThat(kept).as("prefixes no pair reaches").isGreaterThanOrEqualTo(30);
    assertThat(moved).as("visited prefixes that moved").isEqualTo(visitedCount);
    // ... while how often the policy reaches them did change.
    assertThat(LM.sequenceKl(pi, start)).isGreaterThan(0.1);
  }

  /**
   * The implicit reward β log(π(y)/π_ref(y)) learns the judge's direction: after 300 steps on
   * 1,000 seeded pairs it orders more than three quarters of the compared pairs with different
   * proxies as the proxy does (measured 438 of 514), and the proxy rises over the reference's.
   */
  @Test
  void theImplicitRewardPointsTheWayOfTheProxy() {
    double beta = 0.5;
    int[][] pairs = Dpo.comparisons(LM, 1_000, new Rng(4));
    TokenPolicy.Run run = Dpo.run(MODEL, new Dpo.Config(1, 1_000, 300, beta, false, 4));
    double[] implicit = Dpo.implicitReward(run.policy(), MODEL, beta);
    int differ = 0;
    int agree = 0;
    double margin = 0;
    for (int[] pair : pairs) {
      margin += implicit[pair[0]] - implicit[pair[1]]; // winner minus loser
      double proxyGap = LM.proxy(pair[0]) - LM.proxy(pair[1]);
      if (proxyGap != 0) {
        differ++;
        agree += proxyGap * (implicit[pair[0]] - implicit[pair[1]]) > 0 ? 1 : 0;
      }
    }
    assertThat(margin).as("winners' implicit rewards exceed the losers'").isPositive();
    assertThat(differ).isGreaterThan(400);
    assertThat(agree).isGreaterThan(3 * differ / 4);
    assertThat(run.steps().get(300).proxyReward())
        .isGreaterThan(run.steps().get(0).proxyReward() + 0.1);
    // The implicit reward of the reference itself is 0 for every text.
    for (double r : Dpo.implicitReward(TokenPolicy.softmax(LM.referenceLogits()), MODEL, beta)) {
      assertThat(r).isCloseTo(0, within(1e-12));
    }
  }

  /**
   * With infinitely many comparisons ({@code exact}) DPO heads for the sequence tilt, soft value
   * iteration's optimum: in 200 steps the sequence KL to it falls from 0.094 to below a tenth of
   * that (measured 0.0025), and on the texts the reference writes at least one time in a
   * thousand the implicit reward is the proxy plus one constant, to within 0.25 (measured 0.21).
   */
  @Test
  void withExactComparisonsDpoHeadsForTheSequenceTilt() {
    double beta = 1;
    double[][] optimum = SoftValueIteration.solve(MODEL, beta, true);
    double[][] start = TokenPolicy.softmax(LM.referenceLogits());
    double before = LM.sequenceKl(start, optimum);
    TokenPolicy.Run run = Dpo.run(MODEL, new Dpo.Config(20, 2, 200, beta, true, 1));
    double after = LM.sequenceKl(run.policy(), optimum);
    assertThat(before).isGreaterThan(0.09);
    assertThat(after).isLessThan(before / 10);
    double[] implicit = Dpo.implicitReward(run.policy(), MODEL, beta);
    double[] ref = LM.referenceLaw();
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (int y = 0; y < 341; y++) {
      if (ref[y] > 1e-3) {
        low = Math.min(low, implicit[y] - LM.proxy(y));
        high = Math.max(high, implicit[y] - LM.proxy(y));
      }
    }
    assertThat(high - low).isLessThan(0.25);
  }
}
