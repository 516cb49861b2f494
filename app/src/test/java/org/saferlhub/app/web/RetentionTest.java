package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.saferlhub.app.db.DbConfig;

/**
 * One anonymous client cannot fill the disk (issue 9, item 3): runs stored per client per hour
 * are capped, runs nobody saved or opened are deleted after the retention time, and a stored run
 * is compressed.
 */
class RetentionTest {

  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aClientsStoredRunsPerHourAreCapped() throws Exception {
    WebServer.Limits limits = WebServer.Limits.defaults().withRunsPerClient(4)
        .withStorage(2, 0, Long.MAX_VALUE, Duration.ofDays(7));
    try (WebServer server = WebServer.start(StorageTest.options(
        DbConfig.inMemory("quota-" + UUID.randomUUID()), limits))) {
      for (int i = 0; i < 2; i++) {
        assertThat(post(server, "/api/runs", "{\"episodes\": 100}").statusCode()).isEqualTo(202);
      }
      HttpResponse<String> third = post(server, "/api/runs", "{\"episodes\": 100}");
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.headers().firstValue("Retry-After")).isPresent();
      assertThat(JSON.readTree(third.body()).get("error").asText())
          .contains("You stored 2 runs in the last hour");
    }
  }

  @Test
  void runsNobodyOpenedAreDeletedAndStoredRunsAreCompressed() throws Exception {
    String name = "retention-" + UUID.randomUUID();
    try (WebServer server = WebServer.start(StorageTest.options(DbConfig.inMemory(name),
        WebServer.Limits.defaults()))) {
      String opened = finishedRun(server);
      String forgotten = finishedRun(server);
      String report = get(server, "/api/runs/" + opened).body(); // opening keeps it
      try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + name, "sa", "");
          Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT result_json FROM runs WHERE id = '"
            + opened + "'")) {
          assertThat(rs.next()).isTrue();
          String stored = rs.getString(1);
          assertThat(stored).startsWith("gz64:");
          String result = JSON.readTree(report).get("result").toString();
          assertThat(stored.length()).as("stored vs JSON").isLessThan(result.length() / 2);
        }
        // Eight days pass for both runs; only the opened one was kept since.
        s.execute("UPDATE runs SET created_at = DATEADD('DAY', -8, created_at)");
      }
      assertThat(server.pruneRuns()).isEqualTo(1);
      try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + name, "sa", "");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id FROM runs")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(opened);
        assertThat(rs.next()).as("the run nobody opened is gone: " + forgotten).isFalse();
      }
    }
  }

  /** Starts a short run and watches it to the end; its id. */
  String finishedRun(WebServer server) throws Exception {
    HttpResponse<String> started = post(server, "/api/runs", "{\"episodes\": 2000}");
    assertThat(started.statusCode()).isEqualTo(202);
    String id = JSON.readTree(started.body()).get("id").asText();
    String events = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.port() + "/api/runs/" + id + "/events")).header("Accept", "text/event-stream")
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(events).contains("event: done");
    return id;
  }

  HttpResponse<String> post(WebServer server, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(WebServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
