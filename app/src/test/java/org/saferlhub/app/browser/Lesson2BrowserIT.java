package org.saferlhub.app.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.saferlhub.app.browser.BrowserSupport.scrollWidth;
import static org.saferlhub.app.browser.SitePages.fmt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.ColorScheme;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Lesson 2 (GridWorld) in a real Chromium against a real server: the loop is stepped and its
 * substituted equation checked against the server's own trace, the playground is edited while it
 * learns, dynamic programming is swept, Cliff Walking is predicted, run and graded, and the page
 * is audited in both themes and at phone width.
 */
@ExtendWith(BrowserSupport.class)
class Lesson2BrowserIT {

    private static final String LESSON = "/lessons/gridworld";
    /** Lesson 3, on the same grids: dynamic programming and REINFORCE. */
    private static final String PLANNING = "/lessons/planning";
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
    // 1. The loop: one real step, its numbers in the equation, the code view in sync
    // ------------------------------------------------------------------------------------------

    @Test
    void steppingTheLoopShowsTheServersUpdateWithItsNumbers(Page page, BrowserSupport.PageErrors errors)
            throws Exception {
        open(page, "");
        Locator loop = page.locator("grid-loop");
        assertThat(loop).hasAttribute("data-state", "ready");
        // Before any step: the open field, 5 × 5, every Q-value 0, the agent on the start.
        assertThat(loop.locator(".gw-cell")).hasCount(25);
        assertThat(loop.locator(".gw-cell[data-state='0']"))
                .hasAttribute("aria-label", Pattern.compile("^row 1, column 1: start.*the agent is here"));

        for (int i = 1; i <= 3; i++) {
            Response response = page.waitForResponse(
                    r -> r.url().matches(".*/api/gridworld/sessions/[^/]+/step$"),
                    () -> loop.locator("button[data-action=step]").click());
            assertThat(response.status()).isEqualTo(200);
            JsonNode answer = JSON.readTree(response.text());
            JsonNode trace = answer.path("trace");
            assertThat(trace.isObject()).as("a single step carries its trace").isTrue();
            assertThat(loop).hasAttribute("data-traced", String.valueOf(i));

            Locator eq = loop.locator("[data-role=equation]");
            double old = number(eq, "data-old");
            double alpha = number(eq, "data-alpha");
            double target = number(eq, "data-target");
            double updated = number(eq, "data-new");
            // The rule itself: new = old + α (target − old).
            assertThat(updated).as("step %d: new = old + α(target − old)", i)
                    .isCloseTo(old + alpha * (target - old), within(1e-9));
            assertThat(alpha).isEqualTo(0.5);
            // ...with exactly the server's numbers.
            assertThat(old).isEqualTo(trace.path("oldValue").asDouble());
            assertThat(target).isEqualTo(trace.path("target").asDouble());
            assertThat(updated).isEqualTo(trace.path("newValue").asDouble());
            assertThat(number(eq, "data-reward")).isEqualTo(trace.path("reward").asDouble());
            // target = R + γ × (bootstrapped value), as the equation shows it.
            double gamma = number(eq, "data-gamma");
            double boot = number(eq, "data-boot");
            assertThat(trace.path("reward").asDouble() + (trace.path("terminated").asBoolean() ? 0 : gamma * boot))
                    .isCloseTo(target, within(1e-9));
            // KaTeX drew it, and the words repeat the numbers people read.
            assertThat(eq.locator(".katex").first()).isVisible();
            assertThat(loop.locator("[data-role=old]")).hasText(fmt(old, 3));
            assertThat(loop.locator("[data-role=new]")).hasText(fmt(updated, 3));
            assertThat(loop.locator("[data-role=update]")).containsText(fmt(target, 3));

            // The coin flip that chose the action, as the server drew it.
            String coin = String.format(Locale.ROOT, "coin %.2f", trace.path("coin").asDouble());
            assertThat(loop.locator("[data-role=coin]")).containsText(coin);
            assertThat(loop.locator("[data-role=coin]"))
                    .containsText(trace.path("explored").asBoolean() ? "explore" : "exploit");
            // The reward and the cells observed.
            assertThat(loop.locator("[data-role=reward-value]")).hasText("Rₜ₊₁ = " + fmt(trace.path("reward").asDouble(), 2));
            int s = trace.path("state").asInt();
            assertThat(loop.locator("[data-role=observe]"))
                    .containsText("row " + (s / 5 + 1) + ", column " + (s % 5 + 1));

            // On the grid: the changed Q-value is outlined, and its cell says so with the number.
            assertThat(loop.locator("svg .gw-hl-tri")).hasCount(1);
            assertThat(loop.locator(".gw-cell[data-state='" + s + "']").getAttribute("aria-label"))
                    .contains("just changed from " + fmt(old, 3) + " to " + fmt(updated, 3));
            int position = answer.path("snapshot").path("position").asInt();
            assertThat(loop.locator(".gw-cell[data-state='" + position + "']"))
                    .hasAttribute("aria-label", Pattern.compile("the agent is here"));

            // The code view follows: Q-learning's source, the update lines annotated with these numbers.
            Locator code = page.locator("grid-code");
            assertThat(code).hasAttribute("data-algorithm", "q-learning");
            assertThat(code.locator(".ln.an")).not().hasCount(0);
            assertThat(code.locator(".ln.an", new Locator.LocatorOptions().setHasText("q.add(state, action")))
                    .containsText(fmt(old, 3) + " → " + fmt(updated, 3));
            // Each anchored line of the update carries its number (the anchors of /api/source).
            assertThat(code.locator(".ln.an", new Locator.LocatorOptions().setHasText("double tdTarget")))
                    .containsText("tdTarget = " + fmt(target, 3));
            assertThat(code.locator(".ln.an", new Locator.LocatorOptions().setHasText("double tdError")))
                    .containsText("= " + fmt(trace.path("tdError").asDouble(), 3));
            // The equation above the code comes from QLearning.java's // tex: line.
            assertThat(code.locator("[data-role=equation] .katex").first()).isVisible();
        }

        // Ten more steps in one request: the counter follows, and no trace is claimed for them.
        loop.locator("button[data-action=run10]").click();
        assertThat(loop).hasAttribute("data-interactions", "13");
        assertThat(loop.locator("[data-role=update]")).hasText("–");
        // Finish the episode: it walks step by step until the server reports the episode's end.
        loop.locator("button[data-action=finish]").click();
        assertThat(loop.locator("[data-role=status]"))
                .hasText(Pattern.compile("Episode over|Time limit|still going"), new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(LONG_MS));
        assertThat(errors.all()).isEmpty();
        BrowserSupport.screenshot(page, "lesson2-loop-stepped");
    }

    // ------------------------------------------------------------------------------------------
    // 2. The playground: a wall on the greedy path while the agent learns
    // ------------------------------------------------------------------------------------------

    @Test
    void aWallOnTheGreedyPathMidRunMakesTheArrowsReroute(Page page, BrowserSupport.PageErrors errors) {
        open(page, "?map=open&algorithm=q-learning&seed=2&speed=fast#learn");
        Locator learn = page.locator("grid-learn");
        assertThat(learn).hasAttribute("data-state", "ready");
        assertThat(learn.locator("select[name=map]")).hasValue("open");
        learn.locator("button[data-action=start]").click();
        assertThat(learn).hasAttribute("data-running", "true");
        // Learn until the greedy path runs from the start to the goal (state 24).
        page.waitForFunction("() => { const el = document.querySelector('grid-learn');"
                + " return Number(el.dataset.episodes) >= 20 && (el.dataset.greedyPath || '').split(',').at(-1) === '24'; }",
                null, new Page.WaitForFunctionOptions().setTimeout(LONG_MS));
        List<Integer> path = states(learn.getAttribute("data-greedy-path"));
        assertThat(path.get(0)).isZero();
        int blocked = path.get(path.size() / 2);
        assertThat(blocked).isNotIn(0, 24);
        String greedyBefore = learn.getAttribute("data-greedy");

        // Mid-run: open the cell's editor from the keyboard and make it a wall.
        Locator cell = learn.locator(".gw-cell[data-state='" + blocked + "']");
        cell.focus();
        page.keyboard().press("Enter");
        Locator editor = learn.locator("[data-role=editor]");
        assertThat(editor).isVisible();
        assertThat(editor).containsText("Edit row " + (blocked / 5 + 1) + ", column " + (blocked % 5 + 1));
        assertThat(learn).hasAttribute("data-running", "true");
        Response patched = page.waitForResponse(r -> "PATCH".equals(r.request().method()),
                () -> editor.locator("button[data-action=make-wall]").click());
        assertThat(patched.status()).isEqualTo(200);
        assertThat(cell).hasAttribute("aria-label", Pattern.compile(": wall"));

        // The agent keeps learning and its greedy path goes round the wall to the goal.
        page.waitForFunction("([blocked, before]) => { const el = document.querySelector('grid-learn');"
                + " const path = (el.dataset.greedyPath || '').split(',');"
                + " return el.dataset.greedy !== before && path.at(-1) === '24' && !path.includes(String(blocked)); }",
                Arrays.asList(blocked, greedyBefore), new Page.WaitForFunctionOptions().setTimeout(LONG_MS));
        assertThat(learn.getAttribute("data-greedy")).isNotEqualTo(greedyBefore);

        // A reward that is out of range is refused, with the server's sentence beside the field.
        int other = path.get(1);
        learn.locator(".gw-cell[data-state='" + other + "']").click();
        editor.locator("[data-role=reward-input]").fill("5000000");
        editor.locator("button[data-action=set-reward]").click();
        assertThat(editor.locator(".field-error")).containsText("reward");
        errors.clear(); // the refused PATCH (400) is logged by the browser as a failed resource
        editor.locator("[data-role=reward-input]").fill("-100");
        editor.locator("button[data-action=set-reward]").click();
        assertThat(learn.locator("[data-role=status]")).containsText("now gives reward −100");

        learn.locator("button[data-action=start]").click(); // pause
        assertThat(learn).hasAttribute("data-running", "false");
        // All four Q-values fit their triangles: at most three digits each (issue 10); the cell
        // with its own reward labels it on a halo that reads on any colour.
        learn.locator("select[name=view]").selectOption("q");
        assertThat(learn.locator(".gw-qnum").first()).isAttached();
        Object longest = page.evaluate("() => Math.max(...[...document.querySelectorAll('grid-learn .gw-qnum')]"
                + ".map(t => t.textContent.replace(/[−-]/, '').replace('.', '').length))");
        assertThat(((Number) longest).intValue()).as("digits in a Q label").isLessThanOrEqualTo(3);
        assertThat(page.evaluate("() => getComputedStyle(document.querySelector('grid-learn .gw-reward')).paintOrder"))
                .asString().startsWith("stroke");
        // The permalink carries the configuration.
        assertThat(page).hasURL(Pattern.compile("[?&]map=open(&|#|$)"));
        assertThat(page).hasURL(Pattern.compile("[?&]algorithm=q-learning(&|#|$)"));
        assertThat(errors.all()).isEmpty();
        BrowserSupport.screenshot(page, "lesson2-learn-rerouted");
    }

    // ------------------------------------------------------------------------------------------
    // 3. Dynamic programming: the largest change shrinks sweep by sweep
    // ------------------------------------------------------------------------------------------

    @Test
    void dynamicProgrammingSweepsShrinkTheLargestChange(Page page, BrowserSupport.PageErrors errors) {
        openPlanning(page, "");
        Locator dp = page.locator("grid-dp");
        assertThat(dp).hasAttribute("data-state", "ready");
        double gamma = 0.9;
        assertThat(dp.locator("input[name=gamma]")).hasValue("0.9");
        // Before any sweep the log-scale chart shows no invented ticks.
        page.waitForFunction("() => window.Chart && Chart.getChart(document.querySelector('grid-dp canvas'))");
        assertThat(page.evaluate("() => Chart.getChart(document.querySelector('grid-dp canvas')).options.scales.y.ticks.display"))
                .isEqualTo(false);

        List<Double> changes = new ArrayList<>();
        for (int sweep = 1; sweep <= 4; sweep++) {
            dp.locator("button[data-action=evaluate]").click();
            assertThat(dp).hasAttribute("data-sweeps", String.valueOf(sweep));
            changes.add(Double.parseDouble(dp.getAttribute("data-max-change")));
        }
        for (int i = 1; i < changes.size(); i++) {
            assertThat(changes.get(i)).as("sweep %d's largest change %s", i + 1, changes)
                    .isLessThan(changes.get(i - 1))
                    .isLessThanOrEqualTo(gamma * changes.get(i - 1) + 1e-12);
        }
        assertThat(dp.locator("[data-role=max-change]")).containsText(fmt(changes.get(3), 4));
        // Every open cell says its value.
        assertThat(dp.locator(".gw-cell[data-state='0']")).hasAttribute("aria-label", Pattern.compile("V = "));
        // The code view shows the method that just ran, with the sweep's number.
        assertThat(page.locator("grid-code")).hasAttribute("data-algorithm", "policy-evaluation");
        assertThat(page.locator("grid-code .gw-anno").first()).containsText(fmt(changes.get(3), 4));

        // Policy iteration by hand: evaluate the random walker until settled, improve once, and the
        // maze is solved: a second round changes nothing.
        dp.locator("button[data-action=evaluate-auto]").click();
        assertThat(dp.locator("[data-role=status]")).containsText("Settled after",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(LONG_MS));
        assertThat(Double.parseDouble(dp.getAttribute("data-max-change"))).isLessThan(1e-4);
        // The shrinking changes are told apart (three significant digits), not "0.0001 → 0.0001".
        String history = dp.locator("[data-role=history]").textContent();
        assertThat(history).contains("→");
        List<String> shown = List.of(history.substring(history.indexOf(':') + 1).replaceAll("\\.$", "").trim().split(" → "));
        assertThat(shown).as(history).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates();
        dp.locator("button[data-action=improve]").click();
        assertThat(dp.locator("[data-role=status]")).containsText("Policy improvement: every cell now points");
        assertThat(dp).hasAttribute("data-stable", "false");
        // (Values settled to 10⁻⁴ can still break a tie between two equally good moves differently,
        // so a round or two more may pass before the policy stops changing.)
        for (int round = 2; round <= 5 && !"true".equals(dp.getAttribute("data-stable")); round++) {
            String before = dp.getAttribute("data-sweeps");
            dp.locator("button[data-action=evaluate-auto]").click();
            assertThat(dp.locator("[data-role=status]")).containsText("Settled after",
                    new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(LONG_MS));
            assertThat(dp).not().hasAttribute("data-sweeps", before);
            dp.locator("button[data-action=improve]").click();
            assertThat(dp.locator("[data-role=status]")).containsText("Policy improvement");
        }
        assertThat(dp.locator("[data-role=status]")).containsText("already greedy");
        assertThat(dp).hasAttribute("data-stable", "true");
        dp.locator("button[data-action=policy-iteration]").click();
        assertThat(dp.locator("[data-role=status]")).containsText("Policy iteration finished");
        assertThat(dp).hasAttribute("data-stable", "true");
        // The maze's start is 30 steps from the goal: −1 per step, γ = 0.9.
        double v0 = 0;
        for (int k = 0; k < 30; k++) {
            v0 -= Math.pow(gamma, k);
        }
        assertThat(dp.locator(".gw-cell[data-state='0']").getAttribute("aria-label")).contains("V = " + fmt(v0, 2));
        assertThat(errors.all()).isEmpty();
        BrowserSupport.screenshot(page, "lesson2-dp");
    }

    // ------------------------------------------------------------------------------------------
    // 4. Cliff Walking: predict, run, graded against what really happened
    // ------------------------------------------------------------------------------------------

    @Test
    void cliffWalkingPredictionIsGradedAgainstTheRealRun(Page page, BrowserSupport.PageErrors errors)
            throws Exception {
        open(page, "#cliff");
        Locator cliff = page.locator("grid-cliff");
        assertThat(cliff).hasAttribute("data-state", "ready");
        // No run before a prediction.
        cliff.locator("button[data-action=run]").click();
        assertThat(cliff.locator("[data-role=prediction-error]")).containsText("First make both predictions");
        assertThat(cliff).hasAttribute("data-state", "ready");

        cliff.locator("input[data-question=path][value=safe]").check();
        cliff.locator("input[data-question=online][value=sarsa]").check();
        cliff.locator("button[data-action=run]").click();
        assertThat(cliff).hasAttribute("data-state", "done", new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(LONG_MS));

        // What the server says SARSA and Q-learning learned, seeds 1 to 3, as the page ran them.
        int safe = 0;
        double sarsaTail = 0;
        double qTail = 0;
        for (int seed = 1; seed <= 3; seed++) {
            JsonNode sarsa = train("sarsa", seed);
            JsonNode q = train("q-learning", seed);
            assertThat(sarsa.path("returns")).hasSize(500);
            if (!walksTheEdge(sarsa.path("path"))) {
                safe++;
            }
            sarsaTail += tailMean(sarsa.path("returns")) / 3;
            qTail += tailMean(q.path("returns")) / 3;
        }
        String sarsaKind = safe * 2 > 3 ? "safe" : "edge";
        assertThat(cliff).hasAttribute("data-sarsa-path", sarsaKind);
        Locator pathVerdict = cliff.locator("[data-role=verdict] [data-question=path]");
        Locator onlineVerdict = cliff.locator("[data-role=verdict] [data-question=online]");
        assertThat(pathVerdict).hasAttribute("data-correct", String.valueOf("safe".equals(sarsaKind)));
        assertThat(pathVerdict).containsText("safe".equals(sarsaKind) ? "✓ Your prediction was right." : "✗ Not what happened.");
        boolean sarsaMore = sarsaTail - qTail >= 0.05 * Math.max(1, Math.max(Math.abs(sarsaTail), Math.abs(qTail)));
        assertThat(onlineVerdict).hasAttribute("data-correct", String.valueOf(sarsaMore));
        java.util.regex.Matcher m = Pattern.compile("on average (\\S+) per episode for SARSA against (\\S+) for Q-learning")
                .matcher(onlineVerdict.textContent());
        assertThat(m.find()).as(onlineVerdict.textContent()).isTrue();
        assertThat(parse(m.group(1))).isCloseTo(sarsaTail, within(0.051));
        assertThat(parse(m.group(2))).isCloseTo(qTail, within(0.051));
        // The classic result (Sutton & Barto, Example 6.6) holds on this engine.
        assertThat(sarsaKind).isEqualTo("safe");
        assertThat(sarsaTail).isGreaterThan(qTail);
        // Both greedy paths are drawn, and the chart has one point per episode for each learner.
        assertThat(cliff.locator("svg polyline.gw-path-q")).hasCount(1);
        assertThat(cliff.locator("svg polyline.gw-path-sarsa")).hasCount(1);
        Object points = page.evaluate("() => window.Chart.getChart(document.querySelector('grid-cliff canvas'))"
                + ".data.datasets.map(d => d.data.length)");
        assertThat(points).isEqualTo(List.of(500, 500));
        // The paths stop at the goal cell's edge: its G stays readable (issue 10).
        double[] ends = ((List<?>) page.evaluate("""
                () => {
                  const svg = document.querySelector('grid-cliff svg polyline').ownerSVGElement;
                  const unit = svg.viewBox.baseVal.width / 12;
                  const last = [...document.querySelectorAll('grid-cliff svg polyline')].map(p => {
                    const pts = p.points;
                    const e = pts.getItem(pts.numberOfItems - 1);
                    return Math.hypot(e.x - (11 * unit + unit / 2), e.y - (3 * unit + unit / 2)) / unit;
                  });
                  return last;
                }""")).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        assertThat(java.util.Arrays.stream(ends).min().orElse(0)).as("path ends to the G, in cells: %s",
                java.util.Arrays.toString(ends)).isGreaterThanOrEqualTo(0.4);
        assertThat(ends).hasSize(2);
        // The book's view cuts the axis at −100 and says where the curves come in; the whole
        // range shows the first episodes too.
        Locator note = cliff.locator("[data-role=axis-note]");
        assertThat(note).containsText("the axis stops at −100");
        cliff.locator("[data-role=whole-range]").check();
        assertThat(note).hasText("");
        assertThat(((Number) page.evaluate("() => Chart.getChart(document.querySelector('grid-cliff canvas'))"
                + ".options.scales.y.min")).doubleValue()).isLessThan(-100);
        assertThat(errors.all()).isEmpty();
        BrowserSupport.screenshot(page, "lesson2-cliff-graded");
    }

    // ------------------------------------------------------------------------------------------
    // 5. REINFORCE: action probabilities, with and without a baseline
    // ------------------------------------------------------------------------------------------

    @Test
    void reinforceShowsActionProbabilitiesForBothAgents(Page page, BrowserSupport.PageErrors errors) {
        openPlanning(page, "#reinforce");
        Locator rf = page.locator("grid-reinforce");
        assertThat(rf).hasAttribute("data-state", "ready");
        assertThat(rf.locator("[data-agent=reinforce] .gw-cell[data-state='0']"))
                .hasAttribute("aria-label", Pattern.compile("π: ↑ 25 %, → 25 %, ↓ 25 %, ← 25 %"));
        // A cell's four probability arrows start apart, not in one blob at its centre (issue 10).
        Object blobs = page.evaluate("""
                () => [...document.querySelectorAll('grid-reinforce g')].filter(g => {
                  const stems = [...g.querySelectorAll(':scope > .gw-prob > line')];
                  const starts = new Set(stems.map(l => `${l.getAttribute('x1')},${l.getAttribute('y1')}`));
                  return stems.length > 1 && starts.size < stems.length;
                }).length""");
        assertThat(((Number) blobs).intValue()).as("cells whose arrows share a starting point").isZero();
        assertThat(page.locator("grid-reinforce .gw-prob")).not().hasCount(0);
        rf.locator("input[name=episodes]").fill("100");
        rf.locator("button[data-action=train]").click();
        page.waitForFunction("() => Number(document.querySelector('grid-reinforce').dataset.episodes) >= 100",
                null, new Page.WaitForFunctionOptions().setTimeout(LONG_MS));
        for (String agent : List.of("reinforce", "reinforce-baseline")) {
            String label = rf.locator("[data-agent=" + agent + "] .gw-cell[data-state='0']").getAttribute("aria-label");
            assertThat(label).contains("π: ").doesNotContain("↑ 25 %, → 25 %, ↓ 25 %, ← 25 %");
        }
        assertThat(rf.locator("[data-role=compare] table tbody td")).hasCount(6);
        assertThat(errors.all()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // 6. Accessibility in both themes, and a phone without sideways scrolling
    // ------------------------------------------------------------------------------------------

    @Test
    void passesAxeInBothThemesAndFitsAPhone(Page page, BrowserSupport.PageErrors errors) {
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            String theme = scheme == ColorScheme.LIGHT ? "light" : "dark";
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            for (int width : new int[] {1280, 375}) {
                page.setViewportSize(width, width == 375 ? 800 : 900);
                openPlanning(page, "");
                assertThat(page.locator("grid-dp")).hasAttribute("data-state", "ready");
                page.locator("grid-dp button[data-action=value-iteration]").click();
                assertThat(page.locator("grid-dp")).hasAttribute("data-sweeps", "1");
                assertThat(BrowserSupport.axeViolations(page)).as("axe, lesson 3, %s, %d px", theme, width).isEmpty();
                assertThat(scrollWidth(page)).as("lesson 3 width at %d px (%s)", width, theme).isLessThanOrEqualTo(width);
                BrowserSupport.screenshot(page, "lesson3-" + width + "-" + theme);

                open(page, "");
                assertThat(page.locator("grid-learn")).hasAttribute("data-state", "ready");
                // Some of every widget in use, so the audit sees the filled-in states too.
                page.locator("grid-loop button[data-action=step]").click();
                assertThat(page.locator("grid-loop")).hasAttribute("data-traced", "1");
                page.locator("grid-learn button[data-action=step]").click();
                page.locator("grid-learn .gw-cell[data-state='1']").click();
                assertThat(page.locator("grid-learn [data-role=editor]")).isVisible();
                assertThat(BrowserSupport.axeViolations(page)).as("axe, %s, %d px", theme, width).isEmpty();
                assertThat(scrollWidth(page)).as("page width at %d px (%s)", width, theme).isLessThanOrEqualTo(width);
                BrowserSupport.screenshot(page, "lesson2-" + width + "-" + theme);
            }
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
        page.navigate(base + LESSON + onTheServer(suffix));
        assertThat(page.locator("h1")).hasText("Under the hood: GridWorld");
    }

    /** Opens lesson 3 (dynamic programming and REINFORCE on the same grids), as {@link #open}. */
    private static void openPlanning(Page page, String suffix) {
        page.navigate(base + PLANNING + onTheServer(suffix));
        assertThat(page.locator("h1")).hasText("Planning vs learning, values vs policies");
    }

    /** {@code suffix} (a query and/or a fragment) asking the page to use the server's engine. */
    static String onTheServer(String suffix) {
        return suffix.startsWith("?") ? "?engine=server&" + suffix.substring(1) : "?engine=server" + suffix;
    }

    private static double number(Locator el, String attribute) {
        String value = el.getAttribute(attribute);
        assertThat(value).as(attribute).isNotNull();
        return Double.parseDouble(value);
    }

    private static List<Integer> states(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (!part.isBlank()) {
                out.add(Integer.parseInt(part.trim()));
            }
        }
        return out;
    }

    /** The page's rule: a path walks the edge when it visits more than half of the cells next to the cliff. */
    private static boolean walksTheEdge(JsonNode path) {
        // The cliff map is 4 × 12 with the cliff on row 3, columns 1–10; the edge is row 2, columns 1–10.
        int onEdge = 0;
        for (JsonNode s : path) {
            int state = s.asInt();
            int row = state / 12;
            int col = state % 12;
            if (row == 2 && col >= 1 && col <= 10) {
                onEdge++;
            }
        }
        return onEdge * 2 > 10;
    }

    private static double tailMean(JsonNode returns) {
        int n = returns.size();
        int from = Math.max(0, n - 100);
        double sum = 0;
        for (int i = from; i < n; i++) {
            sum += returns.get(i).asDouble();
        }
        return sum / (n - from);
    }

    private static JsonNode train(String algorithm, int seed) throws IOException, InterruptedException {
        String body = String.format(Locale.ROOT, "{\"map\":\"cliff\",\"algorithm\":\"%s\",\"episodes\":500,"
                + "\"alpha\":0.5,\"gamma\":1,\"epsilon\":0.1,\"seed\":%d}", algorithm, seed);
        HttpResponse<String> response = server.http().send(HttpRequest.newBuilder(URI.create(base + "/api/gridworld/train"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST /api/gridworld/train: %s", response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static double parse(String text) {
        return Double.parseDouble(text.trim().replace('\u2212', '-'));
    }
}
