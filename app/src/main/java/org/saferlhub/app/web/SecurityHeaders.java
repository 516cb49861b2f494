package org.saferlhub.app.web;

import io.javalin.http.Context;
import java.net.URI;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The security headers on every answer of the server (pages, API, static files, WebJars, 404s and
 * errors), and the policy a static copy of the site ({@link SiteExport}) carries in its pages.
 *
 * <p>The site loads nothing from elsewhere and runs no inline script, so its Content-Security-Policy
 * allows only its own origin:
 *
 * <ul>
 *   <li>scripts only from its own files ({@code script-src 'self'}), with {@code
 *       'wasm-unsafe-eval'} so the in-page engine may compile its WebAssembly; no {@code
 *       'unsafe-inline'} and, in pages, no {@code 'unsafe-eval'};
 *   <li>the engine's module worker from its own files ({@code worker-src 'self'}). A dedicated
 *       worker runs under the policy its own script is served with, and the worker's ({@link
 *       #ENGINE_WORKER}) allows {@code 'unsafe-eval'} too: TeaVM's WebAssembly loader ({@code
 *       /engine/saferlhub.wasm-runtime.js}) builds its JavaScript glue with {@code new Function}
 *       while it loads, and without it the worker falls back to the slower JavaScript build. The
 *       worker has no page to reach, and the code it makes is TeaVM's own;
 *   <li>style sheets from its own files, plus {@code 'unsafe-inline'} styles: KaTeX and Chart.js set
 *       {@code style} attributes. Styles cannot run code; the rule is no inline <em>script</em>;
 *   <li>fetches, Server-Sent Events, fonts and images from its own origin only; no plugins ({@code
 *       object-src 'none'}), no {@code <base>}, forms post only to itself;
 *   <li>{@code frame-ancestors 'none'} (and {@code X-Frame-Options: DENY} for older browsers): no
 *       other site may show a page of this one in a frame, so {@code /admin} cannot be overlaid
 *       for clickjacking.
 * </ul>
 *
 * <p>{@code Referrer-Policy: same-origin}: the sites the pages link to (papers, resources) learn
 * nothing of which page a learner came from; requests to the site itself keep their {@code
 * Referer}. Not {@code no-referrer}: under it, the Fetch standard has a browser send {@code Origin:
 * null} on a form or {@code no-cors} POST even to the site itself, which the cross-site check
 * ({@link WebServer#fromElsewhere}) would refuse.
 */
final class SecurityHeaders {

  /** The Content-Security-Policy of every answer of the server but {@link #ENGINE_WORKER}. */
  static final String CONTENT_SECURITY_POLICY = policy("", "'self'") + "; frame-ancestors 'none'";

  /** The in-page engine's worker script, the one answer with {@link #WORKER_POLICY}. */
  static final String ENGINE_WORKER = "/js/engine-worker.js";

  /**
   * The policy the engine's worker runs under: {@link #CONTENT_SECURITY_POLICY} with {@code
   * 'unsafe-eval'}, which TeaVM's WebAssembly loader needs. Pages never get it: a browser applies
   * a worker script's policy only inside that worker.
   */
  static final String WORKER_POLICY = policy(" 'unsafe-eval'", "'self'")
      + "; frame-ancestors 'none'";

  private SecurityHeaders() {}

  /**
   * Sets the headers on an answer: the Content-Security-Policy, {@code X-Frame-Options}, {@code
   * X-Content-Type-Options: nosniff} (a file is only ever run or styled as the type it is served
   * as) and {@code Referrer-Policy}.
   */
  static void apply(Context ctx) {
    apply(ctx.path(), ctx::header);
  }

  /**
   * Sets the same headers through {@code header} (name, value) on the answer to {@code path}: for
   * answers written outside Javalin, such as Jetty's protocol errors ({@link JsonErrorHandler}).
   */
  static void apply(String path, BiConsumer<String, String> header) {
    header.accept("Content-Security-Policy",
        path.equals(ENGINE_WORKER) ? WORKER_POLICY : CONTENT_SECURITY_POLICY);
    header.accept("X-Frame-Options", "DENY");
    header.accept("X-Content-Type-Options", "nosniff");
    header.accept("Referrer-Policy", "same-origin");
  }

  /**
   * The policy as a {@code <meta http-equiv>} element, for a copy of the site on a static host,
   * which sets no headers. It is {@link #CONTENT_SECURITY_POLICY} without {@code frame-ancestors}
   * (browsers ignore it in a {@code <meta>}, with a console error), and with the origin of the
   * server the copy calls ({@code export-site --server}), if any, in {@code connect-src}.
   */
  static String metaElement(@Nullable URI server) {
    String connect = server == null ? "'self'" : "'self' " + origin(server);
    return "<meta http-equiv=\"Content-Security-Policy\" content=\"" + policy("", connect)
        + "\">\n";
  }

  /**
   * The directives shared by the headers and the {@code <meta>} policy, with {@code scriptExtra}
   * appended to {@code script-src} and {@code connectSources} as {@code connect-src}.
   */
  private static String policy(String scriptExtra, String connectSources) {
    return String.join("; ",
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'" + scriptExtra,
        "worker-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src " + connectSources,
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'");
  }

  /** {@code https://hub.example.org:8443/x/} → {@code https://hub.example.org:8443}. */
  private static String origin(URI server) {
    return server.getScheme().toLowerCase(Locale.ROOT) + "://" + server.getHost()
        + (server.getPort() < 0 ? "" : ":" + server.getPort());
  }
}
