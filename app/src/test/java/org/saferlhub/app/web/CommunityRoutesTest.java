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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.saferlhub.app.db.Database;
import org.saferlhub.app.db.DbConfig;

/**
 * The community API over real HTTP: a Javalin app with just these routes on a free port, an
 * in-memory database, and a write limiter on a clock the test moves (so 429 is exact, not timed).
 */
class CommunityRoutesTest {

  static final String TOKEN = "admin-token-for-tests";
  static final String LEARNER = "5f0c2a9e-1111-4c4c-9d9d-0123456789ab";
  static final ObjectMapper JSON = new ObjectMapper();
  /** Each client's share: 20 writes a second, 40 at once (every test gets a full bucket). */
  static final WebServer.Limits LIMITS = WebServer.Limits.defaults().withShares(20, 40, 20);

  static final AtomicLong clock = new AtomicLong();
  static Database db;
  static Javalin app;
  static HttpClient http;

  @BeforeAll
  static void start() {
    db = Database.open(DbConfig.inMemory("routes-" + UUID.randomUUID()));
    ObjectMapper mapper = new ObjectMapper();
    ClientLimits limiter = new ClientLimits(4, LIMITS, clock::get);
    app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.http.maxRequestSize = 64 * 1024;
      config.jetty.host = "127.0.0.1";
      config.jetty.port = 0;
      CommunityRoutes.register(config.routes, db, TOKEN, mapper, limiter);
    }).start();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    app.stop();
    db.close();
  }

  /** A full bucket for every test: ten seconds pass. */
  @BeforeEach
  void refill() {
    clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
  }

  // --- HTTP helpers ---------------------------------------------------------------------------

  static HttpResponse<String> send(String method, String path, String body,
      String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
        + path)).timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      b.headers(headers);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String path, String... headers) throws Exception {
    return send("GET", path, null, headers);
  }

  static HttpResponse<String> post(String path, Object body, String... headers) throws Exception {
    String text = body instanceof String s ? s : JSON.writeValueAsString(body);
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = "application/json";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return send("POST", path, text, all);
  }

  static String[] learner(String id) {
    return new String[] {"X-Learner-Id", id};
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  /** Asserts a 400 whose JSON names {@code field}. */
  static void badRequest(HttpResponse<String> r, String field) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode error = json(r);
    assertThat(error.get("field").asText()).as(r.body()).isEqualTo(field);
    assertThat(error.get("error").asText()).contains(field);
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static String fresh() {
    return UUID.randomUUID().toString();
  }

  // --- progress -------------------------------------------------------------------------------

  @Test
  void progressRecordsVisitsAndTheBestQuiz() throws Exception {
    String me = fresh();
    assertThat(json(get("/api/progress", learner(me))).toString()).isEqualTo("{\"modules\":{}}");
    assertThat(post("/api/progress", map("module", "blackjack", "event", "visited"),
        learner(me)).statusCode()).isEqualTo(204);
    assertThat(post("/api/progress", map("module", "blackjack", "event", "quiz", "score", 5,
        "total", 6), learner(me)).statusCode()).isEqualTo(204);
    assertThat(post("/api/progress", map("module", "blackjack", "event", "quiz", "score", 2,
        "total", 6), learner(me)).statusCode()).isEqualTo(204);
    assertThat(post("/api/progress", map("module", "bandits-2", "event", "quiz", "score", 1,
        "total", 6), learner(me)).statusCode()).isEqualTo(204);
    HttpResponse<String> r = get("/api/progress", learner(me));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/json"));
    assertThat(json(r)).isEqualTo(JSON.readTree("""
        {"modules":{
          "bandits-2":{"visited":false,"quizBest":1,"quizTotal":6,"quizPassed":false},
          "blackjack":{"visited":true,"quizBest":5,"quizTotal":6,"quizPassed":true}}}"""));
    assertThat(json(get("/api/progress", learner(fresh()))).get("modules").size()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"short", "has space in it", "under_score_id", "ünïcode-learner-id",
      "0123456789012345678901234567890123456789012345678901234567890123456789"})
  void aBadLearnerIdIsRejectedNamingTheHeader(String id) throws Exception {
    badRequest(post("/api/progress", map("module", "blackjack", "event", "visited"),
        "X-Learner-Id", id), "X-Learner-Id");
    badRequest(get("/api/progress", "X-Learner-Id", id), "X-Learner-Id");
  }

  @Test
  void progressNeedsALearnerId() throws Exception {
    badRequest(post("/api/progress", map("module", "blackjack", "event", "visited")),
        "X-Learner-Id");
    badRequest(get("/api/progress"), "X-Learner-Id");
  }

  @Test
  void badProgressIsRejectedNamingTheField() throws Exception {
    String[] me = learner(fresh());
    badRequest(post("/api/progress", map("event", "visited"), me), "module");
    badRequest(post("/api/progress", map("module", "Blackjack", "event", "visited"), me),
        "module");
    badRequest(post("/api/progress", map("module", "../etc", "event", "visited"), me), "module");
    badRequest(post("/api/progress", map("module", "m".repeat(41), "event", "visited"), me),
        "module");
    badRequest(post("/api/progress", map("module", 7, "event", "visited"), me), "module");
    badRequest(post("/api/progress", map("module", "blackjack"), me), "event");
    badRequest(post("/api/progress", map("module", "blackjack", "event", "finished"), me),
        "event");
    badRequest(post("/api/progress", map("module", "blackjack", "event", "quiz", "score", 1),
        me), "total");
    badRequest(post("/api/progress", map("module", "blackjack", "event", "quiz", "total", 6),
        me), "score");
    badRequest(post("/api/progress", map("module", "blackjack", "event", "quiz", "score", 7,
        "total", 6), me), "score");
    badRequest(post("/api/progress", map("module", "blackjack", "event", "quiz", "score", -1,
        "total", 6), me), "score");
    badRequest(post("/api/progress", map("module", "blackjack", "event", "quiz", "score", 0,
        "total", 0), me), "total");
    badRequest(post("/api/progress", map("module", "blackjack", "event", "quiz", "score", 0,
        "total", 1001), me), "total");
    badRequest(post("/api/progress", map("module", "blackjack", "event", "quiz", "score", 1.5,
        "total", 6), me), "score");
    badRequest(post("/api/progress", map("module", "blackjack", "event", "visited", "score", 1),
        me), "score");
    badRequest(post("/api/progress", map("module", "blackjack", "event", "visited", "when", 1),
        me), "when");
    badRequest(post("/api/progress", "{not json", me), "body");
    badRequest(post("/api/progress", "[1,2]", me), "body");
    assertThat(json(get("/api/progress", me)).get("modules").size()).isZero();
  }

  // --- scores ---------------------------------------------------------------------------------

  /**
   * The high-score table as GET /api/scores shows it. Scores get there only through a finished
   * game (GameRoutesTest); here the store is filled directly.
   */
  @Nested
  class Scores {

    @Test
    void theTableIsBestFirstWithTiesOldestFirst() throws Exception {
      db.scores().add("ada", 400_001, 13, 13);
      db.scores().add("bob", 400_000, 13, 14);
      db.scores().add("cy", 400_000, 12, 15);
      JsonNode top = json(get("/api/scores?limit=3"));
      assertThat(top).hasSize(3);
      assertThat(top.get(0).get("nickname").asText()).isEqualTo("ada");
      assertThat(top.get(1).get("nickname").asText()).isEqualTo("bob");
      assertThat(top.get(2).get("nickname").asText()).isEqualTo("cy");
      JsonNode first = top.get(0);
      List<String> fields = new ArrayList<>();
      first.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).containsExactly("nickname", "score", "correct", "total", "createdAt");
      assertThat(first.get("score").asLong()).isEqualTo(400_001);
      assertThat(first.get("correct").asInt()).isEqualTo(13);
      assertThat(first.get("total").asInt()).isEqualTo(13);
      assertThat(java.time.Instant.parse(first.get("createdAt").asText())).isNotNull();
      assertThat(json(get("/api/scores?limit=1"))).hasSize(1);
    }

    @Test
    void theDefaultLimitIsTenAndTheLimitIsChecked() throws Exception {
      for (int i = 0; i < 12; i++) {
        db.scores().add("p" + i, i, 1, 1);
      }
      assertThat(json(get("/api/scores"))).hasSize(10);
      assertThat(get("/api/scores?limit=100").statusCode()).isEqualTo(200);
      for (String bad : List.of("0", "101", "-1", "abc", "1.5", "", "99999999999999999999")) {
        badRequest(get("/api/scores?limit=" + bad), "limit");
      }
    }

    @Test
    void nicknamesAreEscapedInJson() throws Exception {
      String nasty = "<img src=x onerror=1>&'\"";
      String emoji = "🧪".repeat(24); // 24 characters, 48 UTF-16 units
      for (String nickname : List.of(nasty, emoji, "=1+2", "東京")) {
        db.scores().add(nickname, 7, 1, 1);
      }
      HttpResponse<String> r = get("/api/scores?limit=100");
      assertThat(r.body()).doesNotContain("<img").doesNotContain(">&");
      assertThat(r.body()).contains("\\u003Cimg src=x onerror=1\\u003E\\u0026\\u0027\\\"");
      List<String> names = new ArrayList<>();
      json(r).forEach(s -> names.add(s.get("nickname").asText()));
      assertThat(names).contains(nasty, emoji, "=1+2", "東京");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void scoresAreNotPostedHere() throws Exception {
      // POST /api/scores saves a finished game's score: GameRoutes, never a number sent here.
      assertThat(post("/api/scores", map("nickname", "ada", "score", 1, "correct", 1,
          "total", 1)).statusCode()).isEqualTo(404);
    }
  }

  // --- feedback and admin ---------------------------------------------------------------------

  @Nested
  class Feedback {

    static final String[] ADMIN = {"Authorization", "Bearer " + TOKEN};

    @Test
    void feedbackIsStoredAsGivenAndTheAdminSeesIt() throws Exception {
      String nasty = "<script>alert('x')</script>, \"quoted\"\r\nnext line 🧪 東京";
      String longest = "🧪".repeat(2_000);
      HttpResponse<String> r = post("/api/feedback", map("background", "non-technical",
          "clear", nasty, "unclear", "", "topics", longest, "features", "x".repeat(2_000),
          "comments", "marker-" + UUID.randomUUID()));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      long id = json(r).get("id").asLong();

      HttpResponse<String> admin = get("/api/admin/feedback", ADMIN);
      assertThat(admin.statusCode()).isEqualTo(200);
      assertThat(admin.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(admin.body()).doesNotContain("<script>");
      JsonNode mine = null;
      for (JsonNode f : json(admin)) {
        if (f.get("id").asLong() == id) {
          mine = f;
        }
      }
      assertThat(mine).isNotNull();
      List<String> fields = new ArrayList<>();
      mine.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).containsExactly("id", "createdAt", "background", "clear", "unclear",
          "topics", "features", "comments");
      assertThat(mine.get("background").asText()).isEqualTo("non-technical");
      assertThat(mine.get("clear").asText()).isEqualTo(nasty);
      assertThat(mine.get("unclear").asText()).isEmpty();
      assertThat(mine.get("topics").asText()).isEqualTo(longest);
    }

    @Test
    void backgroundDefaultsToPreferNotToSayAndEveryTextIsOptional() throws Exception {
      HttpResponse<String> r = post("/api/feedback", map("comments", "only this"));
      assertThat(r.statusCode()).isEqualTo(201);
      long id = json(r).get("id").asLong();
      for (JsonNode f : json(get("/api/admin/feedback", ADMIN))) {
        if (f.get("id").asLong() == id) {
          assertThat(f.get("background").asText()).isEqualTo("prefer-not-to-say");
          assertThat(f.get("clear").asText()).isEmpty();
        }
      }
    }

    @Test
    void badFeedbackIsRejectedNamingTheField() throws Exception {
      for (String field : List.of("clear", "unclear", "topics", "features", "comments")) {
        HttpResponse<String> r = post("/api/feedback", map("background", "technical", field,
            "y".repeat(2_001)));
        badRequest(r, field);
        assertThat(json(r).get("error").asText()).isEqualTo(field
            + " must be at most 2,000 characters, was 2,001");
        badRequest(post("/api/feedback", map(field, "nul \u0000 inside")), field);
        badRequest(post("/api/feedback", "{\"" + field + "\":\"lone \\ud800 surrogate\"}"),
            field);
        badRequest(post("/api/feedback", map(field, 42)), field);
      }
      badRequest(post("/api/feedback", map("background", "expert")), "background");
      badRequest(post("/api/feedback", map("background", "Technical")), "background");
      badRequest(post("/api/feedback", map("email", "a@b.c")), "email");
      badRequest(post("/api/feedback", "\"just a string\""), "body");
    }

    @Test
    void adminNeedsTheBearerToken() throws Exception {
      for (String path : List.of("/api/admin/feedback", "/api/admin/feedback.csv")) {
        HttpResponse<String> none = get(path);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).get("field").asText()).isEqualTo("Authorization");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
            v -> assertThat(v).startsWith("Bearer"));
        assertThat(get(path, "Authorization", "Basic " + TOKEN).statusCode()).isEqualTo(401);
        assertThat(get(path, "Authorization", "Bearer ").statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = get(path, "Authorization", "Bearer " + TOKEN + "x");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(json(wrong).get("field").asText()).isEqualTo("Authorization");
        assertThat(json(wrong).get("error").asText()).doesNotContain(TOKEN);
        assertThat(get(path, "Authorization", "Bearer " + TOKEN.substring(1)).statusCode())
            .isEqualTo(403);
        assertThat(get(path, "Authorization", "bearer " + TOKEN).statusCode()).isEqualTo(200);
      }
    }

    @Test
    void wrongAdminTokensAreThrottledPerAddress() throws Exception {
      // A server of its own, on a clock of its own: the other tests' guesses do not count here.
      AtomicLong ownClock = new AtomicLong();
      Javalin own = Javalin.create(config -> {
        config.startup.showJavalinBanner = false;
        config.jetty.host = "127.0.0.1";
        config.jetty.port = 0;
        CommunityRoutes.register(config.routes, db, TOKEN, new ObjectMapper(),
            new ClientLimits(4, WebServer.Limits.defaults(), ownClock::get));
      }).start();
      try {
        java.util.function.Function<String, Integer> ask = token -> {
          try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + own.port()
                + "/api/admin/feedback")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
        for (int i = 0; i < CommunityRoutes.ADMIN_GUESS_BURST; i++) {
          assertThat(ask.apply("wrong-token-" + i)).isEqualTo(403);
        }
        assertThat(ask.apply("wrong-token-again")).isEqualTo(429);
        // While throttled, not even the right token is compared: guessing cannot go on.
        assertThat(ask.apply(TOKEN)).isEqualTo(429);
        // One guess comes back every 1 / ADMIN_GUESSES_PER_SECOND seconds.
        ownClock.addAndGet((long) (1e9 / CommunityRoutes.ADMIN_GUESSES_PER_SECOND));
        assertThat(ask.apply(TOKEN)).isEqualTo(200);
      } finally {
        own.stop();
      }
    }

    @Test
    void csvIsQuotedAndSafeToOpenInASpreadsheet() throws Exception {
      String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
      assertThat(post("/api/feedback", map("background", "technical",
          "clear", "=HYPERLINK(\"http://evil\",\"x\")",
          "unclear", "+1, -2",
          "topics", "@SUM(A1)",
          "features", "\tTab first\r\nthen a \"quote\"",
          "comments", marker)).statusCode()).isEqualTo(201);
      assertThat(post("/api/feedback", map("background", "non-technical",
          "clear", "-3", "unclear", "\rcr", "topics", "plain", "features", "naïve 🧪",
          "comments", marker + "-2")).statusCode()).isEqualTo(201);

      HttpResponse<String> r = get("/api/admin/feedback.csv", ADMIN);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
          t -> assertThat(t).startsWith("text/csv"));
      assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(
          t -> assertThat(t).startsWith("attachment"));
      String csv = r.body();
      assertThat(csv).startsWith("id,createdAt,background,clear,unclear,topics,features,"
          + "comments\r\n");
      assertThat(csv).endsWith("\r\n");
      assertThat(csv).contains(",technical,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\","
          + "\"'+1, -2\",'@SUM(A1),\"'\tTab first\r\nthen a \"\"quote\"\"\"," + marker + "\r\n");
      assertThat(csv).contains(",non-technical,'-3,\"'\rcr\",plain,naïve 🧪," + marker
          + "-2\r\n");
    }
  }

  // --- write limit ----------------------------------------------------------------------------

  @Test
  void writesPastTheBurstAnswer429UntilTokensComeBack() throws Exception {
    int burst = LIMITS.writeBurstPerClient();
    for (int i = 0; i < burst; i++) {
      // every write counts, bad ones too
      String path = List.of("/api/progress", "/api/feedback").get(i % 2);
      assertThat(post(path, map("comments", "w" + i)).statusCode()).isNotEqualTo(429);
    }
    for (String path : List.of("/api/progress", "/api/feedback")) {
      HttpResponse<String> r = post(path, map("comments", "one too many"));
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(json(r).get("error").asText()).contains("too many writes");
      assertThat(json(r).has("field")).isTrue();
    }
    // reads are not limited
    assertThat(get("/api/scores").statusCode()).isEqualTo(200);
    // 20 writes a second per client: one token after 50 ms
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));
    assertThat(post("/api/feedback", map("comments", "after 50 ms")).statusCode())
        .isEqualTo(201);
    assertThat(post("/api/feedback", map("comments", "again")).statusCode()).isEqualTo(429);
  }

  /**
   * Write limits are per client: one address flooding writes uses up its own share only, and a
   * learner at another address (127.0.0.2: every 127.x address is this machine) still writes.
   */
  @Test
  void oneClientsFloodLeavesOthersTheirWrites() throws Exception {
    int refused = 0;
    for (int i = 0; i < 150; i++) {
      refused += post("/api/progress", map("module", "flood", "event", "visited"))
          .statusCode() == 429 ? 1 : 0;
    }
    assertThat(refused).as("the flood is limited").isGreaterThan(100);
    HttpClient other = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .localAddress(java.net.InetAddress.getByName("127.0.0.2")).build();
    for (int i = 0; i < 15; i++) {
      HttpResponse<String> r = other.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + app.port() + "/api/feedback"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
              map("comments", "another learner " + i)))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("write %d of another learner", i).isEqualTo(201);
    }
  }

  /** The server wires these routes with its own database and admin token. */
  @Test
  void theWebServerServesTheseRoutes() throws Exception {
    String token = "server-admin-token-1234";
    try (WebServer server = WebServer.start(WebServer.Options.defaults().withWarmUp(false).withPort(0)
        .withHost("127.0.0.1").withAdminToken(token))) {
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base
              + "/api/feedback")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"comments\":\"wired\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      HttpResponse<String> admin = http.send(HttpRequest.newBuilder(URI.create(base
              + "/api/admin/feedback")).header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(admin.statusCode()).isEqualTo(200);
      assertThat(json(admin)).singleElement().satisfies(
          f -> assertThat(f.get("comments").asText()).isEqualTo("wired"));
    }
  }
}
