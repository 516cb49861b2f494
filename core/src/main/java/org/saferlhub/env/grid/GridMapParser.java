package org.saferlhub.env.grid;

import static org.saferlhub.env.grid.GridMap.MAX_ABS_REWARD;
import static org.saferlhub.env.grid.GridMap.MAX_COLS;
import static org.saferlhub.env.grid.GridMap.MAX_DESCRIPTION;
import static org.saferlhub.env.grid.GridMap.MAX_MAX_STEPS;
import static org.saferlhub.env.grid.GridMap.MAX_NAME;
import static org.saferlhub.env.grid.GridMap.MAX_ROWS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.saferlhub.config.ParameterException;

/**
 * Reads the map text format of {@link GridMap} (documented in {@code docs/gridworld-maps.md}).
 * Every error is a {@link ParameterException} on the field {@code map} whose message starts with
 * {@code map line L, column C:} (both counted from 1), then says what is wrong and what is allowed.
 */
final class GridMapParser {

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern WHOLE = Pattern.compile("\\d{1,9}");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,29}");
  private static final Pattern CELL_REWARD = Pattern.compile("reward\\s+(\\d{1,9})\\s*,\\s*(\\d{1,9})");
  private static final String SETTINGS = "id, name, description, step, goal, lava, cliff, slip, "
      + "max-steps, a to z (letter rewards) and reward ROW,COL";
  private static final String TILES = "# wall, . floor, S start, G goal, L lava, C cliff, "
      + "a to z (floor with its own reward)";
  private static final String REWARD_RANGE = "a number from -1,000,000 to 1,000,000";

  /** A {@code reward ROW,COL: VALUE} line, checked once the grid's size is known. */
  private record CellReward(int line, int column, int row, int col, double reward) {}

  private final String[] lines;
  private final Map<String, Integer> seen = new HashMap<>();
  private final double[] letterRewards = new double[26];
  private final List<CellReward> cellRewards = new ArrayList<>();
  private final List<Integer> gridLines = new ArrayList<>();

  private String id = GridMap.DEFAULT_ID;
  private String name = GridMap.DEFAULT_NAME;
  private String description = "";
  private double stepReward = GridMap.DEFAULT_STEP_REWARD;
  private double goalReward = GridMap.DEFAULT_GOAL_REWARD;
  private double lavaReward = GridMap.DEFAULT_LAVA_REWARD;
  private double cliffReward = GridMap.DEFAULT_CLIFF_REWARD;
  private double slip = 0.0;
  private int maxSteps = GridMap.DEFAULT_MAX_STEPS;

  private GridMapParser(String text) {
    lines = text.split("\r\n|\r|\n", -1);
    Arrays.fill(letterRewards, Double.NaN);
  }

  static GridMap parse(String text) {
    Objects.requireNonNull(text, "text");
    return new GridMapParser(text).parse();
  }

  private GridMap parse() {
    // Lines with a colon are settings; other non-blank lines are grid rows, kept in one block.
    int gridEndedOn = -1;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].stripTrailing();
      boolean gridRow = !line.isEmpty() && line.indexOf(':') < 0;
      if (gridRow && gridEndedOn >= 0) {
        throw error(i, 1, "this grid row is cut off from the grid above by line "
            + (gridEndedOn + 1) + "; keep the grid's rows together (settings go above or below)");
      }
      if (gridRow) {
        gridLines.add(i);
      } else {
        if (!gridLines.isEmpty() && gridEndedOn < 0) {
          gridEndedOn = i;
        }
        if (!line.isEmpty()) {
          setting(i, line);
        }
      }
    }
    return grid();
  }

  private void setting(int i, String line) {
    int colon = line.indexOf(':');
    String rawKey = line.substring(0, colon);
    String key = rawKey.strip();
    int keyColumn = rawKey.length() - rawKey.stripLeading().length() + 1;
    String rawValue = line.substring(colon + 1);
    String value = rawValue.strip();
    int valueColumn = colon + 2 + rawValue.length() - rawValue.stripLeading().length();
    if (key.length() > 1) {
      key = key.toLowerCase(Locale.ROOT);
    }
    Matcher cell = CELL_REWARD.matcher(key);
    String canonical = cell.matches()
        ? "reward " + Integer.parseInt(cell.group(1)) + "," + Integer.parseInt(cell.group(2)) : key;
    Integer first = seen.putIfAbsent(canonical, i);
    if (first != null) {
      throw error(i, keyColumn, "'" + canonical + "' is set twice (first on line "
          + (first + 1) + ")");
    }
    switch (key) {
      case "id" -> {
        if (!ID.matcher(value).matches()) {
          throw error(i, valueColumn, "id must be 1 to 30 characters of a-z, 0-9 and '-', "
              + "starting with a letter or digit, was '" + abbreviate(value) + "'");
        }
        id = value;
      }
      case "name" -> {
        if (value.isEmpty() || value.length() > MAX_NAME) {
          throw error(i, valueColumn, "name must be 1 to " + MAX_NAME + " characters, was "
              + value.length());
        }
        name = value;
      }
      case "description" -> {
        if (value.length() > MAX_DESCRIPTION) {
          throw error(i, valueColumn, "description must be at most " + MAX_DESCRIPTION
              + " characters, was " + value.length());
        }
        description = value;
      }
      case "step" -> stepReward = reward(i, valueColumn, "step", value);
      case "goal" -> goalReward = reward(i, valueColumn, "goal", value);
      case "lava" -> lavaReward = reward(i, valueColumn, "lava", value);
      case "cliff" -> cliffReward = reward(i, valueColumn, "cliff", value);
      case "slip" -> {
        double x = number(value);
        if (!(x >= 0 && x < 1)) {
          throw error(i, valueColumn, "slip must be a number in [0, 1), was '"
              + abbreviate(value) + "'");
        }
        slip = x + 0.0;
      }
      case "max-steps" -> {
        int n = WHOLE.matcher(value).matches() ? Integer.parseInt(value) : -1;
        if (n < 1 || n > MAX_MAX_STEPS) {
          throw error(i, valueColumn, "max-steps must be a whole number from 1 to 10,000, was '"
              + abbreviate(value) + "'");
        }
        maxSteps = n;
      }
      default -> {
        if (key.length() == 1 && key.charAt(0) >= 'a' && key.charAt(0) <= 'z') {
          letterRewards[key.charAt(0) - 'a'] = reward(i, valueColumn, "letter " + key, value);
        } else if (cell.matches()) {
          cellRewards.add(new CellReward(i, keyColumn, Integer.parseInt(cell.group(1)),
              Integer.parseInt(cell.group(2)), reward(i, valueColumn, canonical, value)));
        } else if (key.startsWith("reward")) {
          throw error(i, keyColumn, "a cell's reward is written 'reward ROW,COL: VALUE' with ROW "
              + "and COL counted from 0 at the top left, for example 'reward 2,3: -10'");
        } else {
          throw error(i, keyColumn, "unknown setting '" + abbreviate(key) + "'; settings are "
              + SETTINGS + ", each written 'key: value'");
        }
      }
    }
  }

  private GridMap grid() {
    if (gridLines.isEmpty()) {
      throw error(0, 1, "the map has no grid; draw one with rows of " + TILES);
    }
    if (gridLines.size() > MAX_ROWS) {
      throw error(gridLines.get(MAX_ROWS), 1, "the grid has " + gridLines.size()
          + " rows; at most " + MAX_ROWS + " are allowed");
    }
    int rows = gridLines.size();
    int cols = lines[gridLines.get(0)].stripTrailing().length();
    Tile[] tiles = new Tile[rows * Math.min(cols, MAX_COLS)];
    double[] ownRewards = new double[tiles.length];
    Arrays.fill(ownRewards, Double.NaN);
    int startLine = -1;
    int startColumn = -1;
    boolean terminal = false;
    for (int r = 0; r < rows; r++) {
      int line = gridLines.get(r);
      String row = lines[line].stripTrailing();
      for (int c = 0; c < row.length() && c < cols; c++) {
        if (c >= MAX_COLS) {
          throw error(line, c + 1, "the row is " + row.length() + " cells wide; at most "
              + MAX_COLS + " are allowed");
        }
        char symbol = row.charAt(c);
        Tile tile = Tile.ofSymbol(symbol);
        double own = Double.NaN;
        if (tile == null && symbol >= 'a' && symbol <= 'z') {
          own = letterRewards[symbol - 'a'];
          if (Double.isNaN(own)) {
            throw error(line, c + 1, "letter '" + symbol + "' has no reward; add a line such as '"
                + symbol + ": 5' (letters a to z are floor cells with their own reward)");
          }
          tile = Tile.FLOOR;
        }
        if (tile == null) {
          throw error(line, c + 1, "unknown character " + describe(row.codePointAt(c))
              + "; the grid is drawn with " + TILES + ", and settings are written 'key: value'");
        }
        if (tile == Tile.START && startLine >= 0) {
          throw error(line, c + 1, "a second start S (the first is on line " + (startLine + 1)
              + ", column " + startColumn + "); a map has exactly one start");
        }
        if (tile == Tile.START) {
          startLine = line;
          startColumn = c + 1;
        }
        terminal |= tile.terminal();
        tiles[r * cols + c] = tile;
        ownRewards[r * cols + c] = own;
      }
      if (row.length() != cols) {
        throw error(line, Math.min(row.length(), cols) + 1, "this row is " + row.length()
            + " cells wide but the first row (line " + (gridLines.get(0) + 1) + ") is " + cols
            + "; every row must be equally wide");
      }
    }
    if (startLine < 0) {
      throw error(gridLines.get(0), 1, "the grid has no start; put exactly one S");
    }
    if (!terminal) {
      throw error(gridLines.get(0), 1, "the grid has no goal G or lava L; a map needs a cell "
          + "that ends the episode");
    }
    for (CellReward cell : cellRewards) {
      if (cell.row() >= rows || cell.col() >= cols) {
        throw error(cell.line(), cell.column(), "reward " + cell.row() + "," + cell.col()
            + " is outside the grid: rows are 0 to " + (rows - 1) + " and columns 0 to "
            + (cols - 1) + ", counted from 0 at the top left");
      }
      int i = cell.row() * cols + cell.col();
      if (tiles[i] == Tile.WALL) {
        throw error(cell.line(), cell.column(), "cell " + cell.row() + "," + cell.col()
            + " is a wall: walls are never entered, so they have no reward");
      }
      ownRewards[i] = cell.reward();
    }
    return new GridMap(new GridMap.Settings(id, name, description, stepReward, goalReward,
        lavaReward, cliffReward, slip, maxSteps), rows, cols, tiles, ownRewards);
  }

  private double reward(int line, int column, String label, String value) {
    double x = number(value);
    if (!(Math.abs(x) <= MAX_ABS_REWARD)) {
      throw error(line, column, label + " must be " + REWARD_RANGE + ", was '"
          + abbreviate(value) + "'");
    }
    return x + 0.0; // turns -0 into 0
  }

  /** The number {@code text} stands for (a leading − may be the Unicode minus), or NaN. */
  private static double number(String text) {
    String t = text.replace('\u2212', '-');
    return NUMBER.matcher(t).matches() ? Double.parseDouble(t) : Double.NaN;
  }

  private static String describe(int codePoint) {
    return switch (codePoint) {
      case ' ' -> "' ' (a space: draw floor as '.')";
      case '\t' -> "a tab";
      default -> "'" + new String(Character.toChars(codePoint)) + "'"; // TeaVM lacks toString(int)
    };
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static ParameterException error(int line, int column, String what) {
    return new ParameterException("map", "map line " + (line + 1) + ", column " + column + ": "
        + what);
  }
}
