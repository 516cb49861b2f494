package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saferlhub.agent.tabular.DynaQ;
import org.saferlhub.app.cli.CliTestAccess;
import org.saferlhub.train.Hyperparameters;

/**
 * One run pipeline for every environment family: {@code POST /api/runs} trains a grid world
 * (preset or a map of one's own) exactly as it trains Blackjack, with the same report the CLI
 * prints, stored and reopened like any run; {@code GET /api/schema} describes every parameter
 * with the values the engine enforces.
 */
class RunPipelineTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MAP = "name: Two rooms\nstep: -1\ngoal: 0\nmax-steps: 60\n"
      + "S..#...\n...#...\n.......\n...#..G\n";

  @BeforeAll
  static void start() {
    WebServerTest.start();
  }

  @AfterAll
  static void stop() {
    WebServerTest.stop();
  }

  /** Starts a run, follows its events to the end, and returns the final event's report. */
  private static JsonNode train(String body) throws Exception {
    HttpResponse<String> created = WebServerTest.post("/api/runs", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
    String id = JSON.readTree(created.body()).get("id").asText();
    List<String[]> events = WebServerTest.readEvents("/api/runs/" + id + "/events");
    String[] last = events.get(events.size() - 1);
    assertThat(last[0]).isEqualTo("done");
    ObjectNode report = (ObjectNode) JSON.readTree(last[1]);
    report.put("id", id);
    return report;
  }

  @Test
  void aGridWorldTrainsThroughTheSameEndpointAndMatchesTheCli() throws Exception {
    JsonNode web = train("{\"env\": \"gridworld:cliff\", \"algorithm\": \"sarsa\", "
        + "\"episodes\": 500, \"seed\": 1}");
    assertThat(web.get("config").get("env").asText()).isEqualTo("gridworld:cliff");
    assertThat(web.get("config").get("alpha").asDouble()).isEqualTo(0.5); // the family's default
    assertThat(web.get("returns")).hasSize(500);
    assertThat(web.get("lengths")).hasSize(500);
    assertThat(web.get("greedy").get(3).asText()).endsWith("CCCCCCCCCCG");
    assertThat(web.get("points")).isNotEmpty();
    assertThat(web.has("expectedReturn")).isFalse(); // Blackjack's view only

    JsonNode cli = JSON.readTree(CliTestAccess.trainJson("--env", "gridworld:cliff", "--agent",
        "sarsa", "--episodes", "500", "--seed", "1"));
    for (String field : List.of("returns", "lengths", "greedy", "path", "q", "meanReturn")) {
      assertThat(web.get(field)).as(field).isEqualTo(cli.get(field));
    }

    // Stored like any run: it reopens from the database with its report.
    JsonNode reopened = JSON.readTree(WebServerTest.get("/api/runs/" + web.get("id").asText())
        .body());
    assertThat(reopened.get("result").get("returns")).isEqualTo(web.get("returns"));
  }

  @Test
  void aMapOfOnesOwnTravelsInTheConfigAndRebuildsTheRun(@TempDir Path dir) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("env", "gridworld");
    body.put("map", MAP);
    body.put("algorithm", "q-learning");
    body.put("episodes", 200);
    body.put("seed", 4);
    JsonNode web = train(JSON.writeValueAsString(body));
    assertThat(web.get("config").get("map").asText()).isEqualTo(MAP);
    assertThat(web.get("q")).hasSize(28);

    // The report's own config, sent back, trains the same run bit for bit.
    JsonNode again = train(JSON.writeValueAsString(web.get("config")));
    assertThat(again.get("q")).isEqualTo(web.get("q"));
    assertThat(again.get("returns")).isEqualTo(web.get("returns"));

    // And the CLI with the same map file agrees.
    Path file = dir.resolve("rooms.txt");
    Files.writeString(file, MAP);
    JsonNode cli = JSON.readTree(CliTestAccess.trainJson("--env", "gridworld", "--map",
        file.toString(), "--episodes", "200", "--seed", "4"));
    assertThat(cli.get("q")).isEqualTo(web.get("q"));
  }

  @Test
  void badGridRunsAnswer400NamingTheField() throws Exception {
    Map<String, String> cases = Map.of(
        "{\"env\": \"gridworld:cliff\", \"episodes\": 5001}", "episodes",
        "{\"env\": \"gridworld\"}", "map",
        "{\"env\": \"gridworld:open\", \"map\": \"S.G\"}", "map",
        "{\"env\": \"gridworld\", \"map\": \"S?G\"}", "map",
        "{\"env\": \"gridworld:open\", \"rules\": \"sab\"}", "rules",
        "{\"env\": \"blackjack\", \"map\": \"S.G\"}", "map",
        "{\"env\": \"gridworld:open\", \"planningSteps\": 1001}", "planningSteps");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> r = WebServerTest.post("/api/runs", c.getKey());
      assertThat(r.statusCode()).as(c.getKey() + " → " + r.body()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).get("field").asText()).as(c.getKey())
          .isEqualTo(c.getValue());
    }
  }

  @Test
  void onlyBlackjackAgentsPlayHands() throws Exception {
    JsonNode grid = train("{\"env\": \"gridworld:open\", \"episodes\": 20}");
    HttpResponse<String> hand = WebServerTest.post("/api/runs/" + grid.get("id").asText()
        + "/hand", "{\"seed\": 1}");
    assertThat(hand.statusCode()).isEqualTo(400);
    assertThat(hand.body()).contains("only Blackjack agents play hands");
  }

  @Test
  void theSchemaDescribesWhatTheEngineEnforces() throws Exception {
    JsonNode schema = JSON.readTree(WebServerTest.get("/api/schema").body());
    JsonNode qLearning = find(schema.get("algorithms"), "id", "q-learning");
    JsonNode alpha = find(qLearning.get("params"), "name", "alpha");
    assertThat(alpha.get("kind").asText()).isEqualTo("number");
    assertThat(alpha.get("min").asDouble()).isZero();
    assertThat(alpha.get("minOpen").asBoolean()).isTrue();
    assertThat(alpha.get("max").asDouble()).isEqualTo(1.0);
    assertThat(alpha.get("default").asDouble()).isEqualTo(Hyperparameters.ALPHA.defaultNumber());
    JsonNode reinforce = find(schema.get("algorithms"), "id", "reinforce");
    assertThat(reinforce.get("params").findValuesAsText("name")).containsExactly("alpha", "gamma");
    JsonNode dyna = find(schema.get("algorithms"), "id", "dyna-q");
    JsonNode n = find(dyna.get("params"), "name", "planningSteps");
    assertThat(n.get("max").asLong()).isEqualTo((long) DynaQ.PLANNING_STEPS.max());
    JsonNode cliff = find(schema.get("envs"), "id", "gridworld:cliff");
    assertThat(find(cliff.get("params"), "name", "observation").get("choices").toString())
        .isEqualTo("[\"index\",\"planes\"]");
    JsonNode custom = find(schema.get("envs"), "id", "gridworld");
    assertThat(find(custom.get("params"), "name", "map").get("maxLength").asLong())
        .isEqualTo(20_000);
    JsonNode families = schema.get("families");
    assertThat(families.get("gridworld").get("maxEpisodes").asLong()).isEqualTo(5_000);
    assertThat(families.get("gridworld").get("defaults").get("alpha").asDouble()).isEqualTo(0.5);
    assertThat(families.get("blackjack").get("minEpisodes").asLong()).isEqualTo(100);

    // Every bound the schema states is the bound the API enforces.
    HttpResponse<String> above = WebServerTest.post("/api/runs", "{\"alpha\": 1.0000001}");
    assertThat(above.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(above.body()).get("error").asText())
        .isEqualTo("alpha must be " + (alpha.get("minOpen").asBoolean() ? "more than " : "at least ")
            + alpha.get("min").asInt() + " and " + (alpha.get("maxOpen").asBoolean() ? "less than "
            : "at most ") + alpha.get("max").asInt() + ", was 1.0000001");
    assertThat(alpha.get("range").asText()).isEqualTo("(0, 1]");
  }

  @Test
  void everyPageCarriesTheSchemaItsFormsAreBuiltFrom() throws Exception {
    JsonNode served = JSON.readTree(WebServerTest.get("/api/schema").body());
    for (String path : List.of("/", "/lessons/blackjack", "/lessons/gridworld", "/runs")) {
      String html = WebServerTest.get(path).body();
      String open = "<script type=\"application/json\" id=\"saferlhub-schema\">";
      int start = html.indexOf(open);
      assertThat(start).as(path).isPositive();
      assertThat(start).as(path).isLessThan(html.indexOf("</head>"));
      String json = html.substring(start + open.length(), html.indexOf("</script>", start));
      assertThat(JSON.readTree(json.replace("<\\/", "</"))).as(path).isEqualTo(served);
    }
  }

  private static JsonNode find(JsonNode array, String key, String value) {
    for (JsonNode n : array) {
      if (n.get(key).asText().equals(value)) {
        return n;
      }
    }
    throw new AssertionError("no " + key + " = " + value + " in " + array);
  }
}
