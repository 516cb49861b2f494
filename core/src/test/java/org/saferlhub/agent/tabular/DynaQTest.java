package org.saferlhub.agent.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;

class DynaQTest {

  @Test
  void aPlanningStepReplaysARememberedStepWithTheNewValues() {
    // α = 0.5, γ = 0.9, n = 1, ε = 0; a generator whose draws are all 0 replays the first pair.
    DynaQ agent = new DynaQ(2, 2, 0.5, 0.9, 1, Rollouts.zeros());
    agent.epsilon(0);
    StepTrace trace = new StepTrace();
    agent.trace(trace);
    agent.begin(0);
    // Real step (0, 0) → R = 0, S′ = 1: Q(0,0) = 0 + 0.5 (0 + 0.9 · 0 − 0) = 0; the planning step
    // replays it with the same numbers.
    agent.observe(0.0, 1, false, false);
    assertThat(agent.modelNextState(0, 0)).isEqualTo(1);
    assertThat(agent.q().get(0, 0)).isZero();
    // Real step (1, 0) → R = 2, terminal: Q(1,0) = 0 + 0.5 (2 − 0) = 1.
    // Planning replays (0, 0) → 0, 1: Q(0,0) = 0 + 0.5 (0 + 0.9 · max_a Q(1, a) − 0) = 0.45.
    trace.clear();
    assertThat(agent.observe(2.0, 1, true, false)).isEqualTo(-1);
    assertThat(agent.q().get(1, 0)).isEqualTo(1.0);
    assertThat(agent.q().get(0, 0)).isEqualTo(0.45);
    assertThat(agent.modelReward(1, 0)).isEqualTo(2.0);
    assertThat(agent.modelNextState(0, 1)).as("never tried").isEqualTo(-1);
    // The trace shows the real update and counts the planning one.
    assertThat(trace.state()).isEqualTo(1);
    assertThat(trace.newValue()).isEqualTo(1.0);
    assertThat(trace.updates()).isEqualTo(2);
    // Q-learning alone would not have moved Q(0,0) yet.
    QLearning qLearning = new QLearning(2, 2, 0.5, 0.9, Rollouts.zeros());
    qLearning.epsilon(0);
    qLearning.begin(0);
    qLearning.observe(0.0, 1, false, false);
    qLearning.observe(2.0, 1, true, false);
    assertThat(qLearning.q().get(0, 0)).isZero();
  }

  @Test
  void planningRepeatsARememberedTerminalStep() {
    DynaQ agent = new DynaQ(2, 2, 0.5, 0.9, 2, new SplittableRandom(1));
    agent.epsilon(0);
    agent.begin(0);
    agent.observe(1.0, 1, true, false);
    // Real: 0 + 0.5 (1 − 0) = 0.5; planning (the only pair seen): 0.75, then 0.875.
    assertThat(agent.q().get(0, 0)).isEqualTo(0.875);
  }

  @Test
  void withoutPlanningItIsQLearningBitForBit() {
    DynaQ dyna = new DynaQ(2, 2, 0.1, 0.9, 0, new SplittableRandom(4));
    QLearning qLearning = new QLearning(2, 2, 0.1, 0.9, new SplittableRandom(4));
    dyna.epsilon(0.3);
    qLearning.epsilon(0.3);
    assertThat(Rollouts.play(dyna, new TwoArmedChain(), 2_000, 9, null))
        .isEqualTo(Rollouts.play(qLearning, new TwoArmedChain(), 2_000, 9, null));
    assertThat(dyna.q().toArray()).isEqualTo(qLearning.q().toArray());
  }

  @Test
  void planningStepsOutOfRangeNameTheField() {
    assertThatThrownBy(() -> new DynaQ(2, 2, 0.1, 0.9, 1_001, new SplittableRandom(1)))
        .isInstanceOf(ParameterException.class)
        .hasMessage("planningSteps must be an integer from 0 to 1,000, was 1001");
  }
}
