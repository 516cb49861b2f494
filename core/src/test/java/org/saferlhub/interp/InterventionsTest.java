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
 * The interventions of lesson 8 on the lesson's own network (egocentric, p = 0.1, 300,000 steps,
 * seed 0: {@code saferlhub train --env cheese-corner --p 0.1 --steps 300000 --seed 0}): the
 * cheese vector, steering along a probe's direction and patching, each against its control; and
 * the vector field's identities.
 */
class InterventionsTest {

  private static PolicyNet trained;

  @BeforeAll
  static void train() {
    Ppo.Config c = Ppo.Config.defaults().withSteps(300_000).withSeed(0);
    List<LevelEnv> envs = new ArrayList<>();
    for (int i = 0; i < c.envs(); i++) {
      envs.add(new CheeseCorner(0.1, LevelEnv.Split.TRAIN, View.EGOCENTRIC));
    }
    trained = Ppo.train(envs, c, u -> true).policy();
  }

  @Test
  void subtractingTheCheeseVectorLowersThePullInMostMazesAndARandomVectorMuchLess() {
    // twice the vector, at the second hidden layer, over 100 test mazes
    CheeseVector.Result r = CheeseVector.run(trained, View.EGOCENTRIC, 2, 100, 2, 0);
    assertThat(r.shareFellCheese()).isGreaterThanOrEqualTo(0.70);
    // a random push of the same length also tends to disturb a trained policy, but less often
    // and far less: a fell-share well below the cheese vector's and a third of its mean effect
    assertThat(r.shareFellRandom()).isLessThanOrEqualTo(r.shareFellCheese() - 0.1);
    assertThat(r.meanNone() - r.meanSubtractRandom())
        .isLessThan((r.meanNone() - r.meanSubtract()) / 3);
  }

  @Test
  void addingTheRegionProbesDirectionTurnsTheMouseTowardTheCornerAndARandomOneDoesNot() {
    Steering.Result r = Steering.run(trained, View.EGOCENTRIC, 1,
        LinearProbe.Target.CHEESE_REGION, 2, 20, 0);
    assertThat(r.cornerPlus()).isGreaterThan(r.cornerNone() + 0.2);
    assertThat(r.cornerMinus()).isLessThan(r.cornerNone() - 0.1);
    assertThat(Math.abs(r.cornerRandom() - r.cornerNone())).isLessThan(0.1);
    assertThat(r.cheesePlus()).isLessThan(r.cheeseNone());
    double norm = 0;
    for (double v : r.direction()) {
      norm += v * v;
    }
    assertThat(norm).isCloseTo(1, within(1e-9));
  }

  @Test
  void patchingFromAMazeWithTheCheeseElsewhereDisturbsMoreThanFromOneWithItOnTheSameSquare() {
    Patching.Result r = Patching.run(trained, View.EGOCENTRIC, 1, 15, 0);
    assertThat(r.meanAbsChangeOther()).isGreaterThan(r.meanAbsChangeSame() + 0.05);
    assertThat(r.meanOtherCheese()).isLessThan(r.meanNone());
  }

  @Test
  void theFieldWithoutAnInterventionIsThePolicyAndItsDistanceToItselfIsZero() {
    CheeseCorner env = new CheeseCorner(0, LevelEnv.Split.TEST, View.EGOCENTRIC);
    env.resetLevel(3);
    double[][] field = VectorField.of(trained, env, 1, new double[32], 0);
    double[] x = new double[env.observationSize()];
    int start = env.mouse();
    int covered = 0;
    for (int s = 0; s < field.length; s++) {
      if (field[s] == null) {
        assertThat(env.wall(s) || s == env.cheese()).as("square %d", s).isTrue();
        continue;
      }
      covered++;
      env.placeMouse(s);
      env.observe(x);
      trained.evaluate(x);
      assertThat(field[s]).containsExactly(trained.probs());
    }
    env.placeMouse(start);
    assertThat(covered).isGreaterThan(20);
    assertThat(VectorField.mean(VectorField.totalVariation(field, field))).isZero();
    double[][] pushed = VectorField.of(trained, env, 1, CheeseVector.vectorAt(trained, env, 1), -3);
    double[] tv = VectorField.totalVariation(field, pushed);
    for (double d : tv) {
      if (!Double.isNaN(d)) {
        assertThat(d).isBetween(0.0, 1.0);
      }
    }
    assertThat(VectorField.mean(tv)).isPositive();
    // the field's pull toward the cheese is the cheese vector's measure with no intervention
    int[] dist = new int[81];
    CheeseVector.distances(env, dist);
    assertThat(VectorField.meanToward(field, env, env.cheese())).isCloseTo(
        CheeseVector.overSquares(trained, env, x, dist, 1, new double[32], 0), within(1e-12));
  }

  @Test
  void theDirectionProbesReadTheCheeseRelativeToTheMouseBetterThanARandomNetwork() {
    PolicyNet random = PolicyNet.create(2 * 13 * 13, 4, new int[] {32, 32}, 1);
    for (LinearProbe.Target t : new LinearProbe.Target[] {LinearProbe.Target.CHEESE_DX,
        LinearProbe.Target.CHEESE_DY}) {
      double own = LinearProbe.fit(trained, View.EGOCENTRIC, 1, t, 60, 0).r2();
      double baseline = LinearProbe.fit(random, View.EGOCENTRIC, 1, t, 60, 0).r2();
      assertThat(own).as(t.id()).isGreaterThan(baseline + 0.05);
    }
    assertThat(LinearProbe.value(LinearProbe.Target.CHEESE_DX, 2 * 9 + 7, 5 * 9 + 3)).isEqualTo(4);
    assertThat(LinearProbe.value(LinearProbe.Target.CHEESE_DY, 2 * 9 + 7, 5 * 9 + 3)).isEqualTo(-3);
  }

  @Test
  void settingsOutOfRangeNameTheirField() {
    assertThatThrownBy(() -> Steering.run(trained, View.EGOCENTRIC, 1,
        LinearProbe.Target.CHEESE_ROW, 25, 5, 0)).isInstanceOf(ParameterException.class)
        .hasMessageContaining("alpha");
    assertThatThrownBy(() -> Patching.run(trained, View.EGOCENTRIC, 0, 5, 0))
        .isInstanceOf(ParameterException.class).hasMessageContaining("hidden layers");
  }
}
