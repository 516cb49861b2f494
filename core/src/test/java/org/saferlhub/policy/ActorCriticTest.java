package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;

/** Actor-critic: GAE(λ)'s two limits, and the bandit version's destination. */
class ActorCriticTest {

  /** A bandit with no rare action, where plain gradient steps converge in reasonable time. */
  private static final Bandit THREE = Bandit.of(new double[] {0.5, 0.3, 0.2},
      new double[] {0.0, 0.5, 1.0}, new double[] {1.0, 0.5, -1.0});

  /** λ = 1: the Monte-Carlo return minus V; λ = 0: the TD error; between: Σ λ^l δ_{t+l}. */
  @Test
  void gaeIsTheMonteCarloAdvantageAtLambdaOneAndTheTdErrorAtZero() {
    double[] reward = {0.0, -0.2, 0.1, 1.5};
    double[] value = {0.3, -0.1, 0.6, 0.9};
    double[] tdError = new double[4];
    for (int t = 0; t < 4; t++) {
      tdError[t] = reward[t] + (t < 3 ? value[t + 1] : 0) - value[t]; // V = 0 after the end
    }
    double[] advantage = new double[4];
    ActorCritic.gae(reward, value, 4, 1.0, advantage);
    for (int t = 0; t < 4; t++) {
      double monteCarlo = 0;
      for (int l = t; l < 4; l++) {
        monteCarlo += reward[l];
      }
      assertThat(advantage[t]).as("λ = 1, t = %d", t).isCloseTo(monteCarlo - value[t],
          within(1e-12));
    }
    ActorCritic.gae(reward, value, 4, 0.0, advantage);
    for (int t = 0; t < 4; t++) {
      assertThat(advantage[t]).as("λ = 0, t = %d", t).isEqualTo(tdError[t]);
    }
    ActorCritic.gae(reward, value, 4, 0.5, advantage);
    for (int t = 0; t < 4; t++) {
      double sum = 0;
      for (int l = 0; t + l < 4; l++) {
        sum += StrictMath.pow(0.5, l) * tdError[t + l];
      }
      assertThat(advantage[t]).as("λ = 0.5, t = %d", t).isCloseTo(sum, within(1e-12));
    }
    // An episode shorter than the arrays ends where it says: V = 0 after its last step.
    ActorCritic.gae(reward, value, 2, 0.0, advantage);
    assertThat(advantage[1]).isEqualTo(reward[1] - value[1]);
  }

  /**
   * With k1 in the reward the sampled actor-critic ends on the tilt, to rounding: at the tilt the
   * anchored reward r(a) − β log(π(a)/π_ref(a)) = β log Z is the same for every action, so once
   * the critic has learned it every advantage is exactly zero and the sampling noise vanishes.
   */
  @Test
  void onABanditWithTheAnchorInTheRewardItEndsOnTheTilt() {
    double beta = 0.5;
    List<LabStep> run = ActorCritic.run(THREE, new ActorCritic.Config(1.0, 0.5, 0.95, 16, 1_000,
        beta, KlPlacement.REWARD, 1));
    double[] tilt = Tilt.at(THREE, beta).pi();
    double[] start = run.get(0).pi();
    double[] last = run.get(1_000).pi();
    assertThat(LabStep.kl(start, tilt)).as("the reference is far from the tilt").isGreaterThan(0.1);
    for (int a = 0; a < 3; a++) {
      assertThat(last[a]).as("action %d", a).isCloseTo(tilt[a], within(1e-9));
    }
    for (LabStep s : run) {
      assertThat(s.piExploit()).isLessThanOrEqualTo(s.exploitBound());
      if (s.step() > 0) {
        assertThat(s.k3()).isGreaterThanOrEqualTo(0);
      }
    }
    // Without the anchor it heads for the proxy's favourite instead.
    double[] free = ActorCritic.run(THREE, new ActorCritic.Config(1.0, 0.5, 0.95, 16, 1_000, 0,
        KlPlacement.NONE, 1)).get(1_000).pi();
    assertThat(free[THREE.exploit()]).isGreaterThan(0.95);
  }

  /** One-step episodes: GAE(λ) is the TD error whatever λ, so λ changes nothing, bit for bit. */
  @Test
  void onABanditLambdaHasNoEffectAndTheSeedFixesTheRun() {
    List<LabStep> td = ActorCritic.run(THREE, new ActorCritic.Config(0.5, 0.2, 0.0, 8, 50, 0.1,
        KlPlacement.LOSS, 3));
    List<LabStep> monteCarlo = ActorCritic.run(THREE, new ActorCritic.Config(0.5, 0.2, 1.0, 8,
        50, 0.1, KlPlacement.LOSS, 3));
    for (int t = 0; t <= 50; t++) {
      assertThat(monteCarlo.get(t).pi()).isEqualTo(td.get(t).pi());
    }
    assertThat(td.get(50).pi()).isNotEqualTo(td.get(0).pi());
    assertThatThrownBy(() -> new ActorCritic.Config(0.5, 0, 0.5, 8, 50, 0.1, KlPlacement.LOSS, 3))
        .isInstanceOf(ParameterException.class)
        .hasMessage("criticLr must be more than 0 and at most 100, was 0.0");
    assertThatThrownBy(() -> new ActorCritic.Config(0.5, 1, 1.5, 8, 50, 0.1, KlPlacement.LOSS, 3))
        .isInstanceOf(ParameterException.class)
        .hasMessage("lambda must be from 0 to 1, was 1.5");
  }
}
