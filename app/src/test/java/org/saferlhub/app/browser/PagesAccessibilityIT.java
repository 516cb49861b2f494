package org.saferlhub.app.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.ReducedMotion;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Every page, in the light and the dark theme, passes axe-core with no serious or critical
 * violation and logs no errors; the lesson is audited both before and after a training run, so
 * the rendered charts, policy grids, heatmaps and the dealt hands are audited too. Every page is
 * served with the site's Content-Security-Policy and runs under it with no violation.
 */
@ExtendWith(BrowserSupport.class)
class PagesAccessibilityIT {

    /** The theme's page background (site.css --bg), to prove the theme really applied. */
    enum Theme {
        LIGHT(ColorScheme.LIGHT, "#fcfcfa", "#555a61"),
        DARK(ColorScheme.DARK, "#15171a", "#a9afb7");

        final ColorScheme scheme;
        final String background;
        final String muted;

        Theme(ColorScheme scheme, String background, String muted) {
            this.scheme = scheme;
            this.background = background;
            this.muted = muted;
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

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

    static Stream<Arguments> pages() {
        List<Object[]> pages = List.of(
                new Object[] {"home", "/", 200, false},
                new Object[] {"lesson1", "/lessons/blackjack", 200, false},
                new Object[] {"lesson1-trained", "/lessons/blackjack?episodes=100000", 200, true},
                new Object[] {"glossary", "/lessons/glossary", 200, false},
                new Object[] {"lesson2", "/lessons/gridworld", 200, false},
                new Object[] {"lesson3", "/lessons/planning", 200, false},
                new Object[] {"lesson4", "/lessons/reward-hacking", 200, false},
                new Object[] {"lesson5", "/lessons/side-effects", 200, false},
                new Object[] {"lesson6", "/lessons/safe-interruptibility", 200, false},
                new Object[] {"lesson8", "/lessons/look-inside", 200, false},
                new Object[] {"lesson9", "/lessons/policy-lab", 200, false},
                new Object[] {"resources", "/resources", 200, false},
                new Object[] {"open-problems", "/open-problems", 200, false},
                new Object[] {"research", "/research", 200, false},
                new Object[] {"next-steps", "/next-steps", 200, false},
                new Object[] {"run-it-yourself", "/run-it-yourself", 200, false},
                new Object[] {"my-runs", "/runs", 200, false},
                new Object[] {"game", "/game", 200, false},
                new Object[] {"safety-gridworlds", "/safety-gridworlds", 200, false},
                new Object[] {"specification-gaming", "/specification-gaming", 200, false},
                new Object[] {"feedback", "/feedback", 200, false},
                new Object[] {"admin", "/admin", 200, false},
                new Object[] {"not-found", "/lessons/no-such-lesson", 404, false});
        return pages.stream().map(p -> Arguments.of(p[0], p[1], p[2], p[3]));
    }

    /**
     * One load per page, audited in the light theme and then, the system theme switched to dark
     * while the page is open (as a reader's system does at dusk), in the dark theme: the CSS and
     * every chart follow the switch (site.js listens to prefers-color-scheme).
     */
    @ParameterizedTest(name = "{0} in the light and the dark theme")
    @MethodSource("pages")
    void pageIsAccessibleAndClean(String name, String path, int status, boolean train, Page page,
            BrowserSupport.PageErrors errors) {
        Theme theme = Theme.LIGHT;
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(theme.scheme));
        Response response = page.navigate(base + path);
        assertThat(response.status()).isEqualTo(status);
        // The policy is enforced, not bypassed: a violation would be among the errors below.
        assertThat(response.headerValue("content-security-policy")).as("policy of %s", path)
                .contains("script-src 'self' 'wasm-unsafe-eval'").contains("frame-ancestors 'none'");
        assertThat(page.title()).isNotBlank();
        assertThat(page.locator("main h1")).hasCount(1);
        boolean lesson = path.startsWith("/lessons/blackjack");
        if (lesson) {
            page.waitForSelector("train-agent[data-state=idle]");
            page.waitForSelector("policy-view[data-state]");
            page.waitForSelector("show-code pre.source .ln");
        }
        if (path.equals("/lessons/policy-lab")) {
            page.waitForSelector("kl-tilt[data-state=done]");
        }
        page.evaluate("() => document.fonts.ready");
        assertThemeApplied(page, theme);

        if (train) {
            page.click("train-agent button[data-action=train]");
            page.waitForSelector("train-agent:is([data-state=done],[data-state=stopped],[data-state=error])",
                    new Page.WaitForSelectorOptions().setTimeout(90_000));
            assertThat(page.locator("train-agent")).hasAttribute("data-state", "done");
            assertThat(page.locator("policy-view")).hasAttribute("data-state", "ready");
            assertThat(page.locator("policy-view table[data-grid=heat-usable] td")).hasCount(100);
            // Deal the trained agent a hand and show every decision; deal yourself a hand too.
            page.locator("watch-agent button[data-action=deal]").click();
            assertThat(page.locator("watch-agent")).hasAttribute("data-state", "dealt");
            page.locator("watch-agent button[data-action=show-all]").click();
            assertThat(page.locator("watch-agent li.decision").first()).isVisible();
            page.locator("play-hand button[data-action=deal]").click();
            assertThat(page.locator("play-hand")).hasAttribute("data-state", "playing");
            // The charts were drawn in this theme's colours.
            assertThat(chartTickColor(page, "return")).isEqualTo(theme.muted);
        } else if (lesson) {
            assertThat(page.locator("policy-view")).hasAttribute("data-state", "empty");
        }
        if (status == 404) {
            assertThat(page.locator("main a[href='/']").first()).isVisible();
        }

        for (Theme shown : Theme.values()) {
            if (shown != theme) {
                page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(shown.scheme));
                assertThemeApplied(page, shown);
                if (train) {
                    // the charts are redrawn in the new colours (on site.js's themechange)
                    page.waitForFunction("(muted) => Chart.getChart(document.querySelector("
                            + "'canvas[data-chart=\"return\"]')).options.scales.x.ticks.color === muted",
                            shown.muted);
                }
            }
            List<String> violations = BrowserSupport.axeViolations(page);
            BrowserSupport.screenshot(page, "a11y-" + name + "-" + shown.id(), false);
            assertThat(violations).as("axe serious/critical violations on %s (%s theme)", path, shown.id())
                    .isEmpty();
        }
        if (status == 404) {
            // Chromium logs the 404 status of the page itself; nothing else may appear.
            assertThat(errors.pageErrors()).isEmpty();
            assertThat(errors.cspViolations()).isEmpty();
            assertThat(errors.consoleErrors())
                    .allSatisfy(e -> assertThat(e).contains("status of 404").contains(path));
        } else {
            assertThat(errors.all()).isEmpty();
        }
    }

    /**
     * The theme toggle: from the light system theme to dark and back. The trained lesson's charts
     * are redrawn in the new colours with their data intact, the page still passes axe, and the
     * choice survives a reload.
     */
    @Test
    void themeToggleSwitchesAndRemembersTheTheme(Page page, BrowserSupport.PageErrors errors) {
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
        page.navigate(base + "/lessons/blackjack?episodes=20000");
        page.waitForSelector("train-agent[data-state=idle]");
        Locator toggle = page.locator("button.theme-toggle");
        assertThat(toggle).isVisible();
        assertThat(toggle).hasAttribute("aria-pressed", "false");
        assertThemeApplied(page, Theme.LIGHT);

        page.click("train-agent button[data-action=train]");
        page.waitForSelector("train-agent:is([data-state=done],[data-state=stopped],[data-state=error])",
                new Page.WaitForSelectorOptions().setTimeout(90_000));
        assertThat(page.locator("train-agent")).hasAttribute("data-state", "done");
        String curve = series(page);
        assertThat(datasetCount(page)).isEqualTo(4); // the stretches, the smoothed curve, two exact reference lines

        toggle.click();
        assertThat(page.locator("html")).hasAttribute("data-theme", "dark");
        assertThat(toggle).hasAttribute("aria-pressed", "true");
        assertThemeApplied(page, Theme.DARK);
        assertThat(chartTickColor(page, "return")).isEqualTo(Theme.DARK.muted);
        assertThat(series(page)).as("the curve survives the redraw").isEqualTo(curve);
        assertThat(datasetCount(page)).as("reference lines survive the redraw").isEqualTo(4);
        assertThat(BrowserSupport.axeViolations(page)).isEmpty();
        BrowserSupport.screenshot(page, "a11y-lesson1-toggled-dark");

        page.reload();
        page.waitForSelector("train-agent[data-state=idle]");
        assertThat(page.locator("html")).hasAttribute("data-theme", "dark");
        assertThat(page.locator("button.theme-toggle")).hasAttribute("aria-pressed", "true");
        assertThemeApplied(page, Theme.DARK);

        page.locator("button.theme-toggle").click();
        assertThat(page.locator("html")).hasAttribute("data-theme", "light");
        assertThemeApplied(page, Theme.LIGHT);
        assertThat(chartTickColor(page, "return")).isEqualTo(Theme.LIGHT.muted);
        assertThat(errors.all()).isEmpty();
    }

    /**
     * WCAG 2.2 SC 2.4.11 (focus not obscured): walking down a policy grid with the arrow keys,
     * the focused cell must never be hidden behind the sticky cell-info box at the bottom of the
     * viewport. Reduced motion turns smooth scrolling off, so positions are exact.
     */
    @Test
    void arrowKeysInThePolicyGridNeverHideTheFocusedCell(Page page, BrowserSupport.PageErrors errors) {
        page.emulateMedia(new Page.EmulateMediaOptions().setReducedMotion(ReducedMotion.REDUCE));
        page.navigate(base + "/lessons/blackjack?episodes=20000");
        page.waitForSelector("train-agent[data-state=idle]");
        page.click("train-agent button[data-action=train]");
        page.waitForSelector("train-agent:is([data-state=done],[data-state=stopped],[data-state=error])",
                new Page.WaitForSelectorOptions().setTimeout(90_000));
        assertThat(page.locator("policy-view")).hasAttribute("data-state", "ready");

        // The reader has scrolled the grid's top rows into the middle of the screen.
        page.evaluate("""
                () => window.scrollBy(0, document.querySelector('policy-view table[data-grid="learned-no_usable"]')
                  .getBoundingClientRect().top - 450)""");
        Locator first = page.locator("policy-view table[data-grid=learned-no_usable] td").first();
        first.focus();
        assertThat(first).isFocused();
        List<String> hidden = new java.util.ArrayList<>();
        for (int row = 1; row < 18; row++) {
            page.keyboard().press("ArrowDown");
            Object seen = page.evaluate("""
                    () => {
                      const cell = document.activeElement;
                      const box = cell.getBoundingClientRect();
                      const x = box.left + box.width / 2;
                      const y = box.top + box.height / 2;
                      const top = y >= 0 && y < innerHeight ? document.elementFromPoint(x, y) : null;
                      const visible = !!top && (top === cell || cell.contains(top));
                      return visible ? '' : `total ${cell.dataset.total} vs dealer ${'A23456789'.charAt(cell.dataset.dealer) || '10'}`
                        + ` at y=${Math.round(box.top)}..${Math.round(box.bottom)} of ${innerHeight},`
                        + ` covered by ${top ? (top.className || top.tagName) : 'nothing (off screen)'}`;
                    }""");
            if (!String.valueOf(seen).isEmpty()) {
                if (hidden.isEmpty()) {
                    // What the keyboard user sees: the viewport, not the whole page.
                    page.screenshot(new Page.ScreenshotOptions()
                            .setPath(BrowserSupport.screenshotsDir().resolve("a11y-grid-focus-hidden.png")));
                }
                hidden.add(String.valueOf(seen));
            }
        }
        assertThat(page.locator("policy-view table[data-grid=learned-no_usable] td[data-total='4']").first())
                .isFocused();
        assertThat(hidden).as("focused cells hidden while arrowing down the grid").isEmpty();
        assertThat(errors.all()).isEmpty();
    }

    private static void assertThemeApplied(Page page, Theme theme) {
        Object bg = page.evaluate("() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim()");
        assertThat(bg).as("--bg in the %s theme", theme.id()).isEqualTo(theme.background);
        Locator toggle = page.locator("button.theme-toggle");
        if (toggle.count() > 0 && toggle.isVisible()) {
            assertThat(toggle).hasAttribute("aria-pressed", String.valueOf(theme == Theme.DARK));
        }
    }

    private static String chartTickColor(Page page, String chart) {
        return String.valueOf(page.evaluate("""
                (key) => Chart.getChart(document.querySelector(`canvas[data-chart="${key}"]`))
                  .options.scales.x.ticks.color""", chart));
    }

    private static String series(Page page) {
        return String.valueOf(page.evaluate("""
                () => JSON.stringify([...document.querySelectorAll('canvas[data-chart]')].map(c =>
                  Chart.getChart(c).data.datasets.filter(d => !d.reference).map(d => d.data)))"""));
    }

    private static int datasetCount(Page page) {
        return ((Number) page.evaluate(
                "() => Chart.getChart(document.querySelector('canvas[data-chart=\"return\"]')).data.datasets.length"))
                .intValue();
    }
}
