package org.saferlhub.app.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saferlhub.app.browser.BrowserApi;
import org.saferlhub.policy.Bandit;

/**
 * The policy lab's web API: the engine in the page (BrowserApi, as TeaVM runs it) answers what the
 * CLI's code computes, and the tiny language model's optimum comes with its likeliest texts.
 */
class LabApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode browser(String path, String body) throws Exception {
    JsonNode answer = JSON.readTree(new BrowserApi().answer("POST", path, body));
    return answer;
  }

  /** The CLI's answer as the page receives it: written as JSON text, read back. */
  private static JsonNode tree(Object answer) throws Exception {
    return JSON.readTree(JSON.writeValueAsString(answer));
  }

  @Test
  void theEngineInThePageAnswersWhatTheCliComputes() throws Exception {
    JsonNode page = browser("/api/lab/runs", "{\"agent\":\"ppo\",\"steps\":50,\"lr\":1,"
        + "\"batch\":64,\"beta\":0.1,\"kl\":\"reward\",\"seed\":3}");
    assertThat(page.get("status").asInt()).isEqualTo(200);
    JsonNode cli = JSON.valueToTree(LabRuns.run(Bandit.burningBuilding(), new LabRuns.Settings(
        "ppo", 50, 1, 0.1, "reward", 64, 4, 0.2, "mean", false, 64, 0.01, 3)));
    JsonNode body = page.get("body");
    assertThat(body.get("history")).hasSize(51);
    for (int t = 0; t <= 50; t++) {
      JsonNode a = body.get("history").get(t);
      JsonNode b = cli.get("history").get(t);
      for (String key : List.of("piExploit", "trueReward", "kl", "entropy")) {
        assertThat(a.get(key).asDouble()).as("%s at %d", key, t).isEqualTo(b.get(key).asDouble());
      }
    }
  }

  @Test
  void errorsNameTheFieldInThePageToo() throws Exception {
    JsonNode bad = browser("/api/lab/runs", "{\"agent\":\"grpo\",\"kl\":\"reward\",\"beta\":0.1}");
    assertThat(bad.get("status").asInt()).isEqualTo(400);
    assertThat(bad.get("body").get("field").asText()).isEqualTo("kl");
    JsonNode tiny = browser("/api/lab/runs", "{\"env\":\"tiny-lm\",\"agent\":\"ppo-kl\"}");
    assertThat(tiny.get("status").asInt()).isEqualTo(400);
    assertThat(tiny.get("body").get("field").asText()).isEqualTo("agent");
    JsonNode big = browser("/api/lab/runs", "{\"env\":\"tiny-lm\",\"agent\":\"reinforce\","
        + "\"steps\":2000,\"batch\":512}");
    assertThat(big.get("body").get("field").asText()).isEqualTo("steps");
    JsonNode lists = browser("/api/lab/runs", "{\"env\":\"tiny-lm\",\"ref\":[0.5,0.5]}");
    assertThat(lists.get("body").get("field").asText()).isEqualTo("ref");
    JsonNode target = browser("/api/lab/runs", "{\"agent\":\"ppo\",\"klTarget\":-1}");
    assertThat(target.get("body").get("field").asText()).isEqualTo("klTarget");
  }

  /** The web sweep: small budgets, the exact path to draw against, errors naming the field. */
  @Test
  void theSweepRunsInThePageWithinItsCaps() throws Exception {
    JsonNode page = browser("/api/lab/sweep", "{\"agents\":[\"npg\",\"ppo\"],\"betas\":[0.5,0.1],"
        + "\"seeds\":2,\"steps\":50}");
    assertThat(page.get("status").asInt()).isEqualTo(200);
    JsonNode body = page.get("body");
    assertThat(body.get("rows")).hasSize(2 * 2 * 2);
    assertThat(body.get("path")).hasSize(41);
    assertThat(body.get("exact")).hasSize(2);
    assertThat(body.get("fits").isArray()).isTrue();
    JsonNode tooMany = browser("/api/lab/sweep", "{\"agents\":[\"npg\",\"trpo\",\"ppo\","
        + "\"grpo\",\"dpo\",\"reinforce\"]}");
    assertThat(tooMany.get("body").get("field").asText()).isEqualTo("agents");
    JsonNode tiny = browser("/api/lab/sweep", "{\"env\":\"tiny-lm\",\"seeds\":2}");
    assertThat(tiny.get("status").asInt()).isEqualTo(400);
    assertThat(tiny.get("body").get("field").asText()).isEqualTo("seeds");
    JsonNode steps = browser("/api/lab/sweep", "{\"steps\":201}");
    assertThat(steps.get("body").get("field").asText()).isEqualTo("steps");
  }

  /**
   * The four experiments in the page answer what the CLI's code computes (the same functions,
   * the same seeds), within their caps; fields that belong to another experiment are named.
   */
  @Test
  void theExperimentsRunInThePageAsTheCliRunsThem() throws Exception {
    JsonNode trust = browser("/api/lab/experiments", "{\"experiment\":\"trust-region\","
        + "\"steps\":100}");
    assertThat(trust.get("status").asInt()).isEqualTo(200);
    assertThat(trust.get("body")).isEqualTo(tree(PathExperiments.trustRegion(
        Bandit.burningBuilding(), 1, 100, 0.05, 0.002)));
    JsonNode bon = browser("/api/lab/experiments", "{\"experiment\":\"best-of-n\","
        + "\"env\":\"tiny-lm\",\"ns\":[1,64]}").get("body");
    assertThat(bon.get("rows")).hasSize(2);
    assertThat(bon.get("env").asText()).isEqualTo("tiny-lm");
    JsonNode warnings = browser("/api/lab/experiments", "{\"experiment\":\"warnings\","
        + "\"agent\":\"npg\",\"seeds\":2}").get("body");
    assertThat(warnings).isEqualTo(tree(Warnings.run(Bandit.burningBuilding(),
        1, "npg", 0, 1, 2, 200)));
    JsonNode grid = browser("/api/lab/experiments", "{\"experiment\":\"warnings\","
        + "\"env\":\"grid-shortcut\",\"variant\":\"teleport\"}").get("body");
    assertThat(grid.get("variant").asText()).isEqualTo("teleport");
    JsonNode prefs = browser("/api/lab/experiments", "{\"experiment\":\"preferences\","
        + "\"pairs\":[30,300],\"seeds\":1,\"steps\":50}").get("body");
    assertThat(prefs).isEqualTo(tree(Preferences.json(Bandit.burningBuilding(),
        List.of(30, 300), 0.1, 1, 1, 50, org.saferlhub.policy.RewardModel.DEFAULT_LAMBDA)));
    for (String[] bad : new String[][] {
        {"{}", "experiment"},
        {"{\"experiment\":\"sweep\"}", "experiment"},
        {"{\"experiment\":\"trust-region\",\"steps\":1001}", "steps"},
        {"{\"experiment\":\"trust-region\",\"env\":\"tiny-lm\",\"steps\":201}", "steps"},
        {"{\"experiment\":\"trust-region\",\"pairs\":[30]}", "pairs"},
        {"{\"experiment\":\"best-of-n\",\"ns\":[1.5]}", "ns"},
        {"{\"experiment\":\"best-of-n\",\"ns\":[0]}", "ns"},
        {"{\"experiment\":\"warnings\",\"seeds\":4}", "seeds"},
        {"{\"experiment\":\"warnings\",\"env\":\"grid-shortcut\",\"agent\":\"ppo\"}",
            "agent"},
        {"{\"experiment\":\"preferences\",\"pairs\":[10001]}", "pairs"},
        {"{\"experiment\":\"preferences\",\"env\":\"tiny-lm\"}", "env"},
        {"{\"experiment\":\"preferences\",\"beta\":0}", "beta"}}) {
      JsonNode answer = browser("/api/lab/experiments", bad[0]);
      assertThat(answer.get("status").asInt()).as(bad[0]).isEqualTo(400);
      assertThat(answer.get("body").get("field").asText()).as(bad[0]).isEqualTo(bad[1]);
    }
  }

  /** The sparse proxy in the page: one exploit, "!!!!", which sampled PPO never finds. */
  @Test
  void theSparseProxyRunsInThePage() throws Exception {
    JsonNode tilt = browser("/api/lab/tilt", "{\"env\":\"tiny-lm\",\"sparse\":true,"
        + "\"betas\":[0.2]}").get("body");
    assertThat(tilt.get("exploit")).hasSize(1);
    JsonNode ppo = browser("/api/lab/runs", "{\"env\":\"tiny-lm\",\"sparse\":true,"
        + "\"agent\":\"ppo\",\"steps\":100,\"lr\":1,\"batch\":64}").get("body");
    assertThat(ppo.get("sparse").asBoolean()).isTrue();
    assertThat(ppo.get("final").get("piExploit").asDouble()).isLessThan(1e-6);
    JsonNode bad = browser("/api/lab/runs", "{\"sparse\":true}");
    assertThat(bad.get("body").get("field").asText()).isEqualTo("sparse");
  }

  /** The gridworld shortcut in the page: anchored NPG ends on the optimum the tilt reports. */
  @Test
  void theGridShortcutTrainsInThePage() throws Exception {
    JsonNode run = browser("/api/lab/runs", "{\"env\":\"grid-shortcut\",\"agent\":\"npg\","
        + "\"steps\":100,\"lr\":1,\"beta\":0.5,\"kl\":\"reward\"}").get("body");
    JsonNode tilt = browser("/api/lab/tilt", "{\"env\":\"grid-shortcut\",\"betas\":[0.5]}")
        .get("body");
    assertThat(run.get("final").get("piExploit").asDouble()).isCloseTo(
        tilt.get("rows").get(0).get("piExploit").asDouble(), within(1e-9));
    assertThat(run.get("final").get("pi")).hasSize(25);
    JsonNode teleport = browser("/api/lab/runs", "{\"env\":\"grid-shortcut\","
        + "\"variant\":\"teleport\",\"steps\":5,\"lr\":1}").get("body");
    assertThat(teleport.get("exploit").asText()).isEqualTo("DD");
    JsonNode ppo = browser("/api/lab/runs", "{\"env\":\"grid-shortcut\",\"agent\":\"ppo\"}");
    assertThat(ppo.get("body").get("field").asText()).isEqualTo("agent");
    JsonNode variant = browser("/api/lab/runs", "{\"variant\":\"vase\"}");
    assertThat(variant.get("body").get("field").asText()).isEqualTo("variant");
  }

  @Test
  void theTinyModelTrainsInThePage() throws Exception {
    JsonNode page = browser("/api/lab/runs", "{\"env\":\"tiny-lm\",\"agent\":\"npg\","
        + "\"steps\":200,\"lr\":0.5,\"beta\":0.2,\"kl\":\"reward\"}");
    assertThat(page.get("status").asInt()).isEqualTo(200);
    JsonNode body = page.get("body");
    assertThat(body.get("final").get("piExploit").asDouble()).isCloseTo(
        body.get("exactOptimum").get("piExploit").asDouble(), within(1e-8));
    assertThat(body.get("final").get("likeliest")).hasSize(10);
    // The tree starts at the empty prefix, which every text reaches; each row of it is a law.
    JsonNode tree = body.get("final").get("tree");
    assertThat(tree.get(0).get("prefix").asText()).isEmpty();
    assertThat(tree.get(0).get("reach").asDouble()).isCloseTo(1.0, within(1e-12));
    for (JsonNode node : tree) {
      double sum = 0;
      for (JsonNode p : node.get("next")) {
        sum += p.asDouble();
      }
      assertThat(sum).as(node.get("prefix").asText()).isCloseTo(1.0, within(1e-12));
      assertThat(Math.max(node.get("reach").asDouble(), node.get("referenceReach").asDouble()))
          .isGreaterThanOrEqualTo(0.02);
    }
    // Anchored at β = 0.2 the policy says "!" after "a" far more often than the base model.
    for (JsonNode node : tree) {
      if (node.get("prefix").asText().equals("a")) {
        assertThat(node.get("next").get(3).asDouble())
            .isGreaterThan(3 * node.get("referenceNext").get(3).asDouble());
      }
    }
  }

  @Test
  void theTinyModelsOptimumListsItsLikeliestTexts() {
    Map<String, Object> m = LabApi.tilt(Map.of("env", "tiny-lm", "betas", List.of(0.1, 2.0)));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) m.get("rows");
    // At β = 0.1 the favourites (a letter and three "!") take 61 % (docs/cli.md, measured).
    assertThat((double) rows.get(0).get("piExploit")).isCloseTo(0.6107, within(1e-4));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> likeliest = (List<Map<String, Object>>) rows.get(0).get("likeliest");
    assertThat(likeliest).hasSize(10);
    assertThat((String) likeliest.get(0).get("text")).matches("[abc!]*").contains("!!!");
    double previous = 1;
    for (Map<String, Object> t : likeliest) {
      assertThat((double) t.get("p")).isLessThanOrEqualTo(previous);
      previous = (double) t.get("p");
    }
    assertThat((double) m.get("referenceExploit")).isGreaterThan(0).isLessThan(1e-3);
  }
}
