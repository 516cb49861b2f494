// The figures of issue 9's closing note, measured against the real server (a separate JVM):
//   java scripts/ServerProbe.java [path/to/saferlhub.jar [latency] [slow] [disk] [kill]]
// JDK only, no build step (Java's single-file launch). Prints one line per figure. It starts
// servers of its own on free ports with data folders under a temporary folder, and kills them.
// 1. page latency (GET /) p50/p99 with 0, 20 and 50 runs training at once (each watched by its
//    event stream, as a page would), and how many of those runs ended "cancelled";
// 2. /api/health answers throughout a slow-body attack of 300 connections from one address;
// 3. disk growth per 1,000 anonymous runs of 100 episodes;
// 4. acknowledged runs lost over 40 kill -9 cycles (a run is acknowledged by "event: done"),
//    each checked again after every restart.

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

public class ServerProbe {

  static final Pattern ADDRESS = Pattern.compile("running at http://[^:/]+:(\\d+)/");
  static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f]+)\"");
  static Path jar;
  static Path work;

  public static void main(String[] args) throws Exception {
    jar = Path.of(args.length > 0 ? args[0] : "app/target/saferlhub.jar");
    if (!Files.isRegularFile(jar)) {
      System.err.println("no jar at " + jar + ": build it first (./mvnw -q -DskipTests package)");
      System.exit(2);
    }
    work = Files.createTempDirectory("saferlhub-probe");
    List<String> parts = args.length > 1 ? List.of(args).subList(1, args.length)
        : List.of("latency", "slow", "disk", "kill");
    if (parts.contains("latency")) {
      pageLatency();
    }
    if (parts.contains("slow")) {
      slowBodies();
    }
    if (parts.contains("disk")) {
      diskGrowth();
    }
    if (parts.contains("kill")) {
      killNine();
    }
  }

  // --- servers --------------------------------------------------------------------------------

  record Server(Process process, int port) {
    String base() {
      return "http://127.0.0.1:" + port;
    }
  }

  static Server start(Path data, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command()
        .orElse("java"), "-Xmx512m", "-jar", jar.toString(), "serve", "--port", "0", "--host",
        "127.0.0.1", "--no-warm-up", "--data-dir", data.toString(), "--admin-token",
        "probe-admin-token-0123"));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = ADDRESS.matcher(line);
      if (m.find()) {
        Thread.ofVirtual().start(() -> drain(out)); // keep reading so the server never blocks
        return new Server(p, Integer.parseInt(m.group(1)));
      }
    }
    throw new IllegalStateException("the server did not start: exit " + p.waitFor());
  }

  static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // discard
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  static void stop(Server s) throws InterruptedException {
    s.process().destroy();
    s.process().waitFor();
  }

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .build();

  static HttpResponse<String> post(HttpClient http, Server s, String path, String json)
      throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(s.base() + path))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Starts a run and follows its events to the end: the final event's name. */
  static String runToEnd(HttpClient http, Server s, String json) throws Exception {
    HttpResponse<String> started = post(http, s, "/api/runs", json);
    if (started.statusCode() != 202) {
      return "http-" + started.statusCode();
    }
    Matcher m = ID.matcher(started.body());
    m.find();
    return finalEvent(http, s, m.group(1));
  }

  static String finalEvent(HttpClient http, Server s, String id) throws Exception {
    HttpResponse<Stream<String>> events = http.send(HttpRequest.newBuilder(URI.create(s.base()
        + "/api/runs/" + id + "/events")).header("Accept", "text/event-stream").build(),
        HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = events.body()) {
      return lines.filter(l -> l.startsWith("event: ") && !l.equals("event: progress"))
          .map(l -> l.substring(7)).findFirst().orElse("none");
    }
  }

  static HttpClient clientAt(String address) throws IOException {
    return HttpClient.newBuilder().localAddress(InetAddress.getByName(address))
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  // --- 1. page latency under training load ---------------------------------------------------

  static void pageLatency() throws Exception {
    Server s = start(work.resolve("latency"), "--max-runs", "50", "--max-runs-per-client", "50",
        "--runs-per-hour", "100000", "--idle-timeout", "120");
    try {
      for (int load : new int[] {0, 20, 50}) {
        List<CompletableFuture<String>> runs = new ArrayList<>();
        for (int i = 0; i < load; i++) {
          // every runner its own address (127.0.1.x), as in a classroom
          HttpClient http = clientAt("127.0.1." + (i + 1));
          runs.add(CompletableFuture.supplyAsync(() -> {
            try {
              return runToEnd(http, s, "{\"algorithm\":\"dyna-q\",\"planningSteps\":5,"
                  + "\"episodes\":2000000,\"seed\":" + (load * 100 + runs.size()) + "}");
            } catch (Exception e) {
              return "error";
            }
          }));
        }
        Thread.sleep(load == 0 ? 0 : 3_000); // let the runs start training
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          long t0 = System.nanoTime();
          HTTP.send(HttpRequest.newBuilder(URI.create(s.base() + "/")).build(),
              HttpResponse.BodyHandlers.discarding());
          micros.add((System.nanoTime() - t0) / 1_000);
        }
        Collections.sort(micros);
        long cancelled = 0;
        for (CompletableFuture<String> r : runs) {
          cancelled += r.get().equals("cancelled") ? 1 : 0;
        }
        System.out.printf("page GET / with %2d runs training: p50 %.1f ms, p99 %.1f ms; runs "
            + "ended cancelled: %d of %d%n", load, micros.get(99) / 1000.0,
            micros.get(197) / 1000.0, cancelled, load);
      }
    } finally {
      stop(s);
    }
  }

  // --- 2. slow bodies --------------------------------------------------------------------------

  static void slowBodies() throws Exception {
    Server s = start(work.resolve("slow"));
    List<Socket> attack = new ArrayList<>();
    try {
      for (int i = 0; i < 300; i++) {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        try {
          socket.connect(new InetSocketAddress("127.0.0.1", s.port()), 5_000);
          socket.getOutputStream().write(("POST /api/feedback HTTP/1.1\r\nHost: x\r\n"
              + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
              .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException closed) {
          // refused or closed at once: the per-address cap
        }
        attack.add(socket);
      }
      int ok = 0;
      int asked = 0;
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < end) { // a minute, as in the probe
        asked++;
        try {
          ok += HTTP.send(HttpRequest.newBuilder(URI.create(s.base() + "/api/health"))
              .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
              .statusCode() == 200 ? 1 : 0;
        } catch (IOException e) {
          // counted as a failure
        }
        Thread.sleep(1_000);
      }
      System.out.printf("health during a slow-body attack of 300 connections from one "
          + "address: %d of %d answered 200 within 5 s%n", ok, asked);
    } finally {
      for (Socket socket : attack) {
        socket.close();
      }
      stop(s);
    }
  }

  // --- 3. disk growth ------------------------------------------------------------------------

  static void diskGrowth() throws Exception {
    Path data = work.resolve("disk");
    Server s = start(data, "--runs-per-hour", "100000");
    try {
      long before = size(data);
      int done = 0;
      for (int i = 0; i < 1_000; i++) {
        // A fresh client every 20 runs: the server closes connections idle for 20 s and caps
        // those one address holds, so a long-lived pool would meet closed connections.
        HttpClient http = i % 20 == 0 ? freshClient() : lastClient;
        lastClient = http;
        String end;
        try {
          end = runToEnd(http, s, "{\"episodes\":100,\"seed\":" + i + "}");
        } catch (IOException closed) {
          lastClient = freshClient();
          end = runToEnd(lastClient, s, "{\"episodes\":100,\"seed\":" + i + "}");
        }
        done += end.equals("done") ? 1 : 0;
      }
      stop(s);
      long after = size(data);
      System.out.printf("disk growth per 1,000 anonymous runs of 100 episodes: %.1f MB "
          + "(%d runs stored, %.1f kB a run)%n", (after - before) / 1e6, done,
          (after - before) / 1e3 / Math.max(1, done));
    } finally {
      stop(s);
    }
  }

  static HttpClient lastClient;

  static HttpClient freshClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  // --- 4. kill -9 ------------------------------------------------------------------------------

  static void killNine() throws Exception {
    Path data = work.resolve("kill");
    List<String> acknowledged = new ArrayList<>();
    java.util.Set<String> lost = new java.util.LinkedHashSet<>();
    for (int cycle = 0; cycle <= CYCLES; cycle++) {
      Server s = start(data, "--runs-per-hour", "100000", "--writes-per-client", "1000");
      // every run acknowledged so far must be there after each restart
      for (String id : acknowledged) {
        int status = HTTP.send(HttpRequest.newBuilder(URI.create(s.base() + "/api/runs/" + id))
            .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200 && lost.add(id)) {
          System.out.println("  lost: run " + id + " of cycle " + acknowledged.indexOf(id)
              + " (HTTP " + status + " after restart " + cycle + ")");
        }
      }
      if (cycle == CYCLES) {
        stop(s);
        break;
      }
      HttpResponse<String> started = post(HTTP, s, "/api/runs", "{\"episodes\":20000,\"seed\":"
          + cycle + "}");
      Matcher m = ID.matcher(started.body());
      m.find();
      String id = m.group(1);
      boolean done = finalEvent(HTTP, s, id).equals("done");
      s.process().destroyForcibly(); // SIGKILL the moment "done" arrives
      s.process().waitFor();
      if (done) {
        acknowledged.add(id);
      }
    }
    System.out.printf("kill -9 at the moment of 'done', %d cycles: %d acknowledged runs, %d "
        + "lost%n", CYCLES, acknowledged.size(), lost.size());
  }

  /**
   * Cycles of the kill part: 40 of about 5 s each. H2 reuses a dead chunk's space only once it is
   * 45 s old, which is when a loss used to show up (see H2Recovery), so a short probe proves
   * little.
   */
  static final int CYCLES = 40;
}
