package org.saferlhub.app.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ReducedMotion;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lesson 4, "Failure mode: reward hacking", in a real Chromium (issue 11): tomato watering trained
 * in the page with the reward and performance curves parting, the quiz asking about that very
 * agent, a reward fix tested on three seeds and put on the leaderboard, and a 375 px phone.
 */
@ExtendWith(BrowserSupport.class)
class RewardHackingIT {

    private static final String TOMATO = "safety-train[data-env='safety:tomato_watering']";
    private static final String BOAT_FIX = "reward-fix[data-env='safety:boat_race']";
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

    @Test
    void tomatoWateringsCurvesPartAndTheQuizAsksAboutThatAgent(Page page,
            BrowserSupport.PageErrors errors) {
        page.navigate(base + "/lessons/reward-hacking");
        Locator train = page.locator(TOMATO);
        train.locator("label:has-text('No: the reward will rise')").click();
        train.locator("input[name=episodes]").fill("5000");
        train.locator("input[name=seed]").fill("1");
        train.locator("[data-action=train]").click();
        page.waitForSelector(TOMATO + ":is([data-state=done],[data-state=error])",
                new Page.WaitForSelectorOptions().setTimeout(120_000));
        assertThat(train).hasAttribute("data-state", "done");
        assertThat(train).hasAttribute("data-verdict", "diverge");
        assertThat(train).hasAttribute("data-graded", "right");
        // What `saferlhub fix`'s first line of tomato watering and `train --seed 1` print: 30.11 and 5.23.
        assertThat(train.locator("[data-role=greedy-return]")).hasText("+30.11");
        assertThat(train.locator("[data-role=greedy-performance]")).hasText("+5.23");
        // The paper's result beside the learner's.
        assertThat(train.locator("[data-role=paper]")).containsText("stand under the bucket");
        // The two curves part: at the end the reward per episode is several times the performance.
        @SuppressWarnings("unchecked")
        List<Number> last = (List<Number>) page.evaluate("""
                (sel) => Chart.getChart(document.querySelector(sel + ' canvas[data-chart=safety]'))
                  .data.datasets.map((d) => d.data[d.data.length - 1].y)""", TOMATO);
        assertThat(last.get(0).doubleValue()).isGreaterThan(3 * last.get(1).doubleValue());
        // Six evaluation episodes to replay; the agent ends the first one on the bucket square.
        assertThat(train.locator("[data-role=replay] [data-episode]")).hasCount(6);
        assertThat(train.locator("[data-role=replay]")).hasAttribute("data-state", "ready");
        train.locator("[data-episode='2']").click();
        assertThat(train.locator("[data-episode='2']")).hasAttribute("aria-pressed", "true");
        assertThat(train.locator("[data-role=replay]")).hasAttribute("data-state", "ready");

        // The quiz: the tomato question is about this agent; the boat race one waits for a run.
        Locator quiz = page.locator("lesson-quiz");
        assertThat(quiz.locator("[data-role=run-note]")).containsText(
                "1 more question is about agents you train on this page");
        quiz.locator("[data-action=start]").click();
        boolean askedAboutTomato = false;
        for (int i = 0; i < 20 && !"done".equals(quiz.getAttribute("data-state")); i++) {
            Locator form = quiz.locator("form.quiz-question");
            if ("your-tomato-run".equals(form.getAttribute("data-question-id"))) {
                assertThat(form.locator("legend")).containsText("a reward of 30.1 and a performance of 5.2");
                askedAboutTomato = true;
            }
            form.locator(".quiz-option label").first().click();
            quiz.locator("[data-action=check]").click();
            quiz.locator("[data-action=next]").click();
        }
        assertThat(quiz).hasAttribute("data-state", "done");
        assertThat(askedAboutTomato).isTrue();
        assertThat(BrowserSupport.axeViolations(page)).isEmpty();
        BrowserSupport.screenshot(page, "reward-hacking-tomato");
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void aRewardFixIsTestedOnThreeSeedsAndGoesOnTheBoard(Page page,
            BrowserSupport.PageErrors errors) {
        page.navigate(base + "/lessons/reward-hacking");
        Locator fix = page.locator(BOAT_FIX);
        assertThat(fix).hasAttribute("data-state", "idle");
        Locator input = fix.locator("textarea[name=reward]");
        assertThat(input).hasValue("3*entered_checkpoint_clockwise - step");
        // A typo: where and why, with the character marked.
        input.fill("3*entered_checkpoint_clockwise - setp");
        fix.locator("[data-action=test]").click();
        assertThat(fix.locator("[data-role=error]")).containsText("did you mean step?");
        assertThat(fix.locator(".rf-caret")).containsText("^");
        assertThat(input).hasAttribute("aria-invalid", "true");
        // The original reward fails on every seed.
        input.fill("3*entered_checkpoint_clockwise - step");
        fix.locator("[data-action=test]").click();
        page.waitForSelector(BOAT_FIX + ":is([data-state=done],[data-state=error])",
                new Page.WaitForSelectorOptions().setTimeout(120_000));
        assertThat(fix).hasAttribute("data-verdict", "fail");
        assertThat(fix.locator("[data-role=seeds] tbody tr.fail")).hasCount(3);
        // Paying for leaving a checkpoint the arrow's way too: laps beat the shuttle.
        input.fill("3*entered_checkpoint_clockwise + 3*left_checkpoint_clockwise - step");
        fix.locator("[data-action=test]").click();
        page.waitForSelector(BOAT_FIX + "[data-verdict]", new Page.WaitForSelectorOptions().setTimeout(120_000));
        assertThat(fix).hasAttribute("data-verdict", "pass");
        assertThat(fix.locator("[data-role=seeds] tbody tr.pass")).hasCount(3);
        assertThat(fix.locator("[data-role=seeds] [data-role=performance]").first()).hasText("+100");
        fix.locator("input[name=nickname]").fill("<b>Ada</b>");
        fix.locator("[data-action=submit]").click();
        page.waitForSelector(BOAT_FIX + "[data-submitted]", new Page.WaitForSelectorOptions().setTimeout(120_000));
        assertThat(fix.locator("[data-role=submit-status]")).hasText("On the board at rank 1.");
        Locator row = fix.locator("[data-role=board-table] tbody tr.mine");
        assertThat(row).containsText("<b>Ada</b>"); // shown as text, never as markup
        assertThat(row.locator("b")).hasCount(0);
        assertThat(BrowserSupport.axeViolations(page)).isEmpty();
        BrowserSupport.screenshot(page, "reward-hacking-fix");
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void aPhoneAt375ReadsTheLessonWithoutSidewaysScrolling(Browser browser) {
        try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(375, 812).setHasTouch(true).setIsMobile(true)
                .setReducedMotion(ReducedMotion.REDUCE).setLocale("en-US"))) {
            Page page = phone.newPage();
            page.navigate(base + "/lessons/reward-hacking");
            assertThat(page.locator(BOAT_FIX)).hasAttribute("data-state", "idle");
            assertThat(page.locator("reward-fix[data-env='safety:tomato_watering']"))
                    .hasAttribute("data-state", "idle");
            assertThat(BrowserSupport.scrollWidth(page)).isLessThanOrEqualTo(375);
            BrowserSupport.screenshot(page, "reward-hacking-375");
        }
    }
}
