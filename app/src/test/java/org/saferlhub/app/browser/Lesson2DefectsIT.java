package org.saferlhub.app.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.BoundingBox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Five defects a new learner met in lesson 2 (GridWorld), each pinned by a test that failed
 * before its fix: the planning box's policy label, a wall that cuts the start off from the goal,
 * an episode cut by the time limit, a tapped cell's numbers on a phone, and the playground's
 * link with edited cells.
 */
@ExtendWith(BrowserSupport.class)
class Lesson2DefectsIT {

    private static final String LESSON = "/lessons/gridworld";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double LONG_MS = 90_000;

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

    // ------------------------------------------------------------------------------------------
    // 1. The DP box names the policy its arrows show
    // ------------------------------------------------------------------------------------------

    @Test
    void theDynamicProgrammingPolicyLabelSaysWhatTheArrowsShow(Page page, BrowserSupport.PageErrors errors) {
        openPlanning(page, "");
        Locator dp = page.locator("grid-dp");
        assertThat(dp).hasAttribute("data-state", "ready");
        Locator kind = dp.locator("[data-role=policy-kind]");
        Locator status = dp.locator("[data-role=status]");
        String uniform = "uniformly random";
        assertThat(kind).containsText(uniform);

        // Evaluating the random walker leaves its arrows random.
        dp.locator("button[data-action=evaluate]").click();
        assertThat(dp).hasAttribute("data-sweeps", "1");
        assertThat(kind).containsText(uniform);
        assertThat(kind).hasAttribute("data-kind", "uniform");
        dp.locator("button[data-action=evaluate]").click();
        assertThat(dp).hasAttribute("data-sweeps", "2");
        assertThat(kind).containsText(uniform);

        // An improvement makes the arrows greedy in the values on the board ...
        dp.locator("button[data-action=improve]").click();
        assertThat(status).containsText("Policy improvement");
        assertThat(kind).hasText("greedy in the values shown");
        assertThat(kind).hasAttribute("data-kind", "greedy");
        // ... and evaluating it moves the values on: the arrows were made from earlier ones.
        dp.locator("button[data-action=evaluate]").click();
        assertThat(dp).hasAttribute("data-sweeps", "3");
        assertThat(kind).hasText("greedy in earlier values: improve it to catch up");
        assertThat(kind).hasAttribute("data-kind", "greedy-earlier");

        // Reset: random again.
        dp.locator("button[data-action=reset]").click();
        assertThat(status).containsText("Start again");
        assertThat(kind).containsText(uniform);

        // Value iteration: its arrows are greedy in the values it just computed.
        dp.locator("button[data-action=value-iteration]").click();
        assertThat(dp).hasAttribute("data-sweeps", "1");
        assertThat(kind).hasText("greedy in the values shown");

        // Policy iteration solves the maze: the arrows are optimal.
        dp.locator("button[data-action=policy-iteration]").click();
        assertThat(status).containsText("Policy iteration finished");
        assertThat(kind).hasText("greedy and stable: optimal");
        assertThat(kind).hasAttribute("data-kind", "optimal");
        // Evaluating an optimal policy keeps it optimal.
        String sweeps = dp.getAttribute("data-sweeps");
        dp.locator("button[data-action=evaluate]").click();
        assertThat(dp).not().hasAttribute("data-sweeps", sweeps);
        assertThat(kind).hasText("greedy and stable: optimal");

        dp.locator("button[data-action=reset]").click();
        assertThat(status).containsText("Start again");
        assertThat(kind).containsText(uniform);
        assertThat(errors.all()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // 2. A wall that cuts the start off from the goal is named
    // ------------------------------------------------------------------------------------------

    @Test
    void aWallThatCutsTheStartOffFromTheGoalIsNamed(Page page, BrowserSupport.PageErrors errors) {
        open(page, "?map=open&algorithm=q-learning&seed=2&speed=slow#learn");
        Locator learn = page.locator("grid-learn");
        assertThat(learn).hasAttribute("data-state", "ready");
        Locator status = learn.locator("[data-role=status]");
        learn.locator("button[data-action=start]").click();
        assertThat(learn).hasAttribute("data-running", "true");

        // A first wall beside the start leaves the way down open.
        wall(page, learn, 1);
        assertThat(status).hasText("row 1, column 2 is now a wall. Watch the arrows re-route as the agent learns.");
        assertThat(learn).hasAttribute("data-goal-reachable", "true");
        // The second closes the start in.
        wall(page, learn, 5);
        assertThat(status).hasText("row 2, column 1 is now a wall. Now the goal cannot be reached from the start:"
                + " this wall closed the last way there, so every episode will stop at the time limit."
                + " Remove the wall at row 2, column 1 to open the way again.");
        assertThat(learn).hasAttribute("data-goal-reachable", "false");
        assertThat(status).not().containsText("re-route");
        assertThat(learn.locator("[data-role=goal-warning]")).isVisible();

        // Removing it opens the way again, and the warning goes.
        Locator editor = learn.locator("[data-role=editor]");
        page.waitForResponse(r -> "PATCH".equals(r.request().method()),
                () -> editor.locator("button[data-action=make-floor]").click());
        assertThat(status).hasText("row 2, column 1 is floor again. The goal can be reached again."
                + " Watch the arrows re-route as the agent learns.");
        assertThat(learn).hasAttribute("data-goal-reachable", "true");
        assertThat(learn.locator("[data-role=goal-warning]")).isHidden();
        learn.locator("button[data-action=start]").click(); // pause
        assertThat(learn).hasAttribute("data-running", "false");
        assertThat(errors.all()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // 3. An episode cut by the time limit is not reported as over
    // ------------------------------------------------------------------------------------------

    @Test
    void anEpisodeCutByTheTimeLimitSaysSo(Page page, BrowserSupport.PageErrors errors) throws Exception {
        // Same seed, same steps: find a seed whose first episode with the loop's defaults is cut off.
        long seed = truncatedSeed();
        open(page, "");
        Locator loop = page.locator("grid-loop");
        assertThat(loop).hasAttribute("data-state", "ready");
        loop.locator("summary").click();
        loop.locator("input[name=seed]").fill(Long.toString(seed));
        loop.locator("input[name=seed]").dispatchEvent("change");
        loop.locator("button[data-action=finish]").click();
        Locator status = loop.locator("[data-role=status]");
        assertThat(status).hasText(Pattern.compile("^Time limit: the episode was cut off after 100 steps"
                + " without reaching the goal \\(return −100\\.0\\)\\. The agent starts again from the start\\.$"),
                new LocatorAssertions.HasTextOptions().setTimeout(LONG_MS));
        assertThat(status).not().containsText("Episode over");
        // The last step's own account says so too.
        assertThat(loop.locator("[data-role=reward]")).containsText("the time limit");
        assertThat(errors.all()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // 4. On a phone, a tapped cell's numbers show where the finger is
    // ------------------------------------------------------------------------------------------

    @Test
    void aTappedCellsNumbersShowInTheViewportOnAPhone(Browser browser) {
        try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setReducedMotion(com.microsoft.playwright.options.ReducedMotion.REDUCE)
                .setViewportSize(375, 740).setHasTouch(true).setIsMobile(true).setDeviceScaleFactor(2)
                .setLocale("en-US").setTimezoneId("UTC"))) {
            phone.setDefaultTimeout(15_000);
            List<String> errors = Collections.synchronizedList(new ArrayList<>());
            phone.onWebError(e -> errors.add(e.error()));
            phone.onConsoleMessage(m -> {
                if ("error".equals(m.type())) {
                    errors.add(m.text());
                }
            });
            Page page = phone.newPage();
            for (String widget : List.of("grid-dp", "grid-reinforce", "grid-loop", "grid-cliff")) {
                if (widget.equals("grid-dp")) {
                    openPlanning(page, ""); // lesson 3: dynamic programming and REINFORCE
                } else if (widget.equals("grid-loop")) {
                    open(page, "");
                }
                Locator box = page.locator(widget);
                assertThat(box).hasAttribute("data-state", "ready");
                int state = "grid-cliff".equals(widget) ? 14 : 12; // column 3 of each map
                Locator cell = box.locator(".gw-cell[data-state='" + state + "']").first();
                // The learner has scrolled so that the cell is near the bottom of the screen, the
                // rest of the board (and anything under it) below the screen's edge.
                cell.scrollIntoViewIfNeeded();
                page.evaluate("el => window.scrollBy(0, el.getBoundingClientRect().bottom - (window.innerHeight - 40))",
                        cell.elementHandle());
                BoundingBox at = cell.boundingBox();
                assertThat(at.y + at.height).as("%s: the cell is on the screen", widget).isBetween(600.0, 740.0);
                cell.tap();
                // The numbers of the tapped cell are shown where the learner can see them.
                Pattern numbers = Pattern.compile("^row \\d, column 3: ");
                List<String> seen = new ArrayList<>();
                boolean inView = false;
                for (Locator shown : box.locator("[data-role=cell-info], [data-role=cell-pop]").all()) {
                    if (!shown.isVisible() || !numbers.matcher(shown.textContent()).find()) {
                        continue;
                    }
                    BoundingBox b = shown.boundingBox();
                    seen.add(shown.getAttribute("data-role") + " at y " + b.y + "–" + (b.y + b.height));
                    inView |= b.y >= 0 && b.y + b.height <= 740 && b.x >= 0 && b.x + b.width <= 375;
                }
                assertThat(inView).as("%s: the tapped cell's numbers within the 375 × 740 screen; shown: %s", widget, seen)
                        .isTrue();
                page.screenshot(new Page.ScreenshotOptions()
                        .setPath(BrowserSupport.screenshotsDir().resolve("lesson2-phone-tap-" + widget + ".png")));
                // Screen readers still hear them from the live line under the board.
                Locator info = box.locator("[data-role=cell-info]").first();
                assertThat(info).hasAttribute("aria-live", "polite");
                assertThat(info).containsText(numbers);
                // The keyboard still works: the tapped cell has focus and the arrows move it.
                assertThat(cell).isFocused();
                page.keyboard().press("ArrowRight");
                assertThat(info).containsText(Pattern.compile("^row \\d, column 4: "));
                assertThat(box.locator("[data-role=cell-pop]").first()).isHidden();
            }
            assertThat(errors).isEmpty();
        }
    }

    // ------------------------------------------------------------------------------------------
    // 5. The playground's link carries the edited cells
    // ------------------------------------------------------------------------------------------

    @Test
    void theCopiedLinkRestoresTheEditedMap(Page page, BrowserContext context, BrowserSupport.PageErrors errors)
            throws Exception {
        context.grantPermissions(List.of("clipboard-read", "clipboard-write"), new BrowserContext.GrantPermissionsOptions().setOrigin(base));
        open(page, "?map=open&algorithm=q-learning&seed=2&speed=slow#learn");
        Locator learn = page.locator("grid-learn");
        assertThat(learn).hasAttribute("data-state", "ready");
        wall(page, learn, 12); // row 3, column 3
        Locator editor = learn.locator("[data-role=editor]");
        learn.locator(".gw-cell[data-state='18']").click(); // row 4, column 4
        editor.locator("[data-role=reward-input]").fill("100");
        page.waitForResponse(r -> "PATCH".equals(r.request().method()),
                () -> editor.locator("button[data-action=set-reward]").click());
        assertThat(learn.locator("[data-role=status]")).containsText("now gives reward 100");

        Locator copy = learn.locator("button[data-action=copy-link]");
        copy.click();
        assertThat(copy).hasText(Pattern.compile("Link copied|Copy failed"));
        String link;
        if ("Link copied".equals(copy.textContent())) {
            link = (String) page.evaluate("() => navigator.clipboard.readText()");
        } else {
            String text = learn.locator("[data-role=status]").textContent();
            link = text.substring(text.indexOf("http"));
        }
        assertThat(link).startsWith(base + LESSON).contains("edits=").hasSizeLessThan(400);

        Page other = context.newPage();
        other.navigate(link.replaceFirst("\\?", "?engine=server&"));
        Locator restored = other.locator("grid-learn");
        assertThat(restored).hasAttribute("data-state", "ready");
        assertThat(restored.locator(".gw-cell[data-state='12']")).hasAttribute("aria-label", Pattern.compile("^row 3, column 3: wall"));
        assertThat(restored.locator(".gw-cell[data-state='18']")).hasAttribute("aria-label", Pattern.compile("^row 4, column 4: floor, reward 100(;|$)"));
        assertThat(restored.locator(".gw-cell[data-state='13']")).hasAttribute("aria-label", Pattern.compile("^row 3, column 4: floor, reward −1\\.00(;|$)"));
        // The agent learns on the edited map: the server's map after a step has them too.
        Response step = other.waitForResponse(r -> r.url().endsWith("/step"),
                () -> restored.locator("button[data-action=step]").click());
        assertThat(step.status()).isEqualTo(200);
        assertThat(restored.locator(".gw-cell[data-state='12']")).hasAttribute("aria-label", Pattern.compile(": wall"));
        assertThat(restored.locator(".gw-cell[data-state='18']")).hasAttribute("aria-label", Pattern.compile("reward 100(;|$)"));
        JsonNode map = server.getJson("/api/gridworld/sessions/" + restored.getAttribute("data-session"), null).path("map");
        assertThat(map.path("tiles").path(12).asText()).isEqualTo("wall");
        assertThat(map.path("rewards").path(18).asDouble()).isEqualTo(100);
        assertThat(map.path("tiles").path(13).asText()).isEqualTo("floor");
        // Copying again from the restored page keeps the edits.
        assertThat(other).hasURL(Pattern.compile("[?&]edits="));
        other.close();
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void aBrokenEditsLinkSaysSoAndShowsTheUneditedMap(Page page, BrowserSupport.PageErrors errors) {
        for (String edits : List.of("zzz", "r9c9w", "r0c0w", "r1c1v1e999", "r1c1w_".repeat(400))) {
            open(page, "?map=open&edits=" + URLEncoder.encode(edits, StandardCharsets.UTF_8) + "#learn");
            Locator learn = page.locator("grid-learn");
            assertThat(learn).hasAttribute("data-state", "ready");
            assertThat(learn.locator("[data-role=status]")).containsText("The link’s edited cells could not be read",
                    new LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
            assertThat(learn.locator(".gw-cell[aria-label*=': wall']")).hasCount(0);
            // The page still works.
            learn.locator("button[data-action=step]").click();
            assertThat(learn.locator("[data-role=steps]")).hasText("1");
        }
        assertThat(errors.all()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // helpers
    // ------------------------------------------------------------------------------------------

    /**
     * Opens lesson 2. These tests drive the server's GridWorld API ({@code ?engine=server}: the
     * fallback where the browser cannot run the engine) and check its answers; InPageEngineIT
     * drives the engine in the page and proves it answers the same.
     */
    private static void open(Page page, String suffix) {
        page.navigate(base + LESSON + Lesson2BrowserIT.onTheServer(suffix));
        assertThat(page.locator("h1")).hasText("Under the hood: GridWorld");
    }

    /** Opens lesson 3 (dynamic programming and REINFORCE on the same grids). */
    private static void openPlanning(Page page, String suffix) {
        page.navigate(base + "/lessons/planning" + Lesson2BrowserIT.onTheServer(suffix));
        assertThat(page.locator("h1")).hasText("Planning vs learning, values vs policies");
    }

    /** Opens the playground's editor on {@code state} and makes it a wall, waiting for the answer. */
    private static void wall(Page page, Locator learn, int state) {
        learn.locator(".gw-cell[data-state='" + state + "']").click();
        Locator editor = learn.locator("[data-role=editor]");
        assertThat(editor).hasAttribute("data-state", String.valueOf(state));
        Response patched = page.waitForResponse(r -> "PATCH".equals(r.request().method()),
                () -> editor.locator("button[data-action=make-wall]").click());
        assertThat(patched.status()).isEqualTo(200);
        assertThat(learn.locator(".gw-cell[data-state='" + state + "']"))
                .hasAttribute("aria-label", Pattern.compile(": wall"));
    }

    /**
     * The first seed from 1 whose first episode, with the loop's defaults (open field, Q-learning,
     * α 0.5, γ 0.9, ε 0.1), runs into the time limit of 100 steps; asked of the server directly.
     */
    private static long truncatedSeed() throws Exception {
        for (long seed = 1; seed <= 30; seed++) {
            HttpResponse<String> answer = server.http().send(HttpRequest.newBuilder(URI.create(base + "/api/gridworld/sessions"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"map\":\"open\",\"algorithm\":\"q-learning\","
                            + "\"alpha\":0.5,\"gamma\":0.9,\"epsilon\":0.1,\"seed\":" + seed + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            JsonNode created = JSON.readTree(answer.body());
            String path = "/api/gridworld/sessions/" + created.path("id").asText();
            JsonNode first = server.postJson(path + "/step", "{\"steps\":99}", Duration.ofSeconds(10));
            JsonNode last = server.postJson(path + "/step", "{\"steps\":1}", Duration.ofSeconds(10));
            server.http().send(HttpRequest.newBuilder(URI.create(base + path)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (first.path("episodes").isEmpty() && last.path("trace").path("truncated").asBoolean()) {
                return seed;
            }
        }
        throw new AssertionError("no seed from 1 to 30 runs into the time limit");
    }
}
