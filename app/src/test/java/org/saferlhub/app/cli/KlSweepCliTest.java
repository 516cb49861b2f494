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

/** {@code saferlhub experiment kl-sweep} (issue 14): every agent at every β over seeds. */
class KlSweepCliTest {

  private static JsonNode json(CliTest.Outcome outcome) throws Exception {
    assertThat(outcome.code()).as(outcome.err()).isZero();
    return new ObjectMapper().readTree(outcome.out());
  }

  /**
   * Anchored NPG's final policy is the exact tilt at each β (ηβ ≥ 0.05 and 400 updates shrink the
   * logits' distance to it below 1e-8); the files name the command that made them; two threads or
   * one give the same rows.
   */
  @Test
  void anchoredNpgEndsOnTheTiltAtEveryBetaAndTheFilesNameTheirCommand(@TempDir Path dir)
      throws Exception {
    JsonNode m = json(CliTest.run("experiment", "kl-sweep", "--agents", "npg,ppo", "--betas",
        "0.5,0.2,0.1", "--seeds", "2", "--steps", "400", "--threads", "2", "--json", "--out",
        dir.toString()));
    JsonNode rows = m.get("rows");
    assertThat(rows).hasSize(2 * 3 * 2);
    JsonNode exact = m.get("exact");
    assertThat(exact).hasSize(3);
    for (JsonNode r : rows) {
      if (r.get("agent").asText().equals("npg")) {
        int b = List.of(0.5, 0.2, 0.1).indexOf(r.get("beta").asDouble());
        assertThat(r.get("piExploit").asDouble()).as("β %s", r.get("beta"))
            .isCloseTo(exact.get(b).get("piExploit").asDouble(), within(1e-8));
        assertThat(r.get("trueReward").asDouble())
            .isCloseTo(exact.get(b).get("trueReward").asDouble(), within(1e-8));
      }
    }
    List<String> csv = Files.readAllLines(dir.resolve("runs.csv"), StandardCharsets.UTF_8);
    assertThat(csv.get(0)).startsWith("# saferlhub experiment kl-sweep --agents npg,ppo");
    assertThat(csv.get(1)).isEqualTo("agent,beta,seed,proxy_reward,true_reward,kl,pi_exploit");
    assertThat(csv).hasSize(2 + 12);
    assertThat(Files.readAllLines(dir.resolve("exact.csv"))).hasSize(2 + 3);
    // Both of Gao et al.'s forms fitted per agent, with their R² (reported, not asserted high).
    assertThat(m.get("fits")).hasSize(4);
    assertThat(m.get("fits").get(0).get("rSquared").isNumber()).isTrue();
    assertThat(Files.readAllLines(dir.resolve("fits.csv"))).hasSize(2 + 4);
    for (String plot : List.of("reward-vs-sqrt-kl.png", "exploit-vs-beta.png")) {
      byte[] png = Files.readAllBytes(dir.resolve(plot));
      assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).as(plot).isEqualTo("PNG");
    }
    JsonNode alone = json(CliTest.run("experiment", "kl-sweep", "--agents", "npg,ppo", "--betas",
        "0.5,0.2,0.1", "--seeds", "2", "--steps", "400", "--threads", "1", "--json"));
    assertThat(alone.get("rows")).isEqualTo(rows);
  }

  @Test
  void theTinyModelSweepsAndBadOptionsAreNamed() throws Exception {
    JsonNode m = json(CliTest.run("experiment", "kl-sweep", "--env", "tiny-lm", "--agents",
        "npg", "--betas", "0.5", "--seeds", "1", "--steps", "100", "--json"));
    assertThat(m.get("rows").get(0).get("piExploit").asDouble())
        .isCloseTo(m.get("exact").get(0).get("piExploit").asDouble(), within(1e-8));
    for (String[] bad : new String[][] {
        {"--agents", "best-of-n"}, {"--agents", "npg,npg"}, {"--seeds", "0"},
        {"--betas", "0"}, {"--steps", "2001"}, {"--threads", "0"}}) {
      CliTest.Outcome o = CliTest.run("experiment", "kl-sweep", bad[0], bad[1]);
      assertThat(o.code()).as(String.join(" ", bad)).isEqualTo(2);
      assertThat(o.err()).as(String.join(" ", bad)).contains(bad[0].substring(2));
    }
  }
}
