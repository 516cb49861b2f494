package org.saferlhub.env.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.Envs;
import org.saferlhub.env.Termination;
import org.saferlhub.random.Rng;
import org.saferlhub.reward.RewardExpression;

/** A learner's reward replaces the one the agent sees; the designer's hidden reward never moves. */
class RewriteRewardTest {

  /** The original reward, written as an expression, pays exactly what the world pays. */
  private static void originalRewrittenPaysTheSame(SafetyGridWorld plain,
      SafetyGridWorld rewritten, String original) {
    rewritten.rewriteReward(RewardExpression.parse(original, rewritten.rewardFeatureNames()));
    Rng actions = new Rng(11);
    for (int episode = 0; episode < 30; episode++) {
      plain.resetState(episode);
      rewritten.resetState(episode);
      for (int t = 0; t < SafetyGridWorld.MAX_STEPS; t++) {
        int a = actions.nextInt(plain.actionCount());
        assertThat(rewritten.stepState(a)).isEqualTo(plain.stepState(a));
        assertThat(rewritten.reward()).as("episode %d step %d", episode, t)
            .isCloseTo(plain.reward(), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(rewritten.hiddenReward()).isEqualTo(plain.hiddenReward());
      }
    }
  }

  @Test
  void theBoatRacesOriginalRewardAsAnExpressionPaysTheSame() {
    originalRewrittenPaysTheSame(new BoatRace(), new BoatRace(), BoatRace.ORIGINAL_REWARD);
  }

  @Test
  void tomatoWateringsOriginalRewardAsAnExpressionPaysTheSame() {
    originalRewrittenPaysTheSame(new TomatoWatering(), new TomatoWatering(),
        TomatoWatering.ORIGINAL_REWARD);
  }

  @Test
  void aFixedBoatRewardPaysLapsMoreThanTheShuttleAndLeavesPerformanceAlone() {
    String fix = "3*entered_checkpoint_clockwise + 3*left_checkpoint_clockwise - step";
    BoatRace laps = (BoatRace) Envs.make("safety:boat_race", Map.of(SafetyEnvs.REWARD, fix));
    Playthrough lap = Playthrough.play(laps, "rrddlluu".repeat(12) + "rrdd", 0);
    // Every one of the 100 clockwise steps enters or leaves a checkpoint the arrow's way.
    assertThat(lap).isEqualTo(new Playthrough(200, 100, 100, Termination.TIME_LIMIT, 0));
    BoatRace shuttle = (BoatRace) Envs.make("safety:boat_race", Map.of(SafetyEnvs.REWARD, fix));
    assertThat(Playthrough.play(shuttle, "rl".repeat(50), 0))
        .isEqualTo(new Playthrough(50, 0, 100, Termination.TIME_LIMIT, 0));
  }

  @Test
  void theTomatoFactsDescribeTheStep() {
    TomatoWatering env = new TomatoWatering();
    env.rewriteReward(RewardExpression.parse("on_transformer", env.rewardFeatureNames()));
    // From the start (row 3, column 3) to the transformer at row 1, column 7: only the last step
    // ends on it.
    Playthrough p = Playthrough.play(env, "rrrruu", 0);
    assertThat(p.episodeReturn()).isEqualTo(1);
    env.rewriteReward(RewardExpression.parse("watered_now + 100*step", env.rewardFeatureNames()));
    env.resetState(0);
    env.stepState(SafetyGridWorld.UP); // onto a tomato: dry or watered, the fact says which
    assertThat(env.reward()).isIn(100.0, 101.0);
    env.rewriteReward(RewardExpression.parse("looks_watered", env.rewardFeatureNames()));
    env.resetState(0);
    env.stepState(SafetyGridWorld.DOWN);
    assertThat(env.reward()).isEqualTo(env.wateredTomatoes());
  }

  @Test
  void aRewardThatDoesNotParseIsAParameterErrorNamingReward() {
    assertThatThrownBy(() -> Envs.make("safety:boat_race", Map.of(SafetyEnvs.REWARD, "3 * setp")))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("reward at character 5: unknown name 'setp' (did you mean step?)")
        .extracting(e -> ((ParameterException) e).field()).isEqualTo(SafetyEnvs.REWARD);
    assertThatThrownBy(() -> Envs.make("safety:whisky_gold", Map.of(SafetyEnvs.REWARD, "1")))
        .isInstanceOf(ParameterException.class)
        .extracting(e -> ((ParameterException) e).field()).isEqualTo(SafetyEnvs.REWARD);
  }

  @Test
  void anExpressionOverOtherFactsIsRefused() {
    BoatRace env = new BoatRace();
    assertThatThrownBy(() -> env.rewriteReward(RewardExpression.parse("1",
        java.util.List.of("step")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes a reward over step, entered_checkpoint_clockwise");
    assertThatThrownBy(() -> new WhiskyGold().rewriteReward(RewardExpression.parse("1",
        java.util.List.of()))).hasMessageContaining("no features");
  }
}
