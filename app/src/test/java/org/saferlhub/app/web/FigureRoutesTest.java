package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saferlhub.app.figures.Figures;

/** {@code GET /figures/<name>.svg} over real HTTP on a free port. */
class FigureRoutesTest {

  static final ObjectMapper JSON = new ObjectMapper();
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

  static HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(60)).build();
  }

  @Test
  void aFigureIsAnSvgThatNamesItsCommand() throws Exception {
    HttpResponse<byte[]> r = http.send(get("/figures/kl-sweep-true-vs-sqrt-kl.svg"),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("image/svg+xml"));
    // Served like every answer: under the site's policy, and never sniffed as another type.
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(
        SecurityHeaders.CONTENT_SECURITY_POLICY);
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    String svg = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(svg).startsWith("<?xml").contains("<svg ").contains("</svg>")
        .contains("<desc>Made by: saferlhub experiment kl-sweep --env burning-building "
            + "--agents npg,trpo,ppo,grpo,dpo --seeds 5 --steps 200 --out kl-sweep --svg</desc>")
        .contains("<title>True reward against distance from the base model, "
            + "burning-building</title>");
    assertThat(svg.indexOf("<svg ")).isLessThan(svg.indexOf("<title>"));
    // The bytes the export writes and the figure service keeps.
    assertThat(r.body()).isEqualTo(Figures.svg("kl-sweep-true-vs-sqrt-kl").orElseThrow());
  }

  @Test
  void everyFigureLoadsAtOnceWithoutBeingRefused() throws Exception {
    // A page asks for all its images together: none may be refused for want of a slot.
    List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
    for (Figures.Figure<?> f : Figures.all()) {
      all.add(http.sendAsync(get(f.path()), HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (int i = 0; i < all.size(); i++) {
      HttpResponse<byte[]> r = all.get(i).get();
      assertThat(r.statusCode()).as(Figures.all().get(i).path()).isEqualTo(200);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("<svg ")
          .contains(Figures.all().get(i).command());
    }
  }

  @Test
  void anUnknownFigureIs404Json() throws Exception {
    for (String path : List.of("/figures/no-such-figure.svg", "/figures/warnings",
        "/figures/warnings.png", "/figures/%3Cb%3E.svg", "/figures/a/b.svg")) {
      HttpResponse<String> r = http.send(get(path), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
          t -> assertThat(t).startsWith("application/json"));
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.get("error").asText()).as(path).isNotBlank();
    }
    HttpResponse<String> r = http.send(get("/figures/nope.svg"), HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(r.body()).get("error").asText()).contains("best-of-n.svg");
  }
}
