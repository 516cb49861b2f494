package org.saferlhub.agent.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReinforceTest {

  // π(0|s) after H(s,·) = (0.25, −0.25): e^0.25 / (e^0.25 + e^−0.25) = 1 / (1 + e^−0.5).
  private static final double PI_0 = 0.6224593312018546;

  /** A one-step episode from state 0: the draw 0 picks action 0, which ends it with reward 1. */
  private static void oneStepEpisode(Reinforce agent) {
    assertThat(agent.begin(0)).isZero();
    assertThat(agent.observe(1.0, 1, true, false)).isEqualTo(-1);
  }

  @Test
  void aOneStepEpisodeWithoutBaseline() {
    // α = 0.5; H = 0, so π(·|0) = (0.5, 0.5); G_0 = 1, δ = G_0.
    Reinforce agent = new Reinforce(2, 2, 0.5, 0.9, false, Rollouts.zeros());
    oneStepEpisode(agent);
    // H(0,0) += 0.5 · 1 · (1 − 0.5) = 0.25;  H(0,1) += 0.5 · 1 · (0 − 0.5) = −0.25.
    assertThat(agent.q().get(0, 0)).isEqualTo(0.25);
    assertThat(agent.q().get(0, 1)).isEqualTo(-0.25);
    // Again: δ = 1, H(0,0) += 0.5 · 1 · (1 − π(0|0)).
    oneStepEpisode(agent);
    assertThat(agent.q().get(0, 0)).isCloseTo(0.4387703343990727, within(1e-15));
    assertThat(agent.q().get(0, 1)).isCloseTo(-0.4387703343990727, within(1e-15));
    assertThat(agent.baseline(0)).isZero();
  }

  @Test
  void aOneStepEpisodeWithBaseline() {
    Reinforce agent = new Reinforce(2, 2, 0.5, 0.9, true, Rollouts.zeros());
    StepTrace trace = new StepTrace();
    agent.trace(trace);
    // b(0) = 0: δ = 1 − 0 = 1, the same first update; b(0) += 0.5 · 1 = 0.5 (α_w = α).
    oneStepEpisode(agent);
    assertThat(agent.q().get(0, 0)).isEqualTo(0.25);
    assertThat(agent.q().get(0, 1)).isEqualTo(-0.25);
    assertThat(agent.baseline(0)).isEqualTo(0.5);
    // Again: δ = 1 − 0.5 = 0.5, half the step of the version without baseline;
    // H(0,0) += 0.5 · 0.5 · (1 − π(0|0));  b(0) += 0.5 · 0.5 = 0.75.
    trace.clear();
    oneStepEpisode(agent);
    assertThat(agent.q().get(0, 0)).isCloseTo(0.25 + 0.25 * (1 - PI_0), within(1e-15));
    assertThat(agent.q().get(0, 0)).isCloseTo(0.34438516719953635, within(1e-15));
    assertThat(agent.baseline(0)).isEqualTo(0.75);
    assertThat(trace.target()).isEqualTo(1.0);
    assertThat(trace.tdError()).isEqualTo(0.5);
    assertThat(trace.oldValue()).isEqualTo(0.25);
    assertThat(trace.probability()).isCloseTo(PI_0, within(1e-15)); // π(A_0|S_0) at the choice
    assertThat(agent.tdErrors().drain()).isEqualTo(0.75); // mean of |1| and |0.5|
  }

  @Test
  void laterStepsAreDiscountedByGammaToTheT() {
    // α = 1, γ = 0.5: S_0 = 0, A_0 = 0, R_1 = 0; S_1 = 1, A_1 = 0, R_2 = 1, terminal.
    Reinforce agent = new Reinforce(2, 2, 1.0, 0.5, false, Rollouts.zeros());
    agent.begin(0);
    agent.observe(0.0, 1, false, false);
    agent.observe(1.0, 1, true, false);
    // t = 0: G_0 = 0 + 0.5 · 1 = 0.5;  H(0,0) += 1 · γ^0 · 0.5 · (1 − 0.5) = 0.25.
    assertThat(agent.q().get(0, 0)).isEqualTo(0.25);
    // t = 1: G_1 = 1;  H(1,0) += 1 · γ^1 · 1 · (1 − 0.5) = 0.25.
    assertThat(agent.q().get(1, 0)).isEqualTo(0.25);
    assertThat(agent.q().get(1, 1)).isEqualTo(-0.25);
  }

  @Test
  void theSoftmaxPolicyIsWhatItSamples() {
    Reinforce agent = new Reinforce(1, 2, 0.1, 1.0, false, new SplittableRandom(8));
    agent.q().add(0, 0, Math.log(3)); // π = (3, 1) / 4
    assertThat(agent.probabilities(0)).containsExactly(new double[] {0.75, 0.25}, within(1e-15));
    StepTrace trace = new StepTrace();
    agent.trace(trace);
    int zeros = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      int a = agent.begin(0);
      zeros += a == 0 ? 1 : 0;
      assertThat(trace.probability()).isCloseTo(a == 0 ? 0.75 : 0.25, within(1e-15));
      assertThat(trace.explored()).isEqualTo(a == 1);
    }
    // The standard error is about 0.0014.
    assertThat((double) zeros / n).isCloseTo(0.75, within(0.007));
  }

  @Test
  void epsilonIsIgnored() {
    Reinforce a = new Reinforce(2, 2, 0.1, 0.9, true, new SplittableRandom(2));
    Reinforce b = new Reinforce(2, 2, 0.1, 0.9, true, new SplittableRandom(2));
    a.epsilon(1.0);
    assertThat(Rollouts.play(a, new TwoArmedChain(), 300, 1, null))
        .isEqualTo(Rollouts.play(b, new TwoArmedChain(), 300, 1, null));
    assertThat(a.q().toArray()).isEqualTo(b.q().toArray());
  }
}
