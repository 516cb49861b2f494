package org.saferlhub.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} and {@code solve} on grid worlds: presets, map files, errors, reproducibility. */
class GridCliTest {

  /** A corridor S . G whose goal pays 10, with lava below the floor cell. */
  static final String CORRIDOR = """
      name: Corridor
      step: -1
      goal: 10
      S.G
      #L#
      """;

  static CliTest.Outcome run(String... args) {
    return CliTest.run(args);
  }

  static JsonNode json(CliTest.Outcome outcome) throws Exception {
    assertThat(outcome.code()).as(outcome.err()).isZero();
    return CliTest.JSON.readTree(outcome.out());
  }

  @Test
  void trainJsonOnTheCliffHasEveryFieldAndRepeatsButForTime() throws Exception {
    String[] args = {"train", "--env", "gridworld:cliff", "--agent", "sarsa", "--episodes", "500",
        "--seed", "1", "--json"};
    JsonNode a = json(run(args));
    for (String field : List.of("env", "map", "agent", "alpha", "gamma", "epsilon",
        "epsilonSchedule", "epsilonFinal", "seed", "episodes", "stopReason", "elapsedSeconds",
        "episodesPerSecond", "meanReturn", "returns", "lengths", "greedy", "path", "q")) {
      assertThat(a.has(field)).as(field).isTrue();
    }
    assertThat(a.get("env").asText()).isEqualTo("gridworld:cliff");
    assertThat(a.get("agent").asText()).isEqualTo("sarsa");
    assertThat(a.get("alpha").asDouble()).isEqualTo(0.5); // GridWorld's default
    assertThat(a.get("returns")).hasSize(500);
    assertThat(a.get("lengths")).hasSize(500);
    assertThat(a.get("q")).hasSize(48);
    assertThat(a.get("greedy")).hasSize(4);
    assertThat(a.get("greedy").get(3).asText()).matches("[↑→↓←]CCCCCCCCCCG");
    assertThat(a.get("path").get(0).asInt()).isEqualTo(36);
    assertThat(a.get("path").get(a.get("path").size() - 1).asInt()).isEqualTo(47);
    assertThat(a.has("lambda")).isFalse();
    assertThat(a.has("rules")).isFalse();

    JsonNode b = json(run(args));
    for (JsonNode n : new JsonNode[] {a, b}) {
      ((ObjectNode) n).remove("elapsedSeconds");
      ((ObjectNode) n).remove("episodesPerSecond");
    }
    assertThat(b).isEqualTo(a);

    // The algorithm's own options appear when it uses them.
    JsonNode lambda = json(run("train", "--env", "gridworld:open", "--agent", "sarsa-lambda",
        "--lambda", "0.5", "--episodes", "20", "--json"));
    assertThat(lambda.get("lambda").asDouble()).isEqualTo(0.5);
    JsonNode dyna = json(run("train", "--env", "gridworld:maze", "--agent", "dyna-q",
        "--planning-steps", "3", "--episodes", "20", "--json"));
    assertThat(dyna.get("planningSteps").asInt()).isEqualTo(3);
    assertThat(dyna.has("lambda")).isFalse();
  }

  @Test
  void solvePrintsOptimalValuesPolicyAndSweeps() throws Exception {
    JsonNode maze = json(run("solve", "--env", "gridworld:maze", "--json"));
    assertThat(maze.get("values")).hasSize(10);
    assertThat(maze.get("values").get(0)).hasSize(10);
    assertThat(maze.get("values").get(0).get(0).asDouble()).isCloseTo(-30, within(1e-9));
    assertThat(maze.get("converged").asBoolean()).isTrue();
    assertThat(maze.get("sweeps").asInt()).isPositive();
    JsonNode policy = maze.get("policy");
    assertThat(policy).hasSize(10);
    assertThat(policy.get(9).asText()).endsWith("G");
    // Following the arrows from S reaches G in 30 moves.
    int row = 0;
    int col = 0;
    int moves = 0;
    while (policy.get(row).asText().charAt(col) != 'G' && moves < 100) {
      switch (policy.get(row).asText().charAt(col)) {
        case '↑' -> row--;
        case '→' -> col++;
        case '↓' -> row++;
        case '←' -> col--;
        default -> throw new AssertionError("walked into " + policy.get(row).asText().charAt(col));
      }
      moves++;
    }
    assertThat(moves).isEqualTo(30);

    JsonNode discounted = json(run("solve", "--env", "gridworld:open", "--gamma", "0.5", "--json"));
    assertThat(discounted.get("gamma").asDouble()).isEqualTo(0.5);
    // One step from the goal: −1 for entering it (the open map's goal reward is −1).
    assertThat(discounted.get("values").get(4).get(3).asDouble()).isCloseTo(-1, within(1e-9));
    assertThat(discounted.get("values").get(3).get(3).asDouble()).isCloseTo(-1.5, within(1e-9));

    CliTest.Outcome text = run("solve", "--env", "gridworld:cliff");
    assertThat(text.code()).isZero();
    assertThat(text.out()).contains("Cliff walking", "CCCCCCCCCCG");
  }

  @Test
  void aMapFileTrainsAndSolves(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("corridor.txt");
    Files.writeString(file, CORRIDOR);
    JsonNode solved = json(run("solve", "--env", "gridworld", "--map", file.toString(), "--json"));
    assertThat(solved.get("map").asText()).isEqualTo("custom");
    assertThat(solved.get("mapFile").asText()).isEqualTo(file.toString());
    // V*(.) = 10 (step into G); V*(S) = −1 + 10 = 9.
    assertThat(solved.get("values").get(0).toString()).isEqualTo("[9.0,10.0,0.0]");
    assertThat(solved.get("policy").toString()).isEqualTo("[\"→→G\",\"#L#\"]");

    String[] args = {"train", "--env", "gridworld", "--map", file.toString(), "--agent",
        "q-learning", "--episodes", "200", "--seed", "4", "--json"};
    JsonNode trained = json(run(args));
    assertThat(trained.get("env").asText()).isEqualTo("gridworld");
    assertThat(trained.get("greedy").toString()).isEqualTo("[\"→→G\",\"#L#\"]");
    assertThat(trained.get("path").toString()).isEqualTo("[0,1,2]");
    double best = Double.NEGATIVE_INFINITY;
    for (JsonNode r : trained.get("returns")) {
      best = Math.max(best, r.asDouble());
    }
    assertThat(best).isEqualTo(9); // the best possible return: one step, then the goal
    JsonNode again = json(run(args));
    ((ObjectNode) trained).remove(List.of("elapsedSeconds", "episodesPerSecond"));
    ((ObjectNode) again).remove(List.of("elapsedSeconds", "episodesPerSecond"));
    assertThat(again).isEqualTo(trained);
  }

  @Test
  void badMapsAndOptionsExitWithTwo(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.txt");
    Files.writeString(bad, "step: -1\nS.G\n.?.\n");
    for (String command : List.of("train", "solve")) {
      CliTest.Outcome outcome = run(command, "--env", "gridworld", "--map", bad.toString());
      assertThat(outcome.code()).as(command).isEqualTo(2);
      assertThat(outcome.err()).contains(bad + ": map line 3, column 2: unknown character '?'");
    }
    String[][] cases = {
        {"--env", "gridworld"}, // no map
        {"--env", "gridworld", "--map", dir.resolve("missing.txt").toString()},
        {"--env", "gridworld:volcano"},
        {"--env", "gridworld:open", "--map", bad.toString()},
        {"--env", "gridworld:open", "--rules", "sab"},
        {"--env", "gridworld:open", "--episodes", "100001"},
        {"--env", "gridworld:open", "--alpha", "0"},
        {"--env", "gridworld:open", "--lambda", "2"},
        {"--env", "gridworld:open", "--planning-steps", "1001"},
        {"--env", "gridworld:open", "--agent", "dqn"},
        {"--env", "gridworld:open", "--plot", dir.resolve("c.png").toString()},
        {"--env", "blackjack", "--map", bad.toString()},
    };
    String[] messages = {"env gridworld needs a map file", "map file not found",
        "env must be blackjack, gridworld:open, gridworld:maze, gridworld:cliff",
        "a map file goes with env gridworld", "--rules is for Blackjack",
        "episodes must be an integer from 1 to 100,000", "alpha must be more than 0 and at most 1",
        "lambda must be from 0 to 1", "--planning-steps must be an integer from 0 to 1,000",
        "--agent must be one of", "--plot draws Blackjack runs only", "--map goes with"};
    for (int i = 0; i < cases.length; i++) {
      String[] args = new String[cases[i].length + 1];
      args[0] = "train";
      System.arraycopy(cases[i], 0, args, 1, cases[i].length);
      CliTest.Outcome outcome = run(args);
      assertThat(outcome.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(outcome.err()).as(String.join(" ", args)).contains(messages[i]);
    }
    assertThat(run("solve", "--env", "gridworld:open", "--gamma", "1.5").err())
        .contains("gamma must be from 0 to 1");
    assertThat(run("solve", "--env", "blackjack", "--gamma", "0.9").code()).isEqualTo(2);
  }
}
