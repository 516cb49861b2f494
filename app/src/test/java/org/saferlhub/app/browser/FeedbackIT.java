package org.saferlhub.app.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
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
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The feedback survey and its admin page in a real Chromium: a corpus of classic XSS payloads
 * goes into every field through the real form and comes back on /admin as literal text, with no
 * script run, no dialog and no console error; a 2,001-character answer is refused with its
 * question named; 401/403 are explained; both pages pass axe in both themes.
 */
@ExtendWith(BrowserSupport.class)
class FeedbackIT {

    private static final String TOKEN = "feedback-it-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TEXT_FIELDS = List.of("clear", "unclear", "topics", "features", "comments");
    private static final List<String> BACKGROUNDS = List.of("technical", "non-technical", "prefer-not-to-say");

    /** Classic payloads; each goes into every text field of one answer. */
    private static final List<String> PAYLOADS = List.of(
            "<script>window.__xss=1</script>",
            "<img src=x onerror=window.__xss=1>",
            "\"><svg onload=window.__xss=1>",
            "'><svg/onload=alert(1)>",
            "javascript:window.__xss=1",
            "<a href=\"javascript:window.__xss=1\">click me</a>",
            "</textarea><script>window.__xss=1</script>",
            "</td></tr></table><script>window.__xss=1</script>",
            "<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
            "<details open ontoggle=window.__xss=1>",
            "<style>*{display:none!important}</style>",
            "{{constructor.constructor('window.__xss=1')()}} ${window.__xss=1} #{7*7} <%= 7*7 %>",
            "\u202Egnp.exe\u202C \u200Fmark\u200E \u2067isolate\u2069 \u0627\u0644\u0639\u0631\u0628\u064A\u0629",
            "=HYPERLINK(\"http://example.invalid\",\"csv\")\n+1\n-1\n@SUM(A1)",
            "line one\nline two\n\n\tindented & <b>bold</b> &amp; &lt;",
            longUnicode());

    private static TestServer server;
    private static String base;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(options -> options.withDatabase(null).withAdminToken(TOKEN));
        base = server.base();
    }

    @AfterAll
    static void stopServer() {
        TestServer.stop(server);
    }

    /** Exactly 2,000 characters (code points) of mixed scripts, astral emoji included. */
    private static String longUnicode() {
        String[] parts = {"é", "日本", "🙂", "Ω", "ß", "\u0627", "😀", "<", "&", "\"", "'"};
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (int i = 0; n < 2000; i++) {
            String part = parts[i % parts.length];
            int cps = part.codePointCount(0, part.length());
            if (n + cps > 2000) {
                part = "x";
                cps = 1;
            }
            b.append(part);
            n += cps;
        }
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------
    // 1. The XSS corpus, through the real form, shown literally on /admin
    // ------------------------------------------------------------------------------------------

    @Test
    void everyPayloadIsStoredAndShownAsTextNeverRun(Page page, BrowserSupport.PageErrors errors) throws Exception {
        assertThat(longUnicode().codePointCount(0, longUnicode().length())).isEqualTo(2000);
        List<String> dialogs = Collections.synchronizedList(new ArrayList<>());
        page.onDialog(d -> {
            dialogs.add(d.type() + ": " + d.message());
            d.dismiss();
        });
        page.navigate(base + "/feedback");
        Locator form = page.locator("feedback-form");
        assertThat(form).hasAttribute("data-state", "editing");
        for (int i = 0; i < PAYLOADS.size(); i++) {
            String payload = PAYLOADS.get(i);
            form.locator("input[name=background][value=" + BACKGROUNDS.get(i % 3) + "]").check();
            for (String field : TEXT_FIELDS) {
                form.locator("textarea[name=" + field + "]").fill(payload);
            }
            assertThat(form.locator("[data-field=clear] [data-role=count]"))
                    .containsText(String.format(java.util.Locale.US, "%,d of 2,000", payload.codePointCount(0, payload.length())));
            form.locator("button[data-action=send]").click();
            assertThat(form).hasAttribute("data-state", "sent");
            assertThat(form.locator("[data-role=thanks] h2")).isFocused();
            form.locator("button[data-action=again]").click();
            assertThat(form).hasAttribute("data-state", "editing");
            assertThat(form.locator("textarea[name=clear]")).hasValue("");
        }

        // The admin page shows every answer, oldest first, each text exactly as typed.
        page.navigate(base + "/admin");
        Locator admin = page.locator("admin-feedback");
        admin.locator("input[name=token]").fill(TOKEN);
        admin.locator("button[data-action=load]").click();
        assertThat(admin).hasAttribute("data-state", "ready");
        Locator rows = admin.locator("table[data-role=feedback-table] tbody tr");
        assertThat(rows).hasCount(PAYLOADS.size());
        for (int i = 0; i < PAYLOADS.size(); i++) {
            for (String field : TEXT_FIELDS) {
                String shown = (String) rows.nth(i).locator("td[data-col=" + field + "] .answer")
                        .evaluate("el => el.textContent");
                assertThat(shown).as("payload %d in %s", i, field).isEqualTo(PAYLOADS.get(i));
            }
        }
        // Hover and click over every cell, as a reader would; nothing may fire.
        for (int i = 0; i < PAYLOADS.size(); i++) {
            rows.nth(i).locator("td[data-col=clear]").hover();
            rows.nth(i).locator("td[data-col=unclear]").click();
        }
        // Let every task the hovers and clicks queued run (a frame, then the task queue), rather
        // than pausing for a guessed time: a payload that ran would have set window.__xss.
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))");
        assertThat(page.evaluate("() => typeof window.__xss")).isEqualTo("undefined");
        assertThat(page.evaluate("() => document.querySelectorAll("
                + "'admin-feedback table :is(script, img, svg, iframe, a, style, details, b)').length"))
                .isEqualTo(0);
        assertThat(page.locator("table[data-role=feedback-table]")).isVisible();
        assertThat(dialogs).isEmpty();
        assertThat(BrowserSupport.axeViolations(page)).as("axe on /admin with the answers").isEmpty();
        BrowserSupport.screenshot(page, "admin-feedback-xss");

        // The CSV download holds the same texts (the file itself is the server's).
        Download download = page.waitForDownload(() -> admin.locator("button[data-action=csv]").click());
        assertThat(download.suggestedFilename()).endsWith(".csv");
        String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
        assertThat(csv).contains("window.__xss=1").contains("日本").contains("🙂");
        assertThat(admin.locator("[data-role=status]")).containsText("CSV file downloaded");

        // The token never reaches localStorage; nothing ran on either page.
        assertThat((String) page.evaluate("() => JSON.stringify(localStorage)")).doesNotContain(TOKEN);
        assertThat((String) page.evaluate("() => JSON.stringify(sessionStorage)")).doesNotContain(TOKEN);
        assertThat(page.evaluate("() => typeof window.__xss")).isEqualTo("undefined");
        assertThat(dialogs).isEmpty();
        assertThat(errors.all()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // 2. Limits and errors, by field
    // ------------------------------------------------------------------------------------------

    @Test
    void twoThousandAndOneCharactersAreRefusedWithTheQuestionNamed(Page page, BrowserSupport.PageErrors errors)
            throws Exception {
        List<String> posts = Collections.synchronizedList(new ArrayList<>());
        page.onRequest(r -> {
            if ("POST".equals(r.method()) && r.url().endsWith("/api/feedback")) {
                posts.add(r.url());
            }
        });
        page.navigate(base + "/feedback");
        Locator form = page.locator("feedback-form");
        Locator features = form.locator("textarea[name=features]");
        features.fill("é".repeat(2001));
        assertThat(form.locator("[data-field=features] [data-role=count]")).containsText("2,001 of 2,000");
        assertThat(form.locator("[data-field=features] [data-role=count]")).hasClass(Pattern.compile("\\bover\\b"));
        form.locator("button[data-action=send]").click();
        assertThat(form.locator("[data-field=features] .field-error"))
                .containsText("What features would you like?");
        assertThat(form.locator("[data-field=features] .field-error")).containsText("1 character over");
        assertThat(features).hasAttribute("aria-invalid", "true");
        assertThat(features).isFocused();
        assertThat(form.locator("[data-role=status]")).containsText("What features would you like?");
        assertThat(form).hasAttribute("data-state", "editing");
        assertThat(posts).as("nothing is sent").isEmpty();
        assertThat(BrowserSupport.axeViolations(page)).as("axe on the refused form").isEmpty();
        BrowserSupport.screenshot(page, "feedback-too-long");

        // Exactly 2,000 is fine, and the server agrees.
        features.fill("é".repeat(2000));
        assertThat(form.locator("[data-field=features] .field-error")).isHidden();
        assertThat(features).not().hasAttribute("aria-invalid", "true");

        // The server refuses 2,001 too, naming the field (what the form shows when it does).
        HttpResponse<String> refused = post("/api/feedback",
                "{\"features\":\"" + "a".repeat(2001) + "\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("field").asText()).isEqualTo("features");
        page.route("**/api/feedback", (Route route) -> route.fulfill(new Route.FulfillOptions()
                .setStatus(400).setContentType("application/json").setBody(refused.body())));
        form.locator("button[data-action=send]").click();
        assertThat(form.locator("[data-field=features] .field-error")).containsText("features");
        assertThat(form.locator("[data-role=status]")).containsText("What features would you like?");
        assertThat(features).isFocused();
        page.unroute("**/api/feedback");

        // 429: too many answers at once; the wait is passed on.
        page.route("**/api/feedback", (Route route) -> route.fulfill(new Route.FulfillOptions()
                .setStatus(429).setHeaders(Map.of("Retry-After", "3", "Content-Type", "application/json"))
                .setBody("{\"error\":\"too many writes\",\"field\":null}")));
        form.locator("button[data-action=send]").click();
        assertThat(form.locator("[data-role=status]")).containsText("3 seconds");
        assertThat(form).hasAttribute("data-state", "editing");
        page.unroute("**/api/feedback");

        // An empty form is not sent.
        page.reload();
        form.locator("button[data-action=send]").click();
        assertThat(form.locator("[data-role=status]")).containsText("at least one question");
        assertThat(errors.pageErrors()).isEmpty();
        assertThat(errors.consoleErrors()).allSatisfy(e -> assertThat(e).containsAnyOf("400", "429"));
    }

    @Test
    void adminExplainsMissingAndWrongTokensAndKeepsItOnlyForTheTab(Page page, BrowserSupport.PageErrors errors) {
        page.navigate(base + "/admin");
        Locator admin = page.locator("admin-feedback");
        Locator token = admin.locator("input[name=token]");
        assertThat(token).hasAttribute("type", "password");
        assertThat(page.locator("label[for='" + token.getAttribute("id") + "']")).hasText("Admin token");

        // Empty: nothing is sent.
        admin.locator("button[data-action=load]").click();
        assertThat(admin.locator("[data-role=status]")).containsText("Enter the admin token");

        // 403: a wrong token.
        token.fill("not-the-admin-token");
        admin.locator("button[data-action=load]").click();
        assertThat(admin).hasAttribute("data-state", "denied");
        assertThat(admin).hasAttribute("data-status", "403");
        assertThat(admin.locator("[data-role=status]")).containsText("403");
        assertThat(admin.locator("[data-role=status]")).containsText("not the admin token");
        assertThat(admin.locator("[data-role=results]")).isHidden();
        assertThat(BrowserSupport.axeViolations(page)).as("axe on /admin after 403").isEmpty();

        // 401, as the server answers a request without the header.
        page.route("**/api/admin/feedback", (Route route) -> route.fulfill(new Route.FulfillOptions()
                .setStatus(401).setContentType("application/json")
                .setBody("{\"error\":\"Authorization: Bearer <admin token> is required\",\"field\":\"Authorization\"}")));
        admin.locator("button[data-action=load]").click();
        assertThat(admin).hasAttribute("data-status", "401");
        assertThat(admin.locator("[data-role=status]")).containsText("asks for the admin token");
        page.unroute("**/api/admin/feedback");

        // The right token, kept for this tab only when asked.
        token.fill(TOKEN);
        admin.locator("input[name=keep]").check();
        admin.locator("button[data-action=load]").click();
        assertThat(admin).hasAttribute("data-state", "ready");
        assertThat((String) page.evaluate("() => JSON.stringify(localStorage)")).doesNotContain(TOKEN);
        assertThat(page.evaluate("() => sessionStorage.getItem('saferlhub.adminToken')")).isEqualTo(TOKEN);
        page.reload();
        assertThat(admin).hasAttribute("data-state", "ready");
        admin.locator("button[data-action=forget]").click();
        assertThat(admin).hasAttribute("data-state", "locked");
        assertThat(page.evaluate("() => sessionStorage.getItem('saferlhub.adminToken')")).isNull();
        assertThat(token).hasValue("");
        assertThat(errors.pageErrors()).isEmpty();
        assertThat(errors.consoleErrors()).allSatisfy(e -> assertThat(e).containsAnyOf("401", "403"));
    }

    // ------------------------------------------------------------------------------------------
    // 3. Accessibility of both pages, both themes
    // ------------------------------------------------------------------------------------------

    @Test
    void feedbackAndAdminPassAxeInBothThemes(Page page, BrowserSupport.PageErrors errors) throws Exception {
        HttpResponse<String> sent = post("/api/feedback",
                "{\"background\":\"technical\",\"clear\":\"The charts.\",\"comments\":\"<b>thanks</b>\"}");
        assertThat(sent.statusCode()).isEqualTo(201);
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            String theme = scheme == ColorScheme.LIGHT ? "light" : "dark";
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            page.navigate(base + "/feedback");
            assertThat(page.locator("feedback-form")).hasAttribute("data-state", "editing");
            assertThat(BrowserSupport.axeViolations(page)).as("axe on /feedback (%s)", theme).isEmpty();
            BrowserSupport.screenshot(page, "feedback-" + theme);
            page.locator("feedback-form input[name=background][value=non-technical]").check();
            page.locator("feedback-form textarea[name=topics]").fill("Reward hacking, please.");
            page.locator("feedback-form button[data-action=send]").click();
            assertThat(page.locator("feedback-form")).hasAttribute("data-state", "sent");
            assertThat(BrowserSupport.axeViolations(page)).as("axe on the thank-you (%s)", theme).isEmpty();

            page.navigate(base + "/admin");
            assertThat(BrowserSupport.axeViolations(page)).as("axe on /admin, locked (%s)", theme).isEmpty();
            page.locator("admin-feedback input[name=token]").fill(TOKEN);
            page.locator("admin-feedback button[data-action=load]").click();
            assertThat(page.locator("admin-feedback")).hasAttribute("data-state", "ready");
            assertThat(BrowserSupport.axeViolations(page)).as("axe on /admin with answers (%s)", theme).isEmpty();
            BrowserSupport.screenshot(page, "admin-" + theme);
        }
        page.setViewportSize(375, 800);
        page.navigate(base + "/feedback");
        assertThat(page.locator("feedback-form")).hasAttribute("data-state", "editing");
        assertThat(((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue())
                .isLessThanOrEqualTo(375);
        BrowserSupport.screenshot(page, "feedback-375");
        assertThat(errors.all()).isEmpty();
    }

    private static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return server.http().send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
