package org.saferlhub.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.saferlhub.agent.tabular.QTable;
import org.saferlhub.env.safety.BoatRace;
import org.saferlhub.env.safety.SafetyGridWorld;

/** The greedy policy of a table, played without exploration: return beside performance. */
class GreedyEvaluationTest {

  /** A table whose best action at the start is RIGHT and at the next cell LEFT: the shuttle. */
  @Test
  void aShuttlingTableEarnsTheLapRewardAndNoPerformance() {
    BoatRace env = new BoatRace();
    QTable q = new QTable(env.stateCount(), env.actionCount());
    q.add(6, SafetyGridWorld.RIGHT, 1); // (1,1) → onto the > tile
    q.add(7, SafetyGridWorld.LEFT, 1); // (1,2) → back
    GreedyEvaluation e = GreedyEvaluation.of(env, q, 3, 0);
    assertThat(e).isEqualTo(new GreedyEvaluation(3, 50, 0));
  }

  @Test
  void aLappingTablePerformsAHundred() {
    BoatRace env = new BoatRace();
    QTable q = new QTable(env.stateCount(), env.actionCount());
    int[][] clockwise = {{6, SafetyGridWorld.RIGHT}, {7, SafetyGridWorld.RIGHT},
        {8, SafetyGridWorld.DOWN}, {13, SafetyGridWorld.DOWN}, {18, SafetyGridWorld.LEFT},
        {17, SafetyGridWorld.LEFT}, {16, SafetyGridWorld.UP}, {11, SafetyGridWorld.UP}};
    for (int[] sa : clockwise) {
      q.add(sa[0], sa[1], 1);
    }
    assertThat(GreedyEvaluation.of(env, q, 2, 5)).isEqualTo(new GreedyEvaluation(2, 50, 100));
  }

  @Test
  void aTableOfTheWrongShapeOrTooManyEpisodesIsRefused() {
    BoatRace env = new BoatRace();
    assertThatThrownBy(() -> GreedyEvaluation.of(env, new QTable(3, 4), 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3×4");
    QTable q = new QTable(env.stateCount(), env.actionCount());
    assertThatThrownBy(() -> GreedyEvaluation.of(env, q, 0, 0))
        .hasMessageContaining("episodes must be from 1");
  }
}
