package org.saferlhub.env.grid;

import java.util.Map;
import org.saferlhub.env.Env;
import org.saferlhub.env.EnvSpec;
import org.saferlhub.env.Reset;
import org.saferlhub.env.Step;
import org.saferlhub.env.Termination;
import org.saferlhub.space.Box;
import org.saferlhub.space.Discrete;

/**
 * A {@link GridWorld} seen as board planes, for agents that approximate functions (a small neural
 * network) instead of keeping a table: the observation is a {@code float[]} in
 * {@code Box(0, 1, (4, rows, cols))}, four one-hot layers read channel-major,
 * {@code x[c * rows * cols + row * cols + col]}:
 *
 * <ol start="0">
 *   <li>{@link #AGENT}: 1 where the agent stands;
 *   <li>{@link #WALL}: 1 on walls;
 *   <li>{@link #GOAL}: 1 on goals;
 *   <li>{@link #HAZARD}: 1 on lava and cliff cells.
 * </ol>
 *
 * Everything else (actions, rewards, episode end, seeding) is the wrapped grid world's. This is
 * how the AI Safety Gridworlds hand their boards to learners (one layer per kind of object).
 */
public final class BoardPlanes implements Env<float[], Integer> {

  /** Channel 0: the agent. */
  public static final int AGENT = 0;
  /** Channel 1: walls. */
  public static final int WALL = 1;
  /** Channel 2: goals. */
  public static final int GOAL = 2;
  /** Channel 3: lava and cliffs. */
  public static final int HAZARD = 3;

  private static final int CHANNELS = 4;

  private final GridWorld grid;
  private final EnvSpec spec;
  private final Box space;

  /** Board planes of {@code grid}. */
  public BoardPlanes(GridWorld grid) {
    this.grid = grid;
    this.spec = new EnvSpec(grid.spec().id(), grid.spec().description()
        + " Observed as board planes (agent, walls, goals, hazards).");
    this.space = Box.uniform(0f, 1f, CHANNELS, grid.map().rows(), grid.map().cols());
  }

  /** The grid world underneath. */
  public GridWorld grid() {
    return grid;
  }

  /** The planes of the current board, a fresh array. */
  public float[] observation() {
    GridMap map = grid.map();
    int rows = map.rows();
    int cols = map.cols();
    int plane = rows * cols;
    float[] x = new float[CHANNELS * plane];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        Tile tile = map.tile(r, c);
        int at = r * cols + c;
        if (tile == Tile.WALL) {
          x[WALL * plane + at] = 1f;
        } else if (tile == Tile.GOAL) {
          x[GOAL * plane + at] = 1f;
        } else if (tile == Tile.LAVA || tile == Tile.CLIFF) {
          x[HAZARD * plane + at] = 1f;
        }
      }
    }
    Cell agent = grid.position();
    x[AGENT * plane + agent.row() * cols + agent.col()] = 1f;
    return x;
  }

  @Override
  public EnvSpec spec() {
    return spec;
  }

  @Override
  public Box observationSpace() {
    return space;
  }

  @Override
  public Discrete actionSpace() {
    return grid.actionSpace();
  }

  @Override
  public Reset<float[]> reset(long seed) {
    grid.resetState(seed);
    return new Reset<>(observation(), Map.of());
  }

  @Override
  public Reset<float[]> reset() {
    grid.resetState();
    return new Reset<>(observation(), Map.of());
  }

  @Override
  public Step<float[]> step(Integer action) {
    if (action == null) {
      throw new IllegalArgumentException("action must not be null; allowed: " + actionSpace());
    }
    grid.stepState(action);
    Termination why = grid.termination();
    return new Step<>(observation(), grid.reward(), grid.terminated(), grid.truncated(),
        why == Termination.NOT_ENDED ? Map.of() : Map.of("termination", why.id()));
  }

  @Override
  public void close() {
    grid.close();
  }
}
