package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every response carries the security headers (issue 9, item 9): pages, lessons, scripts, webjars,
 * the API, its errors and the 404 page; HTML says its charset. Real pages are checked for CSP
 * violations by the browser tests, which fail on any console error ("Refused to …").
 */
class SecurityHeadersTest {

  static WebServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = WebServer.start(WebServer.Options.defaults().withWarmUp(false).withPort(0)
        .withHost("127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * Only the engine's worker may evaluate text (TeaVM's WebAssembly glue builds functions); the
   * pages may not.
   */
  @org.junit.jupiter.api.Test
  void onlyTheEngineWorkerMayEvaluate() throws Exception {
    HttpResponse<String> worker = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.port() + "/js/engine-worker.js")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(worker.statusCode()).isEqualTo(200);
    assertThat(worker.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'")
        .contains("frame-ancestors 'none'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/lessons/blackjack", "/admin", "/runs", "/no-such-page",
      "/js/api.js", "/webjars/chart.js/4.5.1/dist/chart.umd.min.js", "/api/health",
      "/api/no-such-endpoint", "/api/runs/ffffffffffff"})
  void everyResponseCarriesTheSecurityHeaders(String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.port() + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    var h = r.headers();
    String csp = h.firstValue("Content-Security-Policy").orElse("");
    assertThat(csp).as(path).contains("default-src 'self'")
        .contains("script-src 'self' 'wasm-unsafe-eval'").contains("frame-ancestors 'none'")
        .contains("object-src 'none'").doesNotContain("'unsafe-eval'")
        .doesNotContainPattern("script-src[^;]*unsafe-inline");
    assertThat(h.firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
    assertThat(h.firstValue("X-Frame-Options")).as(path).hasValue("DENY");
    assertThat(h.firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
    assertThat(h.firstValue("Cross-Origin-Opener-Policy")).as(path).hasValue("same-origin");
    String type = h.firstValue("Content-Type").orElse("");
    if (type.startsWith("text/html")) {
      assertThat(type.toLowerCase(java.util.Locale.ROOT)).as(path).contains("charset=utf-8");
    }
  }
}
