package org.saferlhub.agent.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.saferlhub.config.ParameterException;
import org.saferlhub.train.Algorithm;
import org.saferlhub.train.EpsilonSchedule;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.Trainer;
import org.saferlhub.train.TrainingListener;
import org.saferlhub.train.TrainingResult;
import org.junit.jupiter.api.Test;

class TabularAgentTest {

  private static TrainingResult trainChain(Algorithm algorithm, long seed) {
    RunConfig config = new RunConfig("test:chain", algorithm, 20_000, 0.05, 0.9,
        new EpsilonSchedule(EpsilonSchedule.Kind.LINEAR, 0.5, 0.0), seed);
    return Trainer.train(config, new TwoArmedChain(), TrainingListener.NONE, () -> false,
        Duration.ofMinutes(1));
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void everyAlgorithmLearnsTheChainsOptimalValues(Algorithm algorithm) {
    QTable q = trainChain(algorithm, 3).q();
    assertThat(q.greedy(0)).as("go on to state 1").isEqualTo(1);
    assertThat(q.greedy(1)).as("take the +2").isEqualTo(0);
    assertThat(q.get(1, 0)).isCloseTo(2.0, within(0.05));
    assertThat(q.get(0, 1)).isCloseTo(1.8, within(0.1));
    assertThat(q.get(0, 0)).isCloseTo(1.0, within(0.1));
  }

  @Test
  void qLearningUpdateIsTheEquationWithTheNumbersIn() {
    QLearning agent = new QLearning(2, 2, 0.5, 0.9, new SplittableRandom(1));
    agent.epsilon(0);
    int a0 = agent.begin(0);
    assertThat(a0).as("ties go to action 0").isEqualTo(0);
    agent.observe(1.0, 0, true, false); // Q(0,0) ← 0 + 0.5 (1 − 0) = 0.5
    assertThat(agent.q().get(0, 0)).isEqualTo(0.5);
    agent.begin(0);
    agent.observe(0.0, 1, false, false); // target 0 + 0.9 · max Q(1,·) = 0 → 0.5 + 0.5(0 − 0.5)
    assertThat(agent.q().get(0, 0)).isEqualTo(0.25);
    assertThat(agent.tdErrors().drain()).isEqualTo((1.0 + 0.5) / 2);
  }

  @Test
  void sarsaBootstrapsOnTheActionItWillTake() {
    Sarsa agent = new Sarsa(2, 2, 1.0, 1.0, new SplittableRandom(1));
    agent.epsilon(0);
    agent.q().add(1, 1, 5.0); // the greedy action in state 1 is 1, worth 5
    agent.begin(0);
    int next = agent.observe(0.0, 1, false, false);
    assertThat(next).isEqualTo(1);
    assertThat(agent.q().get(0, 0)).isEqualTo(5.0); // α = 1: Q(0,0) = 0 + 1 · Q(1,1)
  }

  @Test
  void monteCarloUpdatesEveryStepWithTheReturnThatFollowed() {
    MonteCarloControl agent = new MonteCarloControl(2, 2, 1.0, 0.5, new SplittableRandom(1));
    agent.epsilon(0);
    agent.begin(0);
    agent.observe(1.0, 1, false, false);
    assertThat(agent.q().get(0, 0)).as("nothing learned mid-episode").isEqualTo(0.0);
    agent.observe(4.0, 1, true, false);
    assertThat(agent.q().get(1, 0)).isEqualTo(4.0); // G_1 = 4
    assertThat(agent.q().get(0, 0)).isEqualTo(3.0); // G_0 = 1 + 0.5 · 4
  }

  @Test
  void aTracedAgentRecordsTheCoinFlipAndTheUpdateWithoutChangingWhatItDoes() {
    QLearning traced = new QLearning(2, 2, 0.5, 0.9, new SplittableRandom(11));
    QLearning plain = new QLearning(2, 2, 0.5, 0.9, new SplittableRandom(11));
    StepTrace trace = new StepTrace();
    traced.trace(trace);
    for (QLearning agent : new QLearning[] {traced, plain}) {
      agent.epsilon(0.5);
    }
    for (int episode = 0; episode < 50; episode++) {
      int a = traced.begin(0);
      assertThat(plain.begin(0)).isEqualTo(a);
      assertThat(trace.chosenAction()).isEqualTo(a);
      assertThat(trace.explored()).isEqualTo(trace.coin() < 0.5);
      double before = traced.q().get(0, a);
      traced.observe(1.0, 1, true, false);
      plain.observe(1.0, 1, true, false);
      assertThat(trace.state()).isZero();
      assertThat(trace.action()).isEqualTo(a);
      assertThat(trace.oldValue()).isEqualTo(before);
      assertThat(trace.target()).isEqualTo(1.0);
      assertThat(trace.newValue()).isEqualTo(before + 0.5 * (1.0 - before));
      assertThat(trace.tdError()).isEqualTo(1.0 - before);
    }
    assertThat(traced.q().toArray()).isEqualTo(plain.q().toArray());
  }

  @Test
  void hyperparametersOutOfRangeNameTheField() {
    assertThatThrownBy(() -> new QLearning(2, 2, 0.0, 0.9, new SplittableRandom(1)))
        .isInstanceOf(ParameterException.class).hasMessage("alpha must be in (0, 1], was 0");
    assertThatThrownBy(() -> new Sarsa(2, 2, 0.1, Double.NaN, new SplittableRandom(1)))
        .isInstanceOf(ParameterException.class).hasMessage("gamma must be in [0, 1], was NaN");
  }

  @Test
  void epsilonGreedyExploresAtTheGivenRate() {
    QTable q = new QTable(1, 2);
    q.add(0, 1, 1.0);
    SplittableRandom rng = new SplittableRandom(5);
    int greedy = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      greedy += q.epsilonGreedy(0, 0.2, rng) == 1 ? 1 : 0;
    }
    // P(greedy) = 1 − ε + ε/2 = 0.9; the standard error is about 0.00095.
    assertThat((double) greedy / n).isCloseTo(0.9, within(0.005));
  }
}
