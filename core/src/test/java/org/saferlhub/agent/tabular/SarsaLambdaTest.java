package org.saferlhub.agent.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;

class SarsaLambdaTest {

  @Test
  void twoStepsUpdateTheEarlierPairThroughItsTrace() {
    // α = 0.5, γ = 0.9, λ = 0.8, so γλ = 0.72; ε = 0 and zero Q: every action is 0.
    SarsaLambda agent = new SarsaLambda(3, 2, 0.5, 0.9, 0.8, new SplittableRandom(1));
    agent.epsilon(0);
    agent.begin(0);
    // Step 1: (0, 0) → R = 1, S′ = 1. δ = 1 + 0.9 · 0 − 0 = 1; z(0,0) = 1;
    // Q(0,0) = 0.5 · 1 · 1 = 0.5; then z(0,0) = 0.72.
    assertThat(agent.observe(1.0, 1, false, false)).isZero();
    assertThat(agent.q().get(0, 0)).isEqualTo(0.5);
    assertThat(agent.eligibility(0, 0)).isCloseTo(0.72, within(1e-15));
    // Step 2: (1, 0) → R = 2, S′ = 2. δ = 2 + 0.9 · 0 − 0 = 2; z(1,0) = 1;
    // Q(1,0) = 0.5 · 2 · 1 = 1;  Q(0,0) = 0.5 + 0.5 · 2 · 0.72 = 1.22;
    // then z(1,0) = 0.72 and z(0,0) = 0.72² = 0.5184.
    StepTrace trace = new StepTrace();
    agent.trace(trace);
    agent.observe(2.0, 2, false, false);
    assertThat(agent.q().get(1, 0)).isEqualTo(1.0);
    assertThat(agent.q().get(0, 0)).isCloseTo(1.22, within(1e-15));
    assertThat(agent.eligibility(1, 0)).isCloseTo(0.72, within(1e-15));
    assertThat(agent.eligibility(0, 0)).isCloseTo(0.5184, within(1e-15));
    assertThat(agent.eligibility(0, 1)).isZero();
    // The trace shows the update of (S, A) = (1, 0) and counts both pairs the traces reached.
    assertThat(trace.state()).isEqualTo(1);
    assertThat(trace.tdError()).isEqualTo(2.0);
    assertThat(trace.newValue()).isEqualTo(1.0);
    assertThat(trace.updates()).isEqualTo(2);
  }

  @Test
  void aRevisitedPairsTraceIsReplacedNotAccumulated() {
    SarsaLambda agent = new SarsaLambda(2, 2, 0.5, 1.0, 0.5, new SplittableRandom(1));
    agent.epsilon(0);
    agent.begin(0);
    agent.observe(0.0, 0, false, false); // (0,0) → 0: z(0,0) = 1, then 0.5
    agent.observe(0.0, 0, false, false); // (0,0) again: z(0,0) = 1 (accumulating: 1.5), then 0.5
    assertThat(agent.eligibility(0, 0)).isEqualTo(0.5);
  }

  @Test
  void tracesStartAtZeroEveryEpisode() {
    SarsaLambda agent = new SarsaLambda(2, 2, 0.5, 0.9, 0.9, new SplittableRandom(1));
    agent.epsilon(0);
    agent.begin(0);
    agent.observe(0.0, 1, false, false);
    agent.observe(1.0, 1, true, false);
    assertThat(agent.eligibility(0, 0)).isPositive();
    agent.begin(1);
    assertThat(agent.eligibility(0, 0)).isZero();
    assertThat(agent.eligibility(1, 0)).isZero();
  }

  @Test
  void withLambdaZeroItIsSarsaBitForBit() {
    SarsaLambda lambdaZero = new SarsaLambda(2, 2, 0.1, 0.9, 0.0, new SplittableRandom(4));
    Sarsa sarsa = new Sarsa(2, 2, 0.1, 0.9, new SplittableRandom(4));
    lambdaZero.epsilon(0.3);
    sarsa.epsilon(0.3);
    assertThat(Rollouts.play(lambdaZero, new TwoArmedChain(), 2_000, 9, null))
        .isEqualTo(Rollouts.play(sarsa, new TwoArmedChain(), 2_000, 9, null));
    assertThat(lambdaZero.q().toArray()).isEqualTo(sarsa.q().toArray());
  }

  @Test
  void lambdaOutOfRangeNamesTheField() {
    assertThatThrownBy(() -> new SarsaLambda(2, 2, 0.1, 0.9, 1.5, new SplittableRandom(1)))
        .isInstanceOf(ParameterException.class).hasMessage("lambda must be from 0 to 1, was 1.5");
  }
}
