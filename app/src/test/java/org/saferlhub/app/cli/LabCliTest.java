package org.saferlhub.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code saferlhub train --env burning-building}: the policy lab's runs from the command line. */
class LabCliTest {

  private static JsonNode json(CliTest.Outcome outcome) throws Exception {
    assertThat(outcome.code()).as(outcome.err()).isZero();
    return new ObjectMapper().readTree(outcome.out());
  }

  /** The example: anchored NPG ends on the exact optimum at its β. */
  @Test
  void anchoredNpgEndsOnTheTiltAndUnanchoredNpgOnTheExploit(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("npg.csv");
    Path png = dir.resolve("npg.png");
    JsonNode m = json(CliTest.run("train", "--env", "burning-building", "--agent", "npg",
        "--steps", "200", "--lr", "0.5", "--beta", "0.1", "--kl", "reward", "--seed", "1",
        "--json", "--csv", csv.toString(), "--plot", png.toString()));
    byte[] image = Files.readAllBytes(png);
    assertThat(new String(image, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    // The logits' distance to the optimum shrinks by (1 − ηβ) = 0.95 per update: 3.5e-5 after 200.
    assertThat(m.get("final").get("piExploit").asDouble())
        .isCloseTo(m.get("exactOptimum").get("piExploit").asDouble(), within(1e-5));
    assertThat(m.get("history")).hasSize(201);
    JsonNode last = m.get("history").get(200);
    assertThat(last.get("piExploit").asDouble()).isLessThanOrEqualTo(
        last.get("exploitBound").asDouble());
    assertThat(last.has("k1")).as("exact NPG has no batch").isFalse();
    List<String> rows = Files.readAllLines(csv);
    assertThat(rows).hasSize(202);
    assertThat(rows.get(0)).startsWith("step,proxyReward,trueReward,kl,").endsWith(
        ",pi_door,pi_wait,pi_ladder,pi_explode");

    JsonNode free = json(CliTest.run("train", "--env", "burning-building", "--agent", "npg",
        "--steps", "200", "--json"));
    assertThat(free.get("final").get("piExploit").asDouble()).isGreaterThan(0.99);
    assertThat(free.has("exactOptimum")).isFalse();
  }

  @Test
  void ppoReinforceAndBestOfNReportTheirOwnMetrics() throws Exception {
    JsonNode ppo = json(CliTest.run("train", "--env", "burning-building", "--agent", "ppo",
        "--steps", "50", "--lr", "1", "--beta", "0.1", "--kl", "reward", "--seed", "3", "--json"));
    JsonNode step = ppo.get("history").get(50);
    assertThat(step.get("clipFraction").asDouble()).isBetween(0.0, 1.0);
    assertThat(step.has("k3")).isTrue();
    // Same seed, same run.
    JsonNode again = json(CliTest.run("train", "--env", "burning-building", "--agent", "ppo",
        "--steps", "50", "--lr", "1", "--beta", "0.1", "--kl", "reward", "--seed", "3", "--json"));
    assertThat(again.get("history")).isEqualTo(ppo.get("history"));
    JsonNode loo = json(CliTest.run("train", "--env", "bandit", "--ref", "0.5,0.3,0.2", "--proxy",
        "0,0.5,1", "--true", "1,0.5,-1", "--agent", "reinforce", "--baseline", "leave-one-out",
        "--steps", "20", "--json"));
    assertThat(loo.get("baseline").asText()).isEqualTo("leave-one-out");
    JsonNode bon = json(CliTest.run("train", "--env", "burning-building", "--agent", "best-of-n",
        "--n", "64", "--json"));
    // policy-lab.md, 6A: true reward peaks near n = 64 (0.888).
    assertThat(bon.get("trueReward").asDouble()).isCloseTo(0.888, within(0.001));
    assertThat(bon.get("kl").asDouble()).isLessThanOrEqualTo(bon.get("klBound").asDouble());
  }

  @Test
  void trpoStaysInItsTrustRegionAndGrpoReportsItsGroups() throws Exception {
    JsonNode trpo = json(CliTest.run("train", "--env", "burning-building", "--agent", "trpo",
        "--steps", "100", "--delta", "0.02", "--json"));
    for (JsonNode step : trpo.get("history")) {
      assertThat(step.get("klOldNew").asDouble()).isLessThanOrEqualTo(0.02 + 1e-12);
    }
    JsonNode grpo = json(CliTest.run("train", "--env", "burning-building", "--agent", "grpo",
        "--steps", "30", "--batch", "8", "--beta", "0.04", "--kl", "loss", "--json"));
    assertThat(grpo.get("group").asInt()).isEqualTo(8);
    assertThat(grpo.has("exactOptimum")).as("k3 in the loss has another fixed point").isFalse();
    CliTest.Outcome wrong = CliTest.run("train", "--env", "burning-building", "--agent", "grpo",
        "--beta", "0.04", "--kl", "reward");
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.err()).contains("--kl", "loss");
  }

  @Test
  void dpoLearnsFromComparisonsAndReportsItsImplicitReward() throws Exception {
    JsonNode dpo = json(CliTest.run("train", "--env", "burning-building", "--agent", "dpo",
        "--beta", "0.1", "--batch", "500", "--steps", "200", "--lr", "1", "--seed", "2",
        "--json"));
    assertThat(dpo.get("pairs").asInt()).isEqualTo(500);
    assertThat(dpo.get("implicitReward")).hasSize(4);
    assertThat(dpo.has("exactOptimum")).isTrue();
    CliTest.Outcome noBeta = CliTest.run("train", "--env", "burning-building", "--agent", "dpo");
    assertThat(noBeta.code()).isEqualTo(2);
    assertThat(noBeta.err()).contains("--beta");
  }

  @Test
  void badLabInputExitsTwoNamingTheOption() {
    CliTest.Outcome agent = CliTest.run("train", "--env", "burning-building");
    assertThat(agent.code()).isEqualTo(2);
    assertThat(agent.err()).contains("--agent", "npg");
    CliTest.Outcome kl = CliTest.run("train", "--env", "burning-building", "--agent", "ppo",
        "--beta", "0.1");
    assertThat(kl.code()).isEqualTo(2);
    assertThat(kl.err()).contains("--kl");
    CliTest.Outcome loss = CliTest.run("train", "--env", "burning-building", "--agent", "ppo",
        "--beta", "0.1", "--kl", "loss");
    assertThat(loss.code()).isEqualTo(2);
    assertThat(loss.err()).contains("--kl", "GRPO");
    CliTest.Outcome lr = CliTest.run("train", "--env", "burning-building", "--agent", "npg",
        "--lr", "0");
    assertThat(lr.code()).isEqualTo(2);
    assertThat(lr.err()).contains("--lr");
    CliTest.Outcome notLab = CliTest.run("train", "--env", "blackjack", "--steps", "3");
    assertThat(notLab.code()).isEqualTo(2);
    assertThat(notLab.err()).contains("--steps", "policy lab");
  }

  /**
   * The tiny language model from the command line: anchored NPG ends on soft value iteration's
   * optimum; actor-critic runs with its GAE λ; an agent it does not run is named.
   */
  @Test
  void theTinyLanguageModelTrainsWithNpgAndActorCritic(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("lm.csv");
    JsonNode npg = json(CliTest.run("train", "--env", "tiny-lm", "--agent", "npg", "--steps",
        "200", "--lr", "0.5", "--beta", "0.2", "--kl", "reward", "--json", "--csv",
        csv.toString()));
    // ηβ = 0.1: the logits' distance to the optimum shrinks by 0.9 per update.
    assertThat(npg.get("final").get("piExploit").asDouble()).isCloseTo(
        npg.get("exactOptimum").get("piExploit").asDouble(), within(1e-8));
    assertThat(npg.get("final").get("likeliest")).hasSize(10);
    assertThat(npg.get("history").get(0).has("pi")).as("no 341-text law per update").isFalse();
    assertThat(Files.readAllLines(csv)).hasSize(202);
    JsonNode ac = json(CliTest.run("train", "--env", "tiny-lm", "--agent", "actor-critic",
        "--steps", "100", "--lr", "2", "--batch", "32", "--lambda", "0.5", "--critic-lr", "0.2",
        "--seed", "4", "--json"));
    assertThat(ac.get("lambda").asDouble()).isEqualTo(0.5);
    assertThat(ac.get("criticLr").asDouble()).isEqualTo(0.2);
    // No anchor: the proxy climbs from the reference's.
    assertThat(ac.get("final").get("proxyReward").asDouble())
        .isGreaterThan(ac.get("history").get(0).get("proxyReward").asDouble() + 0.2);
    CliTest.Outcome ppo = CliTest.run("train", "--env", "tiny-lm", "--agent", "ppo-kl");
    assertThat(ppo.code()).isEqualTo(2);
    assertThat(ppo.err()).contains("npg, trpo, reinforce, actor-critic, ppo, grpo, dpo, best-of-n");
    // Anchored TRPO settles next to the optimum; best-of-n stays within its KL bound.
    JsonNode trpo = json(CliTest.run("train", "--env", "tiny-lm", "--agent", "trpo", "--steps",
        "40", "--delta", "0.05", "--beta", "0.2", "--kl", "reward", "--json"));
    assertThat(trpo.get("final").get("piExploit").asDouble()).isCloseTo(
        trpo.get("exactOptimum").get("piExploit").asDouble(), within(1e-4));
    JsonNode best = json(CliTest.run("train", "--env", "tiny-lm", "--agent", "best-of-n", "--n",
        "64", "--json"));
    assertThat(best.get("kl").asDouble()).isLessThanOrEqualTo(best.get("klBound").asDouble())
        .isGreaterThan(1);
    assertThat(best.get("likeliest")).hasSize(10);
  }

  /** PPO's two ways of moving β: Ziegler's controller on the anchor, and the adaptive penalty. */
  @Test
  void ppoSteersItsBetaWithAKlTarget() throws Exception {
    JsonNode steered = json(CliTest.run("train", "--env", "burning-building", "--agent", "ppo",
        "--steps", "300", "--lr", "1", "--beta", "0.1", "--kl", "reward", "--kl-target", "0.3",
        "--json"));
    JsonNode history = steered.get("history");
    assertThat(history.get(300).get("beta").asDouble()).isNotEqualTo(0.1);
    double mean = 0;
    for (int t = 201; t <= 300; t++) {
      mean += history.get(t).get("kl").asDouble() / 100;
    }
    assertThat(mean).isCloseTo(0.3, within(0.03));
    assertThat(steered.has("exactOptimum")).as("β moved: no single optimum").isFalse();
    JsonNode penalty = json(CliTest.run("train", "--env", "burning-building", "--agent",
        "ppo-kl", "--steps", "50", "--kl-target", "0.02", "--kl-penalty", "2", "--json"));
    assertThat(penalty.get("history").get(1).has("penalty")).isTrue();
    CliTest.Outcome bad = CliTest.run("train", "--env", "burning-building", "--agent", "ppo",
        "--kl-target", "0.3");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("klTarget");
  }

  /** The gridworld shortcut: anchored NPG ends on its exact optimum; the CSV's rows fit its header. */
  @Test
  void theGridShortcutTrainsWithNpg(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("grid.csv");
    JsonNode m = json(CliTest.run("train", "--env", "grid-shortcut", "--agent", "npg", "--steps",
        "200", "--lr", "1", "--beta", "0.5", "--kl", "reward", "--json", "--csv",
        csv.toString()));
    assertThat(m.get("final").get("piExploit").asDouble()).isCloseTo(
        m.get("exactOptimum").get("piExploit").asDouble(), within(1e-9));
    assertThat(m.get("final").get("occupancyChiSquared").asDouble()).isGreaterThan(300);
    List<String> rows = Files.readAllLines(csv);
    assertThat(rows).hasSize(202);
    assertThat(rows.get(1).split(",", -1)).hasSameSizeAs(rows.get(0).split(","));
    CliTest.Outcome ppo = CliTest.run("train", "--env", "grid-shortcut", "--agent", "ppo");
    assertThat(ppo.code()).isEqualTo(2);
    assertThat(ppo.err()).contains("npg");
  }
}
