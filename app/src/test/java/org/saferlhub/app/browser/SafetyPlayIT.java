package org.saferlhub.app.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.ReducedMotion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The AI Safety Gridworlds played by hand in a real Chromium (issue 11): keyboard moves, the
 * reward and hidden performance counters parting in the boat race, another world from the menu,
 * the same frames from the in-page engine and from the server, axe-core in both themes, and a
 * 375 px touch phone.
 */
@ExtendWith(BrowserSupport.class)
class SafetyPlayIT {

    private static final String WIDGET = "safety-play";
    private static TestServer server;
    private static String base;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(options -> options.withDatabase(null));
        base = server.base();
    }

    @AfterAll
    static void stopServer() {
        TestServer.stop(server);
    }

    private static void open(Page page, String query) {
        page.navigate(base + "/safety-gridworlds" + query);
        assertThat(page.locator(WIDGET)).hasAttribute("data-state", "playing");
        assertThat(page.locator(WIDGET)).hasAttribute("data-steps", "0");
    }

    /** Presses keys on the board, waiting for each move to be drawn before the next. */
    private static void keys(Page page, String... keys) {
        page.locator(WIDGET + " [data-role=board]").focus();
        for (String key : keys) {
            int before = Integer.parseInt(page.getAttribute(WIDGET, "data-steps"));
            page.keyboard().press(key);
            assertThat(page.locator(WIDGET)).hasAttribute("data-steps", String.valueOf(before + 1));
        }
    }

    @Test
    void shuttlingAcrossAnArrowEarnsRewardButNoPerformance(Page page, BrowserSupport.PageErrors errors) {
        open(page, "");
        assertThat(page.locator(WIDGET + " [data-role=problem]")).hasText("Reward gaming");
        assertThat(page.locator(WIDGET + " [data-role=board] .sp-cell.agent")).hasCount(1);
        // Right onto the arrow: +3 − 1 = +2 reward, +1 performance.
        keys(page, "ArrowRight");
        assertThat(page.locator(WIDGET + " [data-role=return]")).hasText("+2");
        assertThat(page.locator(WIDGET + " [data-role=performance]")).hasText("+1");
        assertThat(page.locator(WIDGET + " [data-role=status]")).hasText("Moved right: reward +2, performance +1.");
        // Back and forth five more times: the reward keeps growing, the performance does not.
        keys(page, "ArrowLeft", "d", "a", "ArrowRight", "ArrowLeft", "ArrowRight", "ArrowLeft",
                "ArrowRight", "ArrowLeft");
        assertThat(page.locator(WIDGET)).hasAttribute("data-return", "5");
        assertThat(page.locator(WIDGET)).hasAttribute("data-performance", "0");
        // Undo takes back one move; the key that this world lacks (no-op) does nothing.
        page.locator(WIDGET + " [data-action=undo]").click();
        assertThat(page.locator(WIDGET)).hasAttribute("data-steps", "9");
        assertThat(page.locator(WIDGET + " [data-move=N]")).isHidden();
        page.locator(WIDGET + " [data-role=board]").focus();
        page.keyboard().press("n");
        assertThat(page.locator(WIDGET)).hasAttribute("data-steps", "9");
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void theEngineInThePageAndTheServerDrawTheSameEpisode(Page page, BrowserSupport.PageErrors errors) {
        List<String> seen = new ArrayList<>();
        for (String engine : List.of("", "&engine=server")) {
            page.navigate(base + "/safety-gridworlds?x=1" + engine);
            assertThat(page.locator(WIDGET)).hasAttribute("data-state", "playing");
            page.locator(WIDGET + " select[name=env]").selectOption("safety:tomato_watering");
            assertThat(page.locator(WIDGET)).hasAttribute("data-env", "safety:tomato_watering");
            page.locator(WIDGET + " input[name=seed]").fill("42");
            page.locator(WIDGET + " input[name=seed]").dispatchEvent("change");
            assertThat(page.locator(WIDGET)).hasAttribute("data-steps", "0");
            keys(page, "ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight", "ArrowUp", "ArrowUp", "ArrowUp");
            seen.add(page.getAttribute(WIDGET, "data-return") + " " + page.getAttribute(WIDGET, "data-performance")
                    + " " + page.locator(WIDGET + " [data-role=board]").getAttribute("aria-label"));
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        assertThat(seen.get(0)).contains("TTTTTTT"); // on the transformer every free cell looks watered
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void aWorldWithVariantsShowsItsCardAndPassesAxeInBothThemes(Page page, BrowserSupport.PageErrors errors) {
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            open(page, "");
            page.locator(WIDGET + " select[name=env]").selectOption("safety:absent_supervisor");
            assertThat(page.locator(WIDGET + " [data-role=problem]")).hasText("Absent supervisor");
            Locator variant = page.locator(WIDGET + " select[name=variant]");
            assertThat(variant).isVisible();
            variant.selectOption("absent");
            assertThat(page.locator(WIDGET)).hasAttribute("data-steps", "0");
            keys(page, "ArrowDown", "ArrowDown", "ArrowDown");
            // Unwatched, the short cut over the punishment tile costs the reward nothing.
            assertThat(page.locator(WIDGET)).hasAttribute("data-state", "over");
            assertThat(page.locator(WIDGET)).hasAttribute("data-return", "47");
            assertThat(page.locator(WIDGET)).hasAttribute("data-performance", "17");
            assertThat(page.locator(WIDGET + " [data-role=status]")).containsText("reached the goal");
            assertThat(page.locator(WIDGET + " [data-move=D]")).isDisabled();
            assertThat(BrowserSupport.axeViolations(page)).as("axe, %s", scheme).isEmpty();
            BrowserSupport.screenshot(page, "safety-play-1280-" + scheme.name().toLowerCase());
        }
        assertThat(errors.all()).isEmpty();
    }

    /** Train on the boat race in the page: the two curves part, the prediction is graded, the hack is replayed. */
    @Test
    void trainingOnTheBoatRaceGradesThePredictionAndReplaysTheHack(Page page, BrowserSupport.PageErrors errors) {
        open(page, "");
        Locator train = page.locator("safety-train");
        assertThat(train).hasAttribute("data-env", "safety:boat_race");
        train.locator("label:has-text('No: the reward will rise')").click();
        train.locator("input[name=episodes]").fill("2000");
        train.locator("input[name=seed]").fill("3");
        train.locator("[data-action=train]").click();
        page.waitForSelector("safety-train:is([data-state=done],[data-state=error])",
                new Page.WaitForSelectorOptions().setTimeout(90_000));
        assertThat(train).hasAttribute("data-state", "done");
        assertThat(train).hasAttribute("data-verdict", "diverge");
        assertThat(train).hasAttribute("data-graded", "right");
        assertThat(train.locator("[data-role=greedy-return]")).hasText("+50");
        assertThat(train.locator("[data-role=greedy-performance]")).hasText("0");
        // The replay ends where the route does, and the counts sit on the two cells it shuttles between.
        assertThat(train.locator("[data-role=replay]")).hasAttribute("data-state", "ready");
        assertThat(train.locator("[data-role=frame-label]")).containsText("Step 100 of 100: reward +50, performance 0");
        assertThat(train.locator("[data-role=replay-board] .sp-visits")).hasCount(2);
        assertThat(BrowserSupport.axeViolations(page)).isEmpty();
        BrowserSupport.screenshot(page, "safety-train-1280");
        assertThat(errors.all()).isEmpty();
    }

    /** The real cases: at least 15, searchable, filterable by tag, each with a source link. */
    @Test
    void theGalleryOfRealCasesFiltersBySearchAndTag(Page page, BrowserSupport.PageErrors errors) {
        page.navigate(base + "/specification-gaming");
        Locator filter = page.locator("case-filter");
        Locator cases = page.locator("article ul").first().locator(":scope > li");
        assertThat(filter.locator("[data-role=count]")).hasText(java.util.regex.Pattern.compile("^All \\d+ cases\\.$"));
        int all = cases.count();
        assertThat(all).isGreaterThanOrEqualTo(15);
        assertThat(cases.locator("a[href^='http']")).not().hasCount(0);
        filter.locator("input[type=search]").fill("coastRUNNERS");
        assertThat(filter).hasAttribute("data-shown", "1");
        assertThat(cases.filter(new Locator.FilterOptions().setHasText("CoastRunners"))).isVisible();
        filter.locator("input[type=search]").fill("");
        filter.locator("button[data-tag=robotics]").click();
        assertThat(filter.locator("button[data-tag=robotics]")).hasAttribute("aria-pressed", "true");
        int robotics = Integer.parseInt(filter.getAttribute("data-shown"));
        assertThat(robotics).isBetween(1, all - 1);
        for (Locator visible : cases.all()) {
            if (visible.isVisible()) {
                assertThat(visible).containsText("robotics");
            }
        }
        filter.locator("input[type=search]").fill("no such case anywhere");
        assertThat(filter.locator("[data-role=count]")).hasText("No case matches. Clear the search or a tag.");
        assertThat(BrowserSupport.axeViolations(page)).isEmpty();
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void aPhoneAt375PlaysByTouchWithoutSidewaysScrolling(Browser browser) {
        try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(375, 812).setHasTouch(true).setIsMobile(true)
                .setReducedMotion(ReducedMotion.REDUCE).setLocale("en-US"))) {
            List<String> errors = new ArrayList<>();
            phone.onConsoleMessage(m -> {
                if ("error".equals(m.type())) {
                    errors.add(m.text());
                }
            });
            phone.onWebError(e -> errors.add(e.error()));
            Page page = phone.newPage();
            open(page, "");
            page.locator(WIDGET + " [data-move=R]").tap();
            assertThat(page.locator(WIDGET)).hasAttribute("data-steps", "1");
            page.locator(WIDGET + " [data-move=L]").tap();
            assertThat(page.locator(WIDGET)).hasAttribute("data-steps", "2");
            Object overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
            Object small = page.evaluate("""
                    () => [...document.querySelectorAll('safety-play button')].filter(b => b.checkVisibility())
                      .filter(b => { const r = b.getBoundingClientRect(); return r.width < 44 || r.height < 44; })
                      .map(b => b.textContent)""");
            assertThat((List<?>) small).as("buttons under 44 px").isEmpty();
            assertThat(BrowserSupport.axeViolations(page)).isEmpty();
            BrowserSupport.screenshot(page, "safety-play-375");
            assertThat(errors).isEmpty();
        }
    }
}
