package org.saferlhub.env.grid;

import java.util.ArrayList;
import java.util.List;
import org.saferlhub.env.FiniteMdp;
import org.saferlhub.env.Transition;

/**
 * The exact model p(s′, r | s, a) of a {@link GridWorld} on a {@link GridMap}, for dynamic
 * programming.
 *
 * <p>States are cells, {@code s = row * cols + col}; actions are {@link GridWorld#UP},
 * {@link GridWorld#RIGHT}, {@link GridWorld#DOWN}, {@link GridWorld#LEFT}. Action a goes in its
 * own direction with probability 1 − slip and in each perpendicular direction with probability
 * slip/2; outcomes that land on the same cell with the same reward are merged into one
 * {@link Transition}. Goal and lava cells are terminal (worth 0, no transitions). Walls are never
 * occupied: the model treats them as terminal too, so their value stays 0. The time limit
 * {@link GridMap#maxSteps()} is not part of the MDP.
 */
public final class GridModel implements FiniteMdp {

  private final GridMap map;
  /** {@code transitions[s * 4 + a]}: p(s′, r | s, a). */
  private final List<List<Transition>> transitions;

  /** The model of {@code map}. */
  public GridModel(GridMap map) {
    this.map = map;
    this.transitions = new ArrayList<>(stateCount() * 4);
    for (int s = 0; s < stateCount(); s++) {
      for (int a = 0; a < 4; a++) {
        transitions.add(isTerminal(s) ? List.of() : outcomes(s, a));
      }
    }
  }

  private List<Transition> outcomes(int s, int a) {
    Cell from = new Cell(s / map.cols(), s % map.cols());
    List<Transition> result = new ArrayList<>(3);
    int[] sideways = GridWorld.perpendicular(a);
    add(result, 1 - map.slip(), GridWorld.move(map, from, a));
    add(result, map.slip() / 2, GridWorld.move(map, from, sideways[0]));
    add(result, map.slip() / 2, GridWorld.move(map, from, sideways[1]));
    return List.copyOf(result);
  }

  private void add(List<Transition> result, double probability, GridWorld.Outcome outcome) {
    if (probability == 0) {
      return;
    }
    int next = outcome.next().row() * map.cols() + outcome.next().col();
    for (int i = 0; i < result.size(); i++) {
      Transition t = result.get(i);
      if (t.next() == next && t.reward() == outcome.reward()) {
        result.set(i, new Transition(t.probability() + probability, next, t.reward(),
            t.terminal()));
        return;
      }
    }
    result.add(new Transition(probability, next, outcome.reward(), outcome.terminal()));
  }

  /** The map this model was built from. */
  public GridMap map() {
    return map;
  }

  @Override
  public int stateCount() {
    return map.rows() * map.cols();
  }

  @Override
  public int actionCount() {
    return 4;
  }

  /** Goal, lava and wall cells. */
  @Override
  public boolean isTerminal(int s) {
    Tile tile = map.tile(s / map.cols(), s % map.cols());
    return tile.terminal() || tile == Tile.WALL;
  }

  @Override
  public List<Transition> transitions(int s, int a) {
    return transitions.get(s * 4 + a);
  }
}
