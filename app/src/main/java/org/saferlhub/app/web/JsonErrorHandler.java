package org.saferlhub.app.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers before a request reaches the routes (an unreadable URI, headers or an
 * address too large, an unknown HTTP version) in the API's one error shape,
 * {@code {"error": "…", "field": null}}, with the site's security headers, instead of Jetty's HTML
 * page. The sentence is the server's own: nothing of the request is echoed.
 */
final class JsonErrorHandler extends ErrorHandler {

  /** The statuses Jetty answers on its own, before the routes. */
  static final java.util.Set<Integer> PROTOCOL_ERRORS = java.util.Set.of(400, 408, 413, 414, 431,
      505);

  @Override
  protected void generateResponse(Request request, Response response, int code, String message,
      Throwable cause, Callback callback) throws java.io.IOException {
    if (!PROTOCOL_ERRORS.contains(code)) { // the site's own answers (its 404 page) stay as they are
      super.generateResponse(request, response, code, message, cause, callback);
      return;
    }
    String json = "{\"error\":\"" + sentence(code) + "\",\"field\":null}";
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    SecurityHeaders.apply(request.getHttpURI().getPath() == null ? "" : request.getHttpURI()
        .getPath(), (name, value) -> response.getHeaders().put(name, value));
    response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
  }

  /** What went wrong, in words (plain ASCII, no quotes: safe inside the JSON string). */
  static String sentence(int code) {
    return switch (code) {
      case 400 -> "the request could not be read: a malformed address, header or body";
      case 408 -> "the request came too slowly";
      case 413 -> "the request body is too large";
      case 414 -> "the address is too long";
      case 431 -> "the request headers are too large";
      case 505 -> "this HTTP version is not supported: use HTTP/1.1";
      default -> "the request failed with HTTP status " + code;
    };
  }
}
