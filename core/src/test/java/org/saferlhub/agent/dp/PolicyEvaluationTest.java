package org.saferlhub.agent.dp;

import org.saferlhub.env.FiniteMdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;

class PolicyEvaluationTest {

  @Test
  void sweepsOnTheCorridorFollowTheEquation() {
    FiniteMdp corridor = TinyGrids.corridor();
    double[] pi = corridor.uniformPolicy();
    Sweep first = PolicyEvaluation.sweep(corridor, pi, new double[3], 1.0);
    assertThat(first.values()).containsExactly(-1, -1, 0);
    assertThat(first.maxChange()).isEqualTo(1.0);
    // V_2(0) = −1 + 3/4 (−1) + 1/4 (−1) = −2;  V_2(1) = −1 + 1/2 (−1) + 1/4 (−1) + 1/4 · 0 = −1.75
    Sweep second = PolicyEvaluation.sweep(corridor, pi, first.values(), 1.0);
    assertThat(second.values()).containsExactly(-2, -1.75, 0);
    assertThat(second.maxChange()).isEqualTo(1.0);
  }

  @Test
  void convergesToTheSolutionOfTheLinearEquations() {
    FiniteMdp corridor = TinyGrids.corridor();
    Solution undiscounted = PolicyEvaluation.evaluate(corridor, corridor.uniformPolicy(), 1.0,
        1e-12, 100_000);
    assertThat(undiscounted.converged()).isTrue();
    assertThat(undiscounted.values()[0]).isCloseTo(-12, within(1e-10));
    assertThat(undiscounted.values()[1]).isCloseTo(-8, within(1e-10));
    assertThat(undiscounted.values()[2]).isZero();
    Solution discounted = PolicyEvaluation.evaluate(corridor, corridor.uniformPolicy(), 0.9,
        1e-13, 100_000);
    assertThat(discounted.values()[0]).isCloseTo(-248.0 / 41, within(1e-11));
    assertThat(discounted.values()[1]).isCloseTo(-176.0 / 41, within(1e-11));
  }

  @Test
  void reproducesSuttonAndBartoFigure41() {
    FiniteMdp grid = TinyGrids.suttonBartoFigure41();
    double[] pi = grid.uniformPolicy();
    double[] v = new double[16];
    v = PolicyEvaluation.sweep(grid, pi, v, 1.0).values();
    assertThat(v).containsExactly(0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0);
    v = PolicyEvaluation.sweep(grid, pi, v, 1.0).values();
    assertThat(v).containsExactly(0, -1.75, -2, -2, -1.75, -2, -2, -2, -2, -2, -2, -1.75, -2, -2,
        -1.75, 0);
    v = PolicyEvaluation.sweep(grid, pi, v, 1.0).values();
    assertThat(v).containsExactly(0, -39 / 16.0, -47 / 16.0, -3, -39 / 16.0, -23 / 8.0, -3,
        -47 / 16.0, -47 / 16.0, -3, -23 / 8.0, -39 / 16.0, -3, -47 / 16.0, -39 / 16.0, 0);
    Solution limit = PolicyEvaluation.evaluate(grid, pi, 1.0, 1e-12, 100_000);
    assertThat(limit.converged()).isTrue();
    double[] book = {0, -14, -20, -22, -14, -18, -20, -20, -20, -20, -18, -14, -22, -20, -14, 0};
    for (int s = 0; s < 16; s++) {
      assertThat(limit.values()[s]).as("V(%d)", s).isCloseTo(book[s], within(1e-9));
    }
  }

  @Test
  void aPolicyThatNeverEndsHasNoUndiscountedValue() {
    FiniteMdp corridor = TinyGrids.corridor();
    double[] alwaysLeft = {0, 0, 0, 1, 0, 0, 0, 1, 0.25, 0.25, 0.25, 0.25};
    Solution run = PolicyEvaluation.evaluate(corridor, alwaysLeft, 1.0, 1e-9, 50);
    assertThat(run.converged()).isFalse();
    assertThat(run.sweeps()).isEqualTo(50);
    assertThat(run.values()).containsExactly(-50, -50, 0);
    // Discounted, it converges to −1 / (1 − γ) = −10.
    Solution discounted = PolicyEvaluation.evaluate(corridor, alwaysLeft, 0.9, 1e-12, 10_000);
    assertThat(discounted.values()[0]).isCloseTo(-10, within(1e-10));
  }

  @Test
  void badArgumentsNameTheirField() {
    FiniteMdp corridor = TinyGrids.corridor();
    double[] pi = corridor.uniformPolicy();
    assertThatThrownBy(() -> PolicyEvaluation.sweep(corridor, new double[11], new double[3], 1))
        .isInstanceOf(ParameterException.class)
        .hasMessage("policy must hold 4 probabilities per state, pi[s * 4 + a], 12 in all, had 11");
    double[] unnormalised = pi.clone();
    unnormalised[4] = 0.5;
    assertThatThrownBy(() -> PolicyEvaluation.sweep(corridor, unnormalised, new double[3], 1))
        .hasMessage("policy probabilities of state 1 must sum to 1, summed to 1.25");
    double[] negative = pi.clone();
    negative[1] = -0.25;
    negative[2] = 0.75;
    assertThatThrownBy(() -> PolicyEvaluation.sweep(corridor, negative, new double[3], 1))
        .hasMessage("policy probabilities must be from 0 to 1, π(1|0) was -0.25");
    assertThatThrownBy(() -> PolicyEvaluation.sweep(corridor, pi, new double[2], 1))
        .hasMessage("values must hold one number per state (3), had 2");
    assertThatThrownBy(() -> PolicyEvaluation.sweep(corridor, pi, new double[] {0, 1 / 0.0, 0}, 1))
        .hasMessage("values must be finite numbers, value of state 1 was Infinity");
    assertThatThrownBy(() -> PolicyEvaluation.sweep(corridor, pi, new double[3], 1.5))
        .hasMessage("gamma must be from 0 to 1, was 1.5");
    assertThatThrownBy(() -> PolicyEvaluation.evaluate(corridor, pi, 1, 0, 10))
        .hasMessage("theta must be a number > 0, was 0.0");
    assertThatThrownBy(() -> PolicyEvaluation.evaluate(corridor, pi, 1, 1e-3, 0))
        .hasMessage("maxSweeps must be an integer from 1 to 2,147,483,647, was 0");
  }
}
