package org.saferlhub.app.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lesson 7, goal misgeneralization, in a real Chromium: the learner predicts, trains a network
 * in the page's engine and tests it; the widget grades the prediction, splits the test episodes
 * three ways, replays them and draws the vector field, with the command that reproduces the run;
 * the page's numbers are the server's, bit for bit. The diversity curve loads from the engine's
 * cached output. On a phone in the dark theme the control arm runs without sideways scrolling,
 * and both pages pass axe-core with their results on screen.
 */
@ExtendWith(BrowserSupport.class)
class GoalLessonIT {

    private static final String LAB = "goal-lab[env=cheese-corner][predict=on]";
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

    private static void waitForState(Page page, String widget) {
        page.waitForSelector(widget + ":is([data-state=done],[data-state=error])",
                new Page.WaitForSelectorOptions().setTimeout(240_000));
    }

    @Test
    void predictTrainTestReplayAndTheCurve(Page page, BrowserSupport.PageErrors errors) {
        page.setViewportSize(1200, 900);
        page.navigate(base + "/lessons/goal-misgeneralization");
        Locator lab = page.locator(LAB);
        lab.scrollIntoViewIfNeeded();
        lab.locator("[data-role=predict] input[value=corner-first]").check();
        lab.locator("[data-role=steps]").selectOption("50000");
        lab.locator("[data-action=run]").click();
        waitForState(page, LAB);
        assertThat(lab).hasAttribute("data-state", "done");
        assertThat(lab.locator("[data-role=grade]")).hasAttribute("data-grade",
                java.util.regex.Pattern.compile("right|wrong"));
        assertThat(lab.locator("[data-role=headline]")).containsText("fresh training levels");
        assertThat(lab.locator("[data-role=command]")).hasText("./saferlhub train --env "
                + "cheese-corner --agent ppo --p 0 --view egocentric --steps 50000 --seed 0 --json");
        double sum = 0;
        Locator values = lab.locator(".gl-bar-value");
        org.assertj.core.api.Assertions.assertThat(values.count()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            sum += Double.parseDouble(values.nth(i).textContent().replace("%", "").trim());
        }
        org.assertj.core.api.Assertions.assertThat(sum).isCloseTo(100, within(0.2));
        // The replay: the slider walks the episode; the mouse moves along its path.
        Locator replay = lab.locator("[data-role=replay] svg");
        assertThat(replay).isVisible();
        Locator slider = lab.locator(".gl-replay input[type=range]");
        String last = replay.locator("circle.gl-mouse").getAttribute("cx") + ","
                + replay.locator("circle.gl-mouse").getAttribute("cy");
        slider.fill("0");
        String first = replay.locator("circle.gl-mouse").getAttribute("cx") + ","
                + replay.locator("circle.gl-mouse").getAttribute("cy");
        org.assertj.core.api.Assertions.assertThat(first).isNotEqualTo(last);
        // The vector field: an arrow or a dot on every free cell but the cheese.
        int marks = lab.locator("[data-role=field] line.gl-arrow, [data-role=field] circle.gl-arrow")
                .count();
        int free = lab.locator("[data-role=field] rect.gl-floor").count();
        org.assertj.core.api.Assertions.assertThat(marks).isEqualTo(free - 1);
        page.waitForFunction("(sel) => { const c = document.querySelector(sel + ' canvas');"
                + " return c && window.Chart && Chart.getChart(c); }", LAB,
                new Page.WaitForFunctionOptions().setTimeout(30_000));
        // Same body, same answer from the server, number for number (but the timing).
        @SuppressWarnings("unchecked")
        Map<String, Object> same = (Map<String, Object>) page.evaluate("async () => {"
                + " const mine = { ...document.querySelector('" + LAB + "').answer };"
                + " const body = { env: 'cheese-corner', agent: 'ppo', p: 0, view: 'egocentric',"
                + " steps: 50000, seed: 0, episodes: 6 };"
                + " const r = await fetch('/api/goal/train', { method: 'POST', headers:"
                + " { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });"
                + " const theirs = await r.json();"
                + " delete mine.trainSeconds; delete theirs.trainSeconds;"
                + " return { status: r.status, mine: JSON.stringify(mine),"
                + " theirs: JSON.stringify(theirs) }; }");
        org.assertj.core.api.Assertions.assertThat(same.get("status")).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(same.get("mine")).isEqualTo(same.get("theirs"));
        BrowserSupport.screenshot(page, "goal-lab-1200");

        Locator curve = page.locator("goal-diversity");
        curve.scrollIntoViewIfNeeded();
        page.waitForSelector("goal-diversity[data-state=ready]");
        assertThat(curve.locator("[data-role=headline]")).containsText("2 % of training levels");
        assertThat(curve.locator("[data-role=command]")).containsText(
                "./saferlhub experiment diversity --env cheese-corner");
        org.assertj.core.api.Assertions.assertThat(curve.locator("tbody tr").count()).isEqualTo(12);
        Object stray = page.evaluate("() => [...document.querySelectorAll('goal-lab, "
                + "goal-diversity')].flatMap(w => [...w.childNodes]).filter(n => n.nodeType === 3 "
                + "&& n.textContent.trim() === 'null').length");
        org.assertj.core.api.Assertions.assertThat(((Number) stray).intValue())
                .as("stray 'null' text in a widget").isZero();
        page.evaluate("() => document.fonts.ready");
        List<String> violations = BrowserSupport.axeViolations(page);
        org.assertj.core.api.Assertions.assertThat(violations).isEmpty();
        org.assertj.core.api.Assertions.assertThat(errors.all()).isEmpty();
    }

    @Test
    void onAPhoneInTheDarkTheTableArmRunsWithoutSidewaysScrolling(Page page,
            BrowserSupport.PageErrors errors) {
        page.setViewportSize(375, 812);
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        page.navigate(base + "/lessons/goal-misgeneralization");
        String arm = "goal-lab[agent=table]";
        Locator lab = page.locator(arm);
        lab.scrollIntoViewIfNeeded();
        lab.locator("[data-action=run]").click();
        waitForState(page, arm);
        assertThat(lab).hasAttribute("data-state", "done");
        assertThat(lab.locator("[data-role=headline]")).containsText("The table");
        assertThat(lab.locator("[data-role=replay] svg")).isVisible();
        org.assertj.core.api.Assertions.assertThat(lab.locator("[data-role=field]").count())
                .isZero();
        org.assertj.core.api.Assertions.assertThat(BrowserSupport.scrollWidth(page))
                .isLessThanOrEqualTo(375);
        page.waitForSelector("goal-diversity[data-state=ready]");
        page.evaluate("() => document.fonts.ready");
        List<String> violations = BrowserSupport.axeViolations(page);
        BrowserSupport.screenshot(page, "goal-lesson-375-dark");
        org.assertj.core.api.Assertions.assertThat(violations).isEmpty();
        org.assertj.core.api.Assertions.assertThat(errors.all()).isEmpty();
    }
}
