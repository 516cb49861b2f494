package org.saferlhub.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code saferlhub inspect --cheese-vector} on a network {@code train --out} saved. */
class InspectCliTest {

  @Test
  void theCheeseVectorOfASavedNetwork(@TempDir Path dir) throws Exception {
    Path net = dir.resolve("net.json");
    CliTest.Outcome trained = CliTest.run("train", "--env", "cheese-corner", "--p", "0.1",
        "--steps", "4096", "--seed", "0", "--test-levels", "100", "--quiet", "--out",
        net.toString());
    assertThat(trained.code()).as(trained.err()).isZero();
    CliTest.Outcome o = CliTest.run("inspect", "--model", net.toString(), "--cheese-vector",
        "--mazes", "5", "--json");
    assertThat(o.code()).as(o.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(o.out());
    assertThat(m.get("meanPCheese").has("none")).isTrue();
    assertThat(m.get("meanPCheese").has("subtractCheeseVector")).isTrue();
    assertThat(m.get("meanPCheese").has("subtractRandomVector")).isTrue();
    assertThat(m.get("meanPCheese").has("addCheeseVector")).isTrue();
    assertThat(m.get("shareFell").get("cheeseVector").asDouble()).isBetween(0.0, 1.0);
    assertThat(m.get("mazes").asInt()).isEqualTo(5);

    JsonNode probe = new ObjectMapper().readTree(CliTest.run("inspect", "--model",
        net.toString(), "--probe", "cheese-row", "--mazes", "20", "--json").out());
    assertThat(probe.get("r2").isNumber() && probe.get("randomNetworkR2").isNumber()
        && probe.get("inputR2").isNumber()).isTrue();
    JsonNode ablation = new ObjectMapper().readTree(CliTest.run("inspect", "--model",
        net.toString(), "--ablate", "--top", "2", "--mazes", "5", "--json").out());
    assertThat(ablation.get("effects")).hasSize(32);
    assertThat(ablation.get("top")).hasSize(2);

    JsonNode saliency = new ObjectMapper().readTree(CliTest.run("inspect", "--model",
        net.toString(), "--saliency", "--maze", "2", "--json").out());
    assertThat(saliency.get("gradient")).hasSize(81);
    assertThat(saliency.get("occlusion")).hasSize(81);
    assertThat(saliency.get("cheeseOcclusion").isNumber()).isTrue();

    Path keys = dir.resolve("keys.json");
    assertThat(CliTest.run("train", "--env", "keys-and-chests", "--steps", "2048", "--quiet",
        "--test-levels", "10", "--out", keys.toString()).code()).isZero();
    Files.writeString(dir.resolve("junk.json"), "not json");
    for (String[] args : new String[][] {
        {"inspect", "--model", keys.toString(), "--cheese-vector"},
        {"inspect", "--model", dir.resolve("junk.json").toString(), "--cheese-vector"},
        {"inspect", "--model", dir.resolve("none.json").toString(), "--cheese-vector"},
        {"inspect", "--model", net.toString()},
        {"inspect", "--model", net.toString(), "--cheese-vector", "--layer", "7"},
        {"inspect", "--model", net.toString(), "--cheese-vector", "--ablate"},
        {"inspect", "--model", net.toString(), "--probe", "cheese-size"},
        {"inspect", "--model", net.toString(), "--ablate", "--layer", "0"},
        {"inspect", "--model", net.toString(), "--saliency", "--maze", "1000"}}) {
      CliTest.Outcome bad = CliTest.run(args);
      assertThat(bad.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(bad.err()).isNotBlank();
    }
  }

  @Test
  void withTrainingSettingsItPrintsThePagesAnswer() throws Exception {
    CliTest.Outcome o = CliTest.run("inspect", "--p", "0.1", "--steps", "8192", "--field",
        "--maze", "2", "--intervention", "subtract-cheese-vector", "--json");
    assertThat(o.code()).as(o.err()).isZero();
    java.util.Map<String, Object> body = new java.util.HashMap<>();
    body.put("tool", "field");
    body.put("p", 0.1);
    body.put("steps", 8192);
    body.put("maze", 2);
    body.put("intervention", "subtract-cheese-vector");
    ObjectMapper json = new ObjectMapper();
    JsonNode page = json.readTree(json.writeValueAsString(
        org.saferlhub.app.inspect.InspectApi.answer(body)));
    JsonNode cli = json.readTree(o.out());
    ((com.fasterxml.jackson.databind.node.ObjectNode) page.get("model")).remove("trainSeconds");
    ((com.fasterxml.jackson.databind.node.ObjectNode) cli.get("model")).remove("trainSeconds");
    assertThat(cli).isEqualTo(page);
    assertThat(cli.get("command").asText()).isEqualTo("saferlhub inspect --view egocentric --p 0.1"
        + " --steps 8192 --train-seed 0 --field --maze 2 --coefficient 1 --intervention"
        + " subtract-cheese-vector --layer 1 --json");
    for (String[] args : new String[][] {
        {"inspect", "--p", "0.1", "--steps", "8192"},
        {"inspect", "--p", "2", "--field"},
        {"inspect", "--steps", "300001", "--field"},
        {"inspect", "--p", "0.1", "--steps", "8192", "--field", "--intervention", "zap"},
        {"inspect", "--p", "0.1", "--steps", "8192", "--steer", "--alpha", "99"},
        {"inspect", "--model", "net.json", "--p", "0.1", "--cheese-vector"},
        {"inspect", "--model", "net.json", "--checkpoints"}}) {
      CliTest.Outcome bad = CliTest.run(args);
      assertThat(bad.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(bad.err()).as(String.join(" ", args)).isNotBlank();
    }
  }
}
