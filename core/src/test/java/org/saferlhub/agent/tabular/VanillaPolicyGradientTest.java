package org.saferlhub.agent.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.OneStateEnv;
import org.saferlhub.env.Termination;
import org.saferlhub.env.TimeLimit;
import org.saferlhub.train.AgentOptions;
import org.saferlhub.train.Algorithm;
import org.saferlhub.train.EpisodeStats;
import org.saferlhub.train.EpsilonSchedule;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.Trainer;
import org.saferlhub.train.TrainingListener;
import org.saferlhub.train.TrainingResult;

/** Vanilla policy gradient: a batch method that owns its loop, collects, then updates. */
class VanillaPolicyGradientTest {

  private static RunConfig config(long episodes, double alpha, double gamma, int batch,
      long seed) {
    return new RunConfig("test", Algorithm.VPG, episodes, alpha, gamma,
        EpsilonSchedule.constant(0.1), seed, new AgentOptions(0.9, 10, batch));
  }

  /** A two-armed bandit: one state, action 0 pays 1, action 1 pays 0; one step per episode. */
  private static final class Bandit extends OneStateEnv {
    Bandit() {
      super("test:bandit", "two arms");
    }

    @Override
    protected int start() {
      return 0;
    }

    @Override
    protected int transition(int action) {
      pay(action == 0 ? 1.0 : 0.0);
      end(Termination.TERMINAL);
      return 0;
    }

    @Override
    public int actionCount() {
      return 2;
    }
  }

  /**
   * With one-step episodes, batches of one and γ = 1, a VPG step is REINFORCE with a baseline's
   * step: the same draws, the same advantages, the same preferences and baseline (up to the order
   * of one multiplication, so to 1e-12).
   */
  @Test
  void batchesOfOneOnABanditAreReinforceWithBaseline() {
    TrainingResult vpg = Trainer.train(config(300, 0.1, 1.0, 1, 5), new Bandit());
    RunConfig reinforce = new RunConfig("test", Algorithm.REINFORCE_BASELINE, 300, 0.1, 1.0,
        EpsilonSchedule.constant(0.1), 5);
    TrainingResult ref = Trainer.train(reinforce, new Bandit());
    assertThat(vpg.q().toArray()).containsExactly(ref.q().toArray(), within(1e-12));
    assertThat(vpg.meanReturn()).isEqualTo(ref.meanReturn());
    assertThat(vpg.q().get(0, 0)).isGreaterThan(vpg.q().get(0, 1)); // it learned the paying arm
  }

  @Test
  void itLearnsTheLongWayRoundOnTheChainForEverySeed() {
    // TwoArmedChain: going on (action 1) then taking +2 beats the +1 at once when γ = 0.9.
    for (long seed = 0; seed < 5; seed++) {
      TrainingResult r = Trainer.train(config(3_000, 0.1, 0.9, 10, seed), new TwoArmedChain());
      assertThat(r.q().greedy(0)).as("seed %d", seed).isEqualTo(1);
      assertThat(r.q().greedy(1)).as("seed %d", seed).isEqualTo(0);
      assertThat(r.meanReturn()).as("seed %d", seed).isGreaterThan(1.5);
    }
  }

  @Test
  void itCollectsWholeBatchesBeforeUpdatingAndReportsEveryEpisode() {
    List<Long> episodes = new ArrayList<>();
    // The policy may change only between batches: with batches of 4, episodes 0–3 see the same
    // uniform policy, so their returns come from one unchanged π; every episode is reported.
    TrainingResult r = Trainer.train(config(10, 0.5, 1.0, 4, 2), new Bandit(),
        new TrainingListener() {
          @Override
          public void onEpisode(EpisodeStats e) {
            episodes.add(e.index());
          }
        }, () -> false, Duration.ofMinutes(1));
    assertThat(episodes).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(r.episodes()).isEqualTo(10);
    assertThat(r.points()).hasSize(10);
  }

  @Test
  void sameSeedSameRunAndStopEndsItAsCancelled() {
    TrainingResult a = Trainer.train(config(2_000, 0.05, 1.0, 16, 9),
        org.saferlhub.env.Envs.makeTabular("blackjack"));
    TrainingResult b = Trainer.train(config(2_000, 0.05, 1.0, 16, 9),
        org.saferlhub.env.Envs.makeTabular("blackjack"));
    assertThat(a.q().toArray()).isEqualTo(b.q().toArray());
    assertThat(a.meanReturn()).isEqualTo(b.meanReturn());
    int[] polls = {0};
    TrainingResult stopped = Trainer.train(config(100_000, 0.05, 1.0, 16, 9),
        org.saferlhub.env.Envs.makeTabular("blackjack"), TrainingListener.NONE,
        () -> ++polls[0] > 3, Duration.ofMinutes(1));
    assertThat(stopped.stopReason()).isEqualTo(org.saferlhub.train.StopReason.CANCELLED);
    assertThat(stopped.episodes()).isLessThan(100_000);
  }

  /**
   * A cut episode's reward-to-go starts from the baseline b(S_T). LoopForever (reward 1 per step)
   * cut after 2 steps, α = 0.5, γ = 0.9, batches of one:
   * batch 1: Ĝ = (1.9, 1), b: 0.95 then 0.975; batch 2: Ĝ_T = 0.975, Ĝ = (2.68975, 1.8775),
   * advantages 1.71475 and 0.9025, whose mean |·| is reported with episode 3's point: 1.308625
   * (as if terminal: Ĝ = (1.9, 1), advantages 0.925 and 0.025, mean 0.475).
   */
  @Test
  void aCutEpisodeBootstrapsFromTheBaseline() {
    TrainingResult r = Trainer.train(config(3, 0.5, 0.9, 1, 1),
        new TimeLimit<>(new LoopForever(), 2));
    assertThat(r.points()).hasSize(3);
    assertThat(r.points().get(2).meanAbsTdError()).isCloseTo(1.308625, within(1e-12));
  }

  @Test
  void itCannotBeSteppedOneInteractionAtATime() {
    assertThatThrownBy(() -> Algorithm.VPG.create(2, 2, 0.1, 1.0, new SplittableRandom(1)))
        .isInstanceOf(ParameterException.class).hasMessageContaining("trains in batches");
    assertThatThrownBy(() -> new AgentOptions(0.9, 10, 0))
        .hasMessage("batchSize must be an integer from 1 to 1,000, was 0");
  }
}
