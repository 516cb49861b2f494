package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** TRPO on the tiny language model: a trust region on the sequence KL, exact expectations. */
class TokenTrpoTest {

  private static final TinyLanguageModel MODEL = new TinyLanguageModel(1.0);
  private static final TokenPolicy LM = new TokenPolicy(MODEL);

  private static TokenPolicy.Run trpo(double delta, int steps, double beta) {
    return Trpo.run(MODEL, new Trpo.Config(delta, steps, beta));
  }

  /**
   * Every update's exact sequence KL(π_old ‖ π_new) is at most δ, with and without an anchor; the
   * first, from the quadratic model's step, lands within 10 % under δ (for a small δ, within 1 %).
   */
  @Test
  void everyUpdateKeepsTheSequenceKlWithinTheTrustRegion() {
    for (double beta : new double[] {0, 0.5}) {
      for (double delta : new double[] {0.01, 0.2}) {
        List<LabStep> run = trpo(delta, 40, beta).steps();
        for (LabStep s : run) {
          assertThat(s.klOldNew()).as("β %s δ %s step %d", beta, delta, s.step())
              .isLessThanOrEqualTo(delta + 1e-12);
          assertThat(s.piExploit()).isLessThanOrEqualTo(s.exploitBound());
        }
      }
    }
    assertThat(trpo(0.01, 1, 0).steps().get(1).klOldNew()).isCloseTo(0.01, within(0.001));
    assertThat(trpo(1e-4, 1, 0).steps().get(1).klOldNew()).isCloseTo(1e-4, within(1e-6));
  }

  /**
   * Without an anchor each update tilts every prefix towards its advantage, so the expected proxy
   * never falls (performance-difference lemma), and TRPO walks all the way to the exploit: the
   * trust region sets the speed, not the destination.
   */
  @Test
  void withoutAnAnchorTheProxyRisesMonotonicallyToTheExploit() {
    List<LabStep> run = trpo(0.05, 60, 0).steps();
    for (int t = 1; t <= 60; t++) {
      assertThat(run.get(t).proxyReward()).as("step %d", t)
          .isGreaterThanOrEqualTo(run.get(t - 1).proxyReward() - 1e-12);
    }
    assertThat(run.get(1).proxyReward()).isGreaterThan(run.get(0).proxyReward());
    assertThat(run.get(5).piExploit()).isLessThan(0.01);
    assertThat(run.get(60).piExploit()).isGreaterThan(0.99);
    assertThat(run.get(60).trueReward()).isLessThan(-0.49);
  }

  /**
   * With the anchor at β the runs settle next to soft value iteration's optimum at β, in fewer
   * than 20 updates of δ = 0.05, and stay: within 1e-3 in every token probability and 1e-6 nats
   * of sequence KL (measured: 4e-5 to 7e-5, and 8e-9 to 1.5e-8), for weak and strong anchors.
   * Closer, even a step 2^{−9} of the quadratic model's overshoots the regularised surrogate.
   */
  @Test
  void withAnAnchorItSettlesNextToTheSoftValueIterationOptimum() {
    for (double beta : new double[] {0.1, 0.5, 2}) {
      double[][] optimum = SoftValueIteration.solve(MODEL, beta, true);
      TokenPolicy.Run run = trpo(0.05, 30, beta);
      double max = 0;
      for (int s = 0; s < 85; s++) {
        for (int t = 0; t < 5; t++) {
          max = Math.max(max, Math.abs(run.policy()[s][t] - optimum[s][t]));
        }
      }
      assertThat(max).as("β = %s", beta).isLessThan(1e-3);
      assertThat(LM.sequenceKl(run.policy(), optimum)).as("β = %s", beta).isLessThan(1e-6);
      // It got there from the reference, which is far away.
      assertThat(LM.sequenceKl(TokenPolicy.softmax(LM.referenceLogits()), optimum))
          .isGreaterThan(0.02);
    }
  }
}
