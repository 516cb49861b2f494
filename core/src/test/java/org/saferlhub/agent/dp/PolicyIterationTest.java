package org.saferlhub.agent.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.GridModel;

class PolicyIterationTest {

  @Test
  void solvesTheCorridor() {
    Solution solution = PolicyIteration.solve(TinyGrids.corridor(), 1.0, 1e-12, 100_000);
    assertThat(solution.converged()).isTrue();
    assertThat(solution.values()[0]).isCloseTo(-2, within(1e-12));
    assertThat(solution.values()[1]).isCloseTo(-1, within(1e-12));
    assertThat(solution.policy()).containsExactly(0, 1, 0, 0, 0, 1, 0, 0, 0.25, 0.25, 0.25, 0.25);
    assertThat(solution.improvements()).isEqualTo(2); // random → right, then stable
  }

  @Test
  void solvesSuttonAndBartoFigure41() {
    Solution solution = PolicyIteration.solve(TinyGrids.suttonBartoFigure41(), 1.0, 1e-12,
        100_000);
    double[] optimal = {0, -1, -2, -3, -1, -2, -3, -2, -2, -3, -2, -1, -3, -2, -1, 0};
    for (int s = 0; s < 16; s++) {
      assertThat(solution.values()[s]).as("V*(%d)", s).isCloseTo(optimal[s], within(1e-9));
    }
  }

  static Stream<Arguments> mapsAndDiscounts() {
    List<GridMap> maps = List.of(GridMap.preset("open"), GridMap.preset("maze"),
        GridMap.preset("cliff"), GridMap.parse("""
            S...
            .L#.
            ..C.
            a..G
            slip: 0.2
            goal: 10
            a: 2
            """));
    return maps.stream().flatMap(map -> Stream.of(Arguments.of(map.name(), map, 1.0),
        Arguments.of(map.name(), map, 0.9)));
  }

  /** Value iteration and policy iteration find the same V* and the same greedy policy. */
  @ParameterizedTest(name = "{0}, γ = {2}")
  @MethodSource("mapsAndDiscounts")
  void agreesWithValueIteration(String name, GridMap map, double gamma) {
    GridModel model = new GridModel(map);
    Solution byValues = ValueIteration.solve(model, gamma, 1e-13, 1_000_000);
    Solution byPolicies = PolicyIteration.solve(model, gamma, 1e-13, 1_000_000);
    assertThat(byValues.converged()).isTrue();
    assertThat(byPolicies.converged()).isTrue();
    for (int s = 0; s < model.stateCount(); s++) {
      assertThat(byPolicies.values()[s]).as("V*(%d)", s)
          .isCloseTo(byValues.values()[s], within(1e-10));
    }
    assertThat(byPolicies.policy()).containsExactly(byValues.policy());
  }

  @Test
  void theCliffsOptimumIsMinus13FromTheStart() {
    Solution solution = PolicyIteration.solve(new GridModel(GridMap.preset("cliff")), 1.0, 1e-12,
        1_000_000);
    assertThat(solution.values()[36]).isCloseTo(-13, within(1e-10));
  }
}
