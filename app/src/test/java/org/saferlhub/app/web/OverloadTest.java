package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Past the cap on concurrent runs the server answers 429, and a closed page frees its slot. */
class OverloadTest {

  @Test
  void busyServerAnswers429UntilTheWatcherLeaves() throws Exception {
    try (WebServer server = WebServer.start(WebServer.Options.defaults().withWarmUp(false).withPort(0)
        .withHost("127.0.0.1").withMaxConcurrentRuns(1))) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      HttpRequest start = HttpRequest.newBuilder(URI.create(base + "/api/runs"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"episodes\": 10000000}")).build();

      HttpResponse<String> first = http.send(start, HttpResponse.BodyHandlers.ofString());
      assertThat(first.statusCode()).isEqualTo(202);
      String id = new ObjectMapper().readTree(first.body()).get("id").asText();

      // Watch it, so it is not cancelled as unwatched, then ask for a second run.
      var stream = http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/runs/" + id
          + "/events")).header("Accept", "text/event-stream").build(),
          HttpResponse.BodyHandlers.ofInputStream()).get(5, TimeUnit.SECONDS);
      stream.body().read();
      HttpResponse<String> second = http.send(start, HttpResponse.BodyHandlers.ofString());
      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(second.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(second.body()).contains("training slots are busy");

      // Closing the only stream (the page) cancels the run and frees the slot.
      stream.body().close();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      String status = "";
      while (System.nanoTime() < deadline) {
        status = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
            URI.create(base + "/api/runs/" + id)).build(),
            HttpResponse.BodyHandlers.ofString()).body()).get("status").asText();
        if (!status.equals("running")) {
          break;
        }
        Thread.sleep(50);
      }
      assertThat(status).isEqualTo("cancelled");
      // The slot is released before the final state is published: no waiting needed here.
      assertThat(http.send(start, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(202);
    }
  }
}
