package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;

/** GRPO on the tiny language model: blind to the reward's scale, and where a run goes. */
class TokenGrpoTest {

  private static final TinyLanguageModel MODEL = new TinyLanguageModel(1.0);
  private static final TokenPolicy LM = new TokenPolicy(MODEL);

  private static double[] proxy() {
    double[] r = new double[341];
    for (int y = 0; y < r.length; y++) {
      r[y] = MODEL.proxyReward(MODEL.texts().get(y));
    }
    return r;
  }

  private static TokenPolicy.Run grpo(double[] reward, double beta, int steps, long seed) {
    return Grpo.run(MODEL, reward, new Grpo.Config(0.3, 16, steps, 2, 0.2, beta, seed));
  }

  /**
   * Standardised group advantages make the updates blind to r → a r + b (a &gt; 0): over ten
   * seeded updates with the k3 penalty, the token policies agree to 1e-12 for three transforms.
   */
  @Test
  void updatesAreBlindToPositiveAffineChangesOfTheReward() {
    double[] r = proxy();
    TokenPolicy.Run base = grpo(r, 0.04, 10, 9);
    for (double[] ab : new double[][] {{3, 5}, {0.01, -2}, {100, 40}}) {
      double[] changed = new double[r.length];
      for (int y = 0; y < r.length; y++) {
        changed[y] = ab[0] * r[y] + ab[1];
      }
      TokenPolicy.Run other = grpo(changed, 0.04, 10, 9);
      for (int t = 1; t <= 10; t++) {
        double[] a = base.steps().get(t).pi();
        double[] b = other.steps().get(t).pi();
        for (int y = 0; y < a.length; y++) {
          assertThat(b[y]).as("r → %s r + %s, step %d, text %d", ab[0], ab[1], t, y)
              .isCloseTo(a[y], within(1e-12));
        }
      }
      for (int s = 0; s < 85; s++) {
        for (int c = 0; c < 5; c++) {
          assertThat(other.policy()[s][c]).isCloseTo(base.policy()[s][c], within(1e-12));
        }
      }
    }
    // The updates did something: the runs are not trivially equal.
    assertThat(base.steps().get(10).klOldNew()).isGreaterThan(1e-6);
    // A reward that does not tell texts apart gives every group zero advantages: without the
    // penalty nothing moves, to the last bit.
    double[] flat = new double[341];
    java.util.Arrays.fill(flat, 0.7);
    TokenPolicy.Run still = grpo(flat, 0, 10, 9);
    assertThat(still.policy()).isDeepEqualTo(TokenPolicy.softmax(LM.referenceLogits()));
    assertThatThrownBy(() -> grpo(new double[4], 0, 1, 1)).isInstanceOf(ParameterException.class)
        .hasMessage("reward must list one number per text (341), had 4");
  }

  /**
   * A weak penalty (β = 0.1): 300 groups of 16 raise the proxy by more than 0.5 and π(E) past 20
   * times its reference probability; the true reward falls.
   */
  @Test
  void withAWeakPenaltyGrpoClimbsTheProxyTowardsTheExploit() {
    TokenPolicy.Run run = grpo(proxy(), 0.1, 300, 1);
    LabStep first = run.steps().get(0);
    LabStep last = run.steps().get(300);
    assertThat(last.proxyReward()).isGreaterThan(first.proxyReward() + 0.5);
    assertThat(last.piExploit()).isGreaterThan(20 * first.piExploit());
    assertThat(last.logRatioExploit()).isGreaterThan(3);
    assertThat(last.trueReward()).isLessThan(first.trueReward() - 0.1);
    for (LabStep s : run.steps()) {
      assertThat(s.piExploit()).isLessThanOrEqualTo(s.exploitBound());
      if (s.step() > 0) {
        assertThat(s.clipFraction()).isBetween(0.0, 1.0);
        assertThat(s.k3()).isGreaterThanOrEqualTo(0);
      }
    }
  }

  /**
   * A strong penalty (β = 2) holds GRPO near the reference: sequence KL below 0.1 nats, π(E)
   * within a factor e of π_ref(E), and the true reward above the reference's.
   */
  @Test
  void withAStrongPenaltyGrpoStaysNearTheReference() {
    TokenPolicy.Run run = grpo(proxy(), 2, 300, 1);
    LabStep first = run.steps().get(0);
    LabStep last = run.steps().get(300);
    assertThat(last.kl()).isLessThan(0.1);
    assertThat(Math.abs(last.logRatioExploit())).isLessThan(1);
    assertThat(last.proxyReward()).isCloseTo(first.proxyReward(), within(0.2));
    assertThat(last.trueReward()).isGreaterThan(first.trueReward());
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    List<LabStep> one = grpo(proxy(), 0.1, 100, 4).steps();
    List<LabStep> two = grpo(proxy(), 0.1, 100, 4).steps();
    for (int t = 0; t <= 100; t++) {
      assertThat(two.get(t).pi()).isEqualTo(one.get(t).pi());
      assertThat(Double.compare(two.get(t).k3(), one.get(t).k3())).isZero();
    }
    assertThat(grpo(proxy(), 0.1, 100, 5).steps().get(100).pi())
        .isNotEqualTo(one.get(100).pi());
  }
}
