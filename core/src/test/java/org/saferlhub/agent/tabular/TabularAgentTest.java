package org.saferlhub.agent.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.saferlhub.config.ParameterException;
import org.saferlhub.train.AgentOptions;
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
  @EnumSource(value = Algorithm.class, mode = EnumSource.Mode.EXCLUDE,
      names = {"REINFORCE", "REINFORCE_BASELINE", "VPG"}) // policy methods learn preferences
  void everyValueMethodLearnsTheChainsOptimalValues(Algorithm algorithm) {
    QTable q = trainChain(algorithm, 3).q();
    assertThat(q.greedy(0)).as("go on to state 1").isEqualTo(1);
    assertThat(q.greedy(1)).as("take the +2").isEqualTo(0);
    assertThat(q.get(1, 0)).isCloseTo(2.0, within(0.05));
    assertThat(q.get(0, 1)).isCloseTo(1.8, within(0.1));
    assertThat(q.get(0, 0)).isCloseTo(1.0, within(0.1));
  }

  @ParameterizedTest
  @EnumSource(value = Algorithm.class, names = {"REINFORCE", "REINFORCE_BASELINE"})
  void reinforceLearnsTheChainsOptimalPolicy(Algorithm algorithm) {
    TabularAgent agent = algorithm.create(2, 2, 0.05, 0.9, new SplittableRandom(3));
    Rollouts.play(agent, new TwoArmedChain(), 20_000, 3, null);
    assertThat(agent.probabilities(0)[1]).as("π(on | 0)").isGreaterThan(0.99);
    assertThat(agent.probabilities(1)[0]).as("π(+2 | 1)").isGreaterThan(0.99);
    Reinforce reinforce = (Reinforce) agent;
    if (reinforce.hasBaseline()) {
      // b learns v_π: about v*(1) = 2 and v*(0) = 0.9 · 2 = 1.8.
      assertThat(reinforce.baseline(1)).isCloseTo(2.0, within(0.05));
      assertThat(reinforce.baseline(0)).isCloseTo(1.8, within(0.05));
    } else {
      assertThat(reinforce.baseline(0)).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Algorithm.class, mode = EnumSource.Mode.EXCLUDE,
      names = "VPG") // a batch method cannot be stepped, so it has nothing to trace
  void tracingDoesNotChangeWhatAnyAlgorithmDoes(Algorithm algorithm) {
    AgentOptions options = new AgentOptions(0.8, 5);
    TabularAgent traced = algorithm.create(2, 2, 0.1, 0.9, options, new SplittableRandom(11));
    TabularAgent plain = algorithm.create(2, 2, 0.1, 0.9, options, new SplittableRandom(11));
    traced.epsilon(0.3);
    plain.epsilon(0.3);
    StepTrace trace = new StepTrace();
    traced.trace(trace);
    String tracedActions = Rollouts.play(traced, new TwoArmedChain(), 500, 5, trace);
    String plainActions = Rollouts.play(plain, new TwoArmedChain(), 500, 5, null);
    assertThat(tracedActions).isEqualTo(plainActions);
    assertThat(traced.q().toArray()).isEqualTo(plain.q().toArray());
    assertThat(trace.updates()).as("the last step updated something").isPositive();
  }

  @Test
  void epsilonGreedyProbabilitiesPutTheRestOnTheGreedyAction() {
    QLearning agent = new QLearning(2, 4, 0.5, 0.9, new SplittableRandom(1));
    agent.q().add(0, 2, 1.0);
    agent.epsilon(0.2);
    // 1 − ε + ε/|A| = 0.85 on the greedy action, ε/|A| = 0.05 on the others.
    assertThat(agent.probabilities(0)).containsExactly(new double[] {0.05, 0.05, 0.85, 0.05},
        within(1e-15));
    // Ties go to the lowest action, as when acting.
    assertThat(agent.probabilities(1)).containsExactly(new double[] {0.85, 0.05, 0.05, 0.05},
        within(1e-15));
    agent.epsilon(0);
    assertThat(agent.probabilities(0)).containsExactly(0.0, 0.0, 1.0, 0.0);
  }

  @Test
  void theDefaultPolicyIsGreedyInQ() {
    QTable table = new QTable(1, 3);
    table.add(0, 1, 0.5);
    TabularAgent greedyOnly = new TabularAgent() {
      @Override
      public int begin(int s0) {
        return 0;
      }

      @Override
      public int observe(double reward, int nextState, boolean terminated, boolean truncated) {
        return -1;
      }

      @Override
      public void epsilon(double epsilon) {}

      @Override
      public QTable q() {
        return table;
      }

      @Override
      public TdErrorTally tdErrors() {
        return new TdErrorTally();
      }

      @Override
      public void trace(StepTrace trace) {}
    };
    assertThat(greedyOnly.probabilities(0)).containsExactly(0.0, 1.0, 0.0);
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
      // π(A|S) of the ε-greedy policy: 1 − 0.5 + 0.25 for the greedy action, 0.25 otherwise.
      assertThat(trace.probability()).isEqualTo(a == traced.q().greedy(0) ? 0.75 : 0.25);
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
        .isInstanceOf(ParameterException.class).hasMessage("alpha must be more than 0 and at most 1, was 0");
    assertThatThrownBy(() -> new Sarsa(2, 2, 0.1, Double.NaN, new SplittableRandom(1)))
        .isInstanceOf(ParameterException.class).hasMessage("gamma must be from 0 to 1, was NaN");
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
