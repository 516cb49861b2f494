package org.saferlhub.app.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.saferlhub.app.browser.SitePages.fmt;
import static org.saferlhub.app.browser.SitePages.policyGrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.ColorScheme;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Saved runs in a real Chromium against a real server with a private in-memory database: a run
 * trained in lesson 1 is saved and opens again at /runs/{id} (in a fresh browser, without
 * retraining) with the same curve and numbers; /runs lists a learner's runs and compares two;
 * "Run 5 seeds" in the lesson draws the mean curve with its ±1 sd band. Every page passes axe.
 */
@ExtendWith(BrowserSupport.class)
class SavedRunsIT {

    private static final String LESSON = "/lessons/blackjack";
    private static final double RUN_TIMEOUT_MS = 90_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LEARNER = Pattern.compile("[A-Za-z0-9-]{8,64}");

    private static TestServer server;
    private static String base;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(options -> options.withDatabase(null).withAdminToken("saved-runs-admin-token"));
        base = server.base();
    }

    @AfterAll
    static void stopServer() {
        TestServer.stop(server);
    }

    // ------------------------------------------------------------------------------------------
    // 1. Train, follow the saved link, open it again in a fresh browser
    // ------------------------------------------------------------------------------------------

    @Test
    void aTrainedRunIsSavedAndOpensAgainWithoutRetraining(Page page, BrowserSupport.PageErrors errors,
            Browser browser) throws Exception {
        openLesson(page, "?episodes=20000&seed=11&epsilon=0.15");
        String id = train(page);

        // The learner id was made once and sent with the run; the run id is remembered.
        String learner = (String) page.evaluate("() => localStorage.getItem('saferlhub.learner')");
        assertThat(learner).matches(LEARNER);
        assertThat(page.evaluate("() => localStorage.getItem('saferlhub.lastRun.blackjack')")).isEqualTo(id);
        JsonNode mine = getJson("/api/runs", learner);
        assertThat(mine.findValuesAsText("id")).contains(id);

        // The permalink in <train-agent>.
        Locator saved = page.locator("train-agent a[data-role=saved-link]");
        assertThat(saved).hasAttribute("href", "/runs/" + id);
        assertThat(saved).hasText("/runs/" + id);
        assertThat(page.locator("train-agent button[data-action=copy-saved]")).isVisible();

        List<double[]> lessonCurve = curve(page, "return");
        String lessonExpected = page.locator("train-agent [data-role=expected-return]").textContent();
        Map<String, String> lessonPolicy = policyGrid(page, "learned-no_usable");
        JsonNode result = getJson("/api/runs/" + id, null).path("result");
        assertThat(lessonExpected).isEqualTo(fmt(result.path("expectedReturn").asDouble()));

        // Following the link shows the run in this browser...
        saved.click();
        page.waitForURL(base + "/runs/" + id);
        assertThat(page.locator("run-view")).hasAttribute("data-state", "ready");
        assertThat(errors.all()).isEmpty();

        // ...and in a fresh one, which never trained anything: same curve, same numbers.
        List<String> freshErrors = Collections.synchronizedList(new ArrayList<>());
        BrowserContext fresh = browser.newContext(new Browser.NewContextOptions().setReducedMotion(com.microsoft.playwright.options.ReducedMotion.REDUCE).setViewportSize(1280, 900));
        try {
            fresh.onConsoleMessage(m -> {
                if ("error".equals(m.type())) {
                    freshErrors.add(m.text());
                }
            });
            fresh.onWebError(e -> freshErrors.add(e.error()));
            Page other = fresh.newPage();
            List<String> trainingRequests = Collections.synchronizedList(new ArrayList<>());
            other.onRequest(r -> {
                if ("POST".equals(r.method()) && r.url().endsWith("/api/runs")) {
                    trainingRequests.add(r.url());
                }
            });
            other.navigate(base + "/runs/" + id);
            Locator view = other.locator("run-view");
            assertThat(view).hasAttribute("data-state", "ready");
            assertThat(other.locator("run-view [data-role=results] [data-role=expected-return]"))
                    .hasText(fmt(result.path("expectedReturn").asDouble()) + " per hand");
            assertThat(other.locator("run-view [data-role=results] [data-role=optimal-return]"))
                    .hasText(fmt(result.path("optimalExpectedReturn").asDouble()) + " per hand");
            assertThat(other.locator("run-view [data-role=settings]")).containsText("0.15");
            List<double[]> shown = curve(other, "return");
            assertThat(shown).hasSameSizeAs(lessonCurve).hasSizeGreaterThan(1);
            for (int i = 0; i < shown.size(); i++) {
                assertThat(shown.get(i)).as("curve point %d", i).containsExactly(lessonCurve.get(i));
            }
            // The lesson's own policy widget, fed with the stored run.
            assertThat(other.locator("run-view policy-view")).hasAttribute("data-state", "ready");
            assertThat(policyGrid(other, "learned-no_usable")).isEqualTo(lessonPolicy);
            assertThat(other.locator("run-view policy-view [data-role=expected-return]"))
                    .hasText(fmt(result.path("expectedReturn").asDouble()) + " per hand");
            // Back to the lesson with the same configuration.
            String lessonLink = other.locator("run-view a[data-action=open-in-lesson]").getAttribute("href");
            assertThat(lessonLink).startsWith(LESSON + "?").contains("episodes=20000").contains("seed=11")
                    .contains("epsilon=0.15").contains("algorithm=q-learning").endsWith("#train");
            assertThat(trainingRequests).as("nothing was retrained").isEmpty();
            assertThat(BrowserSupport.axeViolations(other)).as("axe on /runs/{id}").isEmpty();
            BrowserSupport.screenshot(other, "saved-run-fresh-context");

            other.locator("run-view a[data-action=open-in-lesson]").click();
            other.waitForSelector("train-agent[data-state=idle]");
            assertThat(other.locator("train-agent input[name=seed]")).hasValue("11");
            assertThat(other.locator("train-agent input[name=epsilon]")).hasValue("0.15");
            assertThat(freshErrors).isEmpty();
        } finally {
            fresh.close();
        }
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void anUnknownRunShowsAFriendlyMessage(Page page, BrowserSupport.PageErrors errors) {
        page.navigate(base + "/runs/0123456789ab");
        assertThat(page.locator("run-view")).hasAttribute("data-state", "not-found");
        assertThat(page.locator("run-view [data-role=not-found]")).containsText("could not be found");
        assertThat(page.locator("run-view [data-role=not-found] a[href='/runs']")).isVisible();
        assertThat(BrowserSupport.axeViolations(page)).isEmpty();
        assertThat(errors.pageErrors()).isEmpty();
        assertThat(errors.consoleErrors()).allSatisfy(e -> assertThat(e).contains("404"));
    }

    // ------------------------------------------------------------------------------------------
    // 2. My runs: empty, then two runs, compared
    // ------------------------------------------------------------------------------------------

    @Test
    void myRunsListsTheLearnersRunsAndComparesTwo(Page page, BrowserSupport.PageErrors errors) throws Exception {
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
        page.navigate(base + "/runs");
        assertThat(page.locator("my-runs")).hasAttribute("data-state", "empty");
        assertThat(page.locator("my-runs [data-role=empty] a[href^='/lessons/blackjack']")).isVisible();
        assertThat(BrowserSupport.axeViolations(page)).as("axe on the empty list").isEmpty();

        openLesson(page, "?episodes=20000&seed=21");
        String first = train(page);
        openLesson(page, "?episodes=20000&seed=22&algorithm=sarsa");
        String second = train(page);
        String learner = (String) page.evaluate("() => localStorage.getItem('saferlhub.learner')");

        page.navigate(base + "/runs");
        assertThat(page.locator("my-runs")).hasAttribute("data-state", "ready");
        Locator rows = page.locator("my-runs table[data-role=runs] tbody tr");
        assertThat(rows).hasCount(2);
        // Newest first, each linking to its page, with the exact expected return.
        assertThat(rows.nth(0)).hasAttribute("data-run-id", second);
        assertThat(rows.nth(1)).hasAttribute("data-run-id", first);
        JsonNode listed = getJson("/api/runs", learner);
        for (JsonNode run : listed) {
            Locator row = page.locator("my-runs tr[data-run-id='" + run.path("id").asText() + "']");
            assertThat(row.locator("a[data-role=open]")).hasAttribute("href", "/runs/" + run.path("id").asText());
            assertThat(row.locator("[data-role=expected-return]")).hasText(fmt(run.path("expectedReturn").asDouble()));
            double gap = Math.max(0, run.path("optimalExpectedReturn").asDouble() - run.path("expectedReturn").asDouble());
            assertThat(row.locator("[data-role=gap]")).hasText(fmt(gap));
        }
        assertThat(rows.nth(0)).containsText("SARSA");
        assertThat(rows.nth(1)).containsText("Q-learning");
        assertThat(page.locator("my-runs [data-role=optima]")).containsText(fmt(listed.get(0).path("optimalExpectedReturn").asDouble()));

        // One ticked is not enough; two are.
        rows.nth(0).locator("input[data-role=pick]").check();
        assertThat(page.locator("my-runs button[data-action=compare]")).hasAttribute("aria-disabled", "true");
        page.locator("my-runs button[data-action=compare]").click(new Locator.ClickOptions().setForce(true));
        assertThat(page.locator("my-runs [data-role=compare-error]")).containsText("at least 2");
        assertThat(page).hasURL(base + "/runs");
        rows.nth(1).locator("input[data-role=pick]").check();
        assertThat(page.locator("my-runs button[data-action=compare]")).hasAttribute("aria-disabled", "false");
        assertThat(BrowserSupport.axeViolations(page)).as("axe on the list").isEmpty();
        BrowserSupport.screenshot(page, "my-runs");
        page.locator("my-runs button[data-action=compare]").click();

        page.waitForURL(base + "/compare?ids=" + second + "," + first);
        assertThat(page.locator("compare-runs")).hasAttribute("data-state", "ready");
        Locator table = page.locator("compare-runs table[data-role=compare-table] tbody tr");
        assertThat(table).hasCount(2);
        JsonNode secondResult = getJson("/api/runs/" + second, null).path("result");
        JsonNode firstResult = getJson("/api/runs/" + first, null).path("result");
        assertThat(table.nth(0).locator("[data-role=expected-return]")).hasText(fmt(secondResult.path("expectedReturn").asDouble()));
        assertThat(table.nth(1).locator("[data-role=expected-return]")).hasText(fmt(firstResult.path("expectedReturn").asDouble()));

        // One chart: both curves, distinct colours and dashes, the optimum, labelled axes.
        JsonNode chart = JSON.readTree((String) page.evaluate("""
                () => {
                  const c = Chart.getChart(document.querySelector('compare-runs canvas[data-chart=compare]'));
                  return JSON.stringify({
                    datasets: c.data.datasets.map(d => ({ label: d.label, colour: d.borderColor,
                      dash: d.borderDash || [], n: d.data.length, reference: !!d.reference })),
                    x: c.options.scales.x.title.text, y: c.options.scales.y.title.text });
                }"""));
        assertThat(chart.path("x").asText()).isEqualTo("Episodes trained");
        assertThat(chart.path("y").asText()).isEqualTo("Mean return per hand");
        JsonNode sets = chart.path("datasets");
        assertThat(sets).hasSize(3);
        assertThat(sets.get(0).path("label").asText()).contains("SARSA").contains("seed 22").contains("ε 0.1");
        assertThat(sets.get(1).path("label").asText()).contains("Q-learning").contains("seed 21");
        assertThat(sets.get(0).path("n").asInt()).isEqualTo(secondResult.path("points").size());
        assertThat(sets.get(0).path("colour").asText()).isNotEqualTo(sets.get(1).path("colour").asText());
        assertThat(sets.get(0).path("dash").toString()).isNotEqualTo(sets.get(1).path("dash").toString());
        assertThat(sets.get(2).path("reference").asBoolean()).isTrue();

        // Raw curves on request: exactly the stored points.
        page.locator("compare-runs input[data-role=smooth]").uncheck();
        assertThat(page.locator("compare-runs")).hasAttribute("data-smooth", "false");
        assertThat(curve(page, "compare").size()).isEqualTo(secondResult.path("points").size());
        assertThat(curve(page, "compare").get(0)[1]).isEqualTo(secondResult.path("points").get(0).path("meanReturn").asDouble());

        assertThat(BrowserSupport.axeViolations(page)).as("axe on /compare").isEmpty();
        BrowserSupport.screenshot(page, "compare-runs");
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        assertThat(BrowserSupport.axeViolations(page)).as("axe on /compare, dark").isEmpty();
        BrowserSupport.screenshot(page, "compare-runs-dark");

        // A link naming one run is not a comparison.
        page.navigate(base + "/compare?ids=" + first);
        assertThat(page.locator("compare-runs")).hasAttribute("data-state", "invalid");
        assertThat(page.locator("compare-runs a[href='/runs']")).isVisible();
        // No run chosen yet: an invitation to pick runs, not a red error.
        page.navigate(base + "/compare");
        assertThat(page.locator("compare-runs")).hasAttribute("data-state", "empty");
        assertThat(page.locator("compare-runs [data-role=status]")).not().hasClass(Pattern.compile("error"));
        assertThat(page.locator("compare-runs a[href='/runs']")).isVisible();
        assertThat(errors.all()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // 3. Run 5 seeds in the lesson
    // ------------------------------------------------------------------------------------------

    @Test
    void fiveSeedsDrawTheMeanCurveWithItsBand(Page page, BrowserSupport.PageErrors errors) throws Exception {
        openLesson(page, "?episodes=20000&seed=3&algorithm=sarsa");
        Locator widget = page.locator("seed-experiment");
        assertThat(widget).hasCount(1); // lesson 1 holds <seed-experiment> right after <train-agent>
        assertThat(page.locator("train-agent + seed-experiment, train-agent ~ seed-experiment")).hasCount(1);
        assertThat(widget).hasAttribute("data-state", "idle");
        assertThat(widget).containsText("One seed is an anecdote");
        assertThat(widget.locator("[data-role=config]")).containsText("seeds 3 to 7");
        assertThat(widget.locator("select[name=seeds] option")).hasCount(9); // 2..10
        assertThat(widget.locator("select[name=seeds]")).hasValue("5");
        assertThat(BrowserSupport.axeViolations(page)).as("axe on the idle widget").isEmpty();

        widget.locator("button[data-action=run-seeds]").click();
        page.waitForSelector("seed-experiment:is([data-state=done],[data-state=error])",
                new Page.WaitForSelectorOptions().setTimeout(RUN_TIMEOUT_MS));
        assertThat(widget.getAttribute("data-state")).as(widget.locator("[data-role=status]").textContent())
                .isEqualTo("done");
        // Trained in this browser; each seed's run is then saved, and the table links to it.
        assertThat(widget).hasAttribute("data-where", "browser-wasm");
        assertThat(widget).hasAttribute("data-saved", "yes");
        assertThat(widget.locator("table[data-role=seed-table] a[href^='/runs/']")).hasCount(5);

        // The same experiment again through the API (seeds are deterministic): the page drew it.
        JsonNode x = postJson("/api/experiments", """
                {"rules":"sab","algorithm":"sarsa","episodes":20000,"alpha":0.01,"gamma":1,
                 "epsilon":0.1,"epsilonSchedule":"constant","epsilonFinal":0.01,"seed":3,"seeds":5}""");
        assertThat(x.path("seeds").toString()).isEqualTo("[3,4,5,6,7]");
        JsonNode band = JSON.readTree((String) page.evaluate("""
                () => {
                  const c = Chart.getChart(document.querySelector('seed-experiment canvas[data-chart=seed-band]'));
                  return JSON.stringify({
                    datasets: c.data.datasets.map(d => ({ label: d.label, fill: d.fill ?? null, data: d.data })),
                    x: c.options.scales.x.title.text, y: c.options.scales.y.title.text });
                }"""));
        assertThat(band.path("x").asText()).isEqualTo("Episodes trained");
        assertThat(band.path("y").asText()).isEqualTo("Mean return per hand");
        JsonNode lower = band.path("datasets").get(0).path("data");
        JsonNode upper = band.path("datasets").get(1);
        JsonNode mean = band.path("datasets").get(2).path("data");
        assertThat(upper.path("fill").asText()).as("the band fills down to the lower edge").isEqualTo("-1");
        JsonNode curve = x.path("curve");
        assertThat(mean).hasSize(curve.size());
        for (int i = 0; i < curve.size(); i++) {
            JsonNode p = curve.get(i);
            assertThat(mean.get(i).path("x").asDouble()).isEqualTo(p.path("episode").asDouble());
            assertThat(mean.get(i).path("y").asDouble()).isEqualTo(p.path("mean").asDouble());
            assertThat(upper.path("data").get(i).path("y").asDouble())
                    .isCloseTo(p.path("mean").asDouble() + p.path("sd").asDouble(), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(lower.get(i).path("y").asDouble())
                    .isCloseTo(p.path("mean").asDouble() - p.path("sd").asDouble(), org.assertj.core.data.Offset.offset(1e-12));
        }
        // The spread of exact expected returns: one dot per seed, and the mean.
        JsonNode dots = JSON.readTree((String) page.evaluate("""
                () => JSON.stringify(Chart.getChart(document.querySelector(
                  'seed-experiment canvas[data-chart=seed-returns]')).data.datasets[0].data)"""));
        JsonNode values = x.path("expectedReturn").path("values");
        assertThat(dots).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(dots.get(i).path("x").asInt()).isEqualTo(3 + i);
            assertThat(dots.get(i).path("y").asDouble()).isEqualTo(values.get(i).asDouble());
        }
        assertThat(widget.locator("[data-role=mean]")).hasText(fmt(x.path("expectedReturn").path("mean").asDouble()));
        assertThat(widget.locator("[data-role=sd]")).hasText(fmt(x.path("expectedReturn").path("sd").asDouble()));
        assertThat(widget.locator("table[data-role=seed-table] tbody tr")).hasCount(5);
        assertThat(BrowserSupport.axeViolations(page)).as("axe with the experiment drawn").isEmpty();
        widget.scrollIntoViewIfNeeded();
        BrowserSupport.screenshot(page, "seed-experiment");

        // Changing the form marks the result as old and moves the seeds.
        page.fill("train-agent input[name=seed]", "30");
        assertThat(widget.locator("[data-role=stale]")).isVisible();
        assertThat(widget.locator("[data-role=config]")).containsText("seeds 30 to 34");
        widget.locator("select[name=seeds]").selectOption("3");
        assertThat(widget.locator("button[data-action=run-seeds]")).hasText("Run 3 seeds");
        assertThat(widget.locator("[data-role=config]")).containsText("seeds 30 to 32");
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void seedExperimentErrorsAreExplained(Page page, BrowserSupport.PageErrors errors) {
        openLesson(page, "?episodes=3000000");
        Locator widget = page.locator("seed-experiment");

        // 400: more than 2,000,000 episodes per seed, named beside the training form's field.
        widget.locator("button[data-action=run-seeds]").click();
        assertThat(widget).hasAttribute("data-state", "error");
        assertThat(widget.locator("[data-role=status]")).hasClass(Pattern.compile("\\berror\\b"));
        assertThat(widget.locator("[data-role=status]")).containsText("episodes");
        assertThat(page.locator("train-agent [data-field=episodes] .field-error")).containsText("episodes");
        assertThat(page.locator("train-agent input[name=episodes]")).hasAttribute("aria-invalid", "true");
        assertThat(BrowserSupport.axeViolations(page)).isEmpty();

        // 429 (where the server trains: ?engine=server): every training slot busy; the wait the
        // server asks for is passed on.
        openLesson(page, "?episodes=20000&engine=server");
        page.route("**/api/experiments", (Route route) -> route.fulfill(new Route.FulfillOptions()
                .setStatus(429).setHeaders(Map.of("Retry-After", "7", "Content-Type", "application/json"))
                .setBody("{\"error\":\"All 4 training slots are busy; try again in a few seconds.\",\"field\":null}")));
        widget.locator("button[data-action=run-seeds]").click();
        assertThat(widget.locator("[data-role=status]")).containsText("7 seconds");
        assertThat(widget).hasAttribute("data-state", "error");
        assertThat(widget.locator("button[data-action=run-seeds]")).isEnabled();
        assertThat(errors.pageErrors()).isEmpty();
        assertThat(errors.consoleErrors()).allSatisfy(e -> assertThat(e).containsAnyOf("400", "429"));
    }

    // ------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------

    private static void openLesson(Page page, String query) {
        page.navigate(base + LESSON + query);
        page.waitForSelector("train-agent[data-state=idle]");
        page.waitForSelector("policy-view[data-state]");
    }

    /** Clicks Train, waits until the run is done; returns its id. */
    private static String train(Page page) {
        String before = page.getAttribute("train-agent", "data-run-id");
        page.click("train-agent button[data-action=train]");
        page.waitForFunction("""
                (previous) => {
                  const el = document.querySelector('train-agent');
                  const ended = ['done', 'stopped', 'error'].includes(el.dataset.state);
                  return ended && (el.dataset.state === 'error' || el.dataset.runId !== previous);
                }""", before, new Page.WaitForFunctionOptions().setTimeout(RUN_TIMEOUT_MS));
        assertThat(page.locator("train-agent")).hasAttribute("data-state", "done");
        return page.getAttribute("train-agent", "data-run-id");
    }

    /** Dataset 0 of a chart as [x, y] pairs. */
    private static List<double[]> curve(Page page, String chart) throws IOException {
        return SitePages.chartCurve(page, chart);
    }

    private static JsonNode getJson(String path, String learner) throws IOException, InterruptedException {
        return server.getJson(path, learner);
    }

    private static JsonNode postJson(String path, String body) throws IOException, InterruptedException {
        return server.postJson(path, body, Duration.ofSeconds(60));
    }
}
