package org.saferlhub.agent.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The softmax policy: probabilities, log-probabilities, sampling, entropy and KL, exactly. */
class TabularPolicyTest {

  private static final double EXACT = 1e-12;

  @Test
  void probabilitiesAreTheSoftmaxOfTheLogitsEvenWhenTheyAreHuge() {
    TabularPolicy pi = TabularPolicy.ofLogits(2, 3, new double[] {0, Math.log(2), Math.log(5),
        1000, 1000, 0});
    assertThat(pi.probabilities(0)).containsExactly(new double[] {0.125, 0.25, 0.625},
        within(EXACT));
    assertThat(pi.probabilities(1)).containsExactly(new double[] {0.5, 0.5, 0}, within(EXACT));
    assertThat(pi.logProb(0, 2)).isCloseTo(Math.log(0.625), within(EXACT));
    assertThat(pi.logProb(1, 2)).isCloseTo(-1000 - Math.log(2), within(1e-9));
    assertThat(pi.probability(0, 1)).isCloseTo(0.25, within(EXACT));
    assertThat(pi.greedy(0)).isEqualTo(2);
    assertThat(pi.greedy(1)).isZero(); // ties go to the lowest index
  }

  @Test
  void entropyIsLogOfTheActionCountForUniformAndZeroForCertain() {
    TabularPolicy uniform = TabularPolicy.uniform(1, 4);
    assertThat(uniform.entropy(0)).isCloseTo(Math.log(4), within(EXACT));
    TabularPolicy sure = TabularPolicy.ofLogits(1, 2, new double[] {800, 0});
    assertThat(sure.entropy(0)).isCloseTo(0, within(1e-12));
  }

  @Test
  void klIsExactPerStateAndWeightedByVisits() {
    // π(·|0) = (0.8, 0.2) against uniform: KL = 0.8 ln 1.6 + 0.2 ln 0.4
    TabularPolicy pi = TabularPolicy.ofLogits(2, 2, new double[] {Math.log(4), 0, 0, 0});
    TabularPolicy ref = TabularPolicy.uniform(2, 2);
    double kl0 = 0.8 * Math.log(1.6) + 0.2 * Math.log(0.4);
    assertThat(pi.kl(ref, 0)).isCloseTo(kl0, within(EXACT));
    assertThat(pi.kl(ref, 1)).isCloseTo(0, within(EXACT));
    assertThat(pi.kl(ref, new double[] {3, 1})).isCloseTo(0.75 * kl0, within(EXACT));
    assertThat(pi.kl(ref, new double[] {0, 5})).isCloseTo(0, within(EXACT));
    assertThat(pi.kl(pi, new double[] {1, 1})).isCloseTo(0, within(EXACT));
    assertThatThrownBy(() -> pi.kl(ref, new double[] {0, 0}))
        .hasMessage("state weights must not all be 0");
    assertThatThrownBy(() -> pi.kl(TabularPolicy.uniform(3, 2), 0))
        .hasMessageContaining("same shape");
  }

  @Test
  void samplingFollowsTheProbabilitiesAndACopyIsFrozen() {
    TabularPolicy pi = TabularPolicy.ofLogits(1, 3, new double[] {0, Math.log(2), Math.log(5)});
    SplittableRandom rng = new SplittableRandom(12);
    double[] scratch = new double[3];
    int[] counts = new int[3];
    int n = 80_000;
    for (int i = 0; i < n; i++) {
      counts[pi.sample(0, rng, scratch)]++;
    }
    // Binomial sd is at most sqrt(0.25 / n) ≈ 0.0018: 0.01 is more than five sd.
    assertThat(counts[0] / (double) n).isCloseTo(0.125, within(0.01));
    assertThat(counts[1] / (double) n).isCloseTo(0.25, within(0.01));
    assertThat(counts[2] / (double) n).isCloseTo(0.625, within(0.01));

    TabularPolicy reference = pi.copy();
    pi.addLogit(0, 0, 5);
    assertThat(reference.logit(0, 0)).isZero();
    assertThat(pi.logit(0, 0)).isEqualTo(5.0);
    assertThat(pi.kl(reference, 0)).isPositive();
  }

  @Test
  void reinforceLearnsItsPolicyInATabularPolicy() {
    Reinforce agent = new Reinforce(2, 2, 0.1, 0.9, false, new SplittableRandom(1));
    agent.epsilon(0);
    int a = agent.begin(0);
    while (a >= 0) {
      a = agent.observe(1.0, 1, true, false);
    }
    assertThat(agent.policy().logits()).isSameAs(agent.q());
    assertThat(agent.probabilities(0)).containsExactly(agent.policy().probabilities(0));
  }
}
