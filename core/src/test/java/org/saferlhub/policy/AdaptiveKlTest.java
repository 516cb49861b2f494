package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;
import org.saferlhub.random.Rng;

/**
 * PPO's two adaptive β rules (policy-lab.md, section 2 and the unit tests of section 6): the KL
 * penalty's halving and doubling (Schulman et al. 2017) and Ziegler et al.'s controller.
 */
class AdaptiveKlTest {

  private static final Bandit BUILDING = Bandit.burningBuilding();
  private static final Bandit THREE = Bandit.of(new double[] {0.5, 0.3, 0.2},
      new double[] {0.0, 0.5, 1.0}, new double[] {1.0, 0.5, -1.0});

  @Test
  void theAdaptivePenaltyHalvesBelowTargetOverOnePointFiveAndDoublesAboveOnePointFiveTimes() {
    double target = 0.01;
    assertThat(Ppo.adaptPenalty(1, 0.001, target)).isEqualTo(0.5);
    assertThat(Ppo.adaptPenalty(1, 0.006, target)).isEqualTo(0.5); // 0.006 < 0.00667
    assertThat(Ppo.adaptPenalty(1, 0.007, target)).isEqualTo(1);
    assertThat(Ppo.adaptPenalty(1, 0.01, target)).isEqualTo(1);
    assertThat(Ppo.adaptPenalty(1, 0.015, target)).isEqualTo(1); // not more than 1.5 d_targ
    assertThat(Ppo.adaptPenalty(1, 0.016, target)).isEqualTo(2);
    assertThat(Ppo.adaptPenalty(3, target / 1.5, target)).isEqualTo(3); // the edges stay
    assertThat(Ppo.adaptPenalty(3, 1.5 * target, target)).isEqualTo(3);
    // The bounds: a policy that stopped moving does not drive β to 0.
    assertThat(Ppo.adaptPenalty(Ppo.MIN_BETA, 0, target)).isEqualTo(Ppo.MIN_BETA);
    assertThat(Ppo.adaptPenalty(Ppo.MAX_BETA, 1, target)).isEqualTo(Ppo.MAX_BETA);
  }

  @Test
  void zieglersControllerMovesBetaByKBetaTimesTheClippedRelativeError() {
    double target = 6;
    assertThat(Ppo.controlBeta(0.1, 6, target)).isEqualTo(0.1);
    // e = 0.1: β (1 + 0.1 · 0.1)
    assertThat(Ppo.controlBeta(0.1, 6.6, target)).isCloseTo(0.101, within(1e-15));
    // e = −0.05
    assertThat(Ppo.controlBeta(0.2, 5.7, target)).isCloseTo(0.199, within(1e-15));
    // e clipped to ±0.2: at most 2 % per update, whatever the KL (a negative k1 estimate included)
    assertThat(Ppo.controlBeta(0.1, 60, target)).isCloseTo(0.102, within(1e-15));
    assertThat(Ppo.controlBeta(0.1, 0, target)).isCloseTo(0.098, within(1e-15));
    assertThat(Ppo.controlBeta(0.1, -3, target)).isCloseTo(0.098, within(1e-15));
    assertThat(Ppo.CONTROLLER_GAIN).isEqualTo(0.1);
  }

  /**
   * L^KLPEN starts as the vanilla policy gradient (ratios 1, and KL(π_old ‖ π) has zero gradient
   * at π_old), and its gradient is the derivative of the objective (central differences).
   */
  @Test
  void theKlPenaltyObjectiveStartsAsVanillaPolicyGradient() {
    double[] thetaOld = {0.2, -0.1, 0.4};
    double[] piOld = LabStep.softmax(thetaOld);
    Rng rng = new Rng(3);
    int[] actions = new int[16];
    double[] advantage = new double[16];
    double mean = 0;
    for (int i = 0; i < actions.length; i++) {
      actions[i] = LabStep.sample(piOld, rng.nextDouble());
      advantage[i] = THREE.proxy()[actions[i]];
      mean += advantage[i] / actions.length;
    }
    for (int i = 0; i < actions.length; i++) {
      advantage[i] -= mean;
    }
    double[] g = new double[3];
    Ppo.klPenaltyGradient(piOld, piOld, actions, advantage, 5, g);
    double[] vanilla = new double[3];
    Reinforce.gradient(THREE, LabStep.referenceLogits(THREE), piOld, actions,
        new Reinforce.Config(0.1, 16, 1, 0, KlPlacement.NONE, Reinforce.Baseline.MEAN, false, 1),
        vanilla, new double[3]);
    for (int a = 0; a < 3; a++) {
      assertThat(g[a]).isCloseTo(vanilla[a], within(1e-15));
    }
    double[] theta = {0.7, -0.4, 0.1};
    Ppo.klPenaltyGradient(LabStep.softmax(theta), piOld, actions, advantage, 5, g);
    double h = 1e-6;
    for (int a = 0; a < 3; a++) {
      double[] plus = theta.clone();
      double[] minus = theta.clone();
      plus[a] += h;
      minus[a] -= h;
      double slope = (Ppo.klPenaltyObjective(LabStep.softmax(plus), piOld, actions, advantage, 5)
          - Ppo.klPenaltyObjective(LabStep.softmax(minus), piOld, actions, advantage, 5))
          / (2 * h);
      assertThat(g[a]).as("logit %d", a).isCloseTo(slope, within(1e-8));
    }
  }

  /**
   * Every update of a KL-penalty run applies the rule to its own exact KL(π_old ‖ π_new); β goes
   * both ways while the policy moves, and once it has settled (d near 0) β rests on its floor.
   */
  @Test
  void aKlPenaltyRunAdaptsItsBetaByTheRuleEveryUpdate() {
    double target = 0.003;
    Ppo.Run run = Ppo.runKlPenalty(BUILDING, new Ppo.KlPenaltyConfig(1, 64, 300, 4, 1, target,
        0, KlPlacement.NONE, 1));
    List<LabStep> steps = run.steps();
    assertThat(steps).hasSize(301);
    assertThat(run.beta()).hasSize(301);
    assertThat(run.beta()[0]).isEqualTo(1);
    int halved = 0;
    int doubled = 0;
    for (int t = 1; t <= 300; t++) {
      assertThat(run.beta()[t]).as("step %d", t)
          .isEqualTo(Ppo.adaptPenalty(run.beta()[t - 1], steps.get(t).klOldNew(), target));
      halved += run.beta()[t] < run.beta()[t - 1] ? 1 : 0;
      doubled += run.beta()[t] > run.beta()[t - 1] ? 1 : 0;
      assertThat(steps.get(t).piExploit()).isLessThanOrEqualTo(steps.get(t).exploitBound());
    }
    assertThat(halved).isGreaterThan(0);
    assertThat(doubled).isGreaterThan(0);
    assertThat(run.beta()[300]).isEqualTo(Ppo.MIN_BETA);
  }

  /**
   * Ziegler's controller applies its rule to each batch's k1 and holds the exact KL to the
   * reference near its target (the mean over the last 200 of 1,000 updates within 5 %): from
   * β = 0.1 it loosens the anchor to reach 1 nat and tightens it to stay at 0.1.
   */
  @Test
  void zieglersControllerHoldsTheKlToTheReferenceNearItsTarget() {
    for (double target : new double[] {1.0, 0.1}) {
      Ppo.Run run = Ppo.runKlController(BUILDING, new Ppo.KlControllerConfig(1, 64, 1_000, 4,
          0.2, 0.1, target, 1));
      List<LabStep> steps = run.steps();
      double kl = 0;
      for (int t = 1; t <= 1_000; t++) {
        assertThat(run.beta()[t]).as("step %d", t)
            .isEqualTo(Ppo.controlBeta(run.beta()[t - 1], steps.get(t).k1(), target));
        if (t > 800) {
          kl += steps.get(t).kl() / 200;
        }
      }
      assertThat(kl).as("target %s", target).isCloseTo(target, within(0.05 * target));
      if (target > 0.5) {
        assertThat(run.beta()[1_000]).isLessThan(0.1);
      } else {
        assertThat(run.beta()[1_000]).isGreaterThan(0.1);
      }
    }
  }

  @Test
  void theAdaptiveSettingsAreCheckedNamingTheField() {
    assertThatThrownBy(() -> new Ppo.KlPenaltyConfig(1, 64, 10, 4, 0, 0.01, 0, KlPlacement.NONE,
        1)).isInstanceOf(ParameterException.class)
        .hasMessage("penalty must be from 0.000001 to 1,000,000, was 0.0");
    assertThatThrownBy(() -> new Ppo.KlPenaltyConfig(1, 64, 10, 4, 1, 0, 0, KlPlacement.NONE, 1))
        .isInstanceOf(ParameterException.class)
        .hasMessage("target must be more than 0 and at most 10, was 0.0");
    assertThatThrownBy(() -> new Ppo.KlPenaltyConfig(1, 64, 10, 4, 1, 0.01, 0.1,
        KlPlacement.LOSS, 1)).isInstanceOf(ParameterException.class).hasMessageContaining("kl");
    assertThatThrownBy(() -> new Ppo.KlControllerConfig(1, 64, 10, 4, 0.2, 0, 6, 1))
        .isInstanceOf(ParameterException.class)
        .hasMessage("beta must be from 0.000001 to 100, was 0.0");
    assertThatThrownBy(() -> new Ppo.KlControllerConfig(1, 64, 10, 4, 0.2, 0.1, -1, 1))
        .isInstanceOf(ParameterException.class)
        .hasMessage("target must be more than 0 and at most 100, was -1.0");
  }
}
