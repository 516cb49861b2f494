package org.saferlhub.app.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Proves the browser harness on a throwaway JDK HTTP server: Chromium starts, pages load, axe
 * passes an accessible page and catches an inaccessible one, console and page errors are
 * captured, and screenshots are written.
 */
@ExtendWith(BrowserSupport.class)
class HarnessSmokeIT {

    private static final String GOOD_PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Harness smoke page</title>
              <link rel="icon" href="/dot.svg">
            </head>
            <body>
              <header><p>SafeRLHub browser harness</p></header>
              <main>
                <h1>An accessible page</h1>
                <p>Small, labelled and with enough contrast.</p>
                <img src="/dot.svg" alt="A blue dot" width="32" height="32">
                <form>
                  <label for="episodes">Episodes</label>
                  <input id="episodes" name="episodes" type="number" value="100">
                  <button type="button">Train</button>
                </form>
              </main>
            </body>
            </html>
            """;

    /** Deliberately inaccessible: no lang, no title, an image without alt, a nameless button. */
    private static final String BAD_PAGE = """
            <!doctype html>
            <html>
            <head><meta charset="utf-8"><link rel="icon" href="/dot.svg"></head>
            <body>
              <img src="/dot.svg" width="32" height="32">
              <button type="button"></button>
            </body>
            </html>
            """;

    private static final String BROKEN_PAGE = """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Broken</title><link rel="icon" href="/dot.svg"></head>
            <body><main><h1>Broken</h1></main>
            <script>
              console.error('boom from console.error');
              setTimeout(() => { throw new Error('kaput from a timer'); }, 0);
            </script>
            </body>
            </html>
            """;

    private static final String DOT_SVG = """
            <svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">\
            <circle cx="16" cy="16" r="14" fill="#1f5fbf"/></svg>""";

    private static HttpServer server;
    private static String baseUrl;

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // A strict CSP on the good page proves that axe injection does not rely on inline scripts.
        server.createContext("/good", ex -> send(ex, "text/html", GOOD_PAGE, "default-src 'self'"));
        server.createContext("/bad", ex -> send(ex, "text/html", BAD_PAGE, null));
        server.createContext("/broken", ex -> send(ex, "text/html", BROKEN_PAGE, null));
        server.createContext("/dot.svg", ex -> send(ex, "image/svg+xml", DOT_SVG, null));
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void send(HttpExchange exchange, String type, String body, String csp) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        if (csp != null) {
            exchange.getResponseHeaders().set("Content-Security-Policy", csp);
        }
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void accessiblePageLoadsCleanlyAndPassesAxe(Page page, BrowserSupport.PageErrors errors) throws IOException {
        page.navigate(baseUrl + "/good");

        assertThat(page.title()).isEqualTo("Harness smoke page");
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Train"))).isVisible();
        assertThat(BrowserSupport.axeViolations(page)).isEmpty();
        assertThat(errors.all()).isEmpty();

        Path shot = BrowserSupport.screenshot(page, "harness-good");
        byte[] png = Files.readAllBytes(shot);
        assertThat(png).hasSizeGreaterThan(1_000);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    void inaccessiblePageIsReported(Page page) {
        page.navigate(baseUrl + "/bad");

        var violations = BrowserSupport.axeViolations(page);

        assertThat(violations)
                .anySatisfy(v -> assertThat(v).startsWith("image-alt [critical] img: "))
                .anySatisfy(v -> assertThat(v).startsWith("button-name [critical] button: "))
                .allSatisfy(v -> assertThat(v).containsAnyOf("[serious]", "[critical]"));
        assertThat(BrowserSupport.axeViolations(page, Set.of("critical")))
                .hasSizeLessThan(violations.size())     // document-title and html-has-lang are serious
                .allSatisfy(v -> assertThat(v).contains("[critical]"));
        BrowserSupport.screenshot(page, "harness-bad");
    }

    @Test
    void consoleAndPageErrorsAreCaptured(Page page, BrowserSupport.PageErrors errors) {
        page.navigate(baseUrl + "/broken");
        page.waitForCondition(() -> errors.all().size() >= 2);

        assertThat(errors.consoleErrors()).singleElement().asString().contains("boom from console.error");
        assertThat(errors.pageErrors()).singleElement().asString().contains("kaput from a timer");
    }

    @Test
    void everyTestGetsAFreshContext(Page page, BrowserContext context) {
        page.navigate(baseUrl + "/good");

        assertThat(context.cookies()).isEmpty();
        assertThat(page.evaluate("() => localStorage.length")).isEqualTo(0);
        page.evaluate("() => localStorage.setItem('leak', 'x')");
        assertThat(context.pages()).containsExactly(page);
    }
}
