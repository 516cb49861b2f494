package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.saferlhub.train.RunConfig;

/**
 * A run nobody watches for {@link RunRegistry#UNWATCHED} is cancelled, and polling
 * {@code GET /api/runs/{id}} counts as watching (issue 9, item 16). On a clock the test moves, so
 * nothing here depends on how fast the machine is.
 */
class WatchingTest {

  static final long UNWATCHED = RunRegistry.UNWATCHED.toNanos();

  @Test
  void anUnwatchedRunStopsUnlessSomeonePollsIt() {
    AtomicLong clock = new AtomicLong();
    Run run = new Run("r1", RunConfig.defaults(), null, clock::get);
    clock.addAndGet(UNWATCHED - 1);
    assertThat(run.shouldStop(UNWATCHED)).isFalse();
    clock.addAndGet(2);
    assertThat(run.shouldStop(UNWATCHED)).as("unwatched past the limit").isTrue();

    Run polled = new Run("r2", RunConfig.defaults(), null, clock::get);
    clock.addAndGet(UNWATCHED - 1);
    polled.seen();
    clock.addAndGet(UNWATCHED - 1);
    assertThat(polled.shouldStop(UNWATCHED)).as("polled within the limit").isFalse();
    clock.addAndGet(2);
    assertThat(polled.shouldStop(UNWATCHED)).as("no poll since").isTrue();
  }

  @Test
  void pollingTheRunOverHttpCountsAsWatching() throws Exception {
    AtomicLong clock = new AtomicLong();
    try (WebServer server = WebServer.start(WebServer.Options.defaults().withWarmUp(false)
        .withPort(0).withHost("127.0.0.1"), clock::get)) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port() + "/api/runs";
      HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"algorithm\": \"dyna-q\", \"planningSteps\": 50, "
              + "\"episodes\": 10000000}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      String id = new ObjectMapper().readTree(started.body()).get("id").asText();
      Run run = server.runs().get(id).orElseThrow();
      clock.addAndGet(UNWATCHED - 1);
      HttpResponse<String> polled = http.send(HttpRequest.newBuilder(URI.create(base + "/" + id))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(polled.statusCode()).isEqualTo(200);
      // Ten million hands with 50 planning steps each take minutes: still running when polled.
      assertThat(new ObjectMapper().readTree(polled.body()).get("status").asText())
          .isEqualTo("running");
      clock.addAndGet(UNWATCHED - 1); // almost twice the limit since it started
      assertThat(run.shouldStop(UNWATCHED)).isFalse();
      run.cancel();
    }
  }
}
