package org.saferlhub.app.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.assertions.PlaywrightAssertions;

import org.saferlhub.app.web.WebServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A real SafeRLHub server for one browser test class, on a free port of 127.0.0.1, with an HTTP
 * client for the API calls a test makes beside the browser. Starting one also sets Playwright's
 * default assertion timeout to 15 s.
 *
 * <pre>{@code
 * private static TestServer server;
 * private static String base;
 *
 * @BeforeAll
 * static void startServer() {
 *     server = TestServer.start();
 *     base = server.base();
 * }
 *
 * @AfterAll
 * static void stopServer() {
 *     TestServer.stop(server);
 * }
 * }</pre>
 */
final class TestServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebServer server;
    private final String base;
    private final HttpClient http;

    private TestServer(WebServer server) {
        this.server = server;
        this.base = "http://127.0.0.1:" + server.port();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A server with the default options. */
    static TestServer start() {
        return start(UnaryOperator.identity());
    }

    /** A server whose options are the defaults (on 127.0.0.1, any free port) changed by {@code options}. */
    static TestServer start(UnaryOperator<WebServer.Options> options) {
        TestServer started = new TestServer(WebServer.start(
                options.apply(WebServer.Options.defaults().withWarmUp(false).withPort(0).withHost("127.0.0.1"))));
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
        return started;
    }

    /** Stops {@code server} if it was started. */
    static void stop(TestServer server) {
        if (server != null) {
            server.server.close();
        }
    }

    /** The server's root URL, {@code http://127.0.0.1:<port>}, without a trailing slash. */
    String base() {
        return base;
    }

    /** An HTTP client with a 5 s connect timeout. */
    HttpClient http() {
        return http;
    }

    /**
     * {@code GET path} as JSON (sent as learner {@code learner} unless null), asserting 200;
     * returns the parsed body.
     */
    JsonNode getJson(String path, String learner) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "application/json").timeout(Duration.ofSeconds(10));
        if (learner != null) {
            request.header("X-Learner-Id", learner);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** {@code POST path} with a JSON body, asserting 200; returns the parsed answer. */
    JsonNode postJson(String path, String body, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
