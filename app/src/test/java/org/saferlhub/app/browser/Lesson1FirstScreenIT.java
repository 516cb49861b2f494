package org.saferlhub.app.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.ReducedMotion;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lesson 1 as a newcomer meets it (issue 10): Train on the first screen, a curve that grows at a
 * pace a person can follow (with a way to skip), smoothing on by default, and a y-axis that stays
 * put between runs. The in-page engine trains, as it does for a learner.
 */
@ExtendWith(BrowserSupport.class)
class Lesson1FirstScreenIT {

    private static final String LESSON = "/lessons/blackjack";
    private static final double RUN_TIMEOUT_MS = 90_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        TestServer.stop(server);
    }

    @Test
    void aNewcomerTrainsFromTheFirstScreenAndWatchesTheCurveGrow(Page page, BrowserSupport.PageErrors errors)
            throws Exception {
        for (int[] viewport : new int[][] {{1280, 800}, {375, 667}}) {
            page.setViewportSize(viewport[0], viewport[1]);
            open(page, "");
            // the learner's own setting: motion allowed (the test browser asks for less by default)
            page.emulateMedia(new Page.EmulateMediaOptions().setReducedMotion(ReducedMotion.NO_PREFERENCE));
            BoundingBox train = page.locator("quick-train button[data-action=train]").boundingBox();
            if (train.y + train.height > viewport[1]) {
                firstScreen(page, "lesson1-first-screen-" + viewport[0] + "-FAILED");
            }
            assertThat(train.y + train.height).as("Train on the first screen at %d px", viewport[0])
                    .isLessThanOrEqualTo(viewport[1]);
            firstScreen(page, "lesson1-first-screen-" + viewport[0]);

            page.locator("quick-train button[data-action=train]").click();
            assertThat(page.locator("quick-train button[data-action=skip]")).isVisible();
            page.waitForFunction("() => Number(document.querySelector('quick-train').dataset.points) > 0");
            waitUntilDone(page);
            // every point waited for the reveal clock: the default run takes ~0.1 s, its curve 1.5 s
            int revealed = Integer.parseInt(page.getAttribute("train-agent", "data-revealed-ms"));
            assertThat(revealed).as("time from start to the last point shown, ms").isGreaterThanOrEqualTo(1500);
            assertThat(page.locator("quick-train button[data-action=skip]")).isHidden();
            assertThat(page.locator("quick-train [data-role=result]")).containsText("perfect play is worth");
            JsonNode quick = quickChart(page);
            assertThat(quick.path("points").asInt()).isGreaterThan(100);
            assertThat(page.getAttribute("quick-train", "data-points"))
                    .isEqualTo(page.getAttribute("train-agent", "data-points"));
            page.locator("quick-train").scrollIntoViewIfNeeded();
            firstScreen(page, "lesson1-first-screen-trained-" + viewport[0]);
            System.out.printf(Locale.ROOT, "[first-screen] %d px: curve revealed over %d ms%n", viewport[0], revealed);
        }
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void showAllNowEndsTheRevealAtOnce(Page page, BrowserSupport.PageErrors errors) {
        open(page, "");
        page.emulateMedia(new Page.EmulateMediaOptions().setReducedMotion(ReducedMotion.NO_PREFERENCE));
        // a reveal of ten minutes: only Show all now can end it within the test
        page.evaluate("() => { document.querySelector('train-agent').revealDuration = 600000; }");
        page.locator("quick-train button[data-action=train]").click();
        page.locator("quick-train button[data-action=skip]").click();
        waitUntilDone(page);
        assertThat(Integer.parseInt(page.getAttribute("train-agent", "data-revealed-ms")))
                .isLessThan(300_000);
        assertThat(page.locator("train-agent button[data-action=skip]")).isHidden();
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void theAxisStaysPutBetweenRunsAndShortRunsAreSmoothed(Page page, BrowserSupport.PageErrors errors)
            throws Exception {
        open(page, "?episodes=100&seed=3");
        page.locator("quick-train button[data-action=train]").click();
        waitUntilDone(page);
        JsonNode shortRun = returnChart(page);
        assertThat(shortRun.path("smooth").asBoolean()).as("smoothing is on by default").isTrue();
        // 100 one-hand stretches are a ±1 square wave; the mean of the hands so far is not
        assertThat(shortRun.path("rawSpread").asDouble()).isGreaterThanOrEqualTo(2);
        assertThat(shortRun.path("smoothSpread").asDouble()).isLessThan(1.2);
        assertThat(shortRun.path("firstSmoothX").asDouble()).as("starts once 20 hands are in")
                .isGreaterThanOrEqualTo(20);

        page.locator("train-agent input[name=episodes]").fill("20000");
        page.locator("train-agent input[name=seed]").fill("8");
        page.locator("quick-train button[data-action=train]").click();
        waitUntilDone(page);
        JsonNode longRun = returnChart(page);
        assertThat(longRun.path("yMin").asDouble()).isEqualTo(shortRun.path("yMin").asDouble()).isEqualTo(-0.6);
        assertThat(longRun.path("yMax").asDouble()).isEqualTo(shortRun.path("yMax").asDouble()).isEqualTo(0.4);
        JsonNode quick = quickChart(page);
        assertThat(quick.path("yMin").asDouble()).isEqualTo(-0.6);
        assertThat(quick.path("yMax").asDouble()).isEqualTo(0.4);

        // unsmoothed, the stretches alone on their own fixed axis; and back
        page.locator("train-agent input[data-role=smooth]").uncheck();
        page.waitForFunction("() => document.querySelector('train-agent').dataset.smooth === 'false'");
        JsonNode raw = returnChart(page);
        assertThat(raw.path("yMin").asDouble()).isEqualTo(-1);
        assertThat(raw.path("yMax").asDouble()).isEqualTo(1.5);
        page.locator("train-agent input[data-role=smooth]").check();
        page.waitForFunction("() => document.querySelector('train-agent').dataset.smooth === 'true'");
        assertThat(returnChart(page).path("yMin").asDouble()).isEqualTo(-0.6);
        assertThat(page.locator("train-agent figcaption").first()).hasText("Mean return per hand while training");
        assertThat(errors.all()).isEmpty();
    }

    /**
     * Small things a newcomer trips over: the episodes box shows its largest value, ε = 0 is not
     * said to explore, Monte Carlo's symbols include its return Gₜ, the Copy button covers no code,
     * and a policy cell's ✕ / ≈ mark is big enough to read.
     */
    @Test
    void theSmallThingsReadWell(Page page, BrowserSupport.PageErrors errors) {
        open(page, "?episodes=10000000");
        Object clipped = page.evaluate("() => { const i = document.querySelector('train-agent input[name=episodes]');"
                + " return i.scrollWidth > i.clientWidth; }");
        assertThat(clipped).as("the episodes box clips 10000000").isEqualTo(false);

        page.locator("train-agent input[name=episodes]").fill("20000");
        page.locator("train-agent input[name=epsilon]").fill("0");
        page.locator("train-agent button[data-action=train]").click();
        waitUntilDone(page);
        assertThat(page.locator("train-agent [data-role=summary]")).not().containsText("random exploring");
        page.waitForSelector("policy-view[data-state=ready]");
        page.waitForSelector("policy-view td.diff");
        double markPx = ((Number) page.evaluate("() => parseFloat(getComputedStyle("
                + "document.querySelector('policy-view td.diff'), '::after').fontSize)")).doubleValue();
        assertThat(markPx).as("font size of the ✕ / ≈ mark, px").isGreaterThanOrEqualTo(12);

        page.locator("show-code button[role=tab][data-algorithm=monte-carlo]").click();
        assertThat(page.locator("show-code [data-role=symbols]")).containsText("Gₜ");
        assertThat(page.locator("show-code [data-role=symbols]")).not().containsText("A′");

        Object overlaps = page.evaluate("""
                () => [...document.querySelectorAll('.code-block')].filter(block => {
                  const b = block.querySelector('.copy-code').getBoundingClientRect();
                  const p = block.querySelector('pre').getBoundingClientRect();
                  return b.bottom > p.top && b.top < p.bottom && b.right > p.left && b.left < p.right;
                }).length""");
        assertThat(((Number) overlaps).intValue()).as("Copy buttons over their code").isZero();
        assertThat(errors.all()).isEmpty();
    }

    /** What the learner sees: the viewport only (BrowserSupport's are whole pages). */
    private static void firstScreen(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(BrowserSupport.screenshotsDir().resolve(name + ".png")).setTimeout(60_000));
    }

    private static void open(Page page, String query) {
        page.navigate(server.base() + LESSON + query);
        page.waitForSelector("train-agent[data-state=idle]");
        page.waitForFunction("() => window.Chart && document.querySelector('quick-train').dataset.state === 'idle'");
    }

    private static void waitUntilDone(Page page) {
        page.waitForFunction("() => document.querySelector('train-agent').dataset.state === 'done'"
                + " && document.querySelector('quick-train').dataset.state === 'done'", null,
                new Page.WaitForFunctionOptions().setTimeout(RUN_TIMEOUT_MS));
    }

    /** The full widget's mean-return chart: axis, smoothing, and the spread of each series. */
    private static JsonNode returnChart(Page page) throws Exception {
        return JSON.readTree((String) page.evaluate("""
                () => {
                  const chart = Chart.getChart(document.querySelector('train-agent canvas[data-chart="return"]'));
                  const [raw, mean] = chart.data.datasets;
                  const spread = (d) => d.length ? Math.max(...d.map(p => p.y)) - Math.min(...d.map(p => p.y)) : 0;
                  return JSON.stringify({
                    smooth: document.querySelector('train-agent').dataset.smooth === 'true',
                    yMin: chart.options.scales.y.min, yMax: chart.options.scales.y.max,
                    rawSpread: spread(raw.data), smoothSpread: spread(mean.data),
                    firstSmoothX: mean.data.length ? mean.data[0].x : -1,
                  });
                }"""));
    }

    /** The first-screen chart: axis and how many points its main curve has. */
    private static JsonNode quickChart(Page page) throws Exception {
        return JSON.readTree((String) page.evaluate("""
                () => {
                  const chart = Chart.getChart(document.querySelector('quick-train canvas'));
                  const main = chart.data.datasets.find(d => d.label === 'Your agent while learning');
                  return JSON.stringify({ yMin: chart.options.scales.y.min, yMax: chart.options.scales.y.max,
                    points: main.data.length });
                }"""));
    }
}
