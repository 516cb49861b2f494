package org.saferlhub.app.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The site's Content-Security-Policy in a real Chromium (issue 9, item 9): a script that is not
 * one of the site's files does not run, and the test harness sees the violation (so every other
 * browser test, which fails on any violation, really watches for them); and no other site can show
 * a page of this one, {@code /admin} included, in a frame.
 */
@ExtendWith(BrowserSupport.class)
class SecurityPolicyIT {

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

    @Test
    void inlineScriptsAndHandlersDoNotRunAndAreReported(Page page, BrowserSupport.PageErrors errors) {
        page.navigate(base + "/lessons/blackjack");
        page.waitForSelector("train-agent[data-state=idle]");
        assertThat(errors.all()).as("the lesson itself runs under the policy").isEmpty();

        // What an injected string of markup would try: an inline script and an inline handler.
        page.evaluate("""
                () => {
                  const script = document.createElement('script');
                  script.textContent = 'window.inlineScriptRan = true;';
                  document.body.append(script);
                  const button = document.createElement('button');
                  button.setAttribute('onclick', 'window.inlineHandlerRan = true;');
                  document.body.append(button);
                  button.click();
                }""");
        page.waitForCondition(() -> errors.cspViolations().size() >= 2);

        assertThat(page.evaluate("() => [window.inlineScriptRan, window.inlineHandlerRan]"))
                .isEqualTo(Arrays.asList(null, null));
        assertThat(errors.cspViolations())
                .anySatisfy(v -> assertThat(v).startsWith("script-src-elem blocked inline"))
                .anySatisfy(v -> assertThat(v).startsWith("script-src-attr blocked inline"));
    }

    @Test
    void anotherSiteCannotShowTheAdminPageInAFrame(Page page, BrowserSupport.PageErrors errors)
            throws IOException {
        // Another site: a plain server on another port of this machine, whose page frames /admin.
        byte[] framing = ("<!doctype html><title>Elsewhere</title>"
                + "<iframe title=\"SafeRLHub admin\" src=\"" + base + "/admin\"></iframe>")
                .getBytes(StandardCharsets.UTF_8);
        HttpServer elsewhere = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        elsewhere.createContext("/", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, framing.length);
                exchange.getResponseBody().write(framing);
            }
        });
        elsewhere.start();
        try {
            List<String> requests = new CopyOnWriteArrayList<>();
            page.context().onRequest(request -> requests.add(request.url()));
            // The page's load event comes after its frame's, whether the frame shows the admin
            // page or the browser's error page: navigate() returns when the frame has settled.
            page.navigate("http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/");
            Frame frame = page.frames().stream().filter(f -> f != page.mainFrame()).findFirst()
                    .orElseThrow();
            frame.waitForLoadState();
            assertThat(requests).as("the frame asked the server").contains(base + "/admin");
            assertThat(frame.locator("main h1").count())
                    .as("admin page content in the frame of %s", frame.url()).isZero();
            assertThat(errors.pageErrors()).isEmpty();
        } finally {
            elsewhere.stop(0);
        }
    }
}
