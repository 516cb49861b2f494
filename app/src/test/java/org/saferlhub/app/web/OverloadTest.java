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
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"episodes\": 10000000}")).build();

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
      assertThat(second.body()).contains("You already have 1 computation running");

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

  /**
   * Computing slots are per client under the server's ceiling: a learner whose run trains cannot
   * start another (with one slot per client), while a learner at another address (127.0.0.2)
   * starts theirs at once.
   */
  @Test
  void oneClientCannotTakeEveryTrainingSlot() throws Exception {
    try (WebServer server = WebServer.start(WebServer.Options.defaults().withWarmUp(false)
        .withPort(0).withHost("127.0.0.1").withMaxConcurrentRuns(3)
        .withLimits(WebServer.Limits.defaults().withRunsPerClient(1)))) {
      String base = "http://127.0.0.1:" + server.port();
      HttpRequest start = HttpRequest.newBuilder(URI.create(base + "/api/runs"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"episodes\": 10000000}")).build();
      HttpClient mine = HttpClient.newHttpClient();
      HttpResponse<String> first = mine.send(start, HttpResponse.BodyHandlers.ofString());
      assertThat(first.statusCode()).isEqualTo(202);
      String id = new ObjectMapper().readTree(first.body()).get("id").asText();
      HttpResponse<String> again = mine.send(start, HttpResponse.BodyHandlers.ofString());
      assertThat(again.statusCode()).isEqualTo(429);
      assertThat(again.body()).contains("You already have 1 computation running");

      HttpClient other = HttpClient.newBuilder()
          .localAddress(java.net.InetAddress.getByName("127.0.0.2")).build();
      HttpResponse<String> theirs = other.send(start, HttpResponse.BodyHandlers.ofString());
      assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(202);
      String theirId = new ObjectMapper().readTree(theirs.body()).get("id").asText();
      for (String run : new String[] {id, theirId}) {
        (run.equals(id) ? mine : other).send(HttpRequest.newBuilder(URI.create(base
            + "/api/runs/" + run)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
      }
    }
  }
}
