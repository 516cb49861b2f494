package org.saferlhub.agent.dp;

import org.saferlhub.env.FiniteMdp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.GridModel;

class ValueIterationTest {

  @Test
  void sweepsOnTheCorridorFollowTheEquation() {
    FiniteMdp corridor = TinyGrids.corridor();
    Sweep first = ValueIteration.sweep(corridor, new double[3], 1.0);
    assertThat(first.values()).containsExactly(-1, -1, 0);
    Sweep second = ValueIteration.sweep(corridor, first.values(), 1.0);
    assertThat(second.values()).containsExactly(-2, -1, 0);
    assertThat(second.maxChange()).isEqualTo(1.0);
    Sweep third = ValueIteration.sweep(corridor, second.values(), 1.0);
    assertThat(third.values()).containsExactly(-2, -1, 0);
    assertThat(third.maxChange()).isZero();
  }

  @Test
  void solvesTheCorridor() {
    Solution solution = ValueIteration.solve(TinyGrids.corridor(), 1.0, 1e-10, 1_000);
    assertThat(solution.values()).containsExactly(-2, -1, 0);
    assertThat(solution.policy()).containsExactly(0, 1, 0, 0, 0, 1, 0, 0, 0.25, 0.25, 0.25, 0.25);
    assertThat(solution.sweeps()).isEqualTo(3);
    assertThat(solution.converged()).isTrue();
    // γ = 0.9: V*(1) = −1, V*(0) = −1 − 0.9 = −1.9.
    Solution discounted = ValueIteration.solve(TinyGrids.corridor(), 0.9, 1e-10, 1_000);
    assertThat(discounted.values()).containsExactly(-1.9, -1, 0);
  }

  /** With −1 per step and γ = 1, V*(s) is minus the length of the shortest path from s. */
  @ParameterizedTest
  @CsvSource({"open, 0, 0, -8", "open, 2, 3, -3", "maze, 0, 0, -30", "maze, 9, 0, -25",
      "maze, 0, 9, -11", "cliff, 3, 0, -13", "cliff, 0, 0, -14", "cliff, 2, 11, -1"})
  void presetValuesAreMinusTheShortestPath(String preset, int row, int col, double value) {
    GridMap map = GridMap.preset(preset);
    Solution solution = ValueIteration.solve(new GridModel(map), 1.0, 1e-10, 10_000);
    assertThat(solution.converged()).isTrue();
    assertThat(solution.values()[row * map.cols() + col]).isEqualTo(value);
  }

  @Test
  void onTheCliffTheOptimalPolicyStartsUp() {
    GridMap cliff = GridMap.preset("cliff");
    Solution solution = ValueIteration.solve(new GridModel(cliff), 1.0, 1e-10, 10_000);
    int start = 36;
    assertThat(solution.values()[start]).isEqualTo(-13.0);
    assertThat(solution.policy()[start * 4 + 0]).isEqualTo(1.0);
    assertThat(solution.sweeps()).isEqualTo(15); // the farthest cell is 14 steps away, + 1
  }

  @Test
  void runsOutOfSweepsWhenTheGoalCannotBeReached() {
    GridModel walledIn = new GridModel(GridMap.parse("S#G"));
    Solution solution = ValueIteration.solve(walledIn, 1.0, 1e-6, 40);
    assertThat(solution.converged()).isFalse();
    assertThat(solution.sweeps()).isEqualTo(40);
    assertThat(solution.values()).containsExactly(-40, 0, 0);
  }
}
