package org.saferlhub.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code saferlhub train --env cheese-corner} and {@code saferlhub experiment diversity}
 * (issue 15): their JSON, files and errors.
 */
class GoalCliTest {

  private static JsonNode json(CliTest.Outcome outcome) throws Exception {
    assertThat(outcome.code()).as(outcome.err()).isZero();
    return new ObjectMapper().readTree(outcome.out());
  }

  @Test
  void trainPrintsTheSplitAndSavesTheNetwork(@TempDir Path dir) throws Exception {
    Path net = dir.resolve("net.json");
    JsonNode m = json(CliTest.run("train", "--env", "cheese-corner", "--agent", "ppo", "--p",
        "0", "--steps", "4096", "--seed", "0", "--test-levels", "100", "--json", "--out",
        net.toString()));
    assertThat(m.get("trainSuccess").asDouble()).isBetween(0.0, 1.0);
    assertThat(m.has("testCheese") && m.has("testCornerFirst") && m.has("testNeither")).isTrue();
    assertThat(m.get("testLevels").asInt()).isEqualTo(100);
    assertThat(m.get("curve")).hasSize(4);
    assertThat(new ObjectMapper().readTree(net.toFile()).get("format").asText())
        .isEqualTo("saferlhub-policy-net/1");
    CliTest.Outcome human = CliTest.run("train", "--env", "cheese-corner", "--agent", "table",
        "--steps", "5000", "--test-levels", "100");
    assertThat(human.code()).as(human.err()).isZero();
    assertThat(human.out()).contains("test levels (100): cheese");
  }

  @Test
  void badOptionsExitTwoNamingTheOption() {
    for (List<String> args : List.of(
        List.of("train", "--env", "cheese-corner", "--p", "2"),
        List.of("train", "--env", "cheese-corner", "--view", "sideways"),
        List.of("train", "--env", "cheese-corner", "--agent", "dqn"),
        List.of("train", "--env", "cheese-corner", "--steps", "0"),
        List.of("train", "--env", "blackjack", "--p", "0.1"),
        List.of("experiment", "diversity", "--p", "0,3"),
        List.of("experiment", "diversity", "--seeds", "0"),
        List.of("experiment", "diversity", "--threads", "0"))) {
      CliTest.Outcome o = CliTest.run(args.toArray(String[]::new));
      assertThat(o.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(o.err()).as(String.join(" ", args)).isNotBlank();
    }
  }

  /** Rows come back in plan order and equal whatever the number of threads. */
  @Test
  void diversityPrintsRowsWritesCsvAndPlot(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("d.csv");
    Path png = dir.resolve("d.png");
    String[] args = {"experiment", "diversity", "--env", "cheese-corner", "--p", "0,1",
        "--steps", "2048", "--seeds", "2", "--test-levels", "100", "--json", "--csv",
        csv.toString(), "--plot", png.toString(), "--threads", "2"};
    JsonNode m = json(CliTest.run(args));
    JsonNode rows = m.get("rows");
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0).get("p").asDouble()).isZero();
    assertThat(rows.get(1).get("seed").asInt()).isEqualTo(1);
    assertThat(rows.get(3).get("p").asDouble()).isEqualTo(1.0);
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    assertThat(lines.get(0)).startsWith("# saferlhub experiment diversity --env cheese-corner");
    assertThat(lines.get(1)).isEqualTo("p,seed,steps,trainSuccess,testCheese,testCornerFirst,"
        + "testNeither");
    assertThat(new String(Files.readAllBytes(png), 1, 3, StandardCharsets.US_ASCII))
        .isEqualTo("PNG");
    args[args.length - 1] = "1";
    assertThat(json(CliTest.run(args)).get("rows")).isEqualTo(rows);
  }
}
