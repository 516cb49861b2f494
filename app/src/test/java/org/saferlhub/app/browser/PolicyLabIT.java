package org.saferlhub.app.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ReducedMotion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The policy lab's lesson in a real Chromium (issue 13): the β slider walks the exact optimum
 * (computed by the engine in the page), the lab runs an algorithm and charts it against the exact
 * optimum, a bad field is named, the algorithms' sources load beside their equations, and a
 * 375 px phone reads it without sideways scrolling.
 */
@ExtendWith(BrowserSupport.class)
class PolicyLabIT {

    private static final String TILT = "kl-tilt";
    private static final String LAB = "policy-lab";
    private static TestServer server;
    private static String base;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(options -> options);
        base = server.base();
    }

    @AfterAll
    static void stopServer() {
        TestServer.stop(server);
    }

    private static void waitForState(Page page, String widget) {
        page.waitForSelector(widget + ":is([data-state=done],[data-state=error])",
                new Page.WaitForSelectorOptions().setTimeout(60_000));
    }

    @Test
    void theSliderWalksTheExactOptimumAndTheLabRunsAgainstIt(Page page,
            BrowserSupport.PageErrors errors) {
        page.navigate(base + "/lessons/policy-lab");
        waitForState(page, TILT);
        Locator tilt = page.locator(TILT);
        assertThat(tilt).hasAttribute("data-state", "done");
        // β = 0.1: the closed form puts 1.67 % on explode (saferlhub experiment tilt --betas 0.1).
        assertThat(tilt.locator("[data-role=beta-value]")).hasText("β = 0.1");
        assertThat(tilt.locator("[data-role=pi-exploit]")).hasText("1.67\u00a0%");
        assertThat(tilt.locator("[data-role=headline]")).containsText("true reward peaks at 0.812");
        assertThat(tilt.locator("[data-role=command]")).hasText(
                "./saferlhub experiment tilt --env burning-building --betas 0.1 --json");
        // Cheaper KL: at β = 0.05 the exploit has taken over (62.2 %).
        tilt.locator("[data-role=beta]").evaluate("(el) => { el.value = String(el.max - 0); "
                + "while (el.value > 0 && Number(el.closest('kl-tilt').answer.rows[el.value].beta) < 0.05) "
                + "el.value = String(Number(el.value) - 1); el.dispatchEvent(new Event('input')); }");
        assertThat(tilt.locator("[data-role=beta-value]")).hasText("β = 0.05");
        assertThat(tilt.locator("[data-role=pi-exploit]")).hasText("62.2\u00a0%");
        // A bandit of the learner's own, checked by the engine: a reference that does not sum to 1.
        tilt.locator("details.kt-custom summary").click();
        tilt.locator("[data-role=ref]").fill("0.5, 0.6");
        tilt.locator("[data-role=proxy]").fill("1, 2");
        tilt.locator("[data-role=true]").fill("1, 0");
        tilt.locator("[data-action=custom]").click();
        assertThat(tilt.locator("[data-role=error]")).containsText("ref must sum to 1");
        assertThat(tilt.locator("[data-role=ref]")).hasAttribute("aria-invalid", "true");

        // The lab: NPG anchored at β = 0.1 lands on the exact optimum.
        Locator lab = page.locator(LAB);
        long clicked = System.nanoTime();
        lab.locator("[data-action=run]").click();
        waitForState(page, LAB);
        page.waitForFunction("() => window.Chart && Chart.getChart(document.querySelector("
                + "'policy-lab canvas[data-chart=lab-step]'))");
        // A figure for docs/benchmarks.md, not an assertion: click to the last chart drawn.
        System.out.println("TIMING policy-lab-npg-200-click-to-chart-ms "
                + (System.nanoTime() - clicked) / 1_000_000);
        assertThat(lab).hasAttribute("data-state", "done");
        assertThat(lab.locator("[data-role=headline]")).containsText(
                "After 200 updates, Natural policy gradient puts 1.67\u00a0% on explode");
        assertThat(lab.locator("[data-role=command]")).hasText("./saferlhub train --env "
                + "burning-building --agent npg --lr 0.5 --steps 200 --beta 0.1 --kl reward --seed 1 --json");
        Number points = (Number) page.evaluate("() => Chart.getChart(document.querySelector("
                + "'policy-lab canvas[data-chart=lab-rewards]')).data.datasets[0].data.length");
        assertThat(points.intValue()).isEqualTo(201);
        BrowserSupport.screenshot(page, "policy-lab-npg");
        // PPO on sampled batches, and a field out of range named by the engine.
        lab.locator("[data-role=agent]").selectOption("ppo");
        assertThat(lab.locator("[data-role=epochs]")).isVisible();
        assertThat(lab.locator("[data-role=delta]")).isHidden();
        lab.locator("[data-role=batch]").fill("5000");
        lab.locator("[data-action=run]").click();
        assertThat(lab.locator("[data-role=error]")).containsText("batch");
        assertThat(lab.locator("[data-role=batch]")).hasAttribute("aria-invalid", "true");
        lab.locator("[data-role=batch]").fill("64");
        lab.locator("[data-role=steps]").fill("50");
        lab.locator("[data-action=run]").click();
        page.waitForFunction("() => document.querySelector('policy-lab').dataset.state === 'done'"
                + " && document.querySelector('policy-lab [data-role=command]').textContent.includes('ppo')",
                null, new Page.WaitForFunctionOptions().setTimeout(60_000));
        assertThat(lab.locator("[data-role=headline]")).containsText("After 50 updates, PPO puts");
        // The k1 and k3 batch estimates are drawn beside the exact KL.
        Number kl = (Number) page.evaluate("() => Chart.getChart(document.querySelector("
                + "'policy-lab canvas[data-chart=lab-kl]')).data.datasets.length");
        assertThat(kl.intValue()).isEqualTo(4);

        // The tiny language model: anchored NPG ends on soft value iteration's optimum (1.80 %).
        lab.locator("[data-role=env]").selectOption("tiny-lm");
        // Every agent but PPO's adaptive penalty runs there; PPO stays chosen, without its KL target.
        assertThat(lab.locator("[data-role=agent] option")).hasCount(8);
        assertThat(lab.locator("[data-role=agent] option[value=ppo-kl]")).hasCount(0);
        assertThat(lab.locator("[data-role=agent]")).hasValue("ppo");
        assertThat(lab.locator("[data-role=klTarget]")).isHidden();
        lab.locator("[data-role=agent]").selectOption("npg");
        assertThat(lab.locator("[data-role=beta]")).hasValue("0.2");
        lab.locator("[data-action=run]").click();
        page.waitForFunction("() => document.querySelector('policy-lab').dataset.state === 'done'"
                + " && document.querySelector('policy-lab [data-role=command]').textContent.includes('tiny-lm')",
                null, new Page.WaitForFunctionOptions().setTimeout(60_000));
        assertThat(lab.locator("[data-role=headline]")).containsText(
                "puts 1.80\u00a0% on texts of a letter and three \"!\"");
        assertThat(lab.locator("[data-role=bars] .kt-bar")).hasCount(10);
        lab.locator("[data-role=tree] > summary").click();
        assertThat(lab.locator("[data-role=tree] summary").nth(1)).containsText("Start of the text");

        // The gridworld shortcut: the route as two maps of visits, base model and after the run.
        lab.locator("[data-role=env]").selectOption("grid-shortcut");
        lab.locator("[data-action=run]").click();
        page.waitForFunction("() => document.querySelector('policy-lab').dataset.state === 'done'"
                + " && document.querySelector('policy-lab [data-role=command]').textContent.includes('grid-shortcut')",
                null, new Page.WaitForFunctionOptions().setTimeout(60_000));
        assertThat(lab.locator("[data-role=headline]")).containsText("on the shortcut through the vase");
        assertThat(lab.locator(".pl-grid table")).hasCount(2);

        // The sweep: five algorithms at twelve β, every run drawn over the exact path.
        Locator sweep = page.locator("kl-sweep");
        sweep.locator("[data-action=run]").click();
        page.waitForSelector("kl-sweep:is([data-state=done],[data-state=error])",
                new Page.WaitForSelectorOptions().setTimeout(60_000));
        assertThat(sweep).hasAttribute("data-state", "done");
        assertThat(sweep.locator("[data-role=headline]")).containsText("the exact optimum puts");
        Number series = (Number) page.evaluate("() => Chart.getChart(document.querySelector("
                + "'kl-sweep canvas')).data.datasets.length");
        assertThat(series.intValue()).isEqualTo(6);
        assertThat(sweep.locator("[data-role=fits] tbody tr")).hasCount(10);

        // The sources beside their equations.
        Locator trpo = page.locator("code-file[source=lab-trpo]");
        trpo.scrollIntoViewIfNeeded();
        assertThat(trpo).hasAttribute("data-state", "ready");
        assertThat(trpo.locator(".ln.hl").first()).isVisible();
        assertThat(errors.all()).isEmpty();
    }

    /**
     * The four experiments in the lesson, each run live: a sentence from its numbers, a chart, a
     * table and the command that reproduces it. On a phone, the warnings table does not push the
     * page sideways.
     */
    @Test
    void eachExperimentRunsLiveWithItsCommand(Page page, BrowserSupport.PageErrors errors) {
        page.navigate(base + "/lessons/policy-lab");
        String[][] cases = {
            {"trust-region", "Without an anchor, nothing stops the walk",
                "./saferlhub experiment trust-region --env burning-building --steps 300 --lr 0.05 --delta 0.002"},
            {"preferences", "infinitely many pairs would give",
                "./saferlhub experiment preferences --env burning-building --steps 200 --beta 0.1 --seeds 3 --pairs 30,100,300,1000,3000,10000"},
            {"best-of-n", "Best-of-4096 moves",
                "./saferlhub experiment best-of-n --env burning-building --n 1,2,4,16,64,256,4096"},
            {"warnings", "First to warn: the exploit's log-ratio passes 2 nats",
                "./saferlhub experiment warnings --env burning-building --steps 200 --agent npg --beta 0 --seeds 3"}};
        for (String[] c : cases) {
            String widget = "lab-experiment[experiment=" + c[0] + "]";
            Locator w = page.locator(widget);
            w.scrollIntoViewIfNeeded();
            w.locator("[data-action=run]").click();
            waitForState(page, widget);
            assertThat(w).hasAttribute("data-state", "done");
            assertThat(w.locator("[data-role=headline]")).containsText(c[1]);
            assertThat(w.locator("[data-role=command]")).hasText(c[2]);
            assertThat(w.locator("[data-role=table] tbody tr").first()).isVisible();
            page.waitForFunction("(sel) => { const c = document.querySelector(sel + ' canvas');"
                    + " return c && window.Chart && Chart.getChart(c) && Chart.getChart(c).data"
                    + ".datasets.length > 0; }", widget,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            w.screenshot(new Locator.ScreenshotOptions().setPath(BrowserSupport.screenshotsDir()
                    .resolve("lab-experiment-" + c[0] + ".png")));
        }
        // The gridworld's warnings: one exact run, with the occupancy signal.
        Locator warnings = page.locator("lab-experiment[experiment=warnings]");
        warnings.locator("[data-role=env]").selectOption("grid-shortcut");
        assertThat(warnings.locator("[data-role=variant]")).isVisible();
        assertThat(warnings.locator("[data-role=agent]")).isHidden();
        warnings.locator("[data-action=run]").click();
        page.waitForFunction("() => document.querySelector('lab-experiment[experiment=warnings] "
                + "[data-role=command]').textContent.includes('grid-shortcut')", null,
                new Page.WaitForFunctionOptions().setTimeout(60_000));
        assertThat(warnings.locator("[data-role=table]")).containsText(
                "the cells visited diverge faster than the moves");
        // A bad list names its field before any request.
        Locator prefs = page.locator("lab-experiment[experiment=preferences]");
        prefs.locator("[data-role=pairs]").fill("30, many");
        prefs.locator("[data-action=run]").click();
        assertThat(prefs.locator("[data-role=error]")).containsText("pairs must be a list");
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void aPhoneAt375ReadsTheLabWithoutSidewaysScrolling(Browser browser) {
        try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(375, 812).setHasTouch(true).setIsMobile(true)
                .setReducedMotion(ReducedMotion.REDUCE).setLocale("en-US"))) {
            Page page = phone.newPage();
            page.navigate(base + "/lessons/policy-lab");
            waitForState(page, TILT);
            page.locator(LAB + " [data-action=run]").click();
            waitForState(page, LAB);
            assertThat(page.locator(LAB)).hasAttribute("data-state", "done");
            assertThat(BrowserSupport.scrollWidth(page)).isLessThanOrEqualTo(375);
            page.locator(TILT).scrollIntoViewIfNeeded();
            BrowserSupport.screenshot(page, "policy-lab-375");
        }
    }
}
