package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every answer of the server carries the security headers (issue 9, item 9): pages, static files,
 * WebJars, the engine, the API, 404s and errors; HTML always names its charset.
 */
class SecurityHeadersTest {

  /** The policy, spelled out: a change to it must change this test too. */
  static final String POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
      + "worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; font-src 'self'; "
      + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
      + "frame-ancestors 'none'";

  static WebServer server;
  static HttpClient http;

  @BeforeAll
  static void start() {
    server = WebServer.start(WebServer.Options.defaults().withWarmUp(false).withPort(0)
        .withHost("127.0.0.1"));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0} {1} → {2}")
  @CsvSource({
      "GET, /, 200, text/html",
      "GET, /lessons/blackjack, 200, text/html",
      "GET, /admin, 200, text/html",
      "GET, /feedback, 200, text/html",
      "GET, /runs, 200, text/html",
      "GET, /lessons/no-such-lesson, 404, text/html",
      "GET, /no-such-page, 404, text/html",
      "GET, /js/site.js, 200, text/javascript",
      "GET, /css/site.css, 200, text/css",
      "GET, /webjars/katex/0.18.11/dist/katex.min.js, 200, text/javascript",
      "GET, /webjars/katex/0.18.11/dist/katex.min.css, 200, text/css",
      "GET, /webjars/chart.js/4.5.1/dist/chart.umd.min.js, 200, text/javascript",
      "GET, /api/health, 200, application/json",
      "GET, /api/no-such-endpoint, 404, application/json",
      "GET, /api/runs/ffff, 404, application/json",
      "POST, /api/runs, 400, application/json",
  })
  void everyAnswerCarriesTheSecurityHeaders(String method, String path, int status, String type)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + path));
    if (method.equals("POST")) {
      request.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"episodes\": \"many\"}"));
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as("status of %s", path).isEqualTo(status);
    var headers = response.headers();
    assertThat(headers.firstValue("Content-Security-Policy")).hasValue(POLICY);
    assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(headers.firstValue("Referrer-Policy")).hasValue("same-origin");
    // Cross-origin isolation stays: the in-page engine's Stop needs a SharedArrayBuffer.
    assertThat(headers.firstValue("Cross-Origin-Opener-Policy")).hasValue("same-origin");
    assertThat(headers.firstValue("Cross-Origin-Embedder-Policy")).hasValue("require-corp");
    String contentType = headers.firstValue("Content-Type").orElse("");
    assertThat(contentType).as("Content-Type of %s", path).startsWith(type);
    if (type.equals("text/html")) {
      assertThat(contentType.replace(" ", "")).as("Content-Type of %s", path)
          .isEqualToIgnoringCase("text/html;charset=utf-8");
    }
  }

  /**
   * The engine's worker runs under the policy its script is served with, which also allows
   * {@code eval} for TeaVM's WebAssembly loader; the engine's files have the pages' policy.
   */
  @Test
  void theEngineWorkerAloneMayEval() throws Exception {
    assertThat(policyOf("/js/engine-worker.js"))
        .isEqualTo(POLICY.replace("'wasm-unsafe-eval'", "'wasm-unsafe-eval' 'unsafe-eval'"));
    for (String file : new String[] {"/js/engine.js", "/engine/saferlhub.wasm",
        "/engine/saferlhub.wasm-runtime.js", "/engine/saferlhub.js"}) {
      assertThat(policyOf(file)).as("policy of %s", file).isEqualTo(POLICY);
    }
  }

  private static String policyOf(String path) throws Exception {
    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).as("status of %s", path).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    return response.headers().firstValue("Content-Security-Policy").orElse("(none)");
  }

  @Test
  void aStaticCopyCarriesThePolicyWithoutFrameAncestorsAndMayCallItsServer() {
    String withoutServer = POLICY.replace("; frame-ancestors 'none'", "");
    assertThat(SecurityHeaders.metaElement(null)).isEqualTo(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"" + withoutServer + "\">\n");
    assertThat(SecurityHeaders.metaElement(URI.create("https://hub.example.org:8443/saferlhub/")))
        .isEqualTo("<meta http-equiv=\"Content-Security-Policy\" content=\"" + withoutServer
            .replace("connect-src 'self'", "connect-src 'self' https://hub.example.org:8443")
            + "\">\n");
  }
}
