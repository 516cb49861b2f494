package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;

/**
 * {@code serve --allow-origin}: a copy of the site on another host ({@code export-site --server})
 * may call the API from the browser; pages from other origins may not.
 */
class CrossOriginTest {

  private static final String COPY = "https://copy.example";

  @Test
  void answersTheAllowedOriginOnly() throws Exception {
    try (WebServer server = WebServer.start(WebServer.Options.defaults().withWarmUp(false)
            .withPort(0).withHost("127.0.0.1").withAllowedOrigins(List.of(COPY)));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(
              URI.create(base + "/api/feedback"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("Origin", COPY)
          .header("Access-Control-Request-Method", "POST")
          .header("Access-Control-Request-Headers", "content-type,x-learner-id")
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(preflight.statusCode()).isBetween(200, 204);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(COPY);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
          .containsIgnoringCase("x-learner-id");

      HttpResponse<String> scores = http.send(HttpRequest.newBuilder(
              URI.create(base + "/api/scores")).header("Origin", COPY).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(scores.statusCode()).isEqualTo(200);
      assertThat(scores.headers().firstValue("Access-Control-Allow-Origin")).hasValue(COPY);

      HttpResponse<String> other = http.send(HttpRequest.newBuilder(
              URI.create(base + "/api/scores")).header("Origin", "https://elsewhere.example")
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @Test
  void refusesAnOriginWithAPath() {
    assertThatThrownBy(() -> WebServer.Options.defaults()
        .withAllowedOrigins(List.of("https://user.github.io/repo/")))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("allow-origin must be an origin such as https://user.github.io");
  }
}
