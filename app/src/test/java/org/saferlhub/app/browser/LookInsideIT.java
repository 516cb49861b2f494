package org.saferlhub.app.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

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
 * Lesson 8, look inside, in a real Chromium: the page's engine trains the maze network, draws its
 * field before and after subtracting the cheese vector, moves the cheese on a click, shades the
 * maze by saliency and measures the cheese vector over many mazes, with the page's numbers equal
 * to the server's; Part B trains both arms of the chain-of-thought toy. On a phone in the dark
 * theme nothing scrolls sideways, and axe-core passes with the results on screen.
 */
@ExtendWith(BrowserSupport.class)
class LookInsideIT {

    private static final String LAB = "inspect-lab";
    private static final String COT = "cot-monitor";
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
    void lookInsideTheNetworkAndMeasureTheCheeseVector(Page page,
            BrowserSupport.PageErrors errors) {
        page.setViewportSize(1200, 900);
        page.navigate(base + "/lessons/look-inside");
        Locator lab = page.locator(LAB);
        lab.scrollIntoViewIfNeeded();
        lab.locator("[data-role=steps]").selectOption("100000");
        lab.locator("[data-action=look]").click();
        waitForState(page, LAB);
        assertThat(lab).hasAttribute("data-state", "done");
        assertThat(lab.locator("[data-role=model]")).containsText("saferlhub train --env "
                + "cheese-corner --agent ppo --p 0.1 --view egocentric --steps 100000 --seed 0");
        int marks = lab.locator("[data-role=field] line.gl-arrow, [data-role=field] circle.gl-arrow")
                .count();
        org.assertj.core.api.Assertions.assertThat(marks).isPositive();
        // an intervention draws the field after it beside the field before
        lab.locator("[data-role=intervention]").selectOption("subtract-cheese-vector");
        page.waitForFunction("() => document.querySelectorAll('inspect-lab .il-figure').length"
                + " === 2 && document.querySelector('inspect-lab').dataset.state === 'done'");
        assertThat(lab.locator("[data-role=toward]")).containsText("went from");
        assertThat(lab.locator("[data-role=command]")).containsText(
                "--intervention subtract-cheese-vector");
        // a click on a free square moves the cheese there
        Object before = page.evaluate("() => document.querySelector('inspect-lab').level.cheese");
        page.evaluate("() => { const lab = document.querySelector('inspect-lab');"
                + " const a = lab.level; for (let c = 0; c < 81; c++) {"
                + " if (a.walls[c] === '.' && c !== a.start && c !== a.cheese) {"
                + " lab.cheese = c; return lab.look(); } } }");
        page.waitForFunction("(b) => { const l = document.querySelector('inspect-lab');"
                + " return l.dataset.state === 'done' && l.level.cheese !== b; }", before);
        assertThat(lab.locator("[data-role=command]")).containsText("--cheese ");
        // saliency shades the squares
        lab.locator("[data-role=overlay]").selectOption("gradient");
        page.waitForFunction("() => document.querySelectorAll('inspect-lab rect.il-heat').length"
                + " > 0");
        assertThat(lab.locator("[data-role=toward]")).containsText("rank correlation");
        // the cheese vector over many mazes, graded against the prediction
        lab.locator("[data-role=predict] input[value=fell]").check();
        lab.locator("[data-measure=cheese-vector]").click();
        page.waitForSelector("inspect-lab [data-role=cheese-vector]",
                new Page.WaitForSelectorOptions().setTimeout(240_000));
        assertThat(lab.locator("[data-role=cheese-vector]")).containsText("Over 100 test mazes");
        assertThat(lab.locator("[data-role=grade]")).hasAttribute("data-grade",
                java.util.regex.Pattern.compile("right|wrong"));
        // the checkpoints: eight rows, and a checkpoint's field shaded by its change
        lab.locator("[data-measure=checkpoints]").click();
        page.waitForSelector("inspect-lab [data-role=checkpoints]",
                new Page.WaitForSelectorOptions().setTimeout(240_000));
        org.assertj.core.api.Assertions.assertThat(
                lab.locator("[data-role=checkpoints] tbody tr").count()).isEqualTo(8);
        assertThat(lab.locator("[data-role=checkpoint-field] svg")).isVisible();
        org.assertj.core.api.Assertions.assertThat(
                lab.locator("[data-role=checkpoint-field] rect.il-heat").count()).isPositive();
        // same bodies, same answers from the server, number for number: the network the page
        // trained, its field on another maze and the cheese vector over 20 mazes
        @SuppressWarnings("unchecked")
        Map<String, Object> same = (Map<String, Object>) page.evaluate("async () => {"
                + " const { localOrServer } = await import('/js/engine.js');"
                + " const out = { mine: [], theirs: [], status: [] };"
                + " for (const extra of [{ tool: 'field', maze: 3 },"
                + " { tool: 'cheese-vector', mazes: 20 }]) {"
                + " const body = { p: 0.1, steps: 100000, seed: 0, layer: 1, ...extra };"
                + " const mine = await localOrServer('POST', '/api/inspect', body, () => null);"
                + " const r = await fetch('/api/inspect', { method: 'POST', headers:"
                + " { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });"
                + " const theirs = await r.json();"
                + " delete mine.model.trainSeconds; delete theirs.model.trainSeconds;"
                + " out.mine.push(mine); out.theirs.push(theirs); out.status.push(r.status); }"
                + " return { status: out.status.join(), mine: JSON.stringify(out.mine),"
                + " theirs: JSON.stringify(out.theirs) }; }");
        org.assertj.core.api.Assertions.assertThat(same.get("status")).isEqualTo("200,200");
        org.assertj.core.api.Assertions.assertThat(same.get("mine")).isEqualTo(same.get("theirs"));
        BrowserSupport.screenshot(page, "look-inside-1200");
        page.evaluate("() => document.fonts.ready");
        List<String> violations = BrowserSupport.axeViolations(page);
        org.assertj.core.api.Assertions.assertThat(violations).isEmpty();
        org.assertj.core.api.Assertions.assertThat(errors.all()).isEmpty();
    }

    @Test
    void onAPhoneInTheDarkTheMonitorToyRunsWithoutSidewaysScrolling(Page page,
            BrowserSupport.PageErrors errors) {
        page.setViewportSize(375, 812);
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        page.navigate(base + "/lessons/look-inside");
        Locator cot = page.locator(COT);
        cot.scrollIntoViewIfNeeded();
        cot.locator("[data-action=run]").click();
        waitForState(page, COT);
        assertThat(cot).hasAttribute("data-state", "done");
        assertThat(cot.locator("[data-role=headline]")).isVisible();
        assertThat(cot.locator("[data-role=command]")).containsText(
                "saferlhub experiment cot-monitor --arm pressure");
        page.waitForFunction("() => { const c = document.querySelector('cot-monitor canvas');"
                + " return c && window.Chart && Chart.getChart(c); }", null,
                new Page.WaitForFunctionOptions().setTimeout(30_000));
        org.assertj.core.api.Assertions.assertThat(BrowserSupport.scrollWidth(page))
                .isLessThanOrEqualTo(375);
        page.evaluate("() => document.fonts.ready");
        List<String> violations = BrowserSupport.axeViolations(page);
        BrowserSupport.screenshot(page, "look-inside-375-dark");
        org.assertj.core.api.Assertions.assertThat(violations).isEmpty();
        org.assertj.core.api.Assertions.assertThat(errors.all()).isEmpty();
    }
}
