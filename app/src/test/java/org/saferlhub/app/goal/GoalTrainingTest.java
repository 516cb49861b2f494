package org.saferlhub.app.goal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saferlhub.agent.neural.PolicyNet;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.View;

/**
 * Goal misgeneralization's app layer: the report's keys, replays that are the test split's first
 * episodes, the saved network read back bit for bit, and the cached diversity curve, one row of
 * which is recomputed here.
 */
class GoalTrainingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static GoalTraining.Settings small(String env, String agent, double p) {
    return new GoalTraining.Settings(env, agent, p, View.EGOCENTRIC, 4096, 3, 100);
  }

  @Test
  void theReportNamesEveryOutcomeAndItsCommand() {
    GoalTraining.Outcome o = GoalTraining.run(small("cheese-corner", "ppo", 0), u -> true);
    Map<String, Object> m = GoalTraining.summary(o);
    assertThat(m).containsKeys("trainSuccess", "testCheese", "testCornerFirst", "testNeither");
    assertThat((double) m.get("testCheese") + (double) m.get("testCornerFirst")
        + (double) m.get("testNeither")).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(m.get("command")).isEqualTo("saferlhub train --env cheese-corner --agent ppo "
        + "--p 0 --view egocentric --steps 4096 --seed 3 --test-levels 100 --json");
    assertThat(GoalTraining.curve(o)).hasSize(4);
  }

  @Test
  void keysAndChestsReportSurplusKeysAndCoinAtEndTheFilter() {
    Map<String, Object> keys = GoalTraining.summary(GoalTraining.run(
        small("keys-and-chests", "a2c", 0), u -> true));
    assertThat(keys).containsKeys("testMeanSurplusKeys", "trainMeanSurplusKeys",
        "testAllOpened");
    Map<String, Object> coin = GoalTraining.summary(GoalTraining.run(
        small("coin-at-end", "a2c", 0), u -> true));
    assertThat(coin).containsKeys("testCoin", "testEndFirst", "testLevelsOffPath",
        "testCoinOffPath");
  }

  /** The replays are the first test episodes: their outcomes tally with the split's first ones. */
  @Test
  void replaysAreTheTestSplitsFirstEpisodes() {
    GoalTraining.Outcome o = GoalTraining.run(small("cheese-corner", "ppo", 0.5), u -> true);
    List<Map<String, Object>> episodes = GoalTraining.cheeseEpisodes(o, 10);
    for (int i = 0; i < 10; i++) {
      Map<String, Object> e = episodes.get(i);
      assertThat(e.get("outcome")).isEqualTo(o.test().outcomes().get(o.test().outcomeOf()[i]));
      @SuppressWarnings("unchecked")
      List<Integer> path = (List<Integer>) e.get("path");
      assertThat(path.get(0)).isEqualTo(e.get("start"));
      assertThat(((String) e.get("walls")).charAt(path.get(path.size() - 1))).isEqualTo('.');
    }
  }

  @Test
  void theSavedNetworkReadsBackBitForBit(@TempDir Path dir) throws Exception {
    GoalTraining.Outcome o = GoalTraining.run(small("cheese-corner", "ppo", 0), u -> true);
    Path file = dir.resolve("net.json");
    PolicyFile.write(file, o);
    PolicyFile.Loaded loaded = PolicyFile.read(file);
    PolicyNet original = o.policy();
    assertThat(loaded.env()).isEqualTo("cheese-corner");
    assertThat(loaded.view()).isEqualTo(View.EGOCENTRIC);
    assertThat(java.util.Arrays.deepEquals(loaded.policy().net().parameters(),
        original.net().parameters())).isTrue();
    JsonNode root = JSON.readTree(file.toFile());
    assertThat(root.get("format").asText()).isEqualTo(PolicyFile.FORMAT);
    assertThat(root.get("sizes").toString()).isEqualTo("[338,32,32,5]");
    Files.writeString(dir.resolve("bad.json"), "{\"format\":\"other\"}");
    assertThatThrownBy(() -> PolicyFile.read(dir.resolve("bad.json")))
        .isInstanceOf(ParameterException.class).hasMessageContaining("saferlhub-policy-net/1");
  }

  @Test
  void settingsOutOfRangeNameTheirField() {
    assertThatThrownBy(() -> small("cheese-corner", "ppo", -0.1))
        .isInstanceOf(ParameterException.class).hasMessageContaining("p must be in [0, 1]");
    assertThatThrownBy(() -> small("coin-at-end", "table", 0))
        .hasMessageContaining("cheese-corner only");
    assertThatThrownBy(() -> small("blackjack", "ppo", 0)).hasMessageContaining("env must be");
    assertThatThrownBy(() -> Diversity.plan("cheese-corner", "ppo", List.of(0.0), List.of(1000L),
        21, View.EGOCENTRIC, 100)).hasMessageContaining("seeds must be from 1 to 20");
  }

  /**
   * The lesson's curve ships as a file; the engine recomputes one of its rows (p = 0.25, 100,000
   * steps, seed 0) and gets the same numbers bit for bit, so the file is the engine's output.
   */
  @Test
  void theCachedDiversityCurveIsTheEnginesOutput() throws Exception {
    JsonNode cached = JSON.readTree(getClass().getResourceAsStream(
        "/public/data/diversity-cheese-corner.json"));
    assertThat(cached.get("command").asText()).isEqualTo(Diversity.command("cheese-corner",
        "ppo", Diversity.DEFAULT_P, List.of(100_000L, 300_000L), 2, View.EGOCENTRIC));
    assertThat(cached.get("rows")).hasSize(24);
    JsonNode row = null;
    for (JsonNode r : cached.get("rows")) {
      if (r.get("p").asDouble() == 0.25 && r.get("steps").asLong() == 100_000
          && r.get("seed").asLong() == 0) {
        row = r;
      }
    }
    assertThat(row).isNotNull();
    Map<String, Object> again = Diversity.row(GoalTraining.run(new GoalTraining.Settings(
        "cheese-corner", "ppo", 0.25, View.EGOCENTRIC, 100_000, 0, 500), u -> true));
    assertThat(JSON.readTree(JSON.writeValueAsString(again))).isEqualTo(row);
  }
}
