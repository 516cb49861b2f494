package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saferlhub.app.db.DbConfig;

/**
 * Nothing is acknowledged that was not stored (issue 9, items 4, 5 and 7): a full disk or a
 * database past its ceiling stops writes with 503 and a reason while reads go on, health says so,
 * writing resumes by itself when space returns; a write that fails answers 503 and logs no user
 * text; a run that cannot be stored ends "failed", never "done".
 */
class StorageTest {

  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path tmp;

  @Test
  void aFullDiskStopsWritesUntilSpaceReturns() throws Exception {
    AtomicLong free = new AtomicLong(0);
    try (WebServer server = WebServer.start(options(DbConfig.inMemory("full-" + UUID.randomUUID()),
        WebServer.Limits.defaults()))) {
      server.storage().measureFreeSpaceWith(free::get);
      HttpResponse<String> refused = post(server, "/api/feedback", "{\"comments\": \"hello\"}");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(JSON.readTree(refused.body()).get("error").asText())
          .contains("disk is nearly full").contains("nothing was saved");
      assertThat(post(server, "/api/runs", "{\"episodes\": 1000}").statusCode()).isEqualTo(503);
      JsonNode health = get(server, "/api/health");
      assertThat(health.get("status").asText()).isEqualTo("read-only");
      assertThat(health.at("/storage/writable").asBoolean()).isFalse();
      assertThat(health.at("/storage/reason").asText()).contains("disk is nearly full");
      // Reads go on.
      assertThat(http.send(request(server, "/api/scores").build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

      free.set(50L << 30); // the operator frees space: writing resumes without a restart
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!get(server, "/api/health").at("/storage/writable").asBoolean()
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(post(server, "/api/feedback", "{\"comments\": \"again\"}").statusCode())
          .isEqualTo(201);
    }
  }

  @Test
  void aDatabasePastItsCeilingTakesNoMoreWrites() throws Exception {
    WebServer.Limits tiny = WebServer.Limits.defaults().withStorage(300, 0, 1,
        Duration.ofDays(7));
    try (WebServer server = WebServer.start(options(DbConfig.h2(tmp.resolve("data")), tiny))) {
      HttpResponse<String> refused = post(server, "/api/scores", "{}");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(refused.body()).get("error").asText()).contains("size limit");
      assertThat(get(server, "/api/health").at("/storage/databaseBytes").asLong())
          .isGreaterThan(1);
    }
  }

  /**
   * A write the database refuses (here its table is gone; on a workshop machine, a full disk)
   * answers 503, not 500, and the log names the failure without quoting what the learner wrote.
   */
  @Test
  void aFailedWriteAnswers503AndLogsNoUserText() throws Exception {
    String name = "broken-" + UUID.randomUUID();
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    String marker = "secret-comment-" + UUID.randomUUID();
    try (WebServer server = WebServer.start(options(DbConfig.inMemory(name),
        WebServer.Limits.defaults()))) {
      sql(name, "DROP TABLE feedback");
      System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
      HttpResponse<String> r = post(server, "/api/feedback",
          "{\"comments\": \"" + marker + "\"}");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(r.body()).get("error").asText()).contains("nothing was saved");
    } finally {
      System.setErr(err);
    }
    String text = log.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("the database failed").doesNotContain(marker);
  }

  /** A run whose result cannot be stored ends "failed" with the reason: "done" means stored. */
  @Test
  void aRunThatCannotBeStoredIsNotAcknowledged() throws Exception {
    String name = "runs-gone-" + UUID.randomUUID();
    try (WebServer server = WebServer.start(options(DbConfig.inMemory(name),
        WebServer.Limits.defaults()))) {
      sql(name, "DROP TABLE runs");
      HttpResponse<String> started = post(server, "/api/runs", "{\"episodes\": 1000}");
      assertThat(started.statusCode()).isEqualTo(202);
      String id = JSON.readTree(started.body()).get("id").asText();
      String events = http.send(request(server, "/api/runs/" + id + "/events")
          .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(events).doesNotContain("event: done").contains("event: failed")
          .contains("could not store it");
    }
  }

  /** Runs {@code statement} in the server's in-memory database {@code name}, behind its back. */
  static void sql(String name, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + name, "sa", "");
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  static WebServer.Options options(DbConfig db, WebServer.Limits limits) {
    return WebServer.Options.defaults().withWarmUp(false).withPort(0).withHost("127.0.0.1")
        .withDatabase(db).withLimits(limits);
  }

  HttpRequest.Builder request(WebServer server, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(30));
  }

  HttpResponse<String> post(WebServer server, String path, String body) throws Exception {
    return http.send(request(server, path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode get(WebServer server, String path) throws Exception {
    return JSON.readTree(http.send(request(server, path).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }
}
