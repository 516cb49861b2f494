package org.saferlhub.app.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saferlhub.app.run.FamilyView;
import org.saferlhub.app.run.FamilyViews;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.app.run.RunFields;
import org.saferlhub.app.run.RunReports;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.Trainer;
import org.saferlhub.train.TrainingResult;

/**
 * The engine in the page (issue 8): lessons 1 and 2 train in a Web Worker, with no training request
 * to the server, and the browser's run equals the server's bit for bit (curve, policy, Q, exact
 * expected return) for every algorithm the lessons offer; Stop is immediate; without WebAssembly GC
 * the JavaScript build trains and the page says so; a run trained in the page is saved and its
 * "Download run (JSON)" is what {@code saferlhub train --json} prints; the server's stateless API
 * (GridWorld sessions and DP, Blackjack hands) answers in the page exactly as on the server.
 */
@ExtendWith(BrowserSupport.class)
class InPageEngineIT {

    private static final String LESSON1 = "/lessons/blackjack";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fields that measure the machine, not the run. */
    private static final Set<String> TIMING = Set.of("elapsedSeconds", "episodesPerSecond");
    private static final double RUN_TIMEOUT_MS = 120_000;

    private static TestServer server;
    private static String base;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
        base = server.base();
    }

    @AfterAll
    static void stopServer() {
        TestServer.stop(server);
    }

    @Test
    void lessonOneTrainsInThePageEqualToTheServerForEveryAlgorithm(Page page,
            BrowserSupport.PageErrors errors) throws Exception {
        List<String> requests = record(page);
        for (String algorithm : List.of("q-learning", "sarsa", "monte-carlo")) {
            page.navigate(base + LESSON1 + "?algorithm=" + algorithm + "&episodes=20000&seed=5&epsilon=0.15");
            page.waitForSelector("train-agent[data-state=idle]");
            requests.clear();
            Locator widget = page.locator("train-agent");
            widget.locator("button[data-action=train]").click();
            waitSaved(page);
            assertThat(widget).hasAttribute("data-where", "browser-wasm");
            assertThat(widget.locator("[data-role=status]")).containsText("Trained in your browser");
            if (algorithm.equals("q-learning")) { // a record of what the learner sees, not a check
                try {
                    widget.screenshot(new Locator.ScreenshotOptions().setTimeout(30_000).setPath(
                            BrowserSupport.screenshotsDir().resolve("InPageEngineIT-lesson1-in-the-page.png")));
                } catch (com.microsoft.playwright.TimeoutError slow) {
                    System.out.println("[screenshot] not written: a loaded machine");
                }
            }

            JsonNode end = lastEnd(page);
            ObjectNode fields = fields(algorithm, 20_000, 5);
            fields.put("epsilon", 0.15);
            JsonNode fromServer = serverRun(fields);
            assertSameRun(end.path("result"), fromServer, algorithm);
            assertSameRun(end.path("summary"), summaryOnTheJvm(fields), algorithm + " summary");

            // Nothing was trained by the server: the page only saved the finished run.
            assertThat(requests).as("requests of %s", algorithm).noneMatch(r -> r.equals("POST /api/runs")
                    || r.contains("/events") || r.contains("/api/gridworld/train"));
            assertThat(requests).contains("POST /api/runs/saved");
            String id = widget.getAttribute("data-run-id");
            JsonNode saved = server.getJson("/api/runs/" + id, null);
            assertThat(saved.path("result").path("computedIn").asText()).isEqualTo("browser");
            assertSameRun(withoutField(saved.path("result"), "computedIn"), fromServer, algorithm + " saved");
        }
        // Dealing a hand, and the trained agent playing one, happen in the page as well.
        requests.clear();
        page.locator("play-hand button[data-action=deal]").click();
        assertThat(page.locator("play-hand")).hasAttribute("data-state", java.util.regex.Pattern.compile("playing|done"));
        page.locator("watch-agent button[data-action=deal]").click();
        assertThat(page.locator("watch-agent")).hasAttribute("data-state", "dealt");
        assertThat(requests).noneMatch(r -> r.contains("/hand"));
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void everyAlgorithmOfLessonTwoTrainsInTheWorkerEqualToTheServer(Page page,
            BrowserSupport.PageErrors errors) throws Exception {
        page.navigate(base + "/lessons/gridworld#cliff");
        page.waitForSelector("grid-cliff[data-state=ready]");
        List<String> requests = record(page);
        for (String algorithm : List.of("q-learning", "sarsa", "expected-sarsa", "sarsa-lambda", "dyna-q",
                "monte-carlo", "reinforce", "vpg")) {
            ObjectNode fields = fields(algorithm, 300, 3);
            fields.put("env", "gridworld:cliff");
            fields.put("alpha", 0.5);
            fields.remove("rules");
            String answer = (String) page.evaluate("""
                    async (fields) => {
                      const { train } = await import('/js/engine.js');
                      const end = await train(JSON.parse(fields)).done;
                      return JSON.stringify(end);
                    }""", fields.toString());
            JsonNode end = JSON.readTree(answer);
            assertThat(end.path("where").asText()).isEqualTo("browser");
            assertSameRun(end.path("result"), serverRun(fields), algorithm);
            assertSameRun(end.path("summary"), summaryOnTheJvm(fields), algorithm + " summary");
        }
        assertThat(requests).noneMatch(r -> r.startsWith("POST /api/runs") || r.contains("/api/gridworld/train"));

        // The Cliff Walking widget trains its six runs in the page too.
        Locator cliff = page.locator("grid-cliff");
        cliff.locator("input[data-question=path][value=safe]").check();
        cliff.locator("input[data-question=online][value=sarsa]").check();
        cliff.locator("button[data-action=run]").click();
        assertThat(cliff).hasAttribute("data-state", "done",
                new LocatorAssertions.HasAttributeOptions().setTimeout(RUN_TIMEOUT_MS));
        assertThat(cliff).hasAttribute("data-where", "browser-wasm");
        assertThat(requests).noneMatch(r -> r.startsWith("POST /api/runs") || r.contains("/api/gridworld/train"));
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void theServersStatelessApiRunsInTheWorkerAndAnswersAsTheServer(Page page,
            BrowserSupport.PageErrors errors) throws Exception {
        page.navigate(base + "/lessons/gridworld");
        List<String> requests = record(page);
        Locator loop = page.locator("grid-loop");
        assertThat(loop).hasAttribute("data-state", "ready");
        for (int i = 1; i <= 3; i++) {
            loop.locator("button[data-action=step]").click();
            assertThat(loop).hasAttribute("data-traced", String.valueOf(i));
        }
        assertThat(requests).noneMatch(r -> r.contains("/api/gridworld/"));

        // The same calls, to the engine in the page and to the server: the same answers.
        String script = """
                async (calls) => {
                  const { engineRequest } = await import('/js/engine.js');
                  const out = [];
                  let id = null;
                  for (const [method, path, body] of JSON.parse(calls)) {
                    const answer = await engineRequest(method, path.replace('{id}', id), body === null ? undefined : body);
                    if (answer.body && answer.body.id) id = answer.body.id;
                    out.push(answer);
                  }
                  return JSON.stringify(out);
                }""";
        String calls = """
                [["GET", "/api/blackjack/rules", null],
                 ["POST", "/api/blackjack/hand", {"rules": "natural", "seed": 12, "actions": ["hit", "hit"]}],
                 ["POST", "/api/blackjack/hand", {"seed": 12, "actions": ["fold"]}],
                 ["GET", "/api/gridworld/presets", null],
                 ["POST", "/api/gridworld/dp", {"map": "maze", "op": "value-iteration", "gamma": 0.9}],
                 ["POST", "/api/gridworld/sessions", {"map": "cliff", "algorithm": "dyna-q", "seed": 5, "planningSteps": 5}],
                 ["POST", "/api/gridworld/sessions/{id}/step", {"steps": 1}],
                 ["POST", "/api/gridworld/sessions/{id}/step", {"steps": 400}],
                 ["PATCH", "/api/gridworld/sessions/{id}", {"epsilon": 0.3, "cell": {"row": 2, "col": 3, "tile": "wall"}}],
                 ["POST", "/api/gridworld/sessions/{id}/step", {"steps": 300}],
                 ["POST", "/api/gridworld/sessions", {"map": "cliff", "alpha": 3}],
                 ["DELETE", "/api/gridworld/sessions/{id}", null],
                 ["POST", "/api/gridworld/sessions/{id}/step", {"steps": 1}]]""";
        JsonNode inPage = JSON.readTree((String) page.evaluate(script, calls));
        JsonNode list = JSON.readTree(calls);
        String id = null;
        for (int i = 0; i < list.size(); i++) {
            JsonNode call = list.get(i);
            String path = call.get(1).asText().replace("{id}", String.valueOf(id));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30));
            String body = call.get(2).isNull() ? "" : call.get(2).toString();
            request.method(call.get(0).asText(), body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> answer = server.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode page1 = inPage.get(i);
            assertThat(page1.path("status").asInt()).as("status of %s", call).isEqualTo(answer.statusCode());
            JsonNode fromServer = answer.body().isEmpty() ? JSON.nullNode() : JSON.readTree(answer.body());
            if (fromServer.path("id").isTextual()) {
                id = fromServer.path("id").asText();
            }
            assertSameRun(withoutIds(page1.path("body")), withoutIds(fromServer), call.toString());
        }
        assertThat(errors.all()).isEmpty();
    }

    /** A GridWorld answer without session ids (and the message that names one): the rest must match. */
    private static JsonNode withoutIds(JsonNode node) {
        if (!node.isObject()) {
            return node;
        }
        ObjectNode copy = node.deepCopy();
        copy.remove("id");
        if (copy.path("error").asText().startsWith("no GridWorld session")) {
            copy.remove("error");
        }
        return copy;
    }

    @Test
    void stopEndsARunAtOnceAndKeepsWhatItLearned(Page page, BrowserSupport.PageErrors errors)
            throws IOException {
        page.navigate(base + LESSON1 + "?episodes=10000000&seed=3");
        page.waitForSelector("train-agent[data-state=idle]");
        assertThat(page.evaluate("() => self.crossOriginIsolated")).isEqualTo(true);
        Locator widget = page.locator("train-agent");
        widget.locator("button[data-action=train]").click();
        page.waitForFunction("() => Number(document.querySelector('train-agent').dataset.points) >= 2",
                null, new Page.WaitForFunctionOptions().setTimeout(RUN_TIMEOUT_MS));
        // The page answers while the engine trains: the form still reacts.
        widget.locator("input[name=seed]").fill("4");
        assertThat(widget.locator("input[name=seed]")).hasValue("4");
        widget.locator("button[data-action=stop]").click();
        assertThat(widget).hasAttribute("data-state", "stopped");
        JsonNode result = lastEnd(page).path("result");
        assertThat(result.path("stopReason").asText()).isEqualTo("cancelled");
        assertThat(result.path("episodes").asLong()).isPositive().isLessThan(10_000_000);
        assertThat(widget.locator("[data-role=expected-return]")).isVisible();
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void withoutWebAssemblyGcTheJavaScriptBuildTrainsAndThePageSaysSo(Page page,
            BrowserSupport.PageErrors errors) throws Exception {
        // A browser without WebAssembly GC: the worker's feature test fails.
        page.route("**/js/engine-worker.js", (Route route) -> {
            var response = route.fetch();
            route.fulfill(new Route.FulfillOptions().setResponse(response)
                    .setBody("WebAssembly.validate = () => false;\n" + response.text()));
        });
        page.navigate(base + LESSON1 + "?algorithm=sarsa&episodes=5000&seed=9");
        page.waitForSelector("train-agent[data-state=idle]");
        Locator widget = page.locator("train-agent");
        widget.locator("button[data-action=train]").click();
        waitSaved(page);
        assertThat(widget).hasAttribute("data-where", "browser-js");
        assertThat(widget.locator("[data-role=status]")).containsText("plain JavaScript build");
        assertSameRun(lastEnd(page).path("result"), serverRun(fields("sarsa", 5000, 9)), "sarsa (JavaScript)");
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void downloadGivesTheJsonOfTrainJson(Page page) throws Exception {
        page.navigate(base + LESSON1 + "?episodes=3000&seed=21");
        page.waitForSelector("train-agent[data-state=idle]");
        page.locator("train-agent button[data-action=train]").click();
        waitSaved(page);
        var download = page.waitForDownload(() ->
                page.locator("train-agent button[data-action=download]").click());
        JsonNode file = JSON.readTree(java.nio.file.Files.readString(download.path()));
        assertSameRun(file, summaryOnTheJvm(fields("q-learning", 3000, 21)), "download");
        assertThat(download.suggestedFilename()).isEqualTo("saferlhub-q-learning-seed21.json");
    }

    // ------------------------------------------------------------------------------------------

    /** Records "METHOD /path" of every request the page (and its workers) make. */
    private static List<String> record(Page page) {
        List<String> requests = new CopyOnWriteArrayList<>();
        page.context().onRequest(r -> requests.add(r.method() + " " + URI.create(r.url()).getPath()));
        return requests;
    }

    private static void waitSaved(Page page) {
        page.waitForFunction("""
                () => {
                  const el = document.querySelector('train-agent');
                  return el.dataset.state === 'error'
                    || (el.dataset.state === 'done' && (!!el.dataset.runId || !!el.querySelector('[data-role=save-note]')));
                }""", null, new Page.WaitForFunctionOptions().setTimeout(RUN_TIMEOUT_MS));
        assertThat(page.getAttribute("train-agent", "data-state"))
                .as(page.locator("train-agent [data-role=status]").textContent()).isEqualTo("done");
        assertThat(page.getAttribute("train-agent", "data-run-id"))
                .as(page.locator("train-agent").textContent()).isNotBlank();
    }

    private static JsonNode lastEnd(Page page) throws IOException {
        return JSON.readTree((String) page.evaluate(
                "() => JSON.stringify(document.querySelector('train-agent').lastEnd)"));
    }

    private static ObjectNode fields(String algorithm, long episodes, long seed) {
        ObjectNode f = JSON.createObjectNode();
        f.put("env", "blackjack");
        f.put("rules", "sab");
        f.put("algorithm", algorithm);
        f.put("episodes", episodes);
        f.put("seed", seed);
        return f;
    }

    /** The same run on the server: POST /api/runs, then its result once it is done. */
    private static JsonNode serverRun(ObjectNode fields) throws IOException, InterruptedException {
        HttpResponse<String> started = server.http().send(HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(fields.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).path("id").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            JsonNode run = server.getJson("/api/runs/" + id, null);
            if (!run.path("status").asText().equals("running")) {
                assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("done");
                return run.path("result");
            }
            assertThat(System.nanoTime()).as("the server's run %s finished in time", id).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** What {@code saferlhub train --json} prints for these fields, computed here on the JVM. */
    private static JsonNode summaryOnTheJvm(ObjectNode fields) {
        RunConfig config = RunConfigs.fromFields(RunFields.of(JSON.convertValue(fields, Map.class)),
                RunConfigs.Surface.cli());
        FamilyView.Collector family = FamilyViews.of(config.env()).collect(config);
        var env = config.makeEnv();
        TrainingResult result = Trainer.train(config, env, family, () -> false, Duration.ofMinutes(2));
        return JSON.valueToTree(RunReports.summary(result, family));
    }

    private static JsonNode withoutField(JsonNode node, String field) {
        ObjectNode copy = node.deepCopy();
        copy.remove(field);
        return copy;
    }

    /**
     * Asserts two reports are the same run: the same fields and, number for number, the same
     * doubles (JavaScript writes 1.0 as 1, Jackson as 1.0), apart from the timing fields.
     */
    static void assertSameRun(JsonNode browser, JsonNode jvm, String what) {
        List<String> differences = new ArrayList<>();
        compare(browser, jvm, what, differences, true);
        assertThat(differences).as("%s: browser vs server", what).isEmpty();
    }

    private static void compare(JsonNode a, JsonNode b, String path, List<String> out, boolean top) {
        if (out.size() > 10) {
            return;
        }
        if (a.isNumber() && b.isNumber()) {
            if (Double.doubleToLongBits(a.doubleValue()) != Double.doubleToLongBits(b.doubleValue())) {
                out.add(path + ": " + a + " vs " + b);
            }
        } else if (a.isObject() && b.isObject()) {
            List<String> names = new ArrayList<>();
            a.fieldNames().forEachRemaining(names::add);
            List<String> other = new ArrayList<>();
            b.fieldNames().forEachRemaining(other::add);
            if (top) {
                names.removeAll(TIMING);
                other.removeAll(TIMING);
            }
            java.util.Collections.sort(names); // JSON objects have no order
            java.util.Collections.sort(other);
            if (!names.equals(other)) {
                out.add(path + ": fields " + names + " vs " + other);
                return;
            }
            for (String n : names) {
                compare(a.get(n), b.get(n), path + "." + n, out, false);
            }
        } else if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                out.add(path + ": " + a.size() + " vs " + b.size() + " items");
                return;
            }
            Iterator<JsonNode> x = a.elements();
            Iterator<JsonNode> y = b.elements();
            for (int i = 0; x.hasNext(); i++) {
                compare(x.next(), y.next(), path + "[" + i + "]", out, false);
            }
        } else if (!a.equals(b)) {
            out.add(path + ": " + a + " vs " + b);
        }
    }
}
