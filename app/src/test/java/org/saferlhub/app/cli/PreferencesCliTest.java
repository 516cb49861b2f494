package org.saferlhub.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code saferlhub experiment preferences} (issue 14): DPO against RLHF (reward model, then PPO
 * with the anchor) on the same compared pairs.
 */
class PreferencesCliTest {

  private static JsonNode json(CliTest.Outcome outcome) throws Exception {
    assertThat(outcome.code()).as(outcome.err()).isZero();
    return new ObjectMapper().readTree(outcome.out());
  }

  /**
   * On a bandit whose exploit is common (π_ref = 0.2), a reward model fitted to many pairs tilts
   * the base model to the exact optimum of the real proxy; with few pairs it does not. Every
   * method saw the same pairs, so the count of pairs with the exploit is the same in all three.
   */
  @Test
  void withManyPairsRlhfsOptimumIsTheProxysOptimum(@TempDir Path dir) throws Exception {
    JsonNode m = json(CliTest.run("experiment", "preferences", "--env", "bandit", "--ref",
        "0.5,0.3,0.2", "--proxy", "0,0.5,1", "--true", "1,0.5,-1", "--pairs", "20000",
        "--beta", "0.5", "--seeds", "1", "--steps", "50", "--json", "--out", dir.toString()));
    JsonNode rows = m.get("rows");
    assertThat(rows).hasSize(3);
    JsonNode exact = m.get("exact");
    JsonNode optimum = rows.get(2);
    assertThat(optimum.get("method").asText()).isEqualTo("rlhf-optimum");
    assertThat(optimum.get("piExploit").asDouble())
        .isCloseTo(exact.get("piExploit").asDouble(), within(0.02));
    assertThat(optimum.get("trueReward").asDouble())
        .isCloseTo(exact.get("trueReward").asDouble(), within(0.05));
    for (JsonNode r : rows) {
      assertThat(r.get("exploitPairs").asInt()).isEqualTo(rows.get(0).get("exploitPairs")
          .asInt()).isGreaterThan(5_000);
    }
    List<String> csv = Files.readAllLines(dir.resolve("runs.csv"), StandardCharsets.UTF_8);
    assertThat(csv.get(0)).startsWith("# saferlhub experiment preferences --env bandit");
    assertThat(csv).hasSize(2 + 3);
    assertThat(Files.readAllLines(dir.resolve("summary.csv")).get(0))
        .isEqualTo(csv.get(0));
    byte[] png = Files.readAllBytes(dir.resolve("true-reward-vs-pairs.png"));
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  /**
   * On the burning building, 30 pairs from the base model never contain the exploit (π_ref =
   * 1e-4): the reward model gives it 0, and no method takes it up (DPO never moves its logit;
   * only the normaliser can shift its probability a little). Same seed, same numbers.
   */
  @Test
  void anExploitInNoPairIsNeverLearned() throws Exception {
    String[] args = {"experiment", "preferences", "--pairs", "30", "--seeds", "2", "--steps",
        "50", "--json"};
    JsonNode m = json(CliTest.run(args));
    for (JsonNode r : m.get("rows")) {
      assertThat(r.get("exploitPairs").asInt()).isZero();
      assertThat(r.get("piExploit").asDouble()).as(r.toString()).isLessThan(2e-4);
    }
    assertThat(m.get("rows").get(1).get("rewardModelExploit").asDouble()).isLessThan(
        m.get("proxyExploit").asDouble());
    assertThat(m.get("summary")).hasSize(3);
    assertThat(json(CliTest.run(args))).isEqualTo(m);
  }

  @Test
  void badInputNamesTheOptionAndExitsTwo() {
    for (String[] bad : List.of(new String[] {"--pairs", "1"}, new String[] {"--pairs", "30,30"},
        new String[] {"--beta", "0"}, new String[] {"--seeds", "0"},
        new String[] {"--env", "tiny-lm"}, new String[] {"--rm-lambda", "-1"})) {
      String[] args = new String[2 + bad.length];
      args[0] = "experiment";
      args[1] = "preferences";
      System.arraycopy(bad, 0, args, 2, bad.length);
      CliTest.Outcome o = CliTest.run(args);
      assertThat(o.code()).as(String.join(" ", bad)).isEqualTo(2);
      assertThat(o.err()).as(String.join(" ", bad)).isNotBlank();
    }
  }
}
