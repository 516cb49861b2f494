package org.saferlhub.env.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saferlhub.env.Transition;

class GridModelTest {

  @Test
  void deterministicMovesHaveOneTransition() {
    GridModel cliff = new GridModel(GridMap.preset("cliff"));
    assertThat(cliff.stateCount()).isEqualTo(48);
    assertThat(cliff.actionCount()).isEqualTo(4);
    int start = 36;
    assertThat(cliff.transitions(start, GridWorld.UP))
        .containsExactly(new Transition(1.0, 24, -1, false));
    assertThat(cliff.transitions(start, GridWorld.LEFT))
        .containsExactly(new Transition(1.0, start, -1, false));
    // Into the cliff: -100 and back to the start, not terminal.
    assertThat(cliff.transitions(start, GridWorld.RIGHT))
        .containsExactly(new Transition(1.0, start, -100, false));
    assertThat(cliff.transitions(2 * 12 + 5, GridWorld.DOWN))
        .containsExactly(new Transition(1.0, start, -100, false));
    assertThat(cliff.transitions(2 * 12 + 11, GridWorld.DOWN))
        .containsExactly(new Transition(1.0, 47, -1, true));
  }

  @Test
  void goalLavaAndWallsAreTerminalWithoutTransitions() {
    GridModel model = new GridModel(GridMap.parse("S#L\n..G"));
    assertThat(List.of(0, 1, 2, 3, 4, 5).stream().map(model::isTerminal).toList())
        .containsExactly(false, true, true, false, false, true);
    for (int a = 0; a < 4; a++) {
      assertThat(model.transitions(1, a)).isEmpty();
      assertThat(model.transitions(2, a)).isEmpty();
      assertThat(model.transitions(5, a)).isEmpty();
    }
    assertThat(model.transitions(4, GridWorld.UP))
        .containsExactly(new Transition(1.0, 4, -1, false)); // a wall above: stay
    assertThat(model.transitions(4, GridWorld.RIGHT))
        .containsExactly(new Transition(1.0, 5, 0, true));
  }

  @Test
  void slipSplitsEachMoveAndMergesEqualOutcomes() {
    GridModel model = new GridModel(GridMap.parse("S..\n...\n..G\nslip: 0.2"));
    // Up from the top-left corner: up bumps (0.8), left bumps (0.1): stay with 0.9; right 0.1.
    List<Transition> up = model.transitions(0, GridWorld.UP);
    assertThat(up).extracting(Transition::next).containsExactly(0, 1);
    assertThat(up.get(0).probability()).isCloseTo(0.9, within(1e-15));
    assertThat(up.get(1).probability()).isCloseTo(0.1, within(1e-15));
    // Right from the middle: right 0.8, down (clockwise) 0.1, up 0.1.
    assertThat(model.transitions(4, GridWorld.RIGHT)).containsExactly(
        new Transition(0.8, 5, -1, false), new Transition(0.1, 7, -1, false),
        new Transition(0.1, 1, -1, false));
  }

  @Test
  void probabilitiesSumToOneEverywhere() {
    for (GridMap map : List.of(GridMap.preset("open"), GridMap.preset("maze"),
        GridMap.preset("cliff"), GridMap.parse("S.L\n.C.\n#.G\nslip: 0.3"))) {
      GridModel model = new GridModel(map);
      for (int s = 0; s < model.stateCount(); s++) {
        for (int a = 0; a < 4; a++) {
          double sum = model.transitions(s, a).stream().mapToDouble(Transition::probability).sum();
          assertThat(sum).isCloseTo(model.isTerminal(s) ? 0 : 1, within(1e-12));
        }
      }
    }
  }

  @Test
  void theModelMatchesTheEnvironmentsFrequencies() {
    GridMap map = GridMap.parse("...\nCS.\n.LG\nslip: 0.4\nmax-steps: 1\nreward 0,1: 3");
    GridModel model = new GridModel(map);
    GridWorld env = new GridWorld(map);
    int episodes = 200_000;
    for (int action = 0; action < 4; action++) {
      Map<String, Integer> counts = new HashMap<>();
      env.resetState(action);
      for (int i = 0; i < episodes; i++) {
        if (i > 0) {
          env.resetState();
        }
        int next = env.stepState(action);
        counts.merge(next + " " + env.reward() + " " + env.terminated(), 1, Integer::sum);
      }
      List<Transition> transitions = model.transitions(4, action);
      assertThat(counts).hasSize(transitions.size());
      for (Transition t : transitions) {
        double frequency = counts.get(t.next() + " " + t.reward() + " " + t.terminal())
            / (double) episodes;
        assertThat(frequency).as("action %d to %s", action, t).isCloseTo(t.probability(),
            within(0.005));
      }
    }
  }
}
