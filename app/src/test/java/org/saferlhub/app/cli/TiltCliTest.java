package org.saferlhub.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code saferlhub experiment tilt}: the policy lab's exact optimum from the command line. */
class TiltCliTest {

  private static JsonNode json(CliTest.Outcome outcome) throws Exception {
    assertThat(outcome.code()).as(outcome.err()).isZero();
    return new ObjectMapper().readTree(outcome.out());
  }

  @Test
  void theBurningBuildingsTiltPath() throws Exception {
    JsonNode m = json(CliTest.run("experiment", "tilt", "--env", "burning-building", "--betas",
        "0.5,0.1,0.04", "--json"));
    assertThat(m.get("exploit").asText()).isEqualTo("explode");
    JsonNode rows = m.get("rows");
    assertThat(rows).hasSize(3);
    // policy-lab.md, section 6A: π(explode) 0.017 and KL 0.50 at β = 0.1; 0.94 and 8.46 at 0.04.
    assertThat(rows.get(1).get("piExploit").asDouble()).isCloseTo(0.0167, within(1e-4));
    assertThat(rows.get(1).get("kl").asDouble()).isCloseTo(0.496, within(1e-3));
    assertThat(rows.get(2).get("trueReward").asDouble()).isCloseTo(-0.882, within(1e-3));
    assertThat(rows.get(0).get("pi")).hasSize(4);
  }

  @Test
  void aUsersBanditAndItsErrors() throws Exception {
    JsonNode m = json(CliTest.run("experiment", "tilt", "--env", "bandit", "--ref", "0.9,0.1",
        "--proxy", "0,1", "--true", "1,-1", "--betas", "1", "--json"));
    // Two actions: π*(e) = σ(Δ/β + logit p) = σ(1 + ln(1/9)).
    assertThat(m.get("rows").get(0).get("piExploit").asDouble())
        .isCloseTo(1 / (1 + Math.exp(-(1 + Math.log(0.1 / 0.9)))), within(1e-12));
    CliTest.Outcome sum = CliTest.run("experiment", "tilt", "--env", "bandit", "--ref", "0.9,0.2",
        "--proxy", "0,1", "--true", "1,-1");
    assertThat(sum.code()).isEqualTo(2);
    assertThat(sum.err()).contains("--ref", "sum to 1");
    CliTest.Outcome missing = CliTest.run("experiment", "tilt", "--env", "bandit", "--ref",
        "0.5,0.5");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--proxy");
    CliTest.Outcome beta = CliTest.run("experiment", "tilt", "--betas", "0.1,0");
    assertThat(beta.code()).isEqualTo(2);
    assertThat(beta.err()).contains("--betas", "more than 0");
    CliTest.Outcome env = CliTest.run("experiment", "tilt", "--env", "moon");
    assertThat(env.code()).isEqualTo(2);
    assertThat(env.err()).contains("--env", "burning-building");
  }

  /** The tiny language model: a loose anchor shouts, a tight one does not; KL grows as β falls. */
  @Test
  void theTinyLanguageModelsExactOptimum() throws Exception {
    JsonNode m = json(CliTest.run("experiment", "tilt", "--env", "tiny-lm", "--betas",
        "5,0.5,0.05", "--json"));
    JsonNode rows = m.get("rows");
    assertThat(m.get("exploit").get(0).asText()).contains("!!!");
    assertThat(rows.get(0).get("piExploit").asDouble()).isLessThan(0.01);
    assertThat(rows.get(2).get("piExploit").asDouble()).isGreaterThan(0.9);
    assertThat(rows.get(2).get("trueReward").asDouble()).isLessThan(
        rows.get(0).get("trueReward").asDouble());
    assertThat(rows.get(0).get("kl").asDouble()).isLessThan(rows.get(1).get("kl").asDouble());
    assertThat(rows.get(1).get("kl").asDouble()).isLessThan(rows.get(2).get("kl").asDouble());
  }

  /** A bandit from a JSON file gives what the same lists on the command line give. */
  @Test
  void aBanditFromAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("b.json");
    java.nio.file.Files.writeString(file, "{\"ref\": [0.9, 0.1], \"proxy\": [0, 1], "
        + "\"true\": [1, -1]}");
    JsonNode fromFile = json(CliTest.run("experiment", "tilt", "--env", "bandit", "--bandit",
        file.toString(), "--betas", "0.5", "--json"));
    JsonNode fromLists = json(CliTest.run("experiment", "tilt", "--env", "bandit", "--ref",
        "0.9,0.1", "--proxy", "0,1", "--true", "1,-1", "--betas", "0.5", "--json"));
    assertThat(fromFile.get("rows")).isEqualTo(fromLists.get("rows"));
    java.nio.file.Files.writeString(file, "{\"ref\": [0.9, 0.1], \"proxy\": [0, 1], "
        + "\"truth\": [1, -1]}");
    CliTest.Outcome unknown = CliTest.run("experiment", "tilt", "--env", "bandit", "--bandit",
        file.toString());
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("--bandit", "truth");
    java.nio.file.Files.writeString(file, "{\"ref\": [0.9, \"x\"]");
    CliTest.Outcome broken = CliTest.run("experiment", "tilt", "--env", "bandit", "--bandit",
        file.toString());
    assertThat(broken.code()).isEqualTo(2);
    assertThat(broken.err()).contains("--bandit", "not JSON");
  }

  /**
   * The gridworld shortcut (issue 14): its optimum takes the shortcut past the predicted β ≈ 0.62
   * (policy-lab.md, section 6C), while the occupancy χ² jumps by hundreds and the trajectory KL by
   * a few nats.
   */
  @Test
  void theGridShortcutsOptimumTakesTheShortcutPastItsThreshold() throws Exception {
    JsonNode m = json(CliTest.run("experiment", "tilt", "--env", "grid-shortcut", "--betas",
        "1,0.5", "--json"));
    assertThat(m.get("exploit").asText()).isEqualTo("RRRR");
    assertThat(m.get("predictedBeta").asDouble()).isCloseTo(0.6198, within(1e-4));
    JsonNode rows = m.get("rows");
    assertThat(rows.get(0).get("piExploit").asDouble()).isLessThan(0.05);
    assertThat(rows.get(1).get("piExploit").asDouble()).isGreaterThan(0.9);
    assertThat(rows.get(1).get("occupancyChiSquared").asDouble()
        - rows.get(0).get("occupancyChiSquared").asDouble()).isGreaterThan(300);
    assertThat(rows.get(1).get("kl").asDouble()).isLessThan(10);
    CliTest.Outcome bad = CliTest.run("experiment", "tilt", "--env", "grid-shortcut",
        "--variant", "lava");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("variant");
  }

  /**
   * The sparse proxy's exploit is "!!!!" alone: at β = 0.2 the optimum writes it about three times
   * in a million, where the incremental proxy's favourites take 1.8 %.
   */
  @Test
  void theSparseProxyHasOneExploitThatTheOptimumBarelyWrites() throws Exception {
    JsonNode m = json(CliTest.run("experiment", "tilt", "--env", "tiny-lm", "--sparse", "--betas",
        "0.2", "--json"));
    assertThat(m.get("sparse").asBoolean()).isTrue();
    assertThat(m.get("exploit")).hasSize(1);
    assertThat(m.get("exploit").get(0).asText()).isEqualTo("!!!!");
    assertThat(m.get("rows").get(0).get("piExploit").asDouble()).isBetween(1e-6, 1e-5);
  }
}
