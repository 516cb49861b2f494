package org.saferlhub.agent.dp;

import org.saferlhub.env.FiniteMdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PolicyImprovementTest {

  @Test
  void greedyInTheRandomPolicysValuesOnTheCorridorGoesRight() {
    FiniteMdp corridor = TinyGrids.corridor();
    double[] vRandom = {-12, -8, 0};
    Improvement improvement =
        PolicyImprovement.improve(corridor, corridor.uniformPolicy(), vRandom, 1.0);
    // q(0, ·) = (−13, −9, −13, −13), q(1, ·) = (−9, −1, −9, −13); the terminal state: all tie.
    assertThat(improvement.policy())
        .containsExactly(0, 1, 0, 0, 0, 1, 0, 0, 0.25, 0.25, 0.25, 0.25);
    assertThat(improvement.stable()).isFalse();
    Improvement again = PolicyImprovement.improve(corridor, improvement.policy(), vRandom, 1.0);
    assertThat(again.policy()).containsExactly(improvement.policy());
    assertThat(again.stable()).isTrue();
  }

  @Test
  void tiesShareTheProbabilityEqually() {
    FiniteMdp grid = TinyGrids.suttonBartoFigure41();
    double[] vRandom = {0, -14, -20, -22, -14, -18, -20, -20, -20, -20, -18, -14, -22, -20, -14, 0};
    double[] pi = PolicyImprovement.improve(grid, grid.uniformPolicy(), vRandom, 1.0).policy();
    // Figure 4.1, k = ∞ (right-hand column): (0,1) goes left; (1,1) up or left; (1,2) down or
    // left; (0,3) down or left; (2,1) up or right; a terminal state: all four tie.
    assertThat(row(pi, 1)).containsExactly(0, 0, 0, 1);
    assertThat(row(pi, 5)).containsExactly(0.5, 0, 0, 0.5);
    assertThat(row(pi, 6)).containsExactly(0, 0, 0.5, 0.5);
    assertThat(row(pi, 3)).containsExactly(0, 0, 0.5, 0.5);
    assertThat(row(pi, 9)).containsExactly(0.5, 0.5, 0, 0);
    assertThat(row(pi, 0)).containsExactly(0.25, 0.25, 0.25, 0.25);
  }

  @Test
  void onlyNonTerminalStatesDecideStability() {
    FiniteMdp corridor = TinyGrids.corridor();
    double[] old = {0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0};
    assertThat(PolicyImprovement.improve(corridor, old, new double[] {-2, -1, 0}, 1.0).stable())
        .isTrue();
  }

  private static double[] row(double[] pi, int s) {
    return Arrays.copyOfRange(pi, s * 4, s * 4 + 4);
  }
}
