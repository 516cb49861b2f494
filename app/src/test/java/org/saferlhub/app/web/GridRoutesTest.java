package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.saferlhub.app.grid.GridSession;
import org.saferlhub.app.grid.GridDp;
import org.saferlhub.app.grid.GridSessions;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.train.AgentOptions;
import org.saferlhub.train.Algorithm;

/** The GridWorld API (docs/api.md, "GridWorld API") over real HTTP on a free port. */
class GridRoutesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  /** S, one floor cell, a goal worth 10; −1 for every other move. */
  static final String TINY = "step: -1\ngoal: 10\nS.G\n";

  static Server server;
  static HttpClient http;

  /**
   * A server with the GridWorld routes: the real {@link WebServer} ({@link #of}), or a Javalin app
   * with just these routes and the handlers WebServer has for ParameterException (400) and
   * NotFound (404) ({@link #start}, for a session table of the test's own).
   */
  record Server(java.util.function.IntSupplier port, Runnable stop) implements AutoCloseable {

    static Server of(WebServer web) {
      return new Server(web::port, web::close);
    }

    static Server start(GridSessions sessions) {
      ObjectMapper mapper = new ObjectMapper();
      Javalin app = Javalin.create(config -> {
        config.startup.showJavalinBanner = false;
        config.jsonMapper(new JavalinJackson(mapper, false));
        config.http.maxRequestSize = 64 * 1024;
        config.jetty.host = "127.0.0.1";
        config.jetty.port = 0;
        GridRoutes.register(config.routes, mapper, new ClientLimits(4,
            WebServer.Limits.defaults(), System::nanoTime), sessions);
        config.routes.exception(ParameterException.class, (e, ctx) ->
            ctx.status(400).json(error(e.getMessage(), e.field())));
        config.routes.exception(WebServer.NotFound.class, (e, ctx) ->
            ctx.status(404).json(error(e.getMessage(), null)));
      }).start();
      return new Server(app::port, app::stop);
    }

    private static Map<String, Object> error(String message, String field) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("error", message);
      m.put("field", field);
      return m;
    }

    int portNumber() {
      return port.getAsInt();
    }

    @Override
    public void close() {
      stop.run();
    }
  }

  @BeforeAll
  static void start() {
    server = Server.of(WebServer.start(WebServer.Options.defaults().withWarmUp(false).withPort(0)
        .withHost("127.0.0.1")));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // --- HTTP helpers ---------------------------------------------------------------------------

  static HttpResponse<String> send(Server on, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on.portNumber()
        + path)).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> send(String method, String path, String body) throws Exception {
    return send(server, method, path, body);
  }

  /** The JSON answer of a request that must succeed with {@code status}. */
  static JsonNode ok(int status, String method, String path, Object body) throws Exception {
    HttpResponse<String> r = send(method, path, body == null ? null
        : body instanceof String s ? s : JSON.writeValueAsString(body));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return r.body().isEmpty() ? null : JSON.readTree(r.body());
  }

  static Map<String, Object> fields(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  // --- presets --------------------------------------------------------------------------------

  @Test
  void presetsListEveryMapWithTextThatReadsBack() throws Exception {
    JsonNode presets = ok(200, "GET", "/api/gridworld/presets", null);
    assertThat(presets).hasSize(3);
    assertThat(List.of(presets.get(0).get("id").asText(), presets.get(1).get("id").asText(),
        presets.get(2).get("id").asText())).containsExactly("open", "maze", "cliff");
    for (JsonNode p : presets) {
      for (String field : List.of("id", "name", "description", "text", "rows", "cols")) {
        assertThat(p.has(field)).as(field).isTrue();
      }
      GridMap map = GridMap.preset(p.get("id").asText());
      assertThat(GridMap.parse(p.get("text").asText())).isEqualTo(map);
      assertThat(p.get("rows").asInt()).isEqualTo(map.rows());
      assertThat(p.get("tiles")).hasSize(map.rows() * map.cols());
    }
    JsonNode cliff = presets.get(2);
    assertThat(cliff.get("rows").asInt()).isEqualTo(4);
    assertThat(cliff.get("cols").asInt()).isEqualTo(12);
    assertThat(cliff.get("start").asInt()).isEqualTo(36);
    assertThat(cliff.get("tiles").get(37).asText()).isEqualTo("cliff");
    assertThat(cliff.get("rewards").get(37).asDouble()).isEqualTo(-100);
    assertThat(cliff.get("tiles").get(47).asText()).isEqualTo("goal");
  }

  // --- dynamic programming --------------------------------------------------------------------

  @Test
  void evaluationSweepsAndImprovementMatchTheHandComputedNumbers() throws Exception {
    // Uniform random policy on S . G, V_0 = 0. Sweep 1:
    //   V(S) = ¼(−1 − 1 − 1 − 1) = −1          (up, down, left bump; right enters the floor)
    //   V(.) = ¼(−1 + 10 − 1 − 1) = 1.75       (up, down bump; right enters G; left enters S)
    JsonNode first = ok(200, "POST", "/api/gridworld/dp", fields("map", TINY, "gamma", 0.9,
        "op", "evaluate"));
    assertThat(doubles(first.get("values"))).containsExactly(-1, 1.75, 0);
    assertThat(first.get("maxChange").asDouble()).isEqualTo(1.75);
    assertThat(first.get("sweeps").asInt()).isEqualTo(1);
    assertThat(first.get("stable").asBoolean()).isFalse();
    assertThat(first.get("policy").get(0).toString()).isEqualTo("[0.25,0.25,0.25,0.25]");

    // Sweep 2 with γ = 0.9:
    //   V(S) = ¼[3(−1 + 0.9·(−1)) + (−1 + 0.9·1.75)] = ¼(−5.7 + 0.575) = −1.28125
    //   V(.) = ¼[2(−1 + 0.9·1.75) + 10 + (−1 + 0.9·(−1))] = ¼(1.15 + 10 − 1.9) = 2.3125
    JsonNode second = ok(200, "POST", "/api/gridworld/dp", fields("map", TINY, "gamma", 0.9,
        "op", "evaluate", "values", first.get("values"), "policy", first.get("policy")));
    double[] v = doubles(second.get("values"));
    assertThat(v[0]).isCloseTo(-1.28125, within(1e-12));
    assertThat(v[1]).isCloseTo(2.3125, within(1e-12));
    assertThat(v[2]).isZero();
    assertThat(second.get("maxChange").asDouble()).isCloseTo(0.5625, within(1e-12));

    // Greedy in V: right in both cells (q(S, right) = −1 + 0.9·2.3125 beats −1 + 0.9·(−1.28125)).
    JsonNode improved = ok(200, "POST", "/api/gridworld/dp", fields("map", TINY, "gamma", 0.9,
        "op", "improve", "values", second.get("values")));
    assertThat(improved.get("policy").get(0).toString()).isEqualTo("[0.0,1.0,0.0,0.0]");
    assertThat(improved.get("policy").get(1).toString()).isEqualTo("[0.0,1.0,0.0,0.0]");
    assertThat(improved.get("stable").asBoolean()).isFalse();
    assertThat(doubles(improved.get("values"))).containsExactly(v);
    JsonNode again = ok(200, "POST", "/api/gridworld/dp", fields("map", TINY, "gamma", 0.9,
        "op", "improve", "values", second.get("values"), "policy", improved.get("policy")));
    assertThat(again.get("stable").asBoolean()).isTrue();
  }

  @Test
  void valueIterationConvergesToWhatPolicyIterationFinds() throws Exception {
    for (Object[] c : new Object[][] {{"maze", 1.0}, {"cliff", 0.9}, {"open", 1.0}}) {
      JsonNode pi = ok(200, "POST", "/api/gridworld/dp", fields("map", c[0], "gamma", c[1],
          "op", "policy-iteration"));
      assertThat(pi.get("stable").asBoolean()).isTrue();
      JsonNode values = null;
      int sweeps = 0;
      JsonNode vi;
      do {
        vi = ok(200, "POST", "/api/gridworld/dp", fields("map", c[0], "gamma", c[1],
            "op", "value-iteration", "values", values));
        values = vi.get("values");
        sweeps++;
      } while (!vi.get("stable").asBoolean() && sweeps < 1_000);
      assertThat(vi.get("stable").asBoolean()).isTrue();
      double[] byValue = doubles(values);
      double[] byPolicy = doubles(pi.get("values"));
      for (int s = 0; s < byValue.length; s++) {
        assertThat(byValue[s]).as("%s state %d", c[0], s).isCloseTo(byPolicy[s], within(1e-6));
      }
    }
    // The maze's start is 30 steps of −1 from the goal.
    JsonNode maze = ok(200, "POST", "/api/gridworld/dp", fields("map", "maze",
        "op", "policy-iteration"));
    assertThat(maze.get("values").get(0).asDouble()).isCloseTo(-30, within(1e-6));
  }

  // --- sessions -------------------------------------------------------------------------------

  @Test
  void aSessionStepsTracesLearnsAndTakesLiveEdits() throws Exception {
    JsonNode created = ok(201, "POST", "/api/gridworld/sessions", fields("map", "open",
        "algorithm", "q-learning", "alpha", 0.5, "gamma", 0.9, "epsilon", 0.1, "seed", 3));
    String id = created.get("id").asText();
    String path = "/api/gridworld/sessions/" + id;
    assertThat(created.get("map").get("rows").asInt()).isEqualTo(5);
    JsonNode snapshot = created.get("snapshot");
    assertThat(snapshot.get("position").asInt()).isZero();
    assertThat(snapshot.get("episode").asInt()).isZero();
    assertThat(snapshot.get("step").asInt()).isZero();
    assertThat(snapshot.get("q")).hasSize(25);
    assertThat(snapshot.get("probabilities").get(0).toString())
        .isEqualTo("[0.925,0.025,0.025,0.025]");
    assertThat(snapshot.get("greedy").get(24).asInt()).isEqualTo(-1); // the goal

    // One step, with every number of the update.
    JsonNode one = ok(200, "POST", path + "/step", fields("steps", 1));
    assertThat(one.get("steps").asInt()).isEqualTo(1);
    JsonNode t = one.get("trace");
    for (String field : List.of("state", "action", "explored", "coin", "epsilon", "reward",
        "nextState", "nextAction", "terminated", "target", "tdError", "oldValue", "newValue",
        "updates")) {
      assertThat(t.has(field)).as(field).isTrue();
    }
    assertThat(t.get("state").asInt()).isZero();
    assertThat(t.get("epsilon").asDouble()).isEqualTo(0.1);
    assertThat(t.get("explored").asBoolean())
        .isEqualTo(t.get("coin").asDouble() < t.get("epsilon").asDouble());
    assertThat(t.get("reward").asDouble()).isEqualTo(-1);
    assertThat(t.get("updates").asInt()).isEqualTo(1);
    double oldValue = t.get("oldValue").asDouble();
    double target = t.get("target").asDouble();
    assertThat(t.get("tdError").asDouble()).isCloseTo(target - oldValue, within(1e-12));
    assertThat(t.get("newValue").asDouble())
        .isCloseTo(oldValue + 0.5 * (target - oldValue), within(1e-12));
    // Q-learning's target from a fresh table: R + γ max_a Q(S′, a) = −1 + 0.9 · 0.
    assertThat(target).isEqualTo(-1);
    JsonNode after = one.get("snapshot");
    assertThat(after.get("q").get(0).get(t.get("action").asInt()).asDouble())
        .isEqualTo(t.get("newValue").asDouble());
    assertThat(after.get("position").asInt()).isEqualTo(t.get("nextState").asInt());
    assertThat(after.get("step").asInt()).isEqualTo(1);
    assertThat(one.get("episodes")).isEmpty();

    // A second step starts where the first ended, with the action announced as nextAction.
    JsonNode two = ok(200, "POST", path + "/step", fields("steps", 1)).get("trace");
    assertThat(two.get("state").asInt()).isEqualTo(t.get("nextState").asInt());
    assertThat(two.get("action").asInt()).isEqualTo(t.get("nextAction").asInt());

    // A thousand steps finish episodes.
    JsonNode many = ok(200, "POST", path + "/step", fields("steps", 1000));
    assertThat(many.get("steps").asInt()).isEqualTo(1000);
    assertThat(many.get("trace").isNull()).isTrue();
    assertThat(many.get("episodes").size()).isPositive();
    JsonNode episode = many.get("episodes").get(0);
    assertThat(episode.get("length").asInt()).isPositive();
    assertThat(episode.get("return").asDouble()).isEqualTo(-episode.get("length").asDouble());
    assertThat(many.get("snapshot").get("totalSteps").asInt()).isEqualTo(1002);
    assertThat(many.get("snapshot").get("episode").asInt())
        .isEqualTo(many.get("episodes").size());

    // Edit cells while it learns: a wall, and a reward.
    JsonNode walled = ok(200, "PATCH", path, fields("cell", fields("row", 1, "col", 2,
        "tile", "wall")));
    assertThat(walled.get("map").get("tiles").get(7).asText()).isEqualTo("wall");
    assertThat(walled.get("snapshot").get("greedy").get(7).asInt()).isEqualTo(-1);
    JsonNode paid = ok(200, "PATCH", path, fields("cell", fields("row", 2, "col", 2,
        "reward", 5)));
    assertThat(paid.get("map").get("rewards").get(12).asDouble()).isEqualTo(5);
    assertThat(paid.get("map").get("text").asText()).contains("a: 5");
    JsonNode rest = ok(200, "POST", path + "/step", fields("steps", 500));
    assertThat(rest.get("snapshot").get("position").asInt()).isNotEqualTo(7); // never in a wall

    // ε applies from the next choice on.
    JsonNode patched = ok(200, "PATCH", path, fields("epsilon", 0.3));
    assertThat(patched.get("snapshot").get("epsilon").asDouble()).isEqualTo(0.3);
    assertThat(patched.get("config").get("epsilon").asDouble()).isEqualTo(0.3);
    assertThat(patched.get("snapshot").get("probabilities").get(0).get(0).asDouble() +
        patched.get("snapshot").get("probabilities").get(0).get(1).asDouble() +
        patched.get("snapshot").get("probabilities").get(0).get(2).asDouble() +
        patched.get("snapshot").get("probabilities").get(0).get(3).asDouble())
        .isCloseTo(1, within(1e-12));
    ok(200, "POST", path + "/step", fields("steps", 1));
    assertThat(ok(200, "POST", path + "/step", fields("steps", 1)).get("trace").get("epsilon")
        .asDouble()).isEqualTo(0.3);

    // GET shows it; DELETE forgets it; then it is 404.
    assertThat(ok(200, "GET", path, null).get("id").asText()).isEqualTo(id);
    assertThat(send("DELETE", path, null).statusCode()).isEqualTo(204);
    for (HttpResponse<String> gone : List.of(send("POST", path + "/step", "{\"steps\":1}"),
        send("PATCH", path, "{\"epsilon\":0.2}"), send("DELETE", path, null),
        send("GET", path, null))) {
      assertThat(gone.statusCode()).isEqualTo(404);
      assertThat(JSON.readTree(gone.body()).get("error").asText())
          .contains("no GridWorld session");
    }
  }

  @Test
  void editsSayWhetherTheGoalCanStillBeReached() throws Exception {
    JsonNode created = ok(201, "POST", "/api/gridworld/sessions", fields("map", "open",
        "seed", 1));
    assertThat(created.get("goalReachable").asBoolean()).isTrue();
    String path = "/api/gridworld/sessions/" + created.get("id").asText();
    JsonNode one = ok(200, "PATCH", path, fields("cell", fields("row", 0, "col", 1,
        "tile", "wall")));
    assertThat(one.get("goalReachable").isBoolean()).isTrue();
    assertThat(one.get("goalReachable").asBoolean()).isTrue(); // the way down is open
    // The second wall closes the start in: every episode would run into the time limit.
    JsonNode cut = ok(200, "PATCH", path, fields("cell", fields("row", 1, "col", 0,
        "tile", "wall")));
    assertThat(cut.get("goalReachable").asBoolean()).isFalse();
    assertThat(ok(200, "GET", path, null).get("goalReachable").asBoolean()).isFalse();
    // A reward edit changes nothing; removing a wall opens the way again.
    assertThat(ok(200, "PATCH", path, fields("cell", fields("row", 3, "col", 3, "reward", 5)))
        .get("goalReachable").asBoolean()).isFalse();
    assertThat(ok(200, "PATCH", path, fields("cell", fields("row", 1, "col", 0,
        "tile", "floor"))).get("goalReachable").asBoolean()).isTrue();
    send("DELETE", path, null);
  }

  @Test
  void episodesSayWhetherTheyEndedOrHitTheTimeLimit() throws Exception {
    // The goal is three steps away but the time limit is two: every episode is cut off.
    String cutShort = "step: -1\ngoal: 10\nmax-steps: 2\nS..G\n";
    String id = ok(201, "POST", "/api/gridworld/sessions", fields("map", cutShort,
        "seed", 1)).get("id").asText();
    JsonNode two = ok(200, "POST", "/api/gridworld/sessions/" + id + "/step",
        fields("steps", 2));
    JsonNode episode = two.get("episodes").get(0);
    assertThat(episode.get("length").asInt()).isEqualTo(2);
    assertThat(episode.get("truncated").asBoolean()).isTrue();
    assertThat(episode.get("terminated").asBoolean()).isFalse();
    send("DELETE", "/api/gridworld/sessions/" + id, null);

    // TINY's goal is two steps away and the limit 100: the first episode ends at the goal.
    String tiny = ok(201, "POST", "/api/gridworld/sessions", fields("map", TINY,
        "epsilon", 0, "seed", 1)).get("id").asText();
    JsonNode ended = ok(200, "POST", "/api/gridworld/sessions/" + tiny + "/step",
        fields("steps", 200)).get("episodes").get(0);
    assertThat(ended.get("terminated").asBoolean()).isTrue();
    assertThat(ended.get("truncated").asBoolean()).isFalse();
    assertThat(ended.get("length").asInt()).isLessThan(100);
    send("DELETE", "/api/gridworld/sessions/" + tiny, null);
  }

  @Test
  void sameSeedSameSession() throws Exception {
    String body = "{\"map\":\"cliff\",\"algorithm\":\"sarsa\",\"seed\":11}";
    String a = ok(201, "POST", "/api/gridworld/sessions", body).get("id").asText();
    String b = ok(201, "POST", "/api/gridworld/sessions", body).get("id").asText();
    JsonNode sa = ok(200, "POST", "/api/gridworld/sessions/" + a + "/step",
        "{\"steps\":2000}").get("snapshot");
    JsonNode sb = ok(200, "POST", "/api/gridworld/sessions/" + b + "/step",
        "{\"steps\":2000}").get("snapshot");
    assertThat(sa).isEqualTo(sb);
    send("DELETE", "/api/gridworld/sessions/" + a, null);
    send("DELETE", "/api/gridworld/sessions/" + b, null);
  }

  @Test
  void everyAlgorithmRunsInASession() throws Exception {
    // Every online algorithm: a batch method (vpg) learns from whole batches, so it has no steps.
    for (Algorithm algorithm : online()) {
      JsonNode created = ok(201, "POST", "/api/gridworld/sessions", fields("map", "maze",
          "algorithm", algorithm.id(), "alpha", 0.1, "lambda", 0.8, "planningSteps", 5));
      String path = "/api/gridworld/sessions/" + created.get("id").asText();
      assertThat(created.get("config").get("algorithm").asText()).isEqualTo(algorithm.id());
      JsonNode one = ok(200, "POST", path + "/step", fields("steps", 1));
      assertThat(one.get("trace").get("state").asInt()).isZero();
      JsonNode many = ok(200, "POST", path + "/step", fields("steps", 3000));
      for (JsonNode row : many.get("snapshot").get("probabilities")) {
        double sum = 0;
        for (JsonNode p : row) {
          sum += p.asDouble();
        }
        assertThat(sum).as(algorithm.id()).isCloseTo(1, within(1e-9));
      }
      assertThat(send("DELETE", path, null).statusCode()).isEqualTo(204);
    }
  }

  @Test
  void aFullServerAnswers429UntilASessionIsDeleted() throws Exception {
    try (Server small = Server.start(new GridSessions(2, Duration.ofMinutes(20),
        System::nanoTime))) {
      HttpResponse<String> a = send(small, "POST", "/api/gridworld/sessions", "{}");
      HttpResponse<String> b = send(small, "POST", "/api/gridworld/sessions", "{}");
      assertThat(List.of(a.statusCode(), b.statusCode())).containsExactly(201, 201);
      HttpResponse<String> full = send(small, "POST", "/api/gridworld/sessions", "{}");
      assertThat(full.statusCode()).isEqualTo(429);
      assertThat(full.headers().firstValue("Retry-After")).isPresent();
      assertThat(JSON.readTree(full.body()).get("error").asText()).contains("limit");
      String id = JSON.readTree(a.body()).get("id").asText();
      assertThat(send(small, "DELETE", "/api/gridworld/sessions/" + id, null).statusCode())
          .isEqualTo(204);
      assertThat(send(small, "POST", "/api/gridworld/sessions", "{}").statusCode())
          .isEqualTo(201);
    }
  }

  /**
   * One address cannot take every session: with 2 sessions per client, a third from 127.0.0.1
   * answers 429 naming the learner's own share, while 127.0.0.2 (another learner) still gets one.
   */
  @Test
  void sessionsAreSharedPerClient() throws Exception {
    try (Server small = Server.start(new GridSessions(200, 2, Duration.ofMinutes(20),
        System::nanoTime))) {
      for (int i = 0; i < 2; i++) {
        assertThat(send(small, "POST", "/api/gridworld/sessions", "{}").statusCode())
            .isEqualTo(201);
      }
      HttpResponse<String> third = send(small, "POST", "/api/gridworld/sessions", "{}");
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(JSON.readTree(third.body()).get("error").asText()).contains("You already run 2");
      HttpClient other = HttpClient.newBuilder()
          .localAddress(java.net.InetAddress.getByName("127.0.0.2")).build();
      HttpResponse<String> elsewhere = other.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + small.portNumber() + "/api/gridworld/sessions"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(201);
    }
  }

  /**
   * The work of one dynamic-programming request is capped: policy iteration on a 30×30 field that
   * slips 90 % of the time with γ = 0.999999 would sweep 100,000 times (seconds of a core); it
   * stops within {@link GridDp#MAX_BACKUPS} state backups and says it did not converge.
   */
  @Test
  void oneDynamicProgrammingRequestDoesBoundedWork() throws Exception {
    StringBuilder map = new StringBuilder("step: -1\ngoal: 10\nslip: 0.9\nmax-steps: 10000\n");
    for (int r = 0; r < 30; r++) {
      StringBuilder row = new StringBuilder(".".repeat(30));
      if (r == 0) {
        row.setCharAt(0, 'S');
      }
      if (r == 29) {
        row.setCharAt(29, 'G');
      }
      map.append(row).append('\n');
    }
    JsonNode answer = ok(200, "POST", "/api/gridworld/dp", fields("map", map.toString(),
        "gamma", 0.999999, "op", "policy-iteration"));
    assertThat(answer.get("sweeps").asLong()).isLessThanOrEqualTo(GridDp.MAX_BACKUPS / 899);
    assertThat(answer.get("stable").asBoolean()).isFalse();
  }

  @Test
  void idleSessionsAreDroppedAfterTwentyMinutes() {
    AtomicLong clock = new AtomicLong();
    GridSessions sessions = new GridSessions(1, Duration.ofMinutes(20), clock::get);
    GridSession.Settings settings = new GridSession.Settings(Algorithm.Q_LEARNING, 0.5, 1, 0.1,
        AgentOptions.defaults(), 1);
    GridSession kept = sessions.create(GridMap.preset("open"), settings);
    clock.addAndGet(Duration.ofMinutes(19).toNanos());
    assertThat(sessions.get(kept.id())).isPresent(); // used: its idle time starts again
    clock.addAndGet(Duration.ofMinutes(19).toNanos());
    assertThat(sessions.size()).isEqualTo(1);
    clock.addAndGet(Duration.ofMinutes(2).toNanos());
    assertThat(sessions.size()).isZero();
    assertThat(sessions.get(kept.id())).isEmpty();
    assertThat(sessions.create(GridMap.preset("open"), settings).id()).isNotEqualTo(kept.id());
  }

  // --- bad input ------------------------------------------------------------------------------

  static Stream<Arguments> badRequests() {
    String session = "/api/gridworld/sessions";
    String train = "/api/gridworld/train";
    String dp = "/api/gridworld/dp";
    return Stream.of(
        Arguments.of(session, "{\"map\":\"S.G\\n.x.\\n\"}", "map", "map line 2, column 2:"),
        Arguments.of(train, "{\"map\":\"step: -1\\nS..\\n\"}", "map", "map line 2, column 1:"),
        Arguments.of(dp, "{\"map\":\"volcano\"}", "map", "map must be one of the presets open, maze, cliff"),
        Arguments.of(dp, "{\"map\":7}", "map", "map must be a string"),
        Arguments.of(session, "{\"alpha\":0}", "alpha", "alpha must be more than 0 and at most 1, was 0"),
        Arguments.of(train, "{\"alpha\":1.5}", "alpha", "alpha must be more than 0 and at most 1, was 1.5"),
        Arguments.of(session, "{\"gamma\":1.01}", "gamma", "gamma must be from 0 to 1"),
        Arguments.of(dp, "{\"gamma\":-0.5}", "gamma", "gamma must be from 0 to 1"),
        Arguments.of(session, "{\"epsilon\":-0.1}", "epsilon", "epsilon must be from 0 to 1"),
        Arguments.of(train, "{\"epsilon\":2}", "epsilon", "epsilon must be from 0 to 1"),
        Arguments.of(session, "{\"lambda\":1.2}", "lambda", "lambda must be from 0 to 1"),
        Arguments.of(train, "{\"lambda\":-1}", "lambda", "lambda must be from 0 to 1"),
        Arguments.of(session, "{\"planningSteps\":1001}", "planningSteps",
            "planningSteps must be an integer from 0 to 1,000"),
        Arguments.of(train, "{\"planningSteps\":-1}", "planningSteps",
            "planningSteps must be an integer from 0 to 1,000"),
        Arguments.of(session, "{\"planningSteps\":2.5}", "planningSteps",
            "planningSteps must be a whole number"),
        Arguments.of(train, "{\"episodes\":5001}", "episodes",
            "episodes must be an integer from 1 to 5,000, was 5001"),
        Arguments.of(train, "{\"episodes\":0}", "episodes", "episodes must be an integer from 1"),
        Arguments.of(session, "{\"algorithm\":\"dqn\"}", "algorithm",
            "algorithm must be one of q-learning, sarsa, monte-carlo, expected-sarsa"),
        Arguments.of(train, "{\"algorithm\":\"ppo\"}", "algorithm", "algorithm must be one of"),
        Arguments.of(session, "{\"seed\":-1}", "seed", "seed must be an integer from 0"),
        Arguments.of(dp, "{\"op\":\"guess\"}", "op",
            "op must be one of evaluate, improve, value-iteration, policy-iteration"),
        Arguments.of(dp, "{\"map\":\"open\",\"values\":[1,2]}", "values",
            "values must be an array of 25 numbers"),
        Arguments.of(dp, "{\"map\":\"" + "S.G" + "\",\"values\":[0,\"x\",0]}", "values",
            "values[1] must be a number"),
        Arguments.of(dp, "{\"map\":\"S.G\",\"policy\":[[1,0,0,0],[0.5,0.5,0.5,0],[0,0,0,0]]}",
            "policy", "policy probabilities of state 1 must sum to 1"),
        Arguments.of(dp, "{\"map\":\"S.G\",\"values\":[0,1e13,0]}", "values",
            "values must be numbers from -1e12 to 1e12, value of state 1 was"),
        Arguments.of(dp, "{\"map\":\"S.G\",\"policy\":[[1,0,0,0]]}", "policy",
            "policy must be an array of 3 rows"),
        Arguments.of(session, "{\"epsilom\":0.1}", "epsilom", "unknown field 'epsilom'"),
        Arguments.of(train, "[1]", "body", "body must be a JSON object"),
        Arguments.of(dp, "{nope", "body", "body must be a JSON object"));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void badInputIs400NamingTheField(String path, String body, String field, String message)
      throws Exception {
    HttpResponse<String> r = send("POST", path, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode error = JSON.readTree(r.body());
    assertThat(error.get("field").asText()).isEqualTo(field);
    assertThat(error.get("error").asText()).startsWith(message);
  }

  @Test
  void badStepsAndEditsAre400() throws Exception {
    String id = ok(201, "POST", "/api/gridworld/sessions", "{\"map\":\"open\"}").get("id")
        .asText();
    String path = "/api/gridworld/sessions/" + id;
    Object[][] cases = {
        {"POST", path + "/step", "{\"steps\":0}", "steps", "steps must be an integer from 1 to 100,000, was 0"},
        {"POST", path + "/step", "{\"steps\":100001}", "steps", "steps must be an integer from 1 to 100,000"},
        {"POST", path + "/step", "{\"steps\":\"many\"}", "steps", "steps must be a whole number"},
        {"PATCH", path, "{\"epsilon\":1.5}", "epsilon", "epsilon must be from 0 to 1, was 1.5"},
        {"PATCH", path, "{\"cell\":{\"row\":5,\"col\":0,\"tile\":\"wall\"}}", "cell",
            "cell (5, 0) is outside the 5×5 map"},
        {"PATCH", path, "{\"cell\":{\"row\":0,\"col\":-1,\"reward\":3}}", "cell",
            "cell (0, -1) is outside the 5×5 map"},
        {"PATCH", path, "{\"cell\":{\"row\":0,\"col\":0,\"tile\":\"wall\"}}", "cell",
            "cell (0, 0) is the start"},
        {"PATCH", path, "{\"cell\":{\"row\":4,\"col\":4,\"tile\":\"floor\"}}", "cell",
            "cell (4, 4) is the map's only goal"},
        {"PATCH", path, "{\"cell\":{\"row\":1,\"col\":1,\"tile\":\"moat\"}}", "cell",
            "cell tile must be one of wall, floor"},
        {"PATCH", path, "{\"cell\":{\"row\":1,\"col\":1,\"reward\":1e9}}", "reward",
            "reward must be a number from -1,000,000 to 1,000,000"},
        {"PATCH", path, "{\"cell\":{\"row\":1,\"col\":1}}", "cell", "cell must set"},
        {"PATCH", path, "{\"cell\":{\"col\":1,\"tile\":\"wall\"}}", "cell", "cell needs"},
        {"PATCH", path, "{\"cell\":{\"row\":1,\"col\":1,\"colour\":\"red\"}}", "cell",
            "unknown field 'cell.colour'"},
        {"PATCH", path, "{}", "body", "body must set epsilon and/or cell"},
    };
    for (Object[] c : cases) {
      HttpResponse<String> r = send((String) c[0], (String) c[1], (String) c[2]);
      assertThat(r.statusCode()).as(c[2] + " → " + r.body()).isEqualTo(400);
      JsonNode error = JSON.readTree(r.body());
      assertThat(error.get("field").asText()).as((String) c[2]).isEqualTo(c[3]);
      assertThat(error.get("error").asText()).as((String) c[2]).startsWith((String) c[4]);
    }
    // Nothing was changed by the rejected edits.
    JsonNode map = ok(200, "GET", path, null).get("map");
    assertThat(map).isEqualTo(JSON.valueToTree(org.saferlhub.app.grid.GridViews.map(
        GridMap.preset("open"))));
    send("DELETE", path, null);
  }

  // --- whole runs -----------------------------------------------------------------------------

  @Test
  void trainingOnTheCliffReturnsCurvesPolicyPathAndQ() throws Exception {
    Map<String, Object> request = fields("map", "cliff", "algorithm", "sarsa", "episodes", 500,
        "alpha", 0.5, "gamma", 1.0, "epsilon", 0.1, "seed", 1);
    JsonNode sarsa = ok(200, "POST", "/api/gridworld/train", request);
    assertThat(sarsa.get("returns")).hasSize(500);
    assertThat(sarsa.get("lengths")).hasSize(500);
    assertThat(sarsa.get("q")).hasSize(48);
    assertThat(sarsa.get("q").get(0)).hasSize(4);
    JsonNode greedy = sarsa.get("greedy");
    assertThat(greedy).hasSize(4);
    for (JsonNode row : greedy) {
      assertThat(row.asText()).hasSize(12).matches("[↑→↓←CG]+");
    }
    assertThat(greedy.get(3).asText()).endsWith("CCCCCCCCCCG");
    // The greedy walk starts at S and reaches G; SARSA's path keeps away from the cliff edge.
    JsonNode path = sarsa.get("path");
    assertThat(path.get(0).asInt()).isEqualTo(36);
    assertThat(path.get(path.size() - 1).asInt()).isEqualTo(47);
    for (int i = 1; i < path.size() - 1; i++) {
      assertThat(path.get(i).asInt()).isLessThan(36);
    }
    // Returns are the sums of −1 per step and −100 per fall.
    for (int k = 0; k < 500; k++) {
      double r = sarsa.get("returns").get(k).asDouble();
      int length = sarsa.get("lengths").get(k).asInt();
      assertThat((-r - length) % 99).as("episode %d", k).isZero();
    }
    // Same request, same answer.
    assertThat(ok(200, "POST", "/api/gridworld/train", request)).isEqualTo(sarsa);

    // Q-learning learns the optimal path along the edge: 13 steps.
    ObjectNode q = JSON.valueToTree(request);
    q.put("algorithm", "q-learning");
    JsonNode qLearning = ok(200, "POST", "/api/gridworld/train", q);
    assertThat(qLearning.get("path")).hasSize(14);
    assertThat(qLearning.get("greedy").get(2).asText()).isEqualTo("→→→→→→→→→→→↓");
  }

  @Test
  void theCommandLineTrainsTheSameRun() throws Exception {
    JsonNode web = ok(200, "POST", "/api/gridworld/train", fields("map", "maze",
        "algorithm", "expected-sarsa", "episodes", 300, "alpha", 0.3, "gamma", 0.95,
        "epsilon", 0.2, "seed", 9));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.out;
    int code;
    try {
      System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
      code = org.saferlhub.app.cli.Cli.commandLine(new org.saferlhub.app.Main()).execute("train",
          "--env", "gridworld:maze", "--agent", "expected-sarsa", "--episodes", "300", "--alpha",
          "0.3", "--gamma", "0.95", "--epsilon", "0.2", "--seed", "9", "--json");
    } finally {
      System.setOut(old);
    }
    assertThat(code).isZero();
    JsonNode cli = JSON.readTree(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    for (String field : List.of("returns", "lengths", "greedy", "path", "q")) {
      assertThat(cli.get(field)).as(field).isEqualTo(web.get(field));
    }
  }

  @Test
  void sourceServesTheDynamicProgrammingAlgorithmsToo() {
    for (String id : List.of("policy-evaluation", "policy-improvement", "value-iteration",
        "policy-iteration")) {
      Map<String, Object> src = SourceCode.of(id);
      assertThat((String) src.get("file")).startsWith("core/src/main/java/org/saferlhub/agent/dp/");
      String[] lines = ((String) src.get("source")).split("\n", -1);
      int start = (Integer) src.get("updateStart");
      int end = (Integer) src.get("updateEnd");
      assertThat(lines[start - 1]).contains("public static");
      assertThat(lines[end - 1].trim()).isEqualTo("}");
      assertThat(end).isGreaterThan(start + 3);
    }
    for (Algorithm a : online()) {
      Map<String, Object> src = SourceCode.of(a.id());
      String[] lines = ((String) src.get("source")).split("\n", -1);
      assertThat(lines[(Integer) src.get("updateStart") - 1]).contains("public int observe(");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SourceCode.of("dqn"))
        .isInstanceOf(ParameterException.class)
        .hasMessageStartingWith("algorithm must be one of q-learning")
        .hasMessageContaining("policy-iteration");
  }

  /** The algorithms that learn one interaction at a time (all but the batch methods). */
  static List<Algorithm> online() {
    return java.util.Arrays.stream(Algorithm.values()).filter(a -> a.batch() == null).toList();
  }

  @Test
  void aBatchAlgorithmCannotBeSteppedAndSaysWhy() throws Exception {
    HttpResponse<String> r = send("POST", "/api/gridworld/sessions",
        JSON.writeValueAsString(fields("map", "open", "algorithm", "vpg")));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("field").asText()).isEqualTo("algorithm");
    assertThat(r.body()).contains("trains in batches");
  }
}
