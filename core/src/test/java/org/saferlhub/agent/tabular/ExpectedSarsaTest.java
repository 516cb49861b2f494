package org.saferlhub.agent.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExpectedSarsaTest {

  @Test
  void theTargetIsTheEpsilonGreedyExpectationOfTheNextValues() {
    ExpectedSarsa agent = new ExpectedSarsa(2, 2, 0.5, 0.5, new SplittableRandom(1));
    agent.q().add(1, 0, 2.0);
    agent.q().add(1, 1, 10.0);
    agent.epsilon(0);
    assertThat(agent.begin(0)).as("ties go to action 0").isZero();
    agent.epsilon(0.2);
    StepTrace trace = new StepTrace();
    agent.trace(trace);
    agent.observe(1.0, 1, false, false);
    // π(·|1) = (ε/2, 1 − ε + ε/2) = (0.1, 0.9): Σ π Q = 0.1 · 2 + 0.9 · 10 = 9.2.
    // target = 1 + 0.5 · 9.2 = 5.6;  Q(0,0) = 0 + 0.5 (5.6 − 0) = 2.8.
    assertThat(trace.target()).isCloseTo(5.6, within(1e-12));
    assertThat(agent.q().get(0, 0)).isCloseTo(2.8, within(1e-12));
    assertThat(trace.tdError()).isCloseTo(5.6, within(1e-12));
    assertThat(agent.tdErrors().drain()).isCloseTo(5.6, within(1e-12));
  }

  @Test
  void aTerminalNextStateIsWorthNothing() {
    ExpectedSarsa agent = new ExpectedSarsa(2, 2, 0.5, 0.5, new SplittableRandom(1));
    agent.q().add(1, 0, 100.0);
    agent.epsilon(0.2);
    int a = agent.begin(0);
    assertThat(agent.observe(1.0, 1, true, false)).isEqualTo(-1);
    assertThat(agent.q().get(0, a)).isEqualTo(0.5); // target = R = 1
  }

  @Test
  void withoutExplorationItIsQLearning() {
    ExpectedSarsa expected = new ExpectedSarsa(2, 2, 0.1, 0.9, new SplittableRandom(4));
    QLearning qLearning = new QLearning(2, 2, 0.1, 0.9, new SplittableRandom(4));
    expected.epsilon(0);
    qLearning.epsilon(0);
    assertThat(Rollouts.play(expected, new TwoArmedChain(), 200, 9, null))
        .isEqualTo(Rollouts.play(qLearning, new TwoArmedChain(), 200, 9, null));
    assertThat(expected.q().toArray()).isEqualTo(qLearning.q().toArray());
  }
}
