package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saferlhub.app.db.DbConfig;

/** Runs are stored when they finish and come back after a restart, without retraining. */
class SavedRunsTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String LEARNER = "learner-0123456789";

  record Http(HttpClient client, String base) {
    HttpResponse<String> send(String method, String path, String body) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
          .header("X-Learner-Id", LEARNER).header("Content-Type", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String method, String path, String body) throws Exception {
      return JSON.readTree(send(method, path, body).body());
    }

    /** Reads a run's event stream to its end, so the run has finished and been stored. */
    void await(String id) throws Exception {
      client.send(HttpRequest.newBuilder(URI.create(base + "/api/runs/" + id + "/events"))
          .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  static Http http(WebServer server) {
    return new Http(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.port());
  }

  static WebServer start(Path dir) {
    return WebServer.start(WebServer.Options.defaults().withWarmUp(false).withPort(0).withHost("127.0.0.1")
        .withDatabase(DbConfig.h2(dir)));
  }

  @Test
  void aFinishedRunSurvivesARestartAndItsAgentStillPlays(@TempDir Path dir) throws Exception {
    String id;
    JsonNode before;
    JsonNode handBefore;
    try (WebServer server = start(dir)) {
      Http http = http(server);
      id = http.json("POST", "/api/runs", "{\"episodes\": 30000, \"seed\": 9}").get("id").asText();
      http.await(id);
      before = http.json("GET", "/api/runs/" + id, null);
      handBefore = http.json("POST", "/api/runs/" + id + "/hand", "{\"seed\": 4}");
    }
    try (WebServer server = start(dir)) {
      Http http = http(server);
      JsonNode after = http.json("GET", "/api/runs/" + id, null);
      assertThat(after.get("status").asText()).isEqualTo("done");
      assertThat(after.get("result").get("points")).hasSize(200);
      assertThat(after.get("result")).isEqualTo(before.get("result"));
      assertThat(after.get("config")).isEqualTo(before.get("config"));
      JsonNode handAfter = http.json("POST", "/api/runs/" + id + "/hand", "{\"seed\": 4}");
      assertThat(handAfter.get("steps").size()).isEqualTo(handBefore.get("steps").size());
      for (int i = 0; i < handAfter.get("steps").size(); i++) {
        assertThat(handAfter.get("steps").get(i).get("action"))
            .isEqualTo(handBefore.get("steps").get(i).get("action"));
      }
      assertThat(handAfter.get("return")).isEqualTo(handBefore.get("return"));

      JsonNode mine = http.json("GET", "/api/runs", null);
      assertThat(mine).hasSize(1);
      assertThat(mine.get(0).get("id").asText()).isEqualTo(id);
      assertThat(mine.get(0).get("config").get("seed").asLong()).isEqualTo(9);
      assertThat(mine.get(0).get("expectedReturn").asDouble())
          .isEqualTo(before.get("result").get("expectedReturn").asDouble());

      HttpResponse<String> page = http.send("GET", "/runs/" + id, null);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(http.send("GET", "/api/runs/ffffffffffff", null).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void listingRunsNeedsAValidLearnerId() throws Exception {
    try (WebServer server = WebServer.start(
        WebServer.Options.defaults().withWarmUp(false).withPort(0).withHost("127.0.0.1"))) {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> missing = client.send(HttpRequest.newBuilder(
          URI.create(base + "/api/runs")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(missing.body()).get("field").asText()).isEqualTo("X-Learner-Id");
      HttpResponse<String> bad = client.send(HttpRequest.newBuilder(URI.create(base + "/api/runs"))
          .header("X-Learner-Id", "<script>").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);
    }
  }

  @Test
  void fiveSeedsGiveABandAndFiveStoredRuns() throws Exception {
    try (WebServer server = WebServer.start(
        WebServer.Options.defaults().withWarmUp(false).withPort(0).withHost("127.0.0.1"))) {
      Http http = http(server);
      JsonNode e = http.json("POST", "/api/experiments",
          "{\"episodes\": 20000, \"seed\": 3, \"seeds\": 5, \"algorithm\": \"monte-carlo\"}");
      assertThat(e.get("seeds").toString()).isEqualTo("[3,4,5,6,7]");
      assertThat(e.get("runs")).hasSize(5);
      assertThat(e.get("curve")).hasSize(200);
      JsonNode last = e.get("curve").get(199);
      assertThat(last.get("episode").asLong()).isEqualTo(20_000);
      assertThat(last.get("min").asDouble()).isLessThanOrEqualTo(last.get("mean").asDouble());
      assertThat(last.get("max").asDouble()).isGreaterThanOrEqualTo(last.get("mean").asDouble());
      JsonNode values = e.get("expectedReturn").get("values");
      double sum = 0;
      for (int i = 0; i < 5; i++) {
        JsonNode run = http.json("GET", "/api/runs/" + e.get("runs").get(i).asText(), null);
        assertThat(run.get("config").get("seed").asLong()).isEqualTo(3 + i);
        assertThat(run.get("result").get("expectedReturn").asDouble())
            .isEqualTo(values.get(i).asDouble());
        sum += values.get(i).asDouble();
      }
      assertThat(e.get("expectedReturn").get("mean").asDouble()).isCloseTo(sum / 5, within(1e-12));
      assertThat(http.json("GET", "/api/runs", null)).hasSize(5);

      HttpResponse<String> tooMany = http.send("POST", "/api/experiments", "{\"seeds\": 11}");
      assertThat(tooMany.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(tooMany.body()).get("field").asText()).isEqualTo("seeds");
      HttpResponse<String> tooLong = http.send("POST", "/api/experiments",
          "{\"episodes\": 3000000}");
      assertThat(tooLong.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(tooLong.body()).get("error").asText())
          .startsWith("episodes must be an integer from 100 to 2,000,000");
    }
  }

  @Test
  void quizzesAndPagesAreServed() throws Exception {
    try (WebServer server = WebServer.start(
        WebServer.Options.defaults().withWarmUp(false).withPort(0).withHost("127.0.0.1"))) {
      Http http = http(server);
      JsonNode quiz = http.json("GET", "/api/quizzes/blackjack", null);
      assertThat(quiz.get("questions").size()).isGreaterThanOrEqualTo(6);
      assertThat(http.send("GET", "/api/quizzes/nope", null).statusCode()).isEqualTo(404);
      for (String page : new String[] {"/resources", "/open-problems", "/research", "/next-steps",
          "/runs", "/compare", "/game", "/feedback", "/admin"}) {
        HttpResponse<String> r = http.send("GET", page, null);
        assertThat(r.statusCode()).as(page).isEqualTo(200);
        assertThat(r.body()).as(page).contains("<main");
      }
    }
  }
}
