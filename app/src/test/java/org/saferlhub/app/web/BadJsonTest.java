package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clean answers to bad input (issue 9, item 14): a number JSON does not allow names its field;
 * anything after the JSON value, invalid UTF-8, a nickname that would show as another text and a
 * score the game cannot give are refused.
 */
class BadJsonTest {

  static WebServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    server = WebServer.start(WebServer.Options.defaults().withWarmUp(false).withPort(0)
        .withHost("127.0.0.1").withLimits(WebServer.Limits.defaults().withShares(100, 400, 20)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> post(String path, byte[] body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode refused(String path, String body) throws Exception {
    HttpResponse<String> r = post(path, body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(body.length() > 80 ? body.substring(0, 80) : body)
        .isEqualTo(400);
    return JSON.readTree(r.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "+1", ".5", "010", "0x10", "1_000",
      "1e", "DIGITS"})
  void aNumberJsonDoesNotAllowNamesItsField(String literal) throws Exception {
    String value = literal.equals("DIGITS") ? "1".repeat(1_200) : literal;
    JsonNode answer = refused("/api/runs", "{\"episodes\": 1000, \"seed\": " + value + "}");
    assertThat(answer.get("field").asText()).as(literal).isEqualTo("seed");
  }

  @Test
  void anythingAfterTheJsonValueIsRefused() throws Exception {
    for (String body : new String[] {"{\"seed\":1} x", "{}{}", "{} []"}) {
      assertThat(refused("/api/runs", body).get("field").asText()).as(body).isEqualTo("body");
      assertThat(refused("/api/gridworld/sessions", body).get("field").asText()).as(body)
          .isEqualTo("body");
    }
  }

  @Test
  void invalidUtf8IsRefusedNotRepaired() throws Exception {
    byte[] body = "{\"comments\": \"caf\u00e9 X\"}".getBytes(StandardCharsets.UTF_8);
    body[body.length - 4] = (byte) 0xff; // the X becomes a byte no UTF-8 text holds
    HttpResponse<String> r = post("/api/feedback", body);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("error").asText()).contains("UTF-8");
  }

  @Test
  void aNicknameWithInvisibleFormattingIsRefused() throws Exception {
    for (String name : new String[] {"\u202eada", "ad\u200ba", "\u2066x\u2069"}) {
      JsonNode answer = refused("/api/scores", JSON.writeValueAsString(java.util.Map.of(
          "nickname", name, "score", 100, "correct", 1, "total", 1)));
      assertThat(answer.get("field").asText()).isEqualTo("nickname");
    }
  }

  @Test
  void aScoreTheGameCannotGiveIsRefused() throws Exception {
    JsonNode answer = refused("/api/scores", "{\"nickname\":\"cheat\",\"score\":9999999,"
        + "\"correct\":0,\"total\":1}");
    assertThat(answer.get("field").asText()).isEqualTo("score");
    refused("/api/scores", "{\"nickname\":\"cheat\",\"score\":1351,\"correct\":2,\"total\":2}");
    HttpResponse<String> best = post("/api/scores", ("{\"nickname\":\"ace\",\"score\":1350,"
        + "\"correct\":2,\"total\":2}").getBytes(StandardCharsets.UTF_8));
    assertThat(best.statusCode()).as(best.body()).isEqualTo(201);
  }

  /** The bound follows the game's rules: if they change, this says so. */
  @Test
  void theScoreBoundMatchesTheGamesRules() throws Exception {
    String game;
    try (InputStream in = BadJsonTest.class.getResourceAsStream("/public/js/game/engine.js")) {
      game = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    long base = constant(game, "BASE_POINTS");
    long robot = constant(game, "ROBOT_BONUS");
    long life = constant(game, "LIFE_BONUS");
    long lives = constant(game, "LIVES");
    Matcher needs = Pattern.compile("export const NEEDS = \\[([^\\]]*)\\]").matcher(game);
    assertThat(needs.find()).isTrue();
    int robots = needs.group(1).split(",").length;
    assertThat(game).contains("100 * Math.max(0, 1 - s / SPEED_WINDOW)") // speed bonus ≤ 100
        .contains("if (streak >= 5) return 2;"); // the largest multiplier
    assertThat(CommunityRoutes.MAX_POINTS_PER_ANSWER).isEqualTo((base + 100) * 2);
    assertThat(CommunityRoutes.MAX_ROUND_BONUS).isEqualTo(robots * robot + lives * life);
  }

  static long constant(String source, String name) {
    Matcher m = Pattern.compile("export const " + name + " = (\\d+);").matcher(source);
    assertThat(m.find()).as(name).isTrue();
    return Long.parseLong(m.group(1));
  }
}
