package org.saferlhub.app.grid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saferlhub.agent.tabular.QTable;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.Tile;

/**
 * JSON-ready views of grid maps, value tables and policies. States are numbered
 * {@code row * cols + col} from the top left; actions are 0 up, 1 right, 2 down, 3 left.
 *
 * <p>Policies are drawn as rows of characters, one per cell: the arrow {@code ↑ → ↓ ←} of the
 * chosen action, or {@code #} for a wall, {@code G} a goal, {@code L} lava and {@code C} a cliff
 * cell (cells where no action is ever chosen).
 */
public final class GridViews {

  /** The arrow of each action, indexed by action: {@code ↑ → ↓ ←}. */
  public static final String ARROWS = "↑→↓←";

  private GridViews() {}

  /**
   * A map for the web page: {@code id, name, description, rows, cols, text} (map text that reads
   * back to the same map), {@code tiles} (one tile id per state), {@code rewards} (per state, the
   * reward for entering it; null for walls), {@code start} (its state), {@code slip},
   * {@code maxSteps}, and the rewards per kind ({@code stepReward, goalReward, lavaReward,
   * cliffReward}).
   */
  public static Map<String, Object> map(GridMap map) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", map.id());
    m.put("name", map.name());
    m.put("description", map.description());
    m.put("rows", map.rows());
    m.put("cols", map.cols());
    m.put("text", map.toText());
    List<String> tiles = new ArrayList<>();
    List<@Nullable Double> rewards = new ArrayList<>();
    for (int r = 0; r < map.rows(); r++) {
      for (int c = 0; c < map.cols(); c++) {
        Tile tile = map.tile(r, c);
        tiles.add(tile.id());
        rewards.add(tile == Tile.WALL ? null : map.reward(r, c));
      }
    }
    m.put("tiles", tiles);
    m.put("rewards", rewards);
    m.put("start", map.start().row() * map.cols() + map.start().col());
    m.put("slip", map.slip());
    m.put("maxSteps", map.maxSteps());
    m.put("stepReward", map.stepReward());
    m.put("goalReward", map.goalReward());
    m.put("lavaReward", map.lavaReward());
    m.put("cliffReward", map.cliffReward());
    return m;
  }

  /** Every preset, in the lessons' order, as {@link #map(GridMap)}. */
  public static List<Map<String, Object>> presets() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String id : GridMap.presets()) {
      out.add(map(GridMap.preset(id)));
    }
    return out;
  }

  /**
   * Whether an agent ever chooses an action in this cell: false for walls (never entered), goal
   * and lava (the episode ends there) and cliff cells (entering one sends the agent to the start).
   */
  public static boolean actsIn(GridMap map, int state) {
    Tile tile = map.tile(state / map.cols(), state % map.cols());
    return tile == Tile.FLOOR || tile == Tile.START;
  }

  /** The character of a cell where no action is chosen ({@code # G L C}), or 0 for others. */
  static char symbol(GridMap map, int state) {
    return switch (map.tile(state / map.cols(), state % map.cols())) {
      case WALL -> '#';
      case GOAL -> 'G';
      case LAVA -> 'L';
      case CLIFF -> 'C';
      case FLOOR, START -> 0;
    };
  }

  /** The greedy action of each state, -1 where no action is chosen ({@link #actsIn}). */
  public static int[] greedyActions(GridMap map, QTable q) {
    int[] greedy = new int[map.rows() * map.cols()];
    for (int s = 0; s < greedy.length; s++) {
      greedy[s] = actsIn(map, s) ? q.greedy(s) : -1;
    }
    return greedy;
  }

  /**
   * The greedy policy of a Q table drawn as rows: the arrow of argmax_a Q(s, a) per cell (ties go
   * to the first of ↑ → ↓ ←, as {@link QTable#greedy(int)}), symbols elsewhere.
   */
  public static List<String> greedyRows(GridMap map, QTable q) {
    return rows(map, greedyActions(map, q));
  }

  /**
   * A policy {@code pi[s * 4 + a]} drawn as rows: the arrow of its most probable action per cell
   * (ties, such as the equal shares of a greedy policy, go to the first of ↑ → ↓ ←).
   */
  public static List<String> policyRows(GridMap map, double[] pi) {
    int[] best = new int[map.rows() * map.cols()];
    for (int s = 0; s < best.length; s++) {
      int a = 0;
      for (int b = 1; b < 4; b++) {
        if (pi[s * 4 + b] > pi[s * 4 + a] + 1e-12) {
          a = b;
        }
      }
      best[s] = actsIn(map, s) ? a : -1;
    }
    return rows(map, best);
  }

  private static List<String> rows(GridMap map, int[] actions) {
    List<String> rows = new ArrayList<>();
    for (int r = 0; r < map.rows(); r++) {
      StringBuilder row = new StringBuilder();
      for (int c = 0; c < map.cols(); c++) {
        int s = r * map.cols() + c;
        row.append(actions[s] < 0 ? symbol(map, s) : ARROWS.charAt(actions[s]));
      }
      rows.add(row.toString());
    }
    return rows;
  }

  /** A value per state laid out as rows of the grid. */
  public static List<List<Double>> valueRows(GridMap map, double[] v) {
    List<List<Double>> rows = new ArrayList<>();
    for (int r = 0; r < map.rows(); r++) {
      List<Double> row = new ArrayList<>();
      for (int c = 0; c < map.cols(); c++) {
        row.add(v[r * map.cols() + c]);
      }
      rows.add(row);
    }
    return rows;
  }

  /** A table {@code x[s * width + a]} as one list of {@code width} numbers per state. */
  public static List<double[]> perState(double[] x, int width) {
    List<double[]> out = new ArrayList<>(x.length / width);
    for (int s = 0; s < x.length / width; s++) {
      out.add(java.util.Arrays.copyOfRange(x, s * width, s * width + width));
    }
    return out;
  }

  /** Q(s, ·) for every state: {@code [[up, right, down, left], …]}. */
  public static List<double[]> q(QTable q) {
    return perState(q.toArray(), q.actions());
  }

  /** max_a Q(s, a) for every state. */
  public static double[] maxValues(QTable q) {
    double[] v = new double[q.states()];
    for (int s = 0; s < v.length; s++) {
      v[s] = q.max(s);
    }
    return v;
  }

  /** {@code x}, or null when it is NaN or infinite (JSON has no such numbers). */
  static @Nullable Double finite(double x) {
    return Double.isFinite(x) ? x : null;
  }
}
