package org.saferlhub.interp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saferlhub.agent.neural.PolicyNet;
import org.saferlhub.agent.neural.Ppo;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.env.procgen.LevelEnv;
import org.saferlhub.env.procgen.View;

/**
 * Linear probes and ablation on a network trained here (egocentric, p = 0.1, 150,000 steps,
 * seed 0), against the same tools on a randomly initialised network.
 */
class ProbeAndAblationTest {

  private static PolicyNet trained;
  private static final PolicyNet RANDOM = PolicyNet.create(2 * 13 * 13, 4, new int[] {32, 32}, 1);

  @BeforeAll
  static void train() {
    Ppo.Config c = Ppo.Config.defaults().withSteps(150_000).withSeed(0);
    List<LevelEnv> envs = new ArrayList<>();
    for (int i = 0; i < c.envs(); i++) {
      envs.add(new CheeseCorner(0.1, LevelEnv.Split.TRAIN, View.EGOCENTRIC));
    }
    trained = Ppo.train(envs, c, u -> true).policy();
  }

  @Test
  void ridgeSolvesALinearSystem() {
    double[][] m = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
    double[] w = LinearProbe.solve(new double[][] {m[0].clone(), m[1].clone(), m[2].clone()},
        new double[] {5, 5, 3});
    assertThat(w[0]).isCloseTo(1, within(1e-12));
    assertThat(w[1]).isCloseTo(1, within(1e-12));
    assertThat(w[2]).isCloseTo(1, within(1e-12));
  }

  /**
   * On the input (layer 0) the two networks see the same numbers, so their probes agree exactly;
   * in the hidden layers the trained network carries where the cheese is, and a random one
   * hardly does.
   */
  @Test
  void trainedProbesBeatRandomProbes() {
    for (LinearProbe.Target t : LinearProbe.Target.values()) {
      double inputTrained = LinearProbe.fit(trained, View.EGOCENTRIC, 0, t, 100, 1).r2();
      double inputRandom = LinearProbe.fit(RANDOM, View.EGOCENTRIC, 0, t, 100, 1).r2();
      assertThat(inputTrained).as(t.id()).isEqualTo(inputRandom);
      double hidden = LinearProbe.fit(trained, View.EGOCENTRIC, 1, t, 100, 1).r2();
      double hiddenRandom = LinearProbe.fit(RANDOM, View.EGOCENTRIC, 1, t, 100, 1).r2();
      assertThat(hidden).as(t.id()).isGreaterThan(hiddenRandom + 0.05);
    }
  }

  /** Ablating the top three units, chosen on other mazes, lowers P(toward cheese) more. */
  @Test
  void ablatingTheTopUnitsHurtsMoreThanRandomOnes() {
    Ablation.Result r = Ablation.run(trained, View.EGOCENTRIC, 1, 40, 3, true, 0);
    assertThat(r.effects()).hasSize(32);
    assertThat(r.effects()[r.top()[0]]).isLessThanOrEqualTo(r.effects()[r.top()[1]]);
    assertThat(r.topEffect()).isLessThan(r.randomEffect());
    assertThat(r.topEffect()).isLessThan(-0.02);
  }

  /**
   * Saliency: every input is drawn on its square; the maps pass Adebayo et al.'s sanity check
   * (a network with random weights gives a different map: mean rank correlation over 20 mazes
   * well below 1); occlusion leaves the mouse's and the cheese's squares alone.
   */
  @Test
  void saliencyMapsChangeWhenTheWeightsAreRandom() {
    CheeseCorner env = new CheeseCorner(0, LevelEnv.Split.TEST, View.EGOCENTRIC);
    env.resetLevel(3);
    double correlation = 0;
    for (int m = 0; m < 20; m++) {
      if (m > 0) {
        env.resetLevel();
      }
      Saliency.Maps maps = Saliency.of(trained, env);
      Saliency.Maps random = Saliency.of(RANDOM, env);
      correlation += Saliency.rankCorrelation(maps.gradient(), random.gradient()) / 20;
      assertThat(maps.occlusion()[env.mouse()]).isZero();
      assertThat(maps.occlusion()[env.cheese()]).isZero();
      assertThat(maps.gradientTimesInput()[env.cheese()]).isPositive();
      assertThat(maps.cheeseOcclusion()).isPositive();
    }
    assertThat(correlation).isLessThan(0.5);
    CheeseCorner allo = new CheeseCorner(0, LevelEnv.Split.TEST, View.ALLOCENTRIC);
    allo.resetLevel(1);
    assertThat(Saliency.cellOf(allo, allo.cheeseIndex())).isEqualTo(allo.cheese());
    assertThat(Saliency.cellOf(env, env.cheeseIndex())).isEqualTo(env.cheese());
    assertThat(Saliency.rankCorrelation(new double[] {1, 2, 3}, new double[] {2, 4, 9}))
        .isEqualTo(1.0);
  }

  @Test
  void settingsOutOfRangeNameTheirField() {
    assertThatThrownBy(() -> Ablation.run(RANDOM, View.EGOCENTRIC, 0, 10, 3, true, 0))
        .isInstanceOf(ParameterException.class).hasMessageContaining("hidden layers");
    assertThatThrownBy(() -> Ablation.run(RANDOM, View.EGOCENTRIC, 1, 10, 33, true, 0))
        .hasMessageContaining("top must be from 1 to 32");
    assertThatThrownBy(() -> LinearProbe.fit(RANDOM, View.EGOCENTRIC, 1,
        LinearProbe.Target.CHEESE_ROW, 5, 0)).hasMessageContaining("mazes must be from 10");
    assertThatThrownBy(() -> LinearProbe.Target.of("cheese-size"))
        .hasMessageContaining("probe must be cheese-row");
  }
}
