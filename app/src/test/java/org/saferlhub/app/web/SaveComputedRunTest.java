package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saferlhub.app.browser.BrowserRun;

/**
 * {@code POST /api/runs/saved}: a run a browser trained is stored as sent and comes back like any
 * run, marked as computed in a browser; what it claims as its score must follow from its policy,
 * and its configuration must be its own.
 */
class SaveComputedRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode trainedInABrowser(String fields) throws Exception {
    JsonNode answer = JSON.readTree(BrowserRun.train(fields, p -> { }, () -> false));
    ObjectNode body = JSON.createObjectNode();
    body.set("config", JSON.readTree(fields));
    body.set("result", answer.get("full"));
    return body;
  }

  @Test
  void aBrowsersRunIsStoredAndComesBackAfterARestart(@TempDir Path dir) throws Exception {
    ObjectNode body = trainedInABrowser("{\"episodes\": 20000, \"seed\": 8}");
    String id;
    try (WebServer server = SavedRunsTest.start(dir)) {
      var http = SavedRunsTest.http(server);
      HttpResponse<String> saved = http.send("POST", "/api/runs/saved", body.toString());
      assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
      id = JSON.readTree(saved.body()).path("id").asText();
      // The learner's list holds it, with its score.
      JsonNode mine = http.json("GET", "/api/runs", null);
      assertThat(mine.findValuesAsText("id")).contains(id);
    }
    try (WebServer server = SavedRunsTest.start(dir)) {
      var http = SavedRunsTest.http(server);
      JsonNode run = http.json("GET", "/api/runs/" + id, null);
      assertThat(run.path("status").asText()).isEqualTo("done");
      assertThat(run.path("result").path("computedIn").asText()).isEqualTo("browser");
      assertThat(run.path("result").path("expectedReturn").asDouble())
          .isEqualTo(body.path("result").path("expectedReturn").asDouble());
      assertThat(run.path("config").path("seed").asLong()).isEqualTo(8);
      // Its agent plays hands like a server's.
      HttpResponse<String> hand = http.send("POST", "/api/runs/" + id + "/hand", "{\"seed\": 1}");
      assertThat(hand.statusCode()).as(hand.body()).isEqualTo(200);
    }
  }

  @Test
  void aScoreThatDoesNotFollowFromThePolicyIsRefused(@TempDir Path dir) throws Exception {
    ObjectNode body = trainedInABrowser("{\"episodes\": 5000, \"seed\": 3}");
    try (WebServer server = SavedRunsTest.start(dir)) {
      var http = SavedRunsTest.http(server);
      ObjectNode boasting = body.deepCopy();
      ((ObjectNode) boasting.get("result")).put("expectedReturn", 0.5);
      assertRefused(http.send("POST", "/api/runs/saved", boasting.toString()), "result",
          "expectedReturn does not follow");

      ObjectNode otherPolicy = body.deepCopy();
      ((ObjectNode) otherPolicy.get("result")).set("policy",
          body.path("result").path("optimalPolicy"));
      assertRefused(http.send("POST", "/api/runs/saved", otherPolicy.toString()), "result", "");

      ObjectNode otherSeed = body.deepCopy();
      ((ObjectNode) otherSeed.get("config")).put("seed", 4);
      assertRefused(http.send("POST", "/api/runs/saved", otherSeed.toString()), "result",
          "must be the run's configuration");

      ObjectNode badConfig = body.deepCopy();
      ((ObjectNode) badConfig.get("config")).put("alpha", 7);
      assertRefused(http.send("POST", "/api/runs/saved", badConfig.toString()), "alpha", "alpha");

      ObjectNode extra = body.deepCopy();
      extra.put("score", 1);
      assertRefused(http.send("POST", "/api/runs/saved", extra.toString()), "body", "unknown field");

      ObjectNode tooLong = body.deepCopy();
      ((ObjectNode) tooLong.get("result")).put("padding",
          "x".repeat(WebServer.MAX_SAVED_REPORT - body.toString().length() + 10));
      assertRefused(http.send("POST", "/api/runs/saved", tooLong.toString()), "result", "at most");

      assertRefused(http.send("POST", "/api/runs/saved", "[1, 2]"), "body", "JSON object");
      assertThat(http.json("GET", "/api/runs", null)).isEmpty();
    }
  }

  private static void assertRefused(HttpResponse<String> response, String field, String words)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.path("field").asText()).isEqualTo(field);
    assertThat(error.path("error").asText()).contains(words);
  }
}
