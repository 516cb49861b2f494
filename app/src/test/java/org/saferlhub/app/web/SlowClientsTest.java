package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Slow clients cannot exhaust the server (issue 9, item 1): one address holds a bounded number of
 * connections, a body that stops arriving ends its connection, and the server keeps answering
 * everyone else, logging no stack trace for the client's fault. Every wait polls a condition
 * against a generous deadline; nothing is timed.
 */
class SlowClientsTest {

  static final String SLOW_HEAD = "POST /api/feedback HTTP/1.1\r\nHost: x\r\n"
      + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{";

  /**
   * An attacker at 127.0.0.2 opens twice its share of slow-body connections: the ones past its
   * share are closed at once (the idle timeout is a minute here, so nothing else closes them),
   * and /api/health keeps answering another address.
   */
  @Test
  void oneAddressHoldsAtMostItsShareOfConnections() throws Exception {
    int share = 4;
    try (WebServer server = WebServer.start(options(share, Duration.ofMinutes(1)))) {
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 2 * share; i++) {
          slow.add(slowBody(server.port()));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int closed = 0;
        while (System.nanoTime() < deadline) {
          closed = 0;
          for (Socket s : slow) {
            closed += closedByServer(s) ? 1 : 0;
          }
          if (closed >= share) {
            break;
          }
        }
        assertThat(closed).as("connections past the address's share are closed").isEqualTo(share);
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/api/health"))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
      // Every connection closed, by either side, leaves the count: the address may connect again.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (server.connections().openFor("127.0.0.2") > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(server.connections().openFor("127.0.0.2")).isZero();
    }
  }

  /**
   * A body that stops arriving ends its request: the connection is closed after the idle timeout
   * (half a second here; the deadline of 20 s is 40 times that, and below Jetty's default of 30 s,
   * so only the configured timeout can pass), with no stack trace in the log.
   */
  @Test
  void aStalledBodyIsCutOffWithoutAStackTrace() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (WebServer server = WebServer.start(options(32, Duration.ofMillis(500)))) {
      System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
      try (Socket s = slowBody(server.port())) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        boolean closed = false;
        while (!closed && System.nanoTime() < deadline) {
          closed = closedByServer(s);
        }
        assertThat(closed).as("the stalled connection is closed").isTrue();
      }
    } finally {
      System.setErr(err);
    }
    String text = log.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\tat ").doesNotContain("Exception");
  }

  static WebServer.Options options(int connections, Duration idle) {
    return WebServer.Options.defaults().withWarmUp(false).withPort(0).withHost("127.0.0.1")
        .withLimits(WebServer.Limits.defaults().withConnections(connections, idle));
  }

  /** A connection from 127.0.0.2 that sent its headers and one byte of a 100 kB body. */
  static Socket slowBody(int port) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.getOutputStream().write(SLOW_HEAD.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  /**
   * Whether the server closed {@code s}: a read within 100 ms sees the end of the stream (or an
   * answer, or a reset). A still-open connection just times out the read.
   */
  static boolean closedByServer(Socket s) throws IOException {
    s.setSoTimeout(100);
    InputStream in = s.getInputStream();
    try {
      byte[] buffer = new byte[4096];
      while (true) {
        int n = in.read(buffer);
        if (n < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }
}
