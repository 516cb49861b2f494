package org.saferlhub.env.grid;

import org.saferlhub.random.Rng;
import java.util.random.RandomGenerator;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.EnvSpec;
import org.saferlhub.env.TabularEnvBase;
import org.saferlhub.env.Termination;
import org.saferlhub.space.Space;

/**
 * A grid world drawn by a {@link GridMap}: walk from the start to a goal, around walls, lava and
 * cliffs.
 *
 * <h2>Description</h2>
 * The agent stands on one cell of the map and moves one cell per step. Moving into a wall or off
 * the edge leaves it in place. On a slippery map the move may go sideways. The map can be edited
 * while an agent learns ({@link #setMap}).
 *
 * <h2>Action space</h2>
 * {@code Discrete(4)}: {@link #UP} = 0, {@link #RIGHT} = 1, {@link #DOWN} = 2, {@link #LEFT} = 3.
 * With probability {@link GridMap#slip()} the move goes in one of the two perpendicular
 * directions instead, each with probability {@code slip/2}, drawn from the environment's own
 * {@link Rng} (reseeded only by {@link #resetState(long)}).
 *
 * <h2>Observation space</h2>
 * The agent's {@link Cell}, any cell of the {@code rows × cols} grid; its index is
 * {@code row * cols + col}.
 *
 * <h2>Starting state</h2>
 * Always the map's start cell {@code S}.
 *
 * <h2>Rewards</h2>
 * Entering a cell pays {@link GridMap#reward(int, int)}: by default −1 for floor, 0 for a goal,
 * −100 for lava, −100 for a cliff (each map sets its own). Bumping into a wall or the edge pays
 * {@link GridMap#stepReward()}. Entering a cliff cell sends the agent back to the start.
 *
 * <h2>Episode end</h2>
 * Terminated on entering a goal {@code G} or lava {@code L}. Truncated after
 * {@link GridMap#maxSteps()} steps (a time limit outside the task: learners should bootstrap
 * from the last state).
 *
 * <h2>References</h2>
 * Sutton &amp; Barto (2018), <i>Reinforcement Learning: An Introduction</i>, Example 4.1 (the
 * grid world of dynamic programming) and Example 6.6 (Cliff Walking); Gymnasium's
 * {@code FrozenLake} (slippery moves) and {@code CliffWalking}; Leike et al. (2017), "AI Safety
 * Gridworlds", arXiv:1711.09883 (maps as ASCII art, lava).
 */
public final class GridWorld extends TabularEnvBase<Cell> {

  /** Action 0: one row up. */
  public static final int UP = 0;
  /** Action 1: one column right. */
  public static final int RIGHT = 1;
  /** Action 2: one row down. */
  public static final int DOWN = 2;
  /** Action 3: one column left. */
  public static final int LEFT = 3;

  /** Row and column change of each action, indexed by action. */
  private static final int[] ROW_STEP = {-1, 0, 1, 0};
  private static final int[] COL_STEP = {0, 1, 0, -1};

  private final EnvSpec spec;
  private GridMap map;

  // The episode: where the agent is and how many steps it has taken.
  private Cell position;
  private int elapsedSteps;

  /** A grid world on {@code map}; its spec id is {@code gridworld:} + the map's id. */
  public GridWorld(GridMap map) {
    this.map = map;
    this.spec = new EnvSpec("gridworld:" + map.id(), map.description().isEmpty()
        ? map.name() + ": a " + map.rows() + "×" + map.cols() + " grid world."
        : map.description());
    this.position = map.start();
  }

  /** Where an action taken at a cell leads: the cell, its reward, whether the episode ends. */
  record Outcome(Cell next, double reward, boolean terminal) {}

  /**
   * The move from {@code from} in {@code direction} on {@code map}, without slip: the one rule
   * shared by the environment and its exact model ({@link GridModel}).
   */
  static Outcome move(GridMap map, Cell from, int direction) {
    int row = from.row() + ROW_STEP[direction];
    int col = from.col() + COL_STEP[direction];
    if (row < 0 || row >= map.rows() || col < 0 || col >= map.cols()
        || map.tile(row, col) == Tile.WALL) {
      return new Outcome(from, map.stepReward(), false); // bumped: stay in place
    }
    Tile tile = map.tile(row, col);
    Cell next = tile == Tile.CLIFF ? map.start() : new Cell(row, col);
    return new Outcome(next, map.reward(row, col), tile.terminal());
  }

  /** The two directions perpendicular to {@code direction}, the one clockwise first. */
  static int[] perpendicular(int direction) {
    return new int[] {(direction + 1) % 4, (direction + 3) % 4};
  }

  @Override
  public EnvSpec spec() {
    return spec;
  }

  @Override
  public Space<Cell> observationSpace() {
    return new CellSpace(map.rows(), map.cols());
  }

  @Override
  public int stateCount() {
    return map.rows() * map.cols();
  }

  @Override
  public int actionCount() {
    return 4;
  }

  @Override
  public int encode(Cell observation) {
    if (!observationSpace().contains(observation)) {
      throw new IllegalArgumentException(observation + " is not in " + observationSpace());
    }
    return state(observation);
  }

  private int state(Cell cell) {
    return cell.row() * map.cols() + cell.col();
  }

  @Override
  public Cell decode(int state) {
    if (state < 0 || state >= stateCount()) {
      throw new IllegalArgumentException("state must be in 0.." + (stateCount() - 1)
          + ", was " + state);
    }
    return new Cell(state / map.cols(), state % map.cols());
  }

  @Override
  protected int start() {
    position = map.start();
    elapsedSteps = 0;
    return state(position);
  }

  @Override
  protected int transition(int action) {
    // With probability slip, one of the two perpendicular directions, each equally likely.
    int direction = action;
    if (map.slip() > 0 && rng.nextDouble() < map.slip()) {
      direction = perpendicular(action)[rng.nextInt(2)];
    }
    Outcome outcome = move(map, position, direction);
    position = outcome.next();
    pay(outcome.reward());
    elapsedSteps++;
    if (outcome.terminal()) {
      end(map.tile(position.row(), position.col()) == Tile.GOAL
          ? Termination.GOAL : Termination.HAZARD);
    } else if (elapsedSteps >= map.maxSteps()) {
      end(Termination.TIME_LIMIT);
    }
    return state(position);
  }

  @Override
  protected String actionMeanings() {
    return "0 = up, 1 = right, 2 = down, 3 = left";
  }

  /** Only a slippery map draws random numbers. */
  @Override
  public boolean stochastic() {
    return map.slip() > 0;
  }

  /** The map being played. */
  public GridMap map() {
    return map;
  }

  /**
   * Replaces the map, even mid-episode (live edits while an agent learns). The new map applies
   * from the next step; if the agent stands on a cell that became a wall it is moved to the start.
   * The time limit counts on from the steps already taken.
   *
   * @throws ParameterException on field {@code map} if the new map's size differs
   */
  public void setMap(GridMap newMap) {
    if (newMap.rows() != map.rows() || newMap.cols() != map.cols()) {
      throw new ParameterException("map", "map must keep the size " + map.rows() + "×"
          + map.cols() + " of the grid being played, was " + newMap.rows() + "×" + newMap.cols());
    }
    map = newMap;
    if (map.tile(position.row(), position.col()) == Tile.WALL) {
      position = map.start();
    }
  }

  /** Where the agent is (the start before the first reset). */
  public Cell position() {
    return position;
  }

  /** The number of steps taken in the current episode. */
  public int elapsedSteps() {
    return elapsedSteps;
  }

  /** Every cell of a {@code rows × cols} grid. */
  private record CellSpace(int rows, int cols) implements Space<Cell> {

    @Override
    public boolean contains(Cell x) {
      return x != null && x.row() < rows && x.col() < cols;
    }

    @Override
    public Cell sample(RandomGenerator rng) {
      return new Cell(rng.nextInt(rows), rng.nextInt(cols));
    }

    @Override
    public String toString() {
      return "Grid(" + rows + "×" + cols + ")";
    }
  }
}
