package org.saferlhub.app.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.ColorScheme;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Locale;

/**
 * The answer page ({@code /kl-answer}) in a real Chromium, on a desktop and a phone, in the light
 * and the dark theme: every figure the server draws from the project's runs loads (no broken
 * image), says in its {@code alt} what it shows, keeps its shape within the column (on a phone,
 * in a box that scrolls sideways, wide enough to read), and the page passes axe-core with no
 * serious or critical violation and logs no error.
 */
@ExtendWith(BrowserSupport.class)
class AnswerPageIT {

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

    @ParameterizedTest(name = "{0} px wide, {1} theme")
    @CsvSource({"1200, light", "375, dark"})
    void everyFigureLoadsAndThePageIsAccessible(int width, String theme, Page page,
            BrowserSupport.PageErrors errors) {
        page.setViewportSize(width, 900);
        page.emulateMedia(new Page.EmulateMediaOptions()
                .setColorScheme(theme.equals("dark") ? ColorScheme.DARK : ColorScheme.LIGHT));
        Response response = page.navigate(base + "/kl-answer");
        assertThat(response.status()).isEqualTo(200);
        // What PagesAccessibilityIT checks on every other page (this page is audited here).
        assertThat(response.headerValue("content-security-policy"))
                .contains("script-src 'self' 'wasm-unsafe-eval'").contains("frame-ancestors 'none'");
        assertThat(page.title()).isNotBlank();
        assertThat(page.locator("main h1").count()).isEqualTo(1);

        Locator figures = page.locator("main img[src^='/figures/']");
        assertThat(figures.count()).as("figures on the page").isGreaterThanOrEqualTo(6);
        // The server computes each figure on its first request: wait for every image to settle
        // (loaded or failed), then check that none is broken.
        page.waitForFunction("() => [...document.images].every(i => i.complete)", null,
                new Page.WaitForFunctionOptions().setTimeout(90_000));
        Object broken = page.evaluate("() => [...document.images]"
                + ".filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)");
        assertThat((List<?>) broken).as("broken images").isEmpty();
        for (int i = 0; i < figures.count(); i++) {
            Locator img = figures.nth(i);
            String alt = img.getAttribute("alt");
            assertThat(alt).as("alt of %s", img.getAttribute("src")).isNotNull();
            assertThat(alt.strip()).as("alt of %s", img.getAttribute("src")).isNotEmpty();
            // A figure keeps its shape; its link (the box it scrolls in on a phone) never runs
            // past the column, and on a phone the picture stays wide enough to read.
            List<?> b = (List<?>) img.evaluate("i => [i.getBoundingClientRect().width, "
                    + "i.getBoundingClientRect().height, i.naturalWidth, i.naturalHeight, "
                    + "i.parentElement.getBoundingClientRect().width, "
                    + "i.parentElement.parentElement.getBoundingClientRect().width]");
            double shown = ((Number) b.get(0)).doubleValue();
            double ratio = ((Number) b.get(2)).doubleValue() / ((Number) b.get(3)).doubleValue();
            String src = img.getAttribute("src");
            assertThat(shown / ((Number) b.get(1)).doubleValue()).as("shape of %s", src)
                    .isCloseTo(ratio, org.assertj.core.data.Offset.offset(0.02));
            assertThat(((Number) b.get(4)).doubleValue()).as("box of %s", src)
                    .isLessThanOrEqualTo(((Number) b.get(5)).doubleValue() + 0.5);
            assertThat(shown).as("width of %s", src).isGreaterThanOrEqualTo(550);
        }
        assertThat(BrowserSupport.scrollWidth(page)).as("no sideways scroll").isLessThanOrEqualTo(width);

        page.waitForSelector("kl-tilt[data-state=done]");
        // No widget prints a missing part as the word "null" (kl-tilt once did, without a form).
        Object stray = page.evaluate("() => [...document.querySelectorAll('kl-tilt, kl-sweep, "
                + "lab-experiment')].flatMap(w => [...w.childNodes]).filter(n => n.nodeType === 3 "
                + "&& n.textContent.trim() === 'null').length");
        assertThat(((Number) stray).intValue()).as("stray 'null' text in a widget").isZero();
        page.evaluate("() => document.fonts.ready");
        List<String> violations = BrowserSupport.axeViolations(page);
        BrowserSupport.screenshot(page, "answer-" + width + "-" + theme.toLowerCase(Locale.ROOT));
        assertThat(violations).as("axe serious/critical violations (%s px, %s)", width, theme).isEmpty();
        assertThat(errors.all()).isEmpty();
    }
}
