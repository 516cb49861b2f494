package org.saferlhub.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.saferlhub.Rl;
import org.saferlhub.env.blackjack.BlackjackPolicy;
import org.saferlhub.env.blackjack.BlackjackRules;
import org.saferlhub.env.blackjack.BlackjackSolver;

class TrainerTest {

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void sameSeedSameRunBitForBit(Algorithm algorithm) {
    RunConfig config = new RunConfig("blackjack:sab", algorithm, 30_000, 0.05, 1.0,
        new EpsilonSchedule(EpsilonSchedule.Kind.EXPONENTIAL, 0.5, 0.01), 42);
    TrainingResult a = Rl.train(config);
    TrainingResult b = Rl.train(config);
    assertThat(b.q().toArray()).isEqualTo(a.q().toArray());
    assertThat(b.points()).isEqualTo(a.points());
    assertThat(b.visits()).isEqualTo(a.visits());
    assertThat(Double.doubleToRawLongBits(b.meanReturn()))
        .isEqualTo(Double.doubleToRawLongBits(a.meanReturn()));

    TrainingResult other = Rl.train(config.withSeed(43));
    assertThat(other.q().toArray()).isNotEqualTo(a.q().toArray());
  }

  @Test
  void qLearningWithTheLessonsSettingsGetsWithinOneHundredthOfTheOptimum() {
    RunConfig config = new RunConfig("blackjack:sab", Algorithm.Q_LEARNING, 500_000, 0.01, 1.0,
        EpsilonSchedule.constant(0.1), 7);
    TrainingResult run = Rl.train(config);
    double learned = BlackjackSolver.expectedReturn(BlackjackRules.SAB,
        BlackjackPolicy.greedy(run.q().toArray()));
    double optimal = BlackjackSolver.solve(BlackjackRules.SAB).optimalExpectedReturn();
    assertThat(learned).isLessThanOrEqualTo(optimal).isGreaterThan(optimal - 0.01);
    // A run that barely trains is far worse: the test can tell the difference.
    double untrained = BlackjackSolver.expectedReturn(BlackjackRules.SAB, BlackjackPolicy.greedy(
        Rl.train(config.withEpisodes(100)).q().toArray()));
    assertThat(untrained).isLessThan(optimal - 0.05);
  }

  @Test
  void curveHasAtMostTwoHundredPointsCoveringEveryEpisode() {
    List<TrainingPoint> seen = new ArrayList<>();
    AtomicInteger finishes = new AtomicInteger();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onPoint(TrainingPoint point) {
        seen.add(point);
      }

      @Override
      public void onFinish(TrainingResult result) {
        finishes.incrementAndGet();
      }
    };
    RunConfig config = RunConfig.defaults().withEpisodes(12_345);
    TrainingResult run = Rl.train(config, listener, () -> false, Duration.ofMinutes(1));
    assertThat(seen).hasSizeLessThanOrEqualTo(Trainer.MAX_POINTS).isEqualTo(run.points());
    assertThat(seen.get(seen.size() - 1).episode()).isEqualTo(12_345);
    assertThat(finishes).hasValue(1);
    assertThat(run.stopReason()).isEqualTo(StopReason.COMPLETED);
    for (TrainingPoint p : seen) {
      assertThat(p.winRate() + p.drawRate() + p.lossRate()).isCloseTo(1.0, within(1e-9));
      assertThat(p.meanReturn()).isBetween(-1.0, 1.0);
    }
  }

  @Test
  void fewerEpisodesThanPointsGiveOnePointPerEpisode() {
    TrainingResult run = Rl.train(RunConfig.defaults().withEpisodes(7));
    assertThat(run.points()).extracting(TrainingPoint::episode)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void aStopRequestEndsTheRunEarlyWithAResult() {
    AtomicInteger polls = new AtomicInteger();
    TrainingResult run = Rl.train(RunConfig.defaults().withEpisodes(50_000_000),
        TrainingListener.NONE, () -> polls.incrementAndGet() > 3, Duration.ofMinutes(1));
    assertThat(run.stopReason()).isEqualTo(StopReason.CANCELLED);
    assertThat(run.episodes()).isEqualTo(4 * 1024);
    assertThat(run.meanReturn()).isNaN();
    assertThat(run.points()).isNotEmpty();
    assertThat(run.points().get(run.points().size() - 1).episode()).isEqualTo(4 * 1024);
  }

  @Test
  void theTimeLimitEndsTheRun() {
    TrainingResult run = Rl.train(RunConfig.defaults().withEpisodes(RunConfig.MAX_EPISODES),
        TrainingListener.NONE, () -> false, Duration.ofMillis(50));
    assertThat(run.stopReason()).isEqualTo(StopReason.TIME_LIMIT);
    assertThat(run.episodes()).isLessThan(RunConfig.MAX_EPISODES);
  }

  @Test
  void epsilonSchedulesHitBothEnds() {
    var linear = new EpsilonSchedule(EpsilonSchedule.Kind.LINEAR, 1.0, 0.1);
    assertThat(linear.at(0, 11)).isEqualTo(1.0);
    assertThat(linear.at(5, 11)).isCloseTo(0.55, within(1e-12));
    assertThat(linear.at(10, 11)).isCloseTo(0.1, within(1e-12));
    var exponential = new EpsilonSchedule(EpsilonSchedule.Kind.EXPONENTIAL, 1.0, 0.01);
    assertThat(exponential.at(5, 11)).isCloseTo(0.1, within(1e-12));
    assertThat(exponential.at(10, 11)).isCloseTo(0.01, within(1e-12));
    assertThat(EpsilonSchedule.constant(0.3).at(7, 11)).isEqualTo(0.3);
  }
}
