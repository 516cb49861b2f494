package org.saferlhub.env.grid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.saferlhub.config.ParameterException;

/**
 * An immutable grid-world map: tiles, rewards, slip and time limit, read from text.
 *
 * <p>The format ({@code docs/gridworld-maps.md}) is the grid drawn in ASCII, one character per
 * cell, with {@code key: value} settings above it and a reward legend below it:
 *
 * <pre>
 * name: Lava bridge
 * step: -1
 * goal: 10
 * slip: 0.1
 * max-steps: 50
 * #######
 * #S.a.G#
 * #LLLLL#
 * #######
 * a: 5
 * reward 1,4: 0
 * </pre>
 *
 * <p>Tiles: {@code #} wall, {@code .} floor, {@code S} start (exactly one), {@code G} goal,
 * {@code L} lava, {@code C} cliff, and {@code a}–{@code z}: floor cells whose reward the legend
 * gives. Upper-case letters are kept for tile kinds (later maps add more). A map needs at least
 * one goal or lava cell and at most {@value #MAX_ROWS} × {@value #MAX_COLS} cells. Cells are
 * counted from 0 at the top left; the state of cell (row, col) is {@code row * cols + col}.
 *
 * <h2>Rewards</h2>
 * Every cell except a wall has one number, {@link #reward(int, int)}: the whole reward of a move
 * that enters it (the step cost is part of that number, nothing is added to it). It is the cell's
 * own reward if it has one (a legend letter, a {@code reward ROW,COL} line or
 * {@link #withReward}), else its kind's: {@code step} for floor and start cells (default
 * {@value #DEFAULT_STEP_REWARD}), {@code goal} (default {@value #DEFAULT_GOAL_REWARD}),
 * {@code lava} (default {@value #DEFAULT_LAVA_REWARD}), {@code cliff} (default
 * {@value #DEFAULT_CLIFF_REWARD}). A move into a wall or off the edge enters nothing: the agent
 * stays where it is and gets {@link #stepReward()}.
 */
public final class GridMap {

  /** At most this many rows. */
  public static final int MAX_ROWS = 30;
  /** At most this many columns. */
  public static final int MAX_COLS = 30;
  /** Rewards lie in [−this, this]. */
  public static final double MAX_ABS_REWARD = 1_000_000;
  /** The reward for entering a floor or start cell unless the map says otherwise. */
  public static final double DEFAULT_STEP_REWARD = -1;
  /** The reward for entering a goal unless the map says otherwise. */
  public static final double DEFAULT_GOAL_REWARD = 0;
  /** The reward for entering lava unless the map says otherwise. */
  public static final double DEFAULT_LAVA_REWARD = -100;
  /** The reward for stepping into the cliff unless the map says otherwise. */
  public static final double DEFAULT_CLIFF_REWARD = -100;
  /** The time limit unless the map says otherwise. */
  public static final int DEFAULT_MAX_STEPS = 100;
  /** The largest allowed time limit. */
  public static final int MAX_MAX_STEPS = 10_000;
  static final String DEFAULT_ID = "custom";
  static final String DEFAULT_NAME = "Custom map";
  static final int MAX_NAME = 60;
  static final int MAX_DESCRIPTION = 500;

  /** An open 5×5 field. */
  private static final String OPEN = """
      id: open
      name: Open field
      description: An open 5×5 field: start top left, goal bottom right, −1 for every step \
      including the last. The shortest path takes 8 steps.
      step: -1
      goal: -1
      slip: 0
      max-steps: 100
      S....
      .....
      .....
      .....
      ....G
      """;

  /** A 10×10 maze: one shortest path of 30 steps, six dead ends. */
  private static final String MAZE = """
      id: maze
      name: Maze
      description: A 10×10 maze with dead ends and a single shortest path of 30 steps; −1 for \
      every step including the last.
      step: -1
      goal: -1
      slip: 0
      max-steps: 200
      S.#.......
      .##.####.#
      ...#...#..
      ##.#.#.##.
      ...#.#....
      .###.####.
      .....#..#.
      ####.#.##.
      ...#...#..
      .#...#.#.G
      """;

  /** Sutton &amp; Barto's Cliff Walking, Example 6.6. */
  private static final String CLIFF = """
      id: cliff
      name: Cliff walking
      description: Sutton & Barto's Example 6.6: −1 for every step, −100 and back to the start \
      for stepping into the cliff. The shortest safe path takes 13 steps.
      step: -1
      goal: -1
      cliff: -100
      slip: 0
      max-steps: 1000
      ............
      ............
      ............
      SCCCCCCCCCCG
      """;

  private static final Map<String, GridMap> PRESETS = presetMaps();

  /** The map-wide settings: id, texts, the reward of each tile kind, slip and time limit. */
  record Settings(String id, String name, String description, double stepReward,
      double goalReward, double lavaReward, double cliffReward, double slip, int maxSteps) {}

  private final Settings settings;
  private final int rows;
  private final int cols;
  private final Tile[] tiles;
  /** Each cell's own reward, row-major; NaN where the cell takes its kind's reward. */
  private final double[] ownRewards;
  private final Cell start;

  /** Keeps the arrays; an own reward equal to the kind's is dropped so equal maps are equal. */
  GridMap(Settings settings, int rows, int cols, Tile[] tiles, double[] ownRewards) {
    this.settings = settings;
    this.rows = rows;
    this.cols = cols;
    this.tiles = tiles;
    this.ownRewards = ownRewards;
    Cell found = null;
    for (int i = 0; i < tiles.length; i++) {
      if (tiles[i] == Tile.START) {
        found = new Cell(i / cols, i % cols);
      }
      if (tiles[i] == Tile.WALL || ownRewards[i] == kindReward(tiles[i])) {
        ownRewards[i] = Double.NaN;
      }
    }
    this.start = Objects.requireNonNull(found, "start");
  }

  private static Map<String, GridMap> presetMaps() {
    Map<String, GridMap> presets = new LinkedHashMap<>();
    for (String text : List.of(OPEN, MAZE, CLIFF)) {
      GridMap map = parse(text);
      presets.put(map.id(), map);
    }
    return presets;
  }

  /**
   * Reads a map from text.
   *
   * @param text the map in the format of {@code docs/gridworld-maps.md}
   * @return the map
   * @throws ParameterException on field {@code map}, with a message {@code map line L, column C:
   *     …} saying what is wrong there and what is allowed
   */
  public static GridMap parse(String text) {
    return GridMapParser.parse(text);
  }

  /**
   * A built-in map: {@code open} (5×5, empty), {@code maze} (10×10) or {@code cliff} (Sutton &amp;
   * Barto's Cliff Walking, 4×12).
   *
   * @throws ParameterException on field {@code map} if there is no such preset
   */
  public static GridMap preset(String id) {
    GridMap map = PRESETS.get(id);
    if (map == null) {
      throw new ParameterException("map", "map must be one of the presets "
          + String.join(", ", presets()) + " or map text, was '" + id + "'");
    }
    return map;
  }

  /** The preset ids, in the order the lessons use them: {@code open}, {@code maze}, {@code cliff}. */
  public static List<String> presets() {
    return List.copyOf(PRESETS.keySet());
  }

  /** A short id: the preset's, or what the map's {@code id:} line says ({@code custom} if none). */
  public String id() {
    return settings.id();
  }

  /** A name for people ({@code Custom map} if the text gives none). */
  public String name() {
    return settings.name();
  }

  /** One paragraph saying what the map is (empty if the text gives none). */
  public String description() {
    return settings.description();
  }

  /** The number of rows, 1 to {@value #MAX_ROWS}. */
  public int rows() {
    return rows;
  }

  /** The number of columns, 1 to {@value #MAX_COLS}. */
  public int cols() {
    return cols;
  }

  /**
   * The tile at a cell.
   *
   * @throws ParameterException on field {@code cell} if the cell is outside the map
   */
  public Tile tile(int row, int col) {
    return tiles[index(row, col)];
  }

  /**
   * The whole reward of a move that enters cell (row, col): the cell's own reward if it has one,
   * else its kind's ({@link #stepReward()} for floor and start, {@link #goalReward()},
   * {@link #lavaReward()}, {@link #cliffReward()}). Nothing else is added: the step cost is
   * included in this number. Walls are never entered and answer 0. A move that bumps into a wall
   * or the edge gets {@link #stepReward()} instead.
   *
   * @throws ParameterException on field {@code cell} if the cell is outside the map
   */
  public double reward(int row, int col) {
    int i = index(row, col);
    return Double.isNaN(ownRewards[i]) ? kindReward(tiles[i]) : ownRewards[i];
  }

  /** Whether cell (row, col) has its own reward rather than its kind's. */
  public boolean hasOwnReward(int row, int col) {
    return !Double.isNaN(ownRewards[index(row, col)]);
  }

  /** The start cell, where every episode begins and where the cliff sends the agent back. */
  public Cell start() {
    return start;
  }

  /**
   * The chance, in [0, 1), that a move goes sideways: with probability {@code slip} the agent
   * moves in one of the two directions perpendicular to the one chosen, each with {@code slip/2}.
   */
  public double slip() {
    return settings.slip();
  }

  /** The time limit: an episode is truncated after this many steps, 1 to 10,000. */
  public int maxSteps() {
    return settings.maxSteps();
  }

  /** The reward for entering a floor or start cell without its own reward, and for bumping. */
  public double stepReward() {
    return settings.stepReward();
  }

  /** The reward for entering a goal cell without its own reward. */
  public double goalReward() {
    return settings.goalReward();
  }

  /** The reward for entering a lava cell without its own reward. */
  public double lavaReward() {
    return settings.lavaReward();
  }

  /** The reward for stepping into a cliff cell without its own reward. */
  public double cliffReward() {
    return settings.cliffReward();
  }

  /**
   * This map with cell (row, col) paying {@code reward} when entered. Setting the kind's reward
   * removes the cell's own reward.
   *
   * @throws ParameterException on field {@code cell} if the cell is outside the map or a wall, on
   *     field {@code reward} if it is not in [−1,000,000, 1,000,000]
   */
  public GridMap withReward(int row, int col, double reward) {
    int i = index(row, col);
    if (tiles[i] == Tile.WALL) {
      throw new ParameterException("cell", "cell (" + row + ", " + col
          + ") is a wall: walls are never entered, so they have no reward");
    }
    if (!(Math.abs(reward) <= MAX_ABS_REWARD)) {
      throw new ParameterException("reward", "reward must be a number from -1,000,000 to "
          + "1,000,000, was " + reward);
    }
    double[] own = ownRewards.clone();
    own[i] = reward + 0.0;
    return new GridMap(settings, rows, cols, tiles, own);
  }

  /**
   * This map with cell (row, col) turned into {@code tile}; the cell loses its own reward (if the
   * cell already is {@code tile}, this map unchanged). Making a cell the {@link Tile#START start}
   * moves the start there (the old start becomes floor).
   *
   * @throws ParameterException on field {@code cell} if the cell is outside the map, is the start
   *     (move the start instead), or is the last goal or lava cell and {@code tile} would not end
   *     episodes
   */
  public GridMap withTile(int row, int col, Tile tile) {
    int i = index(row, col);
    Tile old = tiles[i];
    if (old == tile) {
      return this;
    }
    String cell = "cell (" + row + ", " + col + ")";
    if (old == Tile.START) {
      throw new ParameterException("cell", cell + " is the start, so it cannot become "
          + article(tile) + ": make another cell the start first");
    }
    if (old.terminal() && !tile.terminal()
        && Arrays.stream(tiles).filter(Tile::terminal).count() == 1) {
      throw new ParameterException("cell", cell + " is the map's only " + old.id()
          + ", so it cannot become " + article(tile)
          + ": a map needs a goal or lava cell to end its episodes");
    }
    Tile[] edited = tiles.clone();
    double[] own = ownRewards.clone();
    if (tile == Tile.START) {
      edited[start.row() * cols + start.col()] = Tile.FLOOR;
    }
    edited[i] = tile;
    own[i] = Double.NaN;
    return new GridMap(settings, rows, cols, edited, own);
  }

  /**
   * The cells an agent can enter from the start, by any sequence of moves up, right, down or left
   * (slips only move sideways, so they reach nothing else): walls are never entered, and goal,
   * lava and cliff cells are entered but not left (the episode ends, or the cliff sends the agent
   * back to the start). The start itself is included.
   *
   * @return one flag per state ({@code row * cols + col})
   */
  public boolean[] reachableFromStart() {
    boolean[] seen = new boolean[tiles.length];
    int[] queue = new int[tiles.length];
    int head = 0;
    int tail = 0;
    int first = start.row() * cols + start.col();
    seen[first] = true;
    queue[tail++] = first;
    int[] dr = {-1, 0, 1, 0};
    int[] dc = {0, 1, 0, -1};
    while (head < tail) {
      int s = queue[head++];
      Tile here = tiles[s];
      if (here != Tile.FLOOR && here != Tile.START) {
        continue; // the episode ends here, or the cliff sends the agent back
      }
      for (int a = 0; a < 4; a++) {
        int r = s / cols + dr[a];
        int c = s % cols + dc[a];
        if (r < 0 || r >= rows || c < 0 || c >= cols) {
          continue;
        }
        int next = r * cols + c;
        if (!seen[next] && tiles[next] != Tile.WALL) {
          seen[next] = true;
          queue[tail++] = next;
        }
      }
    }
    return seen;
  }

  /**
   * Whether a goal cell can be reached from the start ({@link #reachableFromStart()}); for a map
   * without goal cells, whether a lava cell can (the only other way its episodes end). When false,
   * every episode runs into the time limit.
   */
  public boolean goalReachable() {
    boolean[] reachable = reachableFromStart();
    Tile wanted = has(Tile.GOAL) ? Tile.GOAL : Tile.LAVA;
    for (int i = 0; i < tiles.length; i++) {
      if (reachable[i] && tiles[i] == wanted) {
        return true;
      }
    }
    return false;
  }

  /**
   * The map as text that {@link #parse} reads back to an equal map: the settings (lava and cliff
   * rewards only when the map has such cells or a value other than the default), the grid, then
   * the legend: floor cells with their own reward are drawn as letters {@code a}, {@code b}, … by
   * first appearance, one letter per distinct reward (up to 26); other own rewards are written
   * {@code reward ROW,COL: VALUE}.
   */
  public String toText() {
    StringBuilder text = new StringBuilder();
    text.append("id: ").append(id()).append('\n');
    text.append("name: ").append(name()).append('\n');
    if (!description().isEmpty()) {
      text.append("description: ").append(description()).append('\n');
    }
    text.append("step: ").append(number(stepReward())).append('\n');
    text.append("goal: ").append(number(goalReward())).append('\n');
    if (has(Tile.LAVA) || lavaReward() != DEFAULT_LAVA_REWARD) {
      text.append("lava: ").append(number(lavaReward())).append('\n');
    }
    if (has(Tile.CLIFF) || cliffReward() != DEFAULT_CLIFF_REWARD) {
      text.append("cliff: ").append(number(cliffReward())).append('\n');
    }
    text.append("slip: ").append(number(slip())).append('\n');
    text.append("max-steps: ").append(maxSteps()).append('\n');
    List<Double> letters = new ArrayList<>();
    StringBuilder cellRewards = new StringBuilder();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int i = r * cols + c;
        double own = ownRewards[i];
        char symbol = tiles[i].symbol();
        if (!Double.isNaN(own) && tiles[i] == Tile.FLOOR
            && (letters.contains(own) || letters.size() < 26)) {
          if (!letters.contains(own)) {
            letters.add(own);
          }
          symbol = (char) ('a' + letters.indexOf(own));
        } else if (!Double.isNaN(own)) {
          cellRewards.append("reward ").append(r).append(',').append(c).append(": ")
              .append(number(own)).append('\n');
        }
        text.append(symbol);
      }
      text.append('\n');
    }
    for (int k = 0; k < letters.size(); k++) {
      text.append((char) ('a' + k)).append(": ").append(number(letters.get(k))).append('\n');
    }
    return text.append(cellRewards).toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GridMap other && settings.equals(other.settings) && rows == other.rows
        && cols == other.cols && Arrays.equals(tiles, other.tiles)
        && Arrays.equals(ownRewards, other.ownRewards);
  }

  @Override
  public int hashCode() {
    return Objects.hash(settings, rows, cols, Arrays.hashCode(tiles),
        Arrays.hashCode(ownRewards));
  }

  /** The map's text, as {@link #toText()}. */
  @Override
  public String toString() {
    return toText();
  }

  private double kindReward(Tile tile) {
    return switch (tile) {
      case WALL -> 0.0;
      case FLOOR, START -> settings.stepReward();
      case GOAL -> settings.goalReward();
      case LAVA -> settings.lavaReward();
      case CLIFF -> settings.cliffReward();
    };
  }

  private boolean has(Tile tile) {
    return Arrays.asList(tiles).contains(tile);
  }

  private int index(int row, int col) {
    if (row < 0 || row >= rows || col < 0 || col >= cols) {
      throw new ParameterException("cell", "cell (" + row + ", " + col + ") is outside the "
          + rows + "×" + cols + " map: row must be 0 to " + (rows - 1) + " and col 0 to "
          + (cols - 1));
    }
    return row * cols + col;
  }

  private static String article(Tile tile) {
    return "a " + tile.id(); // every tile id starts with a consonant
  }

  /** {@code -1}, {@code 0.5}: integers without a decimal point, others as {@link Double}. */
  static String number(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
  }
}
