package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP API over real HTTP on a free port. */
class WebServerTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static WebServer server;
  static HttpClient http;

  @BeforeAll
  static void start() {
    server = WebServer.start(WebServer.Options.defaults().withWarmUp(false).withPort(0).withHost("127.0.0.1"));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A whole SSE stream as (event, data) pairs, read until the server closes it. */
  static List<String[]> readEvents(String path) throws Exception {
    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri(path))
        .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("text/event-stream"));
    List<String[]> events = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String event = null;
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          events.add(new String[] {event, line.substring(5).trim()});
        }
      }
    }
    return events;
  }

  @Test
  void pagesAndAssetsAreServedFromTheJar() throws Exception {
    assertThat(get("/").statusCode()).isEqualTo(200);
    HttpResponse<String> lesson = get("/lessons/blackjack");
    assertThat(lesson.statusCode()).isEqualTo(200);
    assertThat(lesson.body()).contains("<html lang=\"en\"");
    assertThat(get("/webjars/chart.js/4.5.1/dist/chart.umd.min.js").statusCode()).isEqualTo(200);
    assertThat(get("/webjars/katex/0.18.11/dist/katex.min.js").statusCode()).isEqualTo(200);
    HttpResponse<String> missing = get("/lessons/no-such-lesson");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("<html lang=\"en\"");
    HttpResponse<String> nowhere = http.send(HttpRequest.newBuilder(uri("/nope/<b>x"
        .replace("<", "%3C").replace(">", "%3E"))).header("Accept", "text/html").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(nowhere.statusCode()).isEqualTo(404);
    assertThat(nowhere.body()).contains("<html lang=\"en\"").doesNotContain("<b>x");
  }

  @Test
  void trainingStreamsProgressThenTheResult() throws Exception {
    HttpResponse<String> created = post("/api/runs",
        "{\"episodes\": 20000, \"seed\": 3, \"algorithm\": \"sarsa\", \"rules\": \"natural\"}");
    assertThat(created.statusCode()).isEqualTo(202);
    String id = JSON.readTree(created.body()).get("id").asText();

    List<String[]> events = readEvents("/api/runs/" + id + "/events");
    List<String[]> progress = events.stream().filter(e -> e[0].equals("progress")).toList();
    assertThat(progress).hasSizeBetween(100, 200);
    assertThat(JSON.readTree(progress.get(progress.size() - 1)[1]).get("episode").asLong())
        .isEqualTo(20_000);
    String[] last = events.get(events.size() - 1);
    assertThat(last[0]).isEqualTo("done");
    JsonNode result = JSON.readTree(last[1]);
    assertThat(result.get("config").get("algorithm").asText()).isEqualTo("sarsa");
    assertThat(result.get("config").get("rules").asText()).isEqualTo("natural");
    assertThat(result.get("optimalExpectedReturn").asDouble())
        .isEqualTo(-0.02572918278931986, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(result.get("expectedReturn").asDouble())
        .isLessThanOrEqualTo(result.get("optimalExpectedReturn").asDouble() + 1e-12);
    assertThat(result.get("policy").get("no_usable").get("21").asText()).hasSize(10);
    assertThat(result.get("q").get("usable").get("12").get("hit")).hasSize(10);

    // The finished agent can play a hand, showing the Q-values it compared.
    HttpResponse<String> hand = post("/api/runs/" + id + "/hand", "{\"seed\": 11}");
    assertThat(hand.statusCode()).isEqualTo(200);
    JsonNode h = JSON.readTree(hand.body());
    assertThat(h.get("terminated").asBoolean()).isTrue();
    assertThat(h.get("steps").get(0).has("q")).isTrue();
    // The stateless twin, for an agent the page holds: its report's policy plays the same hand.
    com.fasterxml.jackson.databind.node.ObjectNode body = JSON.createObjectNode();
    body.put("rules", "natural").put("seed", 11);
    body.set("q", result.get("q"));
    body.set("policy", result.get("policy"));
    HttpResponse<String> twin = post("/api/blackjack/agent-hand", body.toString());
    assertThat(twin.statusCode()).as(twin.body()).isEqualTo(200);
    assertThat(JSON.readTree(twin.body()).get("steps").findValuesAsText("action"))
        .isEqualTo(h.get("steps").findValuesAsText("action"));
    assertThat(JSON.readTree(twin.body()).get("dealerCards")).isEqualTo(h.get("dealerCards"));
    body.put("q", "nonsense");
    HttpResponse<String> bad = post("/api/blackjack/agent-hand", body.toString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("field").asText()).isEqualTo("q");

    // The same configuration trains the same agent: the learning curve is identical.
    String again = JSON.readTree(post("/api/runs",
        "{\"episodes\": 20000, \"seed\": 3, \"algorithm\": \"sarsa\", \"rules\": \"natural\"}")
        .body()).get("id").asText();
    List<String[]> second = readEvents("/api/runs/" + again + "/events");
    assertThat(second.stream().filter(e -> e[0].equals("progress")).map(e -> e[1]).toList())
        .isEqualTo(progress.stream().map(e -> e[1]).toList());
  }

  @Test
  void theStopButtonCancelsARun() throws Exception {
    String id = JSON.readTree(post("/api/runs", "{\"episodes\": 10000000}").body())
        .get("id").asText();
    assertThat(http.send(HttpRequest.newBuilder(uri("/api/runs/" + id)).DELETE().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
    List<String[]> events = readEvents("/api/runs/" + id + "/events");
    String last = events.get(events.size() - 1)[0];
    // 10 million episodes take about a second; a cancelled run ends well before.
    assertThat(last).isEqualTo("cancelled");
    JsonNode status = JSON.readTree(get("/api/runs/" + id).body());
    assertThat(status.get("status").asText()).isEqualTo("cancelled");
    assertThat(status.get("result").get("episodes").asLong()).isLessThan(10_000_000);
  }

  @Test
  void onlyTheLearnerWhoStartedARunMayStopIt() throws Exception {
    HttpResponse<String> started = http.send(HttpRequest.newBuilder(uri("/api/runs"))
        .header("Content-Type", "application/json").header("X-Learner-Id", "owner-0123456789")
        .POST(HttpRequest.BodyPublishers.ofString("{\"episodes\": 10000000}")).build(),
        HttpResponse.BodyHandlers.ofString());
    String id = JSON.readTree(started.body()).get("id").asText();
    for (String other : new String[] {"stranger-0123456789", null}) {
      HttpRequest.Builder stop = HttpRequest.newBuilder(uri("/api/runs/" + id)).DELETE();
      if (other != null) {
        stop.header("X-Learner-Id", other);
      }
      HttpResponse<String> refused = http.send(stop.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
      assertThat(JSON.readTree(refused.body()).get("field").asText()).isEqualTo("X-Learner-Id");
    }
    // The run was not cancelled by the strangers: its owner still can.
    assertThat(JSON.readTree(get("/api/runs/" + id).body()).get("status").asText())
        .isIn("running", "done");
    HttpResponse<String> owner = http.send(HttpRequest.newBuilder(uri("/api/runs/" + id))
        .header("X-Learner-Id", "owner-0123456789").DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(owner.statusCode()).isIn(204, 404); // 404 only if it had already finished
  }

  @Test
  void aBodyThatEndsEarlyIsTheClientsFault() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(30_000);
      var out = socket.getOutputStream();
      out.write(("POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100\r\nConnection: close\r\n\r\n{\"episodes\": 1")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      socket.shutdownOutput(); // the body ends 86 bytes early
      String answer = new String(socket.getInputStream().readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400").contains("\"field\":\"body\"");
    }
  }

  /** A run's events asked for without Accept: text/event-stream answer 406 in JSON, not 200 empty. */
  @Test
  void eventsWithoutAcceptingEventStreamsAnswer406() throws Exception {
    for (String accept : new String[] {null, "*/*", "application/json"}) {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/runs/ffffffffffff/events"));
      if (accept != null) {
        b.header("Accept", accept);
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(accept).isEqualTo(406);
      assertThat(JSON.readTree(r.body()).get("field").asText()).isEqualTo("Accept");
      assertThat(JSON.readTree(r.body()).get("error").asText()).contains("text/event-stream");
    }
  }

  /**
   * A change must be sent as JSON: text/plain (a no-cors fetch), a form, or no type at all answer
   * 415 naming Content-Type, even from the server's own address, which closes the CSRF door that
   * needs no preflight (issue 9, item 8).
   */
  @Test
  void changesMustBeSentAsJson() throws Exception {
    String game = "{\"seed\": 10}";
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", null}) {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/games"))
          .POST(HttpRequest.BodyPublishers.ofString(game));
      if (type != null) {
        b.header("Content-Type", type);
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(type + ": " + r.body()).isEqualTo(415);
      assertThat(JSON.readTree(r.body()).get("field").asText()).isEqualTo("Content-Type");
    }
    HttpResponse<String> json = http.send(HttpRequest.newBuilder(uri("/api/games"))
        .header("Content-Type", "application/json; charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString(game)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(json.statusCode()).as(json.body()).isEqualTo(201);
  }

  @Test
  void anotherSitesPageCannotChangeAnything() throws Exception {
    String host = "127.0.0.1:" + server.port();
    String[][] cases = {
        // Origin, Sec-Fetch-Site, status expected of POST /api/games (starts a game)
        {"http://evil.example", "cross-site", "403"},
        {"null", null, "403"}, // a sandboxed or file page
        {null, "cross-site", "403"},
        {"http://" + host, "same-origin", "201"},
        {null, null, "201"}, // a program, not a page
    };
    for (String[] c : cases) {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/games"))
          // what a no-cors fetch or a form can send; the site's own pages send JSON
          .header("Content-Type", c[2].equals("403") ? "text/plain" : "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"seed\": 10}"));
      if (c[0] != null) {
        b.header("Origin", c[0]);
      }
      if (c[1] != null) {
        b.header("Sec-Fetch-Site", c[1]);
      }
      HttpResponse<String> answer = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(String.valueOf(answer.statusCode())).as("%s %s: %s", c[0], c[1], answer.body())
          .isIn(c[2], c[2].equals("201") ? "200" : c[2]);
      if (c[2].equals("403")) {
        assertThat(JSON.readTree(answer.body()).get("field").asText()).isEqualTo("Origin");
      }
    }
    // Reading stays open to everyone, and an allowed origin may write.
    assertThat(WebServer.fromElsewhere("https://user.github.io", "cross-site", host,
        List.of("https://user.github.io"))).isFalse();
    assertThat(WebServer.fromElsewhere("https://" + host, "same-origin", host, List.of())).isFalse();
  }

  static Stream<Arguments> badRuns() {
    return Stream.of(
        Arguments.of("{\"alpha\": 0}", "alpha", "alpha must be more than 0 and at most 1"),
        Arguments.of("{\"alpha\": \"fast\"}", "alpha", "alpha must be a number"),
        Arguments.of("{\"gamma\": 1.5}", "gamma", "gamma must be from 0 to 1"),
        Arguments.of("{\"epsilon\": -0.1}", "epsilon", "epsilon must be from 0 to 1"),
        Arguments.of("{\"episodes\": 50}", "episodes", "episodes must be an integer from 100 to 10,000,000"),
        Arguments.of("{\"episodes\": 1e12}", "episodes", "episodes must be an integer from 100"),
        Arguments.of("{\"episodes\": 1.5}", "episodes", "episodes must be a whole number"),
        Arguments.of("{\"seed\": -1}", "seed", "seed must be an integer from 0"),
        Arguments.of("{\"algorithm\": \"dqn\"}", "algorithm", "algorithm must be one of q-learning, sarsa, monte-carlo"),
        Arguments.of("{\"rules\": \"vegas\"}", "rules", "rules must be one of sab, default, natural"),
        Arguments.of("{\"epsilonSchedule\": \"cosine\"}", "epsilonSchedule", "epsilonSchedule must be one of"),
        Arguments.of("{\"env\": \"chess\"}", "env", "env must be one of blackjack"),
        Arguments.of("{\"epsilom\": 0.1}", "epsilom", "unknown field 'epsilom'"),
        Arguments.of("[1, 2]", "body", "body must be a JSON object"),
        Arguments.of("{not json", "body", "body must be a JSON object"));
  }

  @ParameterizedTest
  @MethodSource("badRuns")
  void badInputIs400NamingTheField(String body, String field, String message) throws Exception {
    HttpResponse<String> response = post("/api/runs", body);
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("field").asText()).isEqualTo(field);
    assertThat(error.get("error").asText()).startsWith(message);
  }

  @Test
  void aHandIsReplayedFromItsSeedAndActions() throws Exception {
    JsonNode dealt = JSON.readTree(post("/api/blackjack/hand", "{\"seed\": 5}").body());
    assertThat(dealt.get("terminated").asBoolean()).isFalse();
    assertThat(dealt.get("playerCards")).hasSize(2);
    assertThat(dealt.get("dealerCards")).as("hidden card stays hidden").hasSize(1);

    JsonNode stuck = JSON.readTree(post("/api/blackjack/hand",
        "{\"seed\": 5, \"actions\": [\"stick\"]}").body());
    assertThat(stuck.get("terminated").asBoolean()).isTrue();
    assertThat(stuck.get("playerCards")).isEqualTo(dealt.get("playerCards"));
    assertThat(stuck.get("dealerCards").size()).isGreaterThanOrEqualTo(2);
    assertThat(stuck.get("dealerCards").get(0)).isEqualTo(dealt.get("dealerCards").get(0));
    assertThat(stuck.get("outcome").asText()).isIn("win", "loss", "draw");

    HttpResponse<String> late = post("/api/blackjack/hand",
        "{\"seed\": 5, \"actions\": [\"stick\", \"hit\"]}");
    assertThat(late.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(late.body()).get("error").asText())
        .contains("actions[1] comes after the hand ended");
    assertThat(post("/api/blackjack/hand", "{\"actions\": [\"double\"]}").statusCode())
        .isEqualTo(400);
  }

  @Test
  void sourceOfEachAlgorithmMarksItsUpdateAndAnchors() throws Exception {
    for (String algorithm : GridRoutesTest.online().stream()
        .map(org.saferlhub.train.Algorithm::id).toList()) {
      JsonNode src = JSON.readTree(get("/api/source/" + algorithm).body());
      String[] lines = src.get("source").asText().split("\n", -1);
      int start = src.get("updateStart").asInt();
      int end = src.get("updateEnd").asInt();
      assertThat(lines[start - 1]).contains("public int observe(");
      assertThat(end).isGreaterThan(start + 3);
      assertThat(src.get("anchors").isObject()).as(algorithm + " anchors").isTrue();
    }
    // Anchors number the served lines, from which the markers are gone (SourceAnchorsTest checks
    // every algorithm).
    JsonNode q = JSON.readTree(get("/api/source/q-learning").body());
    String[] lines = q.get("source").asText().split("\n", -1);
    assertThat(lines[q.get("anchors").get("update").asInt() - 1].strip())
        .isEqualTo("q.add(state, action, alpha * tdError);");
    assertThat(get("/api/source/dqn").statusCode()).isEqualTo(400);
  }

  @Test
  void unknownThingsAre404WithJson() throws Exception {
    HttpResponse<String> run = get("/api/runs/doesnotexist");
    assertThat(run.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(run.body()).get("error").asText()).contains("no run with id");
    HttpResponse<String> endpoint = get("/api/nothing-here");
    assertThat(endpoint.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(endpoint.body()).has("error")).isTrue();
  }

  /** The safety gridworlds over HTTP: the list with cards, a replay, and a 400 naming the field. */
  @Test
  void safetyGridworldsArePlayedOverHttp() throws Exception {
    JsonNode envs = JSON.readTree(get("/api/safety/envs").body());
    assertThat(envs.isArray()).isTrue();
    assertThat(envs.get(0).get("card").get("gap").asText()).isNotBlank();
    HttpResponse<String> played = post("/api/safety/play",
        "{\"env\":\"safety:boat_race\",\"seed\":1,\"actions\":\"RL\"}");
    assertThat(played.statusCode()).isEqualTo(200);
    JsonNode p = JSON.readTree(played.body());
    assertThat(p.get("frames")).hasSize(3);
    assertThat(p.get("return").asDouble()).isEqualTo(1.0);
    assertThat(p.get("performance").asDouble()).isEqualTo(0.0);
    HttpResponse<String> bad = post("/api/safety/play", "{\"env\":\"safety:boat_race\",\"actions\":\"Q\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("field").asText()).isEqualTo("actions");
  }

  /** Several agents over seeds on one safety gridworld, capped per request, errors naming the field. */
  @Test
  void safetyExperimentsRunOverHttpWithinTheirCaps() throws Exception {
    HttpResponse<String> ok = post("/api/safety/experiments", "{\"env\":\"safety:conveyor_belt\","
        + "\"variant\":\"sushi\",\"penalty\":\"relative-reachability\",\"beta\":10,"
        + "\"baseline\":\"start\",\"agents\":[\"q-learning\"],\"episodes\":3000,\"seeds\":2}");
    assertThat(ok.statusCode()).isEqualTo(200);
    JsonNode m = JSON.readTree(ok.body());
    assertThat(m.get("seeds").asInt()).isEqualTo(2);
    // Interference: the start baseline makes every learned policy rescue the sushi.
    assertThat(m.get("agents").get(0).get("greedy").get("behaviours").get("sushiTakenOff")
        .asDouble()).isEqualTo(1.0);
    HttpResponse<String> big = post("/api/safety/experiments",
        "{\"env\":\"safety:whisky_gold\",\"agents\":[\"q-learning\",\"sarsa\"],\"seeds\":10,"
            + "\"episodes\":1000000}");
    assertThat(big.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(big.body()).get("field").asText()).isEqualTo("episodes");
    assertThat(JSON.readTree(big.body()).get("error").asText()).contains("20,000");
    HttpResponse<String> seeds = post("/api/safety/experiments",
        "{\"env\":\"safety:whisky_gold\",\"seeds\":11}");
    assertThat(JSON.readTree(seeds.body()).get("field").asText()).isEqualTo("seeds");
    HttpResponse<String> agents = post("/api/safety/experiments",
        "{\"env\":\"safety:whisky_gold\",\"agents\":\"q-learning\"}");
    assertThat(agents.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(agents.body()).get("field").asText()).isEqualTo("agents");
    HttpResponse<String> unknown = post("/api/safety/experiments",
        "{\"env\":\"safety:whisky_gold\",\"colour\":1}");
    assertThat(JSON.readTree(unknown.body()).get("field").asText()).isEqualTo("colour");
    HttpResponse<String> beta = post("/api/safety/experiments",
        "{\"env\":\"safety:conveyor_belt\",\"penalty\":\"relative-reachability\",\"beta\":\"x\"}");
    assertThat(beta.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(beta.body()).get("field").asText()).isEqualTo("beta");
  }

  /** The policy lab over HTTP: the exact optimum and one run, capped, errors naming the field. */
  @Test
  void policyLabAnswersOverHttpWithinItsCaps() throws Exception {
    HttpResponse<String> tilt = post("/api/lab/tilt", "{\"betas\":[0.135,0.05]}");
    assertThat(tilt.statusCode()).isEqualTo(200);
    JsonNode rows = JSON.readTree(tilt.body()).get("rows");
    // policy-lab.md, section 6A: true reward 0.812 at β = 0.135; explode takes the majority below 0.053.
    assertThat(rows.get(0).get("trueReward").asDouble()).isCloseTo(0.812, within(5e-4));
    assertThat(rows.get(1).get("piExploit").asDouble()).isGreaterThan(0.5);
    HttpResponse<String> run = post("/api/lab/runs", "{\"agent\":\"npg\",\"steps\":200,"
        + "\"lr\":0.5,\"beta\":0.1,\"kl\":\"reward\"}");
    assertThat(run.statusCode()).isEqualTo(200);
    JsonNode m = JSON.readTree(run.body());
    assertThat(m.get("history")).hasSize(201);
    assertThat(m.get("final").get("piExploit").asDouble())
        .isCloseTo(m.get("exactOptimum").get("piExploit").asDouble(), within(1e-5));
    for (String[] bad : new String[][] {
        {"{\"agent\":\"ppo\",\"steps\":2000,\"batch\":4096}", "steps"},
        {"{\"agent\":\"npg\",\"steps\":2001}", "steps"},
        {"{\"agent\":\"npg\",\"beta\":0.1}", "kl"},
        {"{\"agent\":\"dqn\"}", "agent"},
        {"{\"agent\":\"npg\",\"lr\":\"fast\"}", "lr"},
        {"{\"colour\":1}", "colour"},
        {"{\"env\":\"bandit\",\"ref\":[0.5,0.6],\"proxy\":[1,2],\"true\":[1,1]}", "ref"},
        {"{\"env\":\"bandit\",\"ref\":[0.5,0.5],\"proxy\":[1],\"true\":[1,1]}", "proxy"}}) {
      HttpResponse<String> answer = post("/api/lab/runs", bad[0]);
      assertThat(answer.statusCode()).as(bad[0]).isEqualTo(400);
      assertThat(JSON.readTree(answer.body()).get("field").asText()).as(bad[0]).isEqualTo(bad[1]);
    }
    HttpResponse<String> experiment = post("/api/lab/experiments", "{\"experiment\":"
        + "\"preferences\",\"pairs\":[30],\"seeds\":1,\"steps\":20}");
    assertThat(experiment.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(experiment.body()).get("summary")).hasSize(3);
    HttpResponse<String> wrong = post("/api/lab/experiments", "{\"experiment\":\"warnings\","
        + "\"steps\":999}");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(wrong.body()).get("field").asText()).isEqualTo("steps");
    HttpResponse<String> many = post("/api/lab/tilt", "{\"betas\":[" + "0.1,".repeat(200)
        + "0.1]}");
    assertThat(many.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(many.body()).get("field").asText()).isEqualTo("betas");
    HttpResponse<String> zero = post("/api/lab/tilt", "{\"betas\":[0]}");
    assertThat(JSON.readTree(zero.body()).get("field").asText()).isEqualTo("betas");
  }

  /**
   * POST /api/goal/train (issue 15): a small run answers its report, curve, replays and vector
   * field; bad fields answer 400 naming them, and more than the web budget is refused.
   */
  @Test
  void goalMisgeneralizationRunsAreServedAndChecked() throws Exception {
    HttpResponse<String> run = post("/api/goal/train", "{\"p\":0,\"steps\":2048,\"seed\":1,"
        + "\"testLevels\":100,\"episodes\":2}");
    assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
    JsonNode m = JSON.readTree(run.body());
    assertThat(m.get("env").asText()).isEqualTo("cheese-corner");
    assertThat(m.get("testCheese").asDouble() + m.get("testCornerFirst").asDouble()
        + m.get("testNeither").asDouble()).isCloseTo(1.0, within(1e-9));
    assertThat(m.get("curve")).hasSize(2);
    assertThat(m.get("episodes")).hasSize(2);
    assertThat(m.get("field").get("probs")).hasSize(81);
    assertThat(m.get("command").asText()).isEqualTo("saferlhub train --env cheese-corner "
        + "--agent ppo --p 0 --view egocentric --steps 2048 --seed 1 --test-levels 100 --json");
    for (String[] bad : new String[][] {
        {"{\"steps\":300001}", "steps"},
        {"{\"p\":1.5}", "p"},
        {"{\"view\":\"sideways\"}", "view"},
        {"{\"agent\":\"dqn\"}", "agent"},
        {"{\"env\":\"coin-at-end\",\"agent\":\"table\"}", "agent"},
        {"{\"env\":\"chess\"}", "env"},
        {"{\"testLevels\":5}", "testLevels"},
        {"{\"episodes\":21}", "episodes"},
        {"{\"colour\":1}", "colour"}}) {
      HttpResponse<String> answer = post("/api/goal/train", bad[0]);
      assertThat(answer.statusCode()).as(bad[0]).isEqualTo(400);
      assertThat(JSON.readTree(answer.body()).get("field").asText()).as(bad[0]).isEqualTo(bad[1]);
    }
  }
}
