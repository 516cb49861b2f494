package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clean answers to bad input (issue 9, item 14): a number JSON does not allow names its field;
 * anything after the JSON value, invalid UTF-8, a nickname that would show as another text and a
 * score sent by the page (the server computes a game's score: issue 10) are refused.
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
      // The nickname is checked before the game is looked up: no round needed.
      JsonNode answer = refused("/api/scores", JSON.writeValueAsString(java.util.Map.of(
          "nickname", name, "game", "0123456789abcdef")));
      assertThat(answer.get("field").asText()).isEqualTo("nickname");
    }
  }

  /** The server computes a game's score: a score the page sends is refused, never stored. */
  @Test
  void aScoreSentByThePageIsRefused() throws Exception {
    JsonNode answer = refused("/api/scores", "{\"nickname\":\"cheat\",\"score\":9999999,"
        + "\"correct\":13,\"total\":13}");
    assertThat(answer.get("field").asText()).isEqualTo("score");
    assertThat(answer.get("error").asText()).contains("the server computes the score");
    HttpResponse<String> table = HTTP.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + server.port() + "/api/scores")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(table.body())).isEmpty();
  }
}
