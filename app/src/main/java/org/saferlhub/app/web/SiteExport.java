package org.saferlhub.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.figures.Figures;
import org.saferlhub.app.grid.GridViews;
import org.saferlhub.app.lesson.Quizzes;
import org.saferlhub.app.lesson.Site;
import org.saferlhub.app.run.Schema;
import org.saferlhub.config.ParameterException;

/**
 * A copy of the site that any static file host can serve, with no SafeRLHub server behind it
 * ({@code saferlhub export-site DIR}): every page the server renders, every file those pages load,
 * and the answers of the API's fixed GET routes as JSON files. Pages are rendered by the code the
 * server uses ({@link Site}, with the parameter schema put into each page as the server does) and
 * the data by the code that answers the routes, so a copy shows what the server would.
 *
 * <p>The layout, for a page or route at {@code /p}:
 *
 * <ul>
 *   <li>pages: {@code /} → {@code index.html}, {@code /lessons/<slug>} → {@code
 *       lessons/<slug>/index.html} (the glossary too), {@code /<page>} → {@code
 *       <page>/index.html}; {@code /runs/{id}} is left out, as a static host cannot route it;
 *   <li>data: {@code GET /api/x/y} → {@code api/x/y.json}, for {@code /api/blackjack/rules},
 *       {@code /api/schema}, {@code /api/quizzes}, {@code /api/quizzes/<lesson>}, {@code
 *       /api/source/<algorithm>} and {@code /api/gridworld/presets}. The {@code .json} suffix keeps
 *       a route and its sub-routes apart ({@code api/quizzes.json} beside {@code api/quizzes/}) and
 *       gives every host the right content type. {@code public/js/site-mode.js} maps a GET to its
 *       file by the same rule;
 *   <li>assets: everything under {@code public/} on the class path ({@code css/}, {@code js/},
 *       {@code favicon.svg}, the compiled engine {@code engine/} when it is built) and the WebJar
 *       files the pages reference ({@code webjars/…}), with what their style sheets load (KaTeX's
 *       fonts);
 *   <li>figures: the answer page's pictures, {@code /figures/<name>.svg} → {@code
 *       figures/<name>.svg}, the same bytes the server serves ({@link Figures}).
 * </ul>
 *
 * <p>Every page carries {@code <script type="application/json" id="saferlhub-site">{"static":
 * true, "server": …}</script>}; {@code site-mode.js} reads it and {@code api.js} then answers from
 * the files above, keeps progress in the browser and declines what needs a server (or sends it to
 * {@link Options#server()} when one is given). Site-absolute links and sources in the pages ({@code
 * href="/lessons/blackjack"}) become relative ({@code href="../../lessons/blackjack/"}), so the copy
 * works at a host's root and under any sub-path (GitHub Pages' {@code /repo/}) alike.
 *
 * <p>A static host sets none of the server's headers, so every page carries the server's
 * Content-Security-Policy as a {@code <meta http-equiv>} element ({@link
 * SecurityHeaders#metaElement}): the same rules, except {@code frame-ancestors}, which browsers
 * honour only as a header, and with {@link Options#server()} allowed in {@code connect-src}.
 */
public final class SiteExport {

  /** The id of the element that marks a page as a copy without a server. */
  static final String MARKER_ID = "saferlhub-site";

  /** The data routes written as files, apart from the per-lesson and per-algorithm ones. */
  static final List<String> FIXED_DATA =
      List.of("/api/blackjack/rules", "/api/schema", "/api/quizzes", "/api/gridworld/presets");

  private static final String WEBJARS = "META-INF/resources";
  /** A site-absolute URL in an attribute: {@code href="/…"}, {@code src="/…"} (not {@code //}). */
  private static final Pattern ABSOLUTE_ATTRIBUTE =
      Pattern.compile("(\\s(?:href|src|action|poster)=\")/(?!/)([^\"]*)\"");
  private static final Pattern WEBJAR_REFERENCE = Pattern.compile("\"(/webjars/[^\"?#]+)");
  private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*['\"]?([^'\")]+)['\"]?\\s*\\)");

  /**
   * What to export.
   *
   * @param server a SafeRLHub server the copy may call for what needs one (sending feedback, the
   *     shared high-score table, saved runs), normalised to end with {@code /}; null for none
   */
  public record Options(@Nullable URI server) {

    /** Checks that the server, if any, is an absolute http(s) address without query or fragment. */
    public Options {
      if (server != null) {
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        if (!server.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))
            || server.getHost() == null || server.getRawQuery() != null
            || server.getRawFragment() != null) {
          throw new ParameterException("server", "server must be an http:// or https:// address "
              + "such as https://hub.example.org/, without ?query or #fragment, was '" + server
              + "'");
        }
        if (!server.getRawPath().endsWith("/")) {
          server = URI.create(server + "/");
        }
      }
    }

    /** A copy with no server at all. */
    public static Options withoutServer() {
      return new Options(null);
    }

    /**
     * Reads {@code --server}'s text.
     *
     * @throws ParameterException naming {@code server} if it is no http(s) address
     */
    public static Options withServer(String text) {
      try {
        return new Options(new URI(text.strip()));
      } catch (URISyntaxException e) {
        throw new ParameterException("server", "server must be an http:// or https:// address "
            + "such as https://hub.example.org/, was '" + text + "'");
      }
    }
  }

  /**
   * What an export wrote.
   *
   * @param pages HTML pages
   * @param dataFiles JSON files of the API's fixed routes
   * @param assets style sheets, scripts, fonts, images and engine files
   * @param bytes the size of all of them together
   */
  public record Summary(int pages, int dataFiles, int assets, long bytes) {}

  private final Path dir;
  private final Options options;
  private final ObjectMapper mapper = WebServer.jsonMapper();
  private final ClassLoader loader = SiteExport.class.getClassLoader();
  private int pages;
  private int dataFiles;
  private int assets;
  private long bytes;

  private SiteExport(Path dir, Options options) {
    this.dir = dir.toAbsolutePath().normalize();
    this.options = options;
  }

  /**
   * Writes the copy into {@code dir}, creating it if needed; files already there with the names
   * of the copy's files are replaced, others are left alone.
   *
   * @throws UncheckedIOException if a file cannot be read or written
   * @throws IllegalStateException if the class path lacks a file the pages need
   */
  public static Summary export(Path dir, Options options) {
    SiteExport export = new SiteExport(dir, options);
    try {
      export.run();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the site to " + dir + ": " + e.getMessage(),
          e);
    }
    return new Summary(export.pages, export.dataFiles, export.assets, export.bytes);
  }

  private void run() throws IOException {
    Files.createDirectories(dir);
    Site site = Site.load();
    Quizzes quizzes = Quizzes.load();
    long maxEpisodes = WebServer.Options.defaults().maxEpisodes();
    String head = WebServer.schemaScript(mapper, maxEpisodes) + marker();

    Map<String, String> html = new LinkedHashMap<>();
    html.put("/", site.home());
    for (String slug : site.lessonSlugs()) {
      html.put("/lessons/" + slug, site.lesson(slug).orElseThrow());
    }
    for (String page : WebServer.PAGES) {
      html.put("/" + page, site.page(page).orElseThrow(
          () -> new IllegalStateException("page '" + page + "' is missing from the class path")));
    }
    Set<String> webjars = new LinkedHashSet<>();
    String policy = SecurityHeaders.metaElement(options.server());
    for (Map.Entry<String, String> page : html.entrySet()) {
      String text = withPolicy(WebServer.intoHead(page.getValue(), head), policy);
      Matcher m = WEBJAR_REFERENCE.matcher(text);
      while (m.find()) {
        webjars.add(m.group(1));
      }
      String path = page.getKey();
      int depth = path.equals("/") ? 0 : (int) path.chars().filter(c -> c == '/').count();
      write(pagePath(path), relativeLinks(text, depth).getBytes(StandardCharsets.UTF_8));
      pages++;
    }

    Map<String, Object> data = new LinkedHashMap<>();
    data.put("/api/blackjack/rules", WebServer.rules());
    data.put("/api/schema", Schema.of(maxEpisodes));
    data.put("/api/quizzes", quizzes.all());
    for (String lesson : quizzes.lessons()) {
      data.put("/api/quizzes/" + lesson, quizzes.lesson(lesson).orElseThrow());
    }
    for (String algorithm : SourceCode.ids()) {
      data.put("/api/source/" + algorithm, SourceCode.of(algorithm));
    }
    data.put("/api/gridworld/presets", GridViews.presets());
    for (Map.Entry<String, Object> route : data.entrySet()) {
      write(dataPath(route.getKey()), json(route.getValue()));
      dataFiles++;
    }

    for (Figures.Figure<?> figure : Figures.all()) { // the answer page's figures, as served
      write(figure.path().substring(1), Figures.svg(figure.name()).orElseThrow());
      assets++;
    }
    copyPublic();
    copyWebjars(webjars);
  }

  /**
   * The page with the policy's {@code <meta>} element just after its {@code <meta charset>}, before
   * any script or style sheet it governs.
   */
  static String withPolicy(String html, String policyElement) {
    String charset = "<meta charset=\"utf-8\">\n";
    int at = html.indexOf(charset);
    if (at < 0) {
      throw new IllegalStateException("a page has no " + charset.strip() + " to put its policy after");
    }
    at += charset.length();
    return html.substring(0, at) + policyElement + html.substring(at);
  }

  /** {@code /lessons/blackjack} → {@code lessons/blackjack/index.html}. */
  static String pagePath(String path) {
    return (path.equals("/") ? "" : path.substring(1) + "/") + "index.html";
  }

  /** {@code /api/quizzes/blackjack} → {@code api/quizzes/blackjack.json}. */
  static String dataPath(String route) {
    return route.substring(1) + ".json";
  }

  private String marker() {
    Map<String, Object> mode = new LinkedHashMap<>();
    mode.put("static", true);
    mode.put("server", options.server() == null ? null : options.server().toString());
    return "<script type=\"application/json\" id=\"" + MARKER_ID + "\">"
        + new String(json(mode), StandardCharsets.UTF_8).replace("</", "<\\/") + "</script>\n";
  }

  /**
   * The page with its site-absolute {@code href}, {@code src}, {@code action} and {@code poster}
   * addresses made relative to a page {@code depth} folders below the root: {@code /css/site.css}
   * → {@code ../../css/site.css}. An address of a page gets the slash its folder needs ({@code
   * /lessons/blackjack?seed=1#train} → {@code ../../lessons/blackjack/?seed=1#train}), so no host
   * has to redirect.
   */
  static String relativeLinks(String html, int depth) {
    String up = depth == 0 ? "./" : "../".repeat(depth);
    Matcher m = ABSOLUTE_ATTRIBUTE.matcher(html);
    StringBuilder out = new StringBuilder(html.length() + 4_096);
    while (m.find()) {
      String rest = m.group(2);
      int cut = indexOfAny(rest, '?', '#');
      String path = rest.substring(0, cut);
      String tail = rest.substring(cut);
      String last = path.substring(path.lastIndexOf('/') + 1);
      if (!path.isEmpty() && !path.endsWith("/") && !last.contains(".")) {
        path += "/";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + up + path + tail + "\""));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == a || s.charAt(i) == b) {
        return i;
      }
    }
    return s.length();
  }

  private byte[] json(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write JSON: " + e.getMessage(), e);
    }
  }

  /** Copies every file under {@code public/} on the class path, from a folder or from the jar. */
  private void copyPublic() throws IOException {
    URL probe = loader.getResource("public/js/site.js");
    if (probe == null) {
      throw new IllegalStateException("public/js/site.js is not on the class path");
    }
    switch (probe.getProtocol()) {
      case "file" -> {
        Path root;
        try {
          root = Path.of(probe.toURI()).getParent().getParent();
        } catch (URISyntaxException e) {
          throw new IllegalStateException("cannot read " + probe, e);
        }
        copyTree(root);
      }
      case "jar" -> {
        String spec = probe.toString();
        Path jar;
        try {
          jar = Path.of(new URI(spec.substring("jar:".length(), spec.indexOf("!/"))));
        } catch (URISyntaxException e) {
          throw new IllegalStateException("cannot read " + probe, e);
        }
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
          copyTree(zip.getPath("/public"));
        }
      }
      default -> throw new IllegalStateException("cannot list the site's files in " + probe);
    }
  }

  private void copyTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String relative = root.relativize(file).toString().replace(root.getFileSystem()
            .getSeparator(), "/");
        write(relative, Files.readAllBytes(file));
        assets++;
      }
    }
  }

  /** Copies the referenced WebJar files, then what their style sheets load, transitively. */
  private void copyWebjars(Set<String> referenced) throws IOException {
    Deque<String> queue = new ArrayDeque<>(referenced);
    Set<String> done = new LinkedHashSet<>();
    while (!queue.isEmpty()) {
      String path = queue.poll();
      if (!done.add(path)) {
        continue;
      }
      byte[] content;
      try (InputStream in = loader.getResourceAsStream(WEBJARS + path)) {
        if (in == null) {
          throw new IllegalStateException("a page loads " + path + ", which no WebJar on the "
              + "class path has");
        }
        content = in.readAllBytes();
      }
      write(path.substring(1), content);
      assets++;
      if (path.endsWith(".css")) {
        Matcher m = CSS_URL.matcher(new String(content, StandardCharsets.UTF_8));
        while (m.find()) {
          String url = m.group(1).strip();
          if (url.startsWith("data:") || url.contains("://") || url.startsWith("#")) {
            continue;
          }
          URI resolved = URI.create(path).resolve(url.replaceAll("[?#].*$", ""));
          queue.add(resolved.getPath());
        }
      }
    }
  }

  private void write(String relative, byte[] content) throws IOException {
    Path file = dir.resolve(relative).normalize();
    if (!file.startsWith(dir)) {
      throw new IllegalStateException("refusing to write outside " + dir + ": " + relative);
    }
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    bytes += content.length;
  }
}
