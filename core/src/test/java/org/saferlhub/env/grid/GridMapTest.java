package org.saferlhub.env.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.saferlhub.config.ParameterException;

class GridMapTest {

  private static final String BRIDGE = """
      name: Lava bridge
      description: Cross above the lava.
      step: -1
      goal: 10
      lava: -50
      slip: 0.1
      max-steps: 50
      #######
      #S.a.G#
      #LLLLL#
      #######
      a: 5
      reward 2,3: -7
      """;

  @Test
  void parsesTilesSettingsAndRewards() {
    GridMap map = GridMap.parse(BRIDGE);
    assertThat(map.id()).isEqualTo("custom");
    assertThat(map.name()).isEqualTo("Lava bridge");
    assertThat(map.description()).isEqualTo("Cross above the lava.");
    assertThat(map.rows()).isEqualTo(4);
    assertThat(map.cols()).isEqualTo(7);
    assertThat(map.start()).isEqualTo(new Cell(1, 1));
    assertThat(map.slip()).isEqualTo(0.1);
    assertThat(map.maxSteps()).isEqualTo(50);
    assertThat(map.tile(0, 0)).isEqualTo(Tile.WALL);
    assertThat(map.tile(1, 1)).isEqualTo(Tile.START);
    assertThat(map.tile(1, 2)).isEqualTo(Tile.FLOOR);
    assertThat(map.tile(1, 3)).isEqualTo(Tile.FLOOR);
    assertThat(map.tile(1, 5)).isEqualTo(Tile.GOAL);
    assertThat(map.tile(2, 3)).isEqualTo(Tile.LAVA);
    // The whole reward for entering each cell; walls answer 0.
    assertThat(map.reward(1, 1)).isEqualTo(-1.0);
    assertThat(map.reward(1, 2)).isEqualTo(-1.0);
    assertThat(map.reward(1, 3)).isEqualTo(5.0);
    assertThat(map.reward(1, 5)).isEqualTo(10.0);
    assertThat(map.reward(2, 1)).isEqualTo(-50.0);
    assertThat(map.reward(2, 3)).isEqualTo(-7.0);
    assertThat(map.reward(0, 0)).isEqualTo(0.0);
    assertThat(map.hasOwnReward(1, 3)).isTrue();
    assertThat(map.hasOwnReward(2, 3)).isTrue();
    assertThat(map.hasOwnReward(2, 2)).isFalse();
  }

  @Test
  void defaultsWhenTheTextSetsNothing() {
    GridMap map = GridMap.parse("SLG\nC..\n");
    assertThat(map.id()).isEqualTo("custom");
    assertThat(map.name()).isEqualTo("Custom map");
    assertThat(map.description()).isEmpty();
    assertThat(map.stepReward()).isEqualTo(-1.0);
    assertThat(map.goalReward()).isEqualTo(0.0);
    assertThat(map.lavaReward()).isEqualTo(-100.0);
    assertThat(map.cliffReward()).isEqualTo(-100.0);
    assertThat(map.slip()).isEqualTo(0.0);
    assertThat(map.maxSteps()).isEqualTo(100);
    assertThat(map.reward(0, 2)).isEqualTo(0.0);
    assertThat(map.reward(0, 1)).isEqualTo(-100.0);
    assertThat(map.reward(1, 0)).isEqualTo(-100.0);
    assertThat(map.reward(1, 1)).isEqualTo(-1.0);
  }

  @Test
  void settingsMayFollowTheGridAndTolerateSpacingCaseAndTheUnicodeMinus() {
    GridMap map = GridMap.parse("\n\nS.G  \r\n\r\n  Step :  −2\nMAX-STEPS: 7\n");
    assertThat(map.stepReward()).isEqualTo(-2.0);
    assertThat(map.maxSteps()).isEqualTo(7);
    assertThat(map.cols()).isEqualTo(3); // trailing spaces are dropped, leading ones are not floor
  }

  @Test
  void presetsHaveTheirShapes() {
    assertThat(GridMap.presets()).containsExactly("open", "maze", "cliff");
    GridMap open = GridMap.preset("open");
    assertThat(List.of(open.rows(), open.cols())).containsExactly(5, 5);
    assertThat(open.start()).isEqualTo(new Cell(0, 0));
    assertThat(open.tile(4, 4)).isEqualTo(Tile.GOAL);
    assertThat(count(open, Tile.FLOOR)).isEqualTo(23);

    GridMap maze = GridMap.preset("maze");
    assertThat(List.of(maze.rows(), maze.cols())).containsExactly(10, 10);
    assertThat(maze.start()).isEqualTo(new Cell(0, 0));
    assertThat(maze.tile(9, 9)).isEqualTo(Tile.GOAL);
    assertThat(count(maze, Tile.WALL)).isEqualTo(39);

    GridMap cliff = GridMap.preset("cliff");
    assertThat(List.of(cliff.rows(), cliff.cols())).containsExactly(4, 12);
    assertThat(cliff.start()).isEqualTo(new Cell(3, 0));
    assertThat(cliff.tile(3, 11)).isEqualTo(Tile.GOAL);
    assertThat(count(cliff, Tile.CLIFF)).isEqualTo(10);
    for (int c = 1; c <= 10; c++) {
      assertThat(cliff.tile(3, c)).isEqualTo(Tile.CLIFF);
      assertThat(cliff.reward(3, c)).isEqualTo(-100.0);
    }
    assertThat(cliff.reward(3, 11)).isEqualTo(-1.0);
    assertThat(cliff.reward(0, 5)).isEqualTo(-1.0);
    assertThat(cliff.slip()).isZero();

    for (String id : GridMap.presets()) {
      GridMap map = GridMap.preset(id);
      assertThat(map.id()).isEqualTo(id);
      assertThat(map.description()).isNotBlank();
      assertThat(GridMap.preset(id)).isSameAs(map);
    }
  }

  @Test
  void unknownPresetsAreRejectedNamingTheMapField() {
    assertThatThrownBy(() -> GridMap.preset("lake")).isInstanceOf(ParameterException.class)
        .hasMessage("map must be one of the presets open, maze, cliff or map text, was 'lake'")
        .extracting(e -> ((ParameterException) e).field()).isEqualTo("map");
  }

  static List<String> roundTripTexts() {
    List<String> texts = new ArrayList<>(List.of(BRIDGE, "SG", "S\nG\n", "id: x-1\nLSC\nG.a\na: 0.25\n"));
    for (String id : GridMap.presets()) {
      texts.add(GridMap.preset(id).toText());
    }
    return texts;
  }

  @ParameterizedTest
  @MethodSource("roundTripTexts")
  void toTextReadsBackToAnEqualMap(String text) {
    GridMap map = GridMap.parse(text);
    assertThat(GridMap.parse(map.toText())).isEqualTo(map).hasSameHashCodeAs(map);
    assertThat(GridMap.parse(map.toText()).toText()).isEqualTo(map.toText());
  }

  @Test
  void toTextIsCanonical() {
    assertThat(GridMap.parse(BRIDGE).toText()).isEqualTo("""
        id: custom
        name: Lava bridge
        description: Cross above the lava.
        step: -1
        goal: 10
        lava: -50
        slip: 0.1
        max-steps: 50
        #######
        #S.a.G#
        #LLLLL#
        #######
        a: 5
        reward 2,3: -7
        """);
  }

  @Test
  void presetTextIsWhatToTextWrites() {
    assertThat(GridMap.preset("cliff").toText()).isEqualTo("""
        id: cliff
        name: Cliff walking
        description: Sutton & Barto's Example 6.6: −1 for every step, −100 and back to the \
        start for stepping into the cliff. The shortest safe path takes 13 steps.
        step: -1
        goal: -1
        cliff: -100
        slip: 0
        max-steps: 1000
        ............
        ............
        ............
        SCCCCCCCCCCG
        """);
  }

  @Test
  void editsRoundTripToo() {
    GridMap map = GridMap.preset("open")
        .withReward(1, 1, 3).withReward(2, 2, 3).withReward(3, 3, -0.5)
        .withReward(0, 0, 7).withReward(4, 4, 20)
        .withTile(2, 0, Tile.LAVA).withTile(1, 2, Tile.WALL);
    String text = map.toText();
    assertThat(text).contains("goal: -1\nlava: -100\nslip: 0\n");
    assertThat(text.substring(text.indexOf("max-steps"))).isEqualTo("""
        max-steps: 100
        S....
        .a#..
        L.a..
        ...b.
        ....G
        a: 3
        b: -0.5
        reward 0,0: 7
        reward 4,4: 20
        """);
    assertThat(GridMap.parse(text)).isEqualTo(map);
  }

  @Test
  void moreThan26DistinctRewardsFallBackToCellLines() {
    GridMap map = GridMap.parse("S" + ".".repeat(29) + "\n" + ".".repeat(29) + "G\n");
    for (int c = 0; c < 28; c++) {
      map = map.withReward(1, c, c + 1);
    }
    String text = map.toText();
    assertThat(text).contains("abcdefghijklmnopqrstuvwxyz...G", "z: 26", "reward 1,26: 27",
        "reward 1,27: 28");
    assertThat(GridMap.parse(text)).isEqualTo(map);
  }

  @Test
  void withRewardSetsTheWholeRewardForEnteringACell() {
    GridMap open = GridMap.preset("open");
    GridMap edited = open.withReward(2, 3, 4.5);
    assertThat(edited.reward(2, 3)).isEqualTo(4.5);
    assertThat(open.reward(2, 3)).isEqualTo(-1.0); // immutable
    assertThat(edited.withReward(2, 3, -1)).isEqualTo(open); // back to the kind's reward
    assertThat(edited.withReward(2, 3, -1).hasOwnReward(2, 3)).isFalse();
    assertThat(edited.withReward(4, 4, 9).reward(4, 4)).isEqualTo(9.0);
  }

  @Test
  void withTileChangesKindsAndMovesTheStart() {
    GridMap open = GridMap.preset("open").withReward(1, 1, 8);
    GridMap wall = open.withTile(1, 1, Tile.WALL);
    assertThat(wall.tile(1, 1)).isEqualTo(Tile.WALL);
    assertThat(wall.reward(1, 1)).isZero();
    assertThat(wall.withTile(1, 1, Tile.FLOOR).hasOwnReward(1, 1)).isFalse();
    assertThat(open.withTile(2, 2, Tile.CLIFF).reward(2, 2)).isEqualTo(-100.0);
    GridMap moved = open.withTile(2, 2, Tile.START);
    assertThat(moved.start()).isEqualTo(new Cell(2, 2));
    assertThat(moved.tile(0, 0)).isEqualTo(Tile.FLOOR);
    assertThat(open.withTile(3, 3, Tile.GOAL).withTile(4, 4, Tile.WALL).tile(4, 4))
        .isEqualTo(Tile.WALL);
    assertThat(open.withTile(1, 1, Tile.FLOOR)).isSameAs(open); // unchanged, own reward kept
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      0 | 0 | WALL  | cell (0, 0) is the start, so it cannot become a wall: make another cell the start first
      0 | 0 | GOAL  | cell (0, 0) is the start, so it cannot become a goal: make another cell the start first
      4 | 4 | WALL  | cell (4, 4) is the map's only goal, so it cannot become a wall: a map needs a goal or lava cell to end its episodes
      4 | 4 | START | cell (4, 4) is the map's only goal, so it cannot become a start: a map needs a goal or lava cell to end its episodes
      5 | 0 | WALL  | cell (5, 0) is outside the 5×5 map: row must be 0 to 4 and col 0 to 4
      0 | -1 | FLOOR | cell (0, -1) is outside the 5×5 map: row must be 0 to 4 and col 0 to 4
      """)
  void badTileEditsAreRejected(int row, int col, Tile tile, String message) {
    assertThatThrownBy(() -> GridMap.preset("open").withTile(row, col, tile))
        .isInstanceOf(ParameterException.class).hasMessage(message)
        .extracting(e -> ((ParameterException) e).field()).isEqualTo("cell");
  }

  @Test
  void badRewardEditsAreRejected() {
    GridMap maze = GridMap.preset("maze");
    assertThatThrownBy(() -> maze.withReward(0, 2, 5)).isInstanceOf(ParameterException.class)
        .hasMessage("cell (0, 2) is a wall: walls are never entered, so they have no reward");
    assertThatThrownBy(() -> maze.withReward(0, 1, Double.NaN))
        .isInstanceOf(ParameterException.class)
        .hasMessage("reward must be a number from -1,000,000 to 1,000,000, was NaN");
    assertThatThrownBy(() -> maze.withReward(0, 1, 2e6)).hasMessageEndingWith("was 2000000.0");
  }

  @Test
  void tileIdsAreTheLowerCaseNames() {
    assertThat(Tile.of("Wall")).isEqualTo(Tile.WALL);
    assertThat(Tile.of("floor")).isEqualTo(Tile.FLOOR);
    assertThatThrownBy(() -> Tile.of("water")).isInstanceOf(ParameterException.class)
        .hasMessage("tile must be one of wall, floor, start, goal, lava, cliff, was 'water'");
  }

  /** Each bad map with the exact message: line and column (from 1), what is wrong, what is allowed. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      ""                          | map line 1, column 1: the map has no grid; draw one with rows of # wall, . floor, S start, G goal, L lava, C cliff, a to z (floor with its own reward)
      "step: -1\\nslip: 0"        | map line 1, column 1: the map has no grid; draw one with rows of # wall, . floor, S start, G goal, L lava, C cliff, a to z (floor with its own reward)
      "S.G\\n.?.\\n"              | map line 2, column 2: unknown character '?'; the grid is drawn with # wall, . floor, S start, G goal, L lava, C cliff, a to z (floor with its own reward), and settings are written 'key: value'
      "S G"                       | map line 1, column 2: unknown character ' ' (a space: draw floor as '.'); the grid is drawn with # wall, . floor, S start, G goal, L lava, C cliff, a to z (floor with its own reward), and settings are written 'key: value'
      "S.G\\n..\\n"               | map line 2, column 3: this row is 2 cells wide but the first row (line 1) is 3; every row must be equally wide
      "S.G\\n....\\n"             | map line 2, column 4: this row is 4 cells wide but the first row (line 1) is 3; every row must be equally wide
      "...\\n.G.\\n"              | map line 1, column 1: the grid has no start; put exactly one S
      "name: x\\nS.G\\n.S.\\n"    | map line 3, column 2: a second start S (the first is on line 2, column 1); a map has exactly one start
      "S..\\n.C.\\n"              | map line 1, column 1: the grid has no goal G or lava L; a map needs a cell that ends the episode
      "S.a\\nG..\\n"              | map line 1, column 3: letter 'a' has no reward; add a line such as 'a: 5' (letters a to z are floor cells with their own reward)
      "S.G\\n\\n...\\n"           | map line 3, column 1: this grid row is cut off from the grid above by line 2; keep the grid's rows together (settings go above or below)
      "S.G\\nslip: 0\\n...\\n"    | map line 3, column 1: this grid row is cut off from the grid above by line 2; keep the grid's rows together (settings go above or below)
      "SG\\nslip: 1"              | map line 2, column 7: slip must be a number in [0, 1), was '1'
      "SG\\nslip:-0.1"            | map line 2, column 6: slip must be a number in [0, 1), was '-0.1'
      "SG\\nslip: lots"           | map line 2, column 7: slip must be a number in [0, 1), was 'lots'
      "SG\\nmax-steps: 0"         | map line 2, column 12: max-steps must be a whole number from 1 to 10,000, was '0'
      "SG\\nmax-steps: 10001"     | map line 2, column 12: max-steps must be a whole number from 1 to 10,000, was '10001'
      "SG\\nmax-steps: 2.5"       | map line 2, column 12: max-steps must be a whole number from 1 to 10,000, was '2.5'
      "SG\\nstep: NaN"            | map line 2, column 7: step must be a number from -1,000,000 to 1,000,000, was 'NaN'
      "SG\\ngoal: 1e7"            | map line 2, column 7: goal must be a number from -1,000,000 to 1,000,000, was '1e7'
      "SG\\nlava: "               | map line 2, column 6: lava must be a number from -1,000,000 to 1,000,000, was ''
      "SG\\ncliff: 0x10"          | map line 2, column 8: cliff must be a number from -1,000,000 to 1,000,000, was '0x10'
      "Sa\\nG.\\n a : five"       | map line 3, column 6: letter a must be a number from -1,000,000 to 1,000,000, was 'five'
      "SG\\nid: My Map"           | map line 2, column 5: id must be 1 to 30 characters of a-z, 0-9 and '-', starting with a letter or digit, was 'My Map'
      "SG\\nname:"                | map line 2, column 6: name must be 1 to 60 characters, was 0
      "SG\\nslip: 0\\nslip: 0.2"  | map line 3, column 1: 'slip' is set twice (first on line 2)
      "SG\\nspeed: 2"             | map line 2, column 1: unknown setting 'speed'; settings are id, name, description, step, goal, lava, cliff, slip, max-steps, a to z (letter rewards) and reward ROW,COL, each written 'key: value'
      "SG\\nA: 2"                 | map line 2, column 1: unknown setting 'A'; settings are id, name, description, step, goal, lava, cliff, slip, max-steps, a to z (letter rewards) and reward ROW,COL, each written 'key: value'
      "SG\\nreward (0,1): 2"      | map line 2, column 1: a cell's reward is written 'reward ROW,COL: VALUE' with ROW and COL counted from 0 at the top left, for example 'reward 2,3: -10'
      "SG\\nreward 1,0: 2"        | map line 2, column 1: reward 1,0 is outside the grid: rows are 0 to 0 and columns 0 to 1, counted from 0 at the top left
      "S#G\\n  reward 0,1: 2"     | map line 2, column 3: cell 0,1 is a wall: walls are never entered, so they have no reward
      "SG\\nreward 0,1: 2\\nreward 0, 1: 3" | map line 3, column 1: 'reward 0,1' is set twice (first on line 2)
      "SG\\nreward 0,1: x"        | map line 2, column 13: reward 0,1 must be a number from -1,000,000 to 1,000,000, was 'x'
      """)
  void badMapsAreRejectedWithLineAndColumn(String text, String message) {
    assertThatThrownBy(() -> GridMap.parse(text.replace("\\n", "\n")))
        .isInstanceOf(ParameterException.class).hasMessage(message)
        .extracting(e -> ((ParameterException) e).field()).isEqualTo("map");
  }

  @Test
  void gridsAreAtMost30By30() {
    String row = "S" + ".".repeat(28) + "G";
    assertThat(GridMap.parse((row + "\n") + (".".repeat(30) + "\n").repeat(29)).rows())
        .isEqualTo(30);
    assertThatThrownBy(() -> GridMap.parse("name: big\n" + row + "\n"
        + (".".repeat(30) + "\n").repeat(30)))
        .hasMessage("map line 32, column 1: the grid has 31 rows; at most 30 are allowed");
    assertThatThrownBy(() -> GridMap.parse(row + ".\n"))
        .hasMessage("map line 1, column 31: the row is 31 cells wide; at most 30 are allowed");
  }

  @Test
  void aWallThatCutsTheStartOffMakesTheGoalUnreachable() {
    GridMap open = GridMap.preset("open");
    assertThat(open.goalReachable()).isTrue();
    GridMap oneWall = open.withTile(0, 1, Tile.WALL);
    assertThat(oneWall.goalReachable()).isTrue(); // the way down is still open
    GridMap cut = oneWall.withTile(1, 0, Tile.WALL);
    assertThat(cut.goalReachable()).isFalse();
    boolean[] reachable = cut.reachableFromStart();
    assertThat(reachable).hasSize(25);
    for (int s = 0; s < 25; s++) {
      assertThat(reachable[s]).as("state %d", s).isEqualTo(s == 0);
    }
    // Removing either wall opens the way again.
    assertThat(cut.withTile(1, 0, Tile.FLOOR).goalReachable()).isTrue();
    // A wall across the middle cuts it off too; one gap is enough.
    GridMap row = open;
    for (int c = 0; c < 5; c++) {
      row = row.withTile(2, c, Tile.WALL);
    }
    assertThat(row.goalReachable()).isFalse();
    assertThat(row.withTile(2, 4, Tile.FLOOR).goalReachable()).isTrue();
    // Walls around the goal.
    assertThat(open.withTile(3, 4, Tile.WALL).withTile(4, 3, Tile.WALL).goalReachable()).isFalse();
  }

  @Test
  void reachabilityStopsAtGoalsLavaAndTheCliff() {
    for (String id : GridMap.presets()) {
      assertThat(GridMap.preset(id).goalReachable()).as(id).isTrue();
    }
    // The cliff sends the agent back: crossing it is no way to the goal.
    assertThat(GridMap.parse("S.\nCG\n").goalReachable()).isTrue();
    assertThat(GridMap.parse("S#\nCG\n").goalReachable()).isFalse();
    assertThat(GridMap.parse("SC\nCG\n").reachableFromStart()).containsExactly(true, true, true, false);
    // Lava ends the episode: no way through it.
    assertThat(GridMap.parse("SLG\n").goalReachable()).isFalse();
    // A map without a goal: whether some lava (its only end) can be reached.
    assertThat(GridMap.parse("S.L\n").goalReachable()).isTrue();
    assertThat(GridMap.parse("S#L\n").goalReachable()).isFalse();
    // The lava bridge: the goal behind the floor, lava below.
    assertThat(GridMap.parse(BRIDGE).goalReachable()).isTrue();
  }

  private static long count(GridMap map, Tile tile) {
    long n = 0;
    for (int r = 0; r < map.rows(); r++) {
      for (int c = 0; c < map.cols(); c++) {
        n += map.tile(r, c) == tile ? 1 : 0;
      }
    }
    return n;
  }
}
