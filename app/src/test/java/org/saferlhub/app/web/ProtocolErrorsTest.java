package org.saferlhub.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Errors from below the routes come in the API's JSON shape (issue 9, item 13): a body over the
 * size limit, a malformed address, headers or an address too large, an unknown HTTP version.
 * Raw sockets, since an HTTP client would refuse to send most of these.
 */
class ProtocolErrorsTest {

  static WebServer server;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    server = WebServer.start(WebServer.Options.defaults().withWarmUp(false).withPort(0)
        .withHost("127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> badRequests() {
    String big = "{\"map\":\"" + "x".repeat(300_000) + "\"}";
    return Stream.of(
        Arguments.of("body over the limit", "POST /api/runs HTTP/1.1\r\nHost: x\r\n"
            + "Content-Type: application/json\r\nContent-Length: " + big.length()
            + "\r\nConnection: close\r\n\r\n" + big, 413),
        Arguments.of("bad percent-encoding", "GET /api/runs/%zz HTTP/1.1\r\nHost: x\r\n"
            + "Connection: close\r\n\r\n", 400),
        Arguments.of("headers too large", "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: "
            + "y".repeat(100_000) + "\r\nConnection: close\r\n\r\n", 431),
        Arguments.of("address too long", "GET /api/" + "a".repeat(20_000) + " HTTP/1.1\r\n"
            + "Host: x\r\nConnection: close\r\n\r\n", 414),
        Arguments.of("unknown HTTP version", "GET /api/health HTTP/9.9\r\nHost: x\r\n"
            + "Connection: close\r\n\r\n", 505));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void protocolErrorsAnswerTheApisJson(String what, String request, int status)
      throws Exception {
    String answer = send(request);
    assertThat(answer).as(what).startsWith("HTTP/1.1 " + status);
    int body = answer.indexOf("\r\n\r\n");
    String head = answer.substring(0, body).toLowerCase(java.util.Locale.ROOT);
    assertThat(head).as(what).contains("content-type: application/json");
    JsonNode json = JSON.readTree(answer.substring(body + 4));
    assertThat(json.get("error").asText()).as(what).isNotBlank();
    assertThat(json.has("field")).as(what).isTrue();
  }

  static String send(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (SocketException closedEarly) {
        // the server may answer and close before it read everything: read what it said
      }
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try {
        in.transferTo(got);
      } catch (SocketException reset) {
        // a reset after the answer: keep what arrived
      }
      return got.toString(StandardCharsets.UTF_8);
    }
  }
}
