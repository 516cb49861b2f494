package org.saferlhub.app.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged write survives {@code kill -9} of the server: the real server runs as its own
 * JVM ({@code saferlhub serve}), writers post feedback until a number of 201s came back, the
 * server is killed with SIGKILL while they are still writing, and a restarted server on the same
 * database must hold every acknowledged answer (and at most the few that were in flight).
 */
class DurabilityIT {

  static final String TOKEN = "durability-test-admin-token";
  static final int WRITERS = 4;
  static final int ACKNOWLEDGED_BEFORE_KILL = 60;
  static final Pattern ADDRESS = Pattern.compile("SafeRLHub is running at http://[^:/]+:(\\d+)/");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void h2KeepsEveryAcknowledgedWriteAfterKill9() throws Exception {
    Path data = tmp.resolve("data");
    int found = killAndCount(List.of("--data-dir", data.toString()));
    assertThat(data.resolve("saferlhub.mv.db")).isRegularFile();
    System.out.println("DurabilityIT h2: " + found + " answers found after kill -9");
  }

  /**
   * A run is acknowledged by its {@code event: done}, sent only once it is stored: the server is
   * killed with SIGKILL the moment the third run's "done" arrives, and the restarted server has
   * all three (issue 9, item 4).
   */
  @Test
  void h2KeepsEveryRunWhoseDoneWasSentAfterKill9() throws Exception {
    List<String> dbArgs = List.of("--data-dir", tmp.resolve("runs-data").toString());
    ServerProcess first = ServerProcess.start(tmp, "runs-first", dbArgs);
    List<String> acknowledged = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + first.port + "/api/runs")).header("Content-Type",
          "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"episodes\": 5000, \"seed\": " + i + "}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      String id = JSON.readTree(started.body()).get("id").asText();
      HttpResponse<InputStream> events = http.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + first.port + "/api/runs/" + id + "/events"))
          .header("Accept", "text/event-stream").build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.equals("event: done")) {
            if (i == 2) {
              first.process.destroyForcibly(); // SIGKILL the moment "done" arrives
            }
            acknowledged.add(id);
            break;
          }
          assertThat(line).doesNotStartWith("event: failed").doesNotStartWith("event: cancel");
        }
      }
    }
    first.process.waitFor(30, TimeUnit.SECONDS);
    assertThat(acknowledged).hasSize(3);
    ServerProcess second = ServerProcess.start(tmp, "runs-second", dbArgs);
    try {
      for (String id : acknowledged) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + second.port + "/api/runs/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("run " + id + " after kill -9: " + r.body()).isEqualTo(200);
      }
    } finally {
      second.stop();
    }
  }

  @Test
  void postgresqlKeepsEveryAcknowledgedWriteAfterKill9() throws Exception {
    try (PostgresServer pg = PostgresServer.require(PostgresServer.start())) {
      DbConfig db = pg.newDatabase();
      int found = killAndCount(List.of("--db", db.url(), "--db-user", db.user(),
          "--db-password", db.password()));
      System.out.println("DurabilityIT postgresql: " + found + " answers found after kill -9");
    }
  }

  /** Writes, kills, restarts, checks; returns how many answers the restarted server has. */
  int killAndCount(List<String> dbArgs) throws Exception {
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Set<String> attempted = ConcurrentHashMap.newKeySet();
    AtomicInteger refused = new AtomicInteger();
    ServerProcess first = ServerProcess.start(tmp, "first", dbArgs);
    AtomicBoolean killed = new AtomicBoolean();
    List<CompletableFuture<Void>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.add(CompletableFuture.runAsync(() -> {
        for (int i = 0; !killed.get(); i++) {
          String text = "writer " + writer + " answer " + i + " ✓ <b>&</b>";
          attempted.add(text);
          try {
            HttpResponse<String> r = post(first.port, text);
            if (r.statusCode() == 201) {
              acknowledged.add(text);
            } else if (r.statusCode() == 429) {
              refused.incrementAndGet();
              attempted.remove(text);
              Thread.sleep(50);
            } else {
              throw new AssertionError("unexpected " + r.statusCode() + ": " + r.body());
            }
          } catch (IOException e) {
            return; // the server is gone
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL && System.nanoTime() < deadline
        && writers.stream().noneMatch(CompletableFuture::isDone)) {
      Thread.sleep(1);
    }
    first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
    killed.set(true);
    first.process.waitFor(30, TimeUnit.SECONDS);
    for (CompletableFuture<Void> writer : writers) {
      writer.get(30, TimeUnit.SECONDS); // rethrows a writer's assertion error
    }
    Set<String> acked = new HashSet<>(acknowledged);
    assertThat(acked).as("writes acknowledged before the kill")
        .hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);

    ServerProcess second = ServerProcess.start(tmp, "second", dbArgs);
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
              + second.port + "/api/admin/feedback")).header("Authorization", "Bearer " + TOKEN)
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      Set<String> stored = new HashSet<>();
      for (JsonNode answer : JSON.readTree(r.body())) {
        stored.add(answer.get("comments").asText());
      }
      System.out.println("DurabilityIT: " + acked.size() + " writes acknowledged before kill -9 ("
          + (attempted.size() - acked.size()) + " more in flight, " + refused.get()
          + " refused with 429), " + stored.size() + " stored after restart");
      assertThat(stored).as("every acknowledged write is stored").containsAll(acked);
      assertThat(attempted).as("only attempted writes are stored").containsAll(stored);
      assertThat(stored.size()).as("at most the writes in flight at the kill are extra")
          .isBetween(acked.size(), acked.size() + WRITERS);
      return stored.size();
    } finally {
      second.stop();
    }
  }

  HttpResponse<String> post(int port, String comments) throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(java.util.Map.of("background", "technical",
        "comments", comments));
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/api/feedback")).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code saferlhub serve} in its own JVM, on a free port. */
  record ServerProcess(Process process, int port, Path log) {

    static ServerProcess start(Path dir, String name, List<String> dbArgs) throws Exception {
      String classPath = System.getProperty("surefire.test.class.path",
          System.getProperty("java.class.path"));
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Djava.awt.headless=true", "-cp", classPath, "org.saferlhub.app.Main",
          "serve", "--port", "0", "--host", "127.0.0.1", "--admin-token", TOKEN,
          "--no-warm-up", "--writes-per-client", "1000"));
      command.addAll(dbArgs);
      Path log = dir.resolve(name + "-server.log");
      Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
      process.getOutputStream().close();
      CompletableFuture<Integer> port = new CompletableFuture<>();
      Thread.ofPlatform().daemon().name(name + "-stdout").start(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(
            process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = out.readLine()) != null; ) {
            Matcher m = ADDRESS.matcher(line);
            if (m.find()) {
              port.complete(Integer.parseInt(m.group(1)));
            }
          }
        } catch (IOException e) {
          // process gone
        }
        port.completeExceptionally(new IllegalStateException("the server exited"));
      });
      try {
        return new ServerProcess(process, port.get(90, TimeUnit.SECONDS), log);
      } catch (Exception e) {
        process.destroyForcibly();
        throw new AssertionError("server '" + name + "' did not start: " + e + "\n"
            + (Files.exists(log) ? Files.readString(log) : ""), e);
      }
    }

    /** A normal stop (SIGTERM: the shutdown hook closes the database). */
    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
