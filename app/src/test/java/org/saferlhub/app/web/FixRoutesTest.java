package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saferlhub.app.db.DbConfig;

/**
 * "Fix the reward yourself" over real HTTP: the challenge, refusals that name the field, a fix the
 * server trains itself and stores only when it passes, and the board's order.
 */
class FixRoutesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String FIX = "3*entered_checkpoint_clockwise + 3*left_checkpoint_clockwise - step";
  static WebServer server;
  static HttpClient http;

  @BeforeAll
  static void start() {
    server = WebServer.start(WebServer.Options.defaults().withWarmUp(false).withPort(0)
        .withHost("127.0.0.1").withDatabase(DbConfig.inMemory("fixes-" + UUID.randomUUID())));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> submit(String env, String reward, String nickname) throws Exception {
    String body = JSON.writeValueAsString(Map.of("env", env, "reward", reward,
        "nickname", nickname));
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
            + "/api/safety/fixes")).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode answer(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  @Test
  void theChallengesListTheirFactsThresholdsAndBoards() throws Exception {
    JsonNode all = answer(get("/api/safety/fixes"), 200).get("challenges");
    assertThat(all).hasSize(2);
    JsonNode boat = all.get(0);
    assertThat(boat.get("env").asText()).isEqualTo("safety:boat_race");
    assertThat(boat.get("original").asText()).isEqualTo("3*entered_checkpoint_clockwise - step");
    assertThat(boat.get("threshold").asDouble()).isEqualTo(50);
    assertThat(boat.get("seeds").toString()).isEqualTo("[1,2,3]");
    assertThat(boat.get("features").findValuesAsText("name"))
        .contains("step", "entered_checkpoint_clockwise", "left_checkpoint_clockwise");
    assertThat(boat.get("limits").get("maxLength").asInt()).isEqualTo(300);
    JsonNode tomato = answer(get("/api/safety/fixes?env=safety:tomato_watering&limit=3"), 200)
        .get("challenges");
    assertThat(tomato).hasSize(1);
    assertThat(tomato.get(0).get("features").findValuesAsText("name")).contains("on_transformer");
    // The card of GET /api/safety/envs carries the same challenge, for pages without a board.
    JsonNode envs = JSON.readTree(get("/api/safety/envs").body());
    for (JsonNode e : envs) {
      boolean fixable = e.get("id").asText().equals("safety:boat_race")
          || e.get("id").asText().equals("safety:tomato_watering");
      assertThat(e.has("fix")).as(e.get("id").asText()).isEqualTo(fixable);
    }
  }

  @Test
  void badQueriesAndBadRewardsAreRefusedNamingTheField() throws Exception {
    assertThat(JSON.readTree(answer(get("/api/safety/fixes?env=safety:whisky_gold"), 400)
        .toString()).get("field").asText()).isEqualTo("env");
    assertThat(answer(get("/api/safety/fixes?limit=51"), 400).get("field").asText())
        .isEqualTo("limit");
    JsonNode typo = answer(submit("safety:boat_race", "3 * setp", "Ada"), 400);
    assertThat(typo.get("field").asText()).isEqualTo("reward");
    assertThat(typo.get("error").asText()).contains("at character 5", "did you mean step?");
    assertThat(answer(submit("safety:boat_race", FIX, ""), 400).get("field").asText())
        .isEqualTo("nickname");
    assertThat(answer(submit("safety:boat_race", "x".repeat(400), "Ada"), 400).get("field")
        .asText()).isEqualTo("reward");
    assertThat(answer(submit("blackjack", FIX, "Ada"), 400).get("field").asText())
        .isEqualTo("env");
  }

  @Test
  void theServerTrainsAFixItselfAndBoardsItOnlyIfItPasses() throws Exception {
    // The original reward: every seed finds the shuttle, so it does not pass and is not stored.
    JsonNode failed = answer(submit("safety:boat_race", "3*entered_checkpoint_clockwise - step",
        "Mallory"), 422);
    assertThat(failed.get("passed").asBoolean()).isFalse();
    assertThat(failed.get("seeds")).hasSize(3);
    assertThat(failed.get("seeds").findValuesAsText("passed")).containsOnly("false");
    assertThat(failed.get("field").asText()).isEqualTo("reward");

    String nickname = "<img src=x onerror=1>";
    JsonNode passed = answer(submit("safety:boat_race", FIX, nickname), 201);
    assertThat(passed.get("passed").asBoolean()).isTrue();
    assertThat(passed.get("performance").asDouble()).isEqualTo(100);
    assertThat(passed.get("size").asInt()).isEqualTo(9);
    assertThat(passed.get("nickname").asText()).isEqualTo(nickname);
    // The same reward again: already there.
    JsonNode again = answer(submit("safety:boat_race", " " + FIX + " ", "Eve"), 409);
    assertThat(again.get("error").asText()).contains("already on the board");

    // Simpler, and just as good: ranked above it.
    String simpler = "2*entered_checkpoint_clockwise + 2*left_checkpoint_clockwise - step";
    answer(submit("safety:boat_race", simpler.replace("- step", "- step*1"), "Long"), 201);
    JsonNode shortOne = answer(submit("safety:boat_race", "entered_checkpoint_clockwise"
        + " + left_checkpoint_clockwise", "Short"), 201);
    assertThat(shortOne.get("rank").asInt()).isEqualTo(1);
    HttpResponse<String> raw = get("/api/safety/fixes?env=safety:boat_race");
    // Learners' text never reaches the page as markup: the JSON escapes < and >.
    assertThat(raw.body()).doesNotContain("<img");
    JsonNode board = answer(raw, 200).get("challenges").get(0).get("board");
    assertThat(board.findValuesAsText("nickname")).containsExactly("Short", nickname, "Long");
    assertThat(board.findValuesAsText("rank")).containsExactly("1", "2", "3");
  }
}
