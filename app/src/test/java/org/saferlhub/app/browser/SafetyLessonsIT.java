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
 * Lessons 5 and 6, "Side effects" and "Safe interruptibility", in a real Chromium (issue 12):
 * experiments over seeds run in the page, with the headline written from their numbers (the same
 * as `saferlhub experiment safety`); the impact penalty's baseline changes what the agents do;
 * the Sokoban agent trained with the penalty pushes the box the long way; the penalty's source is
 * shown beside its equation; the quizzes; a 375 px phone.
 */
@ExtendWith(BrowserSupport.class)
class SafetyLessonsIT {

    private static final String VASE = "safety-experiment[variant=vase]";
    private static final String OFF_SWITCH = "safety-experiment[env='safety:safe_interruptibility']";
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

    private static void runAndWait(Page page, String widget) {
        page.locator(widget + " [data-action=run]").click();
        page.waitForSelector(widget + ":is([data-state=done],[data-state=error])",
                new Page.WaitForSelectorOptions().setTimeout(120_000));
        assertThat(page.locator(widget)).hasAttribute("data-state", "done");
    }

    @Test
    void theVaseIsPutBackWithTheInactionBaselineAndKeptWithTheStepwiseOne(Page page,
            BrowserSupport.PageErrors errors) {
        page.navigate(base + "/lessons/side-effects");
        Locator vase = page.locator(VASE);
        assertThat(vase.locator("[data-role=baseline]")).hasValue("inaction");
        vase.locator("[data-role=seeds]").fill("3");
        runAndWait(page, VASE);
        // Offsetting, in numbers the page wrote (saferlhub experiment safety --variant vase
        // --penalty relative-reachability --beta 10 --baseline inaction --seeds 3 --episodes 3000).
        Locator headline = vase.locator("[data-role=headline]");
        assertThat(headline).containsText("Over 3 seeds");
        assertThat(headline).containsText("let the vase break");
        assertThat(vase.locator("tr[data-agent=q-learning] [data-role=greedy]")).hasText("49.4 / 0.0");
        assertThat(vase.locator("[data-role=command]")).hasText(
                "./saferlhub experiment safety --env safety:conveyor_belt --variant vase --agents "
                        + "q-learning,sarsa --episodes 3000 --seeds 3 --penalty relative-reachability "
                        + "--beta 10 --baseline inaction");
        // The stepwise baseline keeps the vase off the belt: performance 50.
        vase.locator("[data-role=baseline]").selectOption("stepwise");
        vase.locator("[data-action=run]").click();
        page.waitForFunction("(sel) => { const w = document.querySelector(sel); return w.dataset.state === 'done'"
                + " && w.querySelector('[data-role=command]').textContent.includes('stepwise'); }", VASE,
                new Page.WaitForFunctionOptions().setTimeout(120_000));
        assertThat(vase.locator("tr[data-agent=q-learning] [data-role=greedy]")).containsText("/ 50.0");
        // The chart follows the menu; every series has one point per stretch of training.
        vase.locator("[data-role=metric]").selectOption("performance");
        Number points = (Number) page.evaluate("""
                (sel) => Chart.getChart(document.querySelector(sel + ' canvas')).data.datasets[2].data.length""",
                VASE);
        assertThat(points.intValue()).isEqualTo(20);

        // The penalty's own source beside its equation.
        Locator code = page.locator("code-file");
        assertThat(code).hasAttribute("data-state", "ready");
        assertThat(code.locator(".ln.hl").first()).isVisible();
        assertThat(code.locator("[data-role=file]")).containsText("RelativeReachability.java");
        assertThat(BrowserSupport.axeViolations(page)).isEmpty();
        BrowserSupport.screenshot(page, "side-effects-vase");
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void theSokobanAgentTrainedWithThePenaltyPushesTheBoxRight(Page page,
            BrowserSupport.PageErrors errors) {
        page.navigate(base + "/lessons/side-effects");
        Locator train = page.locator("safety-train[controls]");
        assertThat(train.locator("[data-role=beta-value]")).hasText("β = 100");
        train.locator("input[name=seed]").fill("1");
        train.locator("[data-action=train]").click();
        page.waitForSelector("safety-train[controls]:is([data-state=done],[data-state=error])",
                new Page.WaitForSelectorOptions().setTimeout(120_000));
        // saferlhub train --env safety:side_effects_sokoban --penalty relative-reachability
        //   --beta 100 --episodes 2000 --seed 1: route LDRDRRD, performance 43.
        assertThat(train.locator("[data-role=greedy-performance]")).hasText("+43");
        assertThat(train.locator("[data-role=moves]")).containsText("LDRDRRD");
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void theOffSwitchExperimentNamesWhoPressesTheButton(Page page,
            BrowserSupport.PageErrors errors) {
        page.navigate(base + "/lessons/safe-interruptibility");
        Locator offSwitch = page.locator(OFF_SWITCH);
        offSwitch.locator("[data-role=seeds]").fill("2");
        offSwitch.locator("[data-role=episodes]").fill("3000");
        runAndWait(page, OFF_SWITCH);
        // The same numbers as the engine's test of this experiment (BrowserRunTest).
        Locator headline = offSwitch.locator("[data-role=headline]");
        assertThat(headline).containsText("Q-learning pressed the button that disables interruptions"
                + " in 0\u00a0% of its episodes");
        assertThat(headline).containsText("Monte Carlo in 99.7\u00a0%");
        assertThat(offSwitch.locator("[data-role=paper]")).containsText("A2C learned to press the button");
        assertThat(offSwitch.locator("tr[data-agent=monte-carlo] [data-behaviour=pressedButton]"))
                .containsText("99.7");

        // The quiz opens; a bad number is refused before anything runs.
        Locator lava = page.locator("safety-experiment[env='safety:distributional_shift']");
        lava.locator("[data-role=seeds]").fill("11");
        lava.locator("[data-action=run]").click();
        assertThat(lava.locator("[data-role=error]")).containsText("1 to 10");
        assertThat(lava.locator("[data-role=seeds]")).hasAttribute("aria-invalid", "true");
        Locator quiz = page.locator("lesson-quiz");
        quiz.locator("[data-action=start]").click();
        assertThat(quiz.locator("form.quiz-question")).isVisible();
        assertThat(BrowserSupport.axeViolations(page)).isEmpty();
        BrowserSupport.screenshot(page, "safe-interruptibility-off-switch");
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void aPhoneAt375ReadsBothLessonsWithoutSidewaysScrolling(Browser browser) {
        try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(375, 812).setHasTouch(true).setIsMobile(true)
                .setReducedMotion(ReducedMotion.REDUCE).setLocale("en-US"))) {
            Page page = phone.newPage();
            page.navigate(base + "/lessons/side-effects");
            page.locator(VASE + " [data-role=seeds]").fill("2");
            page.locator(VASE + " [data-role=episodes]").fill("1000");
            runAndWait(page, VASE);
            assertThat(BrowserSupport.scrollWidth(page)).isLessThanOrEqualTo(375);
            BrowserSupport.screenshot(page, "side-effects-375");
            page.navigate(base + "/lessons/safe-interruptibility");
            assertThat(page.locator(OFF_SWITCH)).hasAttribute("data-state", "idle");
            assertThat(BrowserSupport.scrollWidth(page)).isLessThanOrEqualTo(375);
            BrowserSupport.screenshot(page, "safe-interruptibility-375");
        }
    }
}
