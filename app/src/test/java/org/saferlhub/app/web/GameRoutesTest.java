package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saferlhub.app.db.Database;
import org.saferlhub.app.db.DbConfig;
import org.saferlhub.app.game.Games;
import org.saferlhub.app.game.Question;
import org.saferlhub.app.lesson.Quizzes;

/**
 * "Fix the robots" played on the server (issue 10) over real HTTP: a Javalin app with the game's
 * routes and the score table on a free port, an in-memory database, and one clock the test moves
 * for the answer times, the idle limit and the write limiter (so every score and every 429 is
 * exact, not timed). The page never gets an answer key before answering, and the only way onto
 * the high-score table is a finished game whose score the server computed.
 */
class GameRoutesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  /** The answer key, as the test knows it (the lessons' quizzes). */
  static final Map<String, Question> KEY = new HashMap<>();
  /** Each client's share: 20 writes a second, 60 at once (every test gets a full bucket). */
  static final WebServer.Limits LIMITS = WebServer.Limits.defaults().withShares(20, 60, 20);

  static final AtomicLong clock = new AtomicLong();
  static Database db;
  static Javalin app;
  static HttpClient http;

  @BeforeAll
  static void start() {
    List<Question> pool = Question.pool(Quizzes.load().all());
    pool.forEach(q -> KEY.put(q.key(), q));
    db = Database.open(DbConfig.inMemory("games-" + UUID.randomUUID()));
    ObjectMapper mapper = new ObjectMapper();
    ClientLimits limits = new ClientLimits(4, LIMITS, clock::get);
    Games games = new Games(pool, 50, 10, Duration.ofMinutes(30), clock::get);
    app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jetty.host = "127.0.0.1";
      config.jetty.port = 0;
      CommunityRoutes.register(config.routes, db, "admin-token-for-tests", mapper, limits);
      GameRoutes.register(config.routes, db, mapper, limits, games);
    }).start();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    app.stop();
    db.close();
  }

  /** A full write bucket for every test, and rounds of earlier tests still live (30 s pass). */
  @BeforeEach
  void refill() {
    clock.addAndGet(TimeUnit.SECONDS.toNanos(30));
  }

  // --- HTTP helpers ---------------------------------------------------------------------------

  static HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
        + path)).timeout(Duration.ofSeconds(20));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String path, Object body) throws Exception {
    return send("POST", path, body instanceof String s ? s : JSON.writeValueAsString(body));
  }

  static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  /** Asserts an error answer of {@code status} whose JSON names {@code field}. */
  static JsonNode refused(HttpResponse<String> r, int status, String field) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode error = JSON.readTree(r.body());
    assertThat(error.get("field").asText()).as(r.body()).isEqualTo(field);
    assertThat(error.get("error").asText()).isNotBlank();
    return error;
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static String startGame(long seed) throws Exception {
    return ok(post("/api/games", map("seed", seed)), 201).get("id").asText();
  }

  static JsonNode next(String id) throws Exception {
    return ok(post("/api/games/" + id + "/next", "{}"), 200);
  }

  /** The index of the right option among the dealt ones, from the test's own answer key. */
  static int rightOption(JsonNode question) {
    Question q = KEY.get(question.get("key").asText());
    String right = q.options().get(Question.correctIndex(q.options())).text();
    for (int i = 0; i < question.get("options").size(); i++) {
      if (question.get("options").get(i).get("text").asText().equals(right)) {
        return i;
      }
    }
    throw new AssertionError("no right option dealt for " + question);
  }

  static JsonNode answer(String id, JsonNode question, Object option) throws Exception {
    return ok(post("/api/games/" + id + "/answers", map("question",
        question.get("key").asText(), "option", option)), 200);
  }

  /** Plays a whole round, every answer right, each {@code seconds} after its question was dealt. */
  static JsonNode playPerfectly(String id, long seconds) throws Exception {
    JsonNode last = null;
    for (int i = 0; i < 40; i++) {
      JsonNode question = next(id).get("question");
      clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
      last = answer(id, question, rightOption(question));
      if (last.get("game").get("over").asBoolean()) {
        return last;
      }
    }
    throw new AssertionError("the round did not end");
  }

  // --- the answer key stays on the server -----------------------------------------------------

  @Test
  void aDealtQuestionCarriesNoAnswerKey() throws Exception {
    HttpResponse<String> started = post("/api/games", map("seed", 2024));
    JsonNode game = ok(started, 201);
    assertThat(game.get("id").asText()).matches("[0-9a-f]{16}");
    assertThat(game.get("seed").asLong()).isEqualTo(2024);
    assertThat(game.get("lives").asInt()).isEqualTo(3);
    assertThat(game.get("score").asLong()).isZero();
    assertThat(game.get("robots")).hasSize(5);
    assertThat(started.headers().firstValue("Cache-Control")).hasValue("no-store");

    HttpResponse<String> dealt = post("/api/games/" + game.get("id").asText() + "/next", "{}");
    JsonNode question = ok(dealt, 200).get("question");
    // No option carries a right/wrong flag or an explanation ("correct" in the round's state is
    // its count of right answers so far).
    assertThat(question.toString()).doesNotContain("correct").doesNotContain("explanation");
    assertThat(dealt.body()).doesNotContain("\"correct\":true").doesNotContain("explanation");
    assertThat(KEY).containsKey(question.get("key").asText());
    List<String> fields = new ArrayList<>();
    question.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("key", "id", "lesson", "lessonTitle", "prompt", "options");
    for (JsonNode option : question.get("options")) {
      assertThat(option.size()).as("an option is its text only").isEqualTo(1);
      assertThat(option.get("text").asText()).isNotBlank();
    }
    assertThat(ok(dealt, 200).get("number").asInt()).isEqualTo(1);

    HttpResponse<String> rules = send("GET", "/api/games/rules", null);
    assertThat(rules.body()).doesNotContain("correct").doesNotContain("explanation");
    JsonNode r = ok(rules, 200);
    assertThat(r.get("questions").asInt()).isEqualTo(KEY.size());
    assertThat(r.get("maxScore").asLong()).isEqualTo(5150);
    assertThat(r.get("needs").toString()).isEqualTo("[2,2,3,3,3]");
  }

  @Test
  void anAnswerIsGradedTimedAndExplainedByTheServer() throws Exception {
    String id = startGame(7);
    JsonNode question = next(id).get("question");
    clock.addAndGet(TimeUnit.SECONDS.toNanos(8)); // the server's clock: 8 s to answer
    int right = rightOption(question);
    JsonNode graded = answer(id, question, right);
    assertThat(graded.get("outcome").asText()).isEqualTo("correct");
    assertThat(graded.get("option").asInt()).isEqualTo(right);
    assertThat(graded.get("correctOption").asInt()).isEqualTo(right);
    assertThat(graded.get("seconds").asDouble()).isEqualTo(8.0);
    assertThat(graded.get("speedBonus").asInt()).isEqualTo(60); // 100 × (1 − 8/20)
    assertThat(graded.get("points").asInt()).isEqualTo(160);
    assertThat(graded.get("options")).hasSize(question.get("options").size());
    for (JsonNode option : graded.get("options")) {
      assertThat(option.get("explanation").asText()).isNotBlank();
    }
    assertThat(graded.get("options").get(right).get("correct").asBoolean()).isTrue();
    assertThat(graded.get("game").get("score").asLong()).isEqualTo(160);

    // A retry after a lost answer gets the same grade; the answer cannot be changed.
    assertThat(answer(id, question, right)).isEqualTo(graded);
    refused(post("/api/games/" + id + "/answers", map("question", question.get("key").asText(),
        "option", (right + 1) % question.get("options").size())), 409, "question");

    // No answer in time (option null) costs a life and still reveals the right option.
    JsonNode second = next(id).get("question");
    JsonNode timeout = answer(id, second, null);
    assertThat(timeout.get("outcome").asText()).isEqualTo("timeout");
    assertThat(timeout.get("option").isNull()).isTrue();
    assertThat(timeout.get("correctOption").asInt()).isEqualTo(rightOption(second));
    assertThat(timeout.get("points").asInt()).isZero();
    assertThat(timeout.get("game").get("lives").asInt()).isEqualTo(2);
    assertThat(timeout.get("game").get("score").asLong()).isEqualTo(160);
  }

  // --- only a computed score goes on the table ------------------------------------------------

  @Test
  void aRoundPlayedRightGetsTheScoreTheRulesGiveAndIsSavedOnce() throws Exception {
    String id = startGame(31337);
    JsonNode last = playPerfectly(id, 5);
    JsonNode game = last.get("game");
    // Each answer 5 s after its question: speed bonus 100 × (1 − 5/20) = 75, so 175 points,
    // × 1.5 from the third right answer in a row (262.5 → 263), × 2 from the fifth (350):
    // 175 + 175 + 263 + 263 + 9 × 350 = 4,026; + 5 robots × 50 + 3 lives left × 100.
    long expected = 175 + 175 + 263 + 263 + 9 * 350 + 5 * 50 + 3 * 100;
    assertThat(game.get("score").asLong()).isEqualTo(expected).isEqualTo(4576);
    assertThat(game.get("over").asBoolean()).isTrue();
    assertThat(game.get("won").asBoolean()).isTrue();
    assertThat(game.get("correct").asInt()).isEqualTo(13);
    assertThat(game.get("answered").asInt()).isEqualTo(13);
    assertThat(last.get("robotBonus").asInt()).isEqualTo(50);
    assertThat(last.get("lifeBonus").asInt()).isEqualTo(300);
    refused(post("/api/games/" + id + "/next", "{}"), 409, "id");

    String nickname = "ace-" + id.substring(0, 6);
    JsonNode saved = ok(post("/api/scores", map("game", id, "nickname", "  " + nickname + " ")),
        201);
    assertThat(saved.get("score").asLong()).isEqualTo(expected);
    assertThat(saved.get("nickname").asText()).isEqualTo(nickname);
    assertThat(saved.get("correct").asInt()).isEqualTo(13);
    assertThat(saved.get("total").asInt()).isEqualTo(13);
    assertThat(saved.get("rank").asInt()).isPositive();
    JsonNode row = null;
    for (JsonNode s : ok(send("GET", "/api/scores?limit=100", null), 200)) {
      if (s.get("nickname").asText().equals(nickname)) {
        assertThat(row).as("one row for the game").isNull();
        row = s;
      }
    }
    assertThat(row).isNotNull();
    assertThat(row.get("score").asLong()).isEqualTo(expected);

    // A game is saved once, under whatever nickname.
    JsonNode again = refused(post("/api/scores", map("game", id, "nickname", "again")), 409,
        "game");
    assertThat(again.get("error").asText()).contains("saved already");
    assertThat(ok(send("GET", "/api/scores?limit=100", null), 200).findValuesAsText("nickname"))
        .doesNotContain("again");
  }

  @Test
  void aForgedScoreIsRefusedAndNothingIsStored() throws Exception {
    int before = ok(send("GET", "/api/scores?limit=100", null), 200).size();
    // A score number, with or without a game: the server computes scores itself.
    for (String field : List.of("score", "correct", "total")) {
      JsonNode error = refused(post("/api/scores", map("nickname", "cheat", field, 99_999)), 400,
          field);
      assertThat(error.get("error").asText()).contains("the server computes the score");
    }
    String unfinished = startGame(5);
    refused(post("/api/scores", map("game", unfinished, "nickname", "cheat", "score", 5150)),
        400, "score");
    // No game, a game that never existed, a game not over yet.
    refused(post("/api/scores", map("nickname", "cheat")), 400, "game");
    refused(post("/api/scores", map("game", "0123456789abcdef", "nickname", "cheat")), 404,
        "game");
    refused(post("/api/scores", map("game", "../../etc", "nickname", "cheat")), 400, "game");
    refused(post("/api/scores", map("game", 12, "nickname", "cheat")), 400, "game");
    next(unfinished);
    JsonNode notOver = refused(post("/api/scores", map("game", unfinished, "nickname",
        "cheat")), 409, "game");
    assertThat(notOver.get("error").asText()).contains("not over yet");
    assertThat(ok(send("GET", "/api/scores?limit=100", null), 200)).hasSize(before);
  }

  @Test
  void aLostRoundScoresOnlyItsRightAnswers() throws Exception {
    String id = startGame(99);
    JsonNode first = next(id).get("question");
    clock.addAndGet(TimeUnit.SECONDS.toNanos(30)); // past the speed window: 100 points
    assertThat(answer(id, first, rightOption(first)).get("points").asInt()).isEqualTo(100);
    JsonNode last = null;
    for (int i = 0; i < 3; i++) {
      JsonNode q = next(id).get("question");
      last = answer(id, q, (rightOption(q) + 1) % q.get("options").size());
      assertThat(last.get("outcome").asText()).isEqualTo("wrong");
    }
    assertThat(last.get("game").get("over").asBoolean()).isTrue();
    assertThat(last.get("game").get("won").asBoolean()).isFalse();
    assertThat(last.get("game").get("score").asLong()).isEqualTo(100);
    assertThat(last.get("lifeBonus").asInt()).isZero();
    JsonNode saved = ok(post("/api/scores", map("game", id, "nickname", "tryer")), 201);
    assertThat(saved.get("score").asLong()).isEqualTo(100);
    assertThat(saved.get("correct").asInt()).isEqualTo(1);
    assertThat(saved.get("total").asInt()).isEqualTo(4);
  }

  // --- bad input: 400 naming the field, 404, 409, never 500 -----------------------------------

  @Test
  void badIdsAndAnswersAreRefusedNamingTheField() throws Exception {
    for (String bad : List.of("nope", "0123456789ABCDEF", "0123456789abcdef0",
        "%3Cscript%3E")) {
      refused(post("/api/games/" + bad + "/next", "{}"), 400, "id");
      refused(post("/api/games/" + bad + "/answers", map("question", "x", "option", 0)), 400,
          "id");
    }
    JsonNode unknown = refused(post("/api/games/0123456789abcdef/next", "{}"), 404, "id");
    assertThat(unknown.get("error").asText()).contains("no game with id '0123456789abcdef'");
    refused(post("/api/games/0123456789abcdef/answers", map("question", "x", "option", 0)), 404,
        "id");

    String id = startGame(12);
    String answers = "/api/games/" + id + "/answers";
    refused(post(answers, map("question", "blackjack/return-of-a-hand", "option", 0)), 400,
        "question"); // nothing dealt yet
    JsonNode question = next(id).get("question");
    String key = question.get("key").asText();
    int n = question.get("options").size();
    for (Object bad : List.of(-1, n, 1_000_000, 99_999_999_999L)) {
      JsonNode error = refused(post(answers, map("question", key, "option", bad)), 400,
          "option");
      assertThat(error.get("error").asText()).contains("0");
    }
    JsonNode range = refused(post(answers, map("question", key, "option", n)), 400, "option");
    assertThat(range.get("error").asText()).contains("from 0 to " + (n - 1));
    refused(post(answers, map("question", key, "option", "1")), 400, "option");
    refused(post(answers, map("question", key, "option", 1.5)), 400, "option");
    refused(post(answers, map("question", key)), 400, "option");
    refused(post(answers, map("option", 0)), 400, "question");
    refused(post(answers, map("question", 7, "option", 0)), 400, "question");
    refused(post(answers, map("question", "blackjack/not-this-one", "option", 0)), 400,
        "question");
    refused(post(answers, map("question", key, "option", 0, "seconds", 0.1)), 400, "seconds");
    refused(post(answers, "{\"question\": \"" + key + "\", \"option\": 0} x"), 400, "body");
    refused(post(answers, "[0]"), 400, "body");
    refused(post("/api/games/" + id + "/next", map("peek", true)), 400, "peek");
    assertThat(next(id).get("question").get("key").asText()).as("still the same question")
        .isEqualTo(key);

    for (Object bad : List.of(-1, 4_294_967_296L, "7", 0.5)) {
      refused(post("/api/games", map("seed", bad)), 400, "seed");
    }
    refused(post("/api/games", map("seed", 1, "score", 5150)), 400, "score");
    assertThat(ok(post("/api/games", "{}"), 201).get("seed").asLong())
        .as("the server picks a seed").isBetween(0L, 4_294_967_295L);
  }

  @Test
  void aRoundNobodyPlaysIsDroppedAfterThirtyMinutes() throws Exception {
    String id = startGame(3);
    next(id);
    clock.addAndGet(TimeUnit.MINUTES.toNanos(29));
    next(id); // a move keeps it
    clock.addAndGet(TimeUnit.MINUTES.toNanos(31));
    refused(post("/api/games/" + id + "/next", "{}"), 404, "id");
  }

  @Test
  void theSameSeedDealsTheSameRound() throws Exception {
    List<String> first = new ArrayList<>();
    List<String> again = new ArrayList<>();
    for (List<String> dealt : List.of(first, again)) {
      String id = startGame(2024);
      for (int i = 0; i < 4; i++) {
        JsonNode q = next(id).get("question");
        dealt.add(q.get("key").asText() + " " + q.get("options"));
        answer(id, q, rightOption(q));
      }
    }
    assertThat(again).isEqualTo(first);
  }

  // --- overload -------------------------------------------------------------------------------

  @Test
  void aFloodOfMovesAnswers429FromTheWriteShare() throws Exception {
    String id = startGame(1);
    int burst = LIMITS.writeBurstPerClient();
    int refused = 0;
    for (int i = 0; i < burst + 5; i++) {
      HttpResponse<String> r = post("/api/games/" + id + "/next", "{}");
      if (r.statusCode() == 429) {
        refused++;
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
      } else {
        assertThat(r.statusCode()).isEqualTo(200);
      }
    }
    assertThat(refused).isPositive();
    HttpResponse<String> save = post("/api/scores", map("game", id, "nickname", "x"));
    assertThat(save.statusCode()).isEqualTo(429);
    assertThat(JSON.readTree(save.body()).get("error").asText()).contains("too many writes");
  }

  @Test
  void aFullTableOfRoundsAnswers429() throws Exception {
    Games tiny = new Games(new ArrayList<>(KEY.values()), 1, 1, Duration.ofMinutes(30),
        clock::get);
    Javalin own = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jetty.host = "127.0.0.1";
      config.jetty.port = 0;
      GameRoutes.register(config.routes, db, new ObjectMapper(),
          new ClientLimits(4, LIMITS, clock::get), tiny);
    }).start();
    try {
      tiny.start(1L, "10.9.9.9"); // another learner holds the only slot
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
              + own.port() + "/api/games")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("60");
      assertThat(JSON.readTree(r.body()).get("error").asText()).contains("rounds");
    } finally {
      own.stop();
    }
  }

  /** The server wires these routes with the lessons' questions; an unknown game is a JSON 404. */
  @Test
  void theWebServerServesTheGame() throws Exception {
    try (WebServer server = WebServer.start(WebServer.Options.defaults().withWarmUp(false)
        .withPort(0).withHost("127.0.0.1"))) {
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> rules = http.send(HttpRequest.newBuilder(URI.create(base
          + "/api/games/rules")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ok(rules, 200).get("questions").asInt()).isEqualTo(KEY.size());
      HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base
              + "/api/games")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"seed\": 2024}")).build(),
          HttpResponse.BodyHandlers.ofString());
      String id = ok(started, 201).get("id").asText();
      HttpResponse<String> dealt = http.send(HttpRequest.newBuilder(URI.create(base
              + "/api/games/" + id + "/next")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ok(dealt, 200).get("question").toString()).doesNotContain("correct");
      assertThat(KEY).containsKey(ok(dealt, 200).get("question").get("key").asText());
      HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(base
              + "/api/scores")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"game\": \"0123456789abcdef\", \"nickname\": \"ada\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      refused(unknown, 404, "game");
    }
  }
}
