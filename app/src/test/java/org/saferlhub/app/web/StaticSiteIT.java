package org.saferlhub.app.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpHandlers;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.saferlhub.app.browser.BrowserSupport;

/**
 * The copy of the site {@code export-site} writes, served by the JDK's plain static file server
 * (which knows nothing of SafeRLHub) and opened in a real Chromium: every page passes axe-core,
 * the quiz saves its score to the browser's progress and the home page shows it, the game plays a
 * round, and what needs a server (feedback, the high-score table, saved runs) says so in words.
 * No request ever goes to {@code /api/runs}, and every API request reads one of the copy's JSON
 * files. The copy works at the host's root and under a sub-path ({@code /repo/}) alike; a copy
 * made with {@code --server} sends feedback and reads high scores from that server.
 */
@ExtendWith(BrowserSupport.class)
class StaticSiteIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NO_SERVER = "This copy of SafeRLHub runs without a server";

  private static Path site;
  /** A second copy, made with --server pointing at {@link #hub}, served at /with-server/. */
  private static Path siteWithServer;
  private static WebServer hub;
  private static HttpServer server;
  private static ExecutorService executor;
  private static String base;

  @BeforeAll
  static void exportAndServe() throws IOException {
    site = Files.createTempDirectory("saferlhub-static-site").toAbsolutePath();
    SiteExport.export(site, SiteExport.Options.withoutServer());
    HttpHandler files = SimpleFileServer.createFileHandler(site);
    // Older JDKs' type table lacks .wasm; browsers compile WebAssembly only when it is served as
    // application/wasm, which every static host does. Still a plain file handler.
    HttpHandler plain = HttpHandlers.handleOrElse(
        request -> request.getRequestURI().getPath().endsWith(".wasm"), StaticSiteIT::wasm, files);
    executor = Executors.newFixedThreadPool(4);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext("/", plain);
    // The same copy under a sub-path, as GitHub Pages serves a project site at /repo/.
    server.createContext("/repo/", HttpHandlers.handleOrElse(
        request -> request.getRequestURI().getPath().endsWith(".wasm"), StaticSiteIT::wasm,
        SimpleFileServer.createFileHandler(site)));
    server.setExecutor(executor);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();

    hub = WebServer.start(WebServer.Options.defaults().withWarmUp(false).withPort(0)
        .withHost("127.0.0.1").withAllowedOrigins(List.of(base)));
    siteWithServer = Files.createTempDirectory("saferlhub-static-site-server").toAbsolutePath();
    SiteExport.export(siteWithServer,
        SiteExport.Options.withServer("http://127.0.0.1:" + hub.port()));
    server.createContext("/with-server/", SimpleFileServer.createFileHandler(siteWithServer));
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.stop(0);
    }
    if (executor != null) {
      executor.shutdownNow();
    }
    if (hub != null) {
      hub.close();
    }
    for (Path dir : new Path[] {site, siteWithServer}) {
      if (dir != null) {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path p : files.sorted(Collections.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  /** A .wasm file of the copy, as application/wasm. */
  private static void wasm(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath()
        .substring(exchange.getHttpContext().getPath().length());
    Path file = site.resolve(path).normalize();
    try (exchange) {
      if (!file.startsWith(site) || !Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = Files.readAllBytes(file);
      exchange.getResponseHeaders().set("Content-Type", "application/wasm");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Every request the context makes, as URLs. */
  private static List<String> record(BrowserContext context) {
    List<String> requests = Collections.synchronizedList(new ArrayList<>());
    context.onRequest(request -> requests.add(request.url()));
    return requests;
  }

  /** No request reached for a server: API reads are the copy's .json files, never /api/runs. */
  private static void assertNoServerCalls(List<String> requests) {
    List<String> seen;
    synchronized (requests) {
      seen = List.copyOf(requests);
    }
    assertThat(seen).isNotEmpty().allSatisfy(url -> {
      assertThat(url).startsWith(base).doesNotContain("/api/runs");
      String path = URI.create(url).getPath();
      if (path.contains("/api/")) {
        assertThat(path).as("an API read from the copy").endsWith(".json");
      }
    });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/", "/lessons/blackjack/", "/lessons/gridworld/", "/lessons/planning/",
      "/lessons/glossary/",
      "/resources/", "/open-problems/", "/research/", "/next-steps/", "/run-it-yourself/",
      "/runs/", "/compare/",
      "/game/", "/feedback/", "/admin/"})
  void pageIsAccessibleAndNeedsNoServer(String path, Page page, BrowserContext context,
      BrowserSupport.PageErrors errors) {
    List<String> requests = record(context);
    Response response = page.navigate(base + path);
    assertThat(response.status()).isEqualTo(200);
    assertThat(page.locator("main h1")).hasCount(1);
    // The copy enforces the server's policy from a <meta>; a violation would be among the errors.
    assertThat(page.locator("meta[http-equiv=Content-Security-Policy]"))
        .hasAttribute("content", Pattern.compile("^default-src 'self'; .*"
            + "connect-src 'self'; object-src 'none'.*"));
    switch (path) {
      case "/" -> assertThat(page.locator("learning-path")).hasAttribute("data-state", "ready");
      case "/lessons/blackjack/" -> {
        assertThat(page.locator("lesson-quiz")).hasAttribute("data-state", "intro");
        page.waitForSelector("show-code pre.source .ln");
        page.waitForSelector("train-agent[data-state=idle]");
      }
      case "/lessons/gridworld/", "/lessons/planning/" -> assertThat(page.locator("lesson-quiz"))
          .hasAttribute("data-state", "intro");
      case "/game/" -> {
        assertThat(page.locator("fix-the-robots [data-action=start]")).isVisible();
        assertThat(page.locator("high-scores")).hasAttribute("data-state", "unavailable");
      }
      case "/feedback/" -> assertThat(page.locator("feedback-form"))
          .hasAttribute("data-state", "unavailable");
      case "/runs/" -> assertThat(page.locator("my-runs")).hasAttribute("data-state", "unavailable");
      default -> { }
    }
    page.evaluate("() => document.fonts.ready");
    List<String> violations = BrowserSupport.axeViolations(page);
    BrowserSupport.screenshot(page, "static-" + (path.equals("/") ? "home" : path.replace('/', '-')));
    assertThat(violations).as("axe serious/critical violations on %s", path).isEmpty();
    assertThat(errors.all()).as("errors on %s", path).isEmpty();
    assertNoServerCalls(requests);
  }

  @Test
  void quizScoreIsKeptInTheBrowserAndShownOnTheLearningPath(Page page, BrowserContext context,
      BrowserSupport.PageErrors errors) throws IOException {
    List<String> requests = record(context);
    JsonNode quizJson = JSON.readTree(site.resolve("api/quizzes/blackjack.json").toFile());
    int choices = 0;
    for (JsonNode q : quizJson.path("questions")) {
      if (!"your-run".equals(q.path("kind").asText())) {
        choices++;
      }
    }
    page.navigate(base + "/lessons/blackjack/");
    Locator quiz = page.locator("lesson-quiz");
    assertThat(quiz).hasAttribute("data-state", "intro");
    assertThat(quiz.locator("h3.widget-title")).hasText(quizJson.path("title").asText());
    quiz.locator("button[data-action=start]").click();
    for (int i = 0; i < choices; i++) {
      assertThat(quiz).hasAttribute("data-state", "question");
      String id = quiz.locator("form.quiz-question").getAttribute("data-question-id");
      int right = rightOption(quizJson, id);
      quiz.locator(".quiz-option[data-option='" + right + "'] label").click();
      quiz.locator("button[data-action=check]").click();
      assertThat(quiz).hasAttribute("data-state", "checked");
      quiz.locator("button[data-action=next]").click();
    }
    assertThat(quiz).hasAttribute("data-state", "done");
    assertThat(quiz).hasAttribute("data-saved", "true");
    assertThat(quiz.locator("[data-role=saved]")).containsText("Saved to your progress");

    page.navigate(base + "/");
    Locator card = page.locator("learning-path li[data-module=blackjack]");
    assertThat(page.locator("learning-path")).hasAttribute("data-state", "ready");
    assertThat(card).hasAttribute("data-visited", "true");
    assertThat(card).hasAttribute("data-quiz-passed", "true");
    assertThat(card.locator(".progress")).containsText("Quiz: best " + choices + " of " + choices
        + ", passed");
    assertThat(page.locator("learning-path [data-role=summary]"))
        .containsText("Your progress: 1 of");
    JsonNode stored = JSON.readTree((String) page.evaluate(
        "() => localStorage.getItem('saferlhub.progress')"));
    assertThat(stored.path("blackjack").path("quizBest").asInt()).isEqualTo(choices);
    assertThat(errors.all()).isEmpty();
    assertNoServerCalls(requests);
  }

  @Test
  void gamePlaysARoundAndSaysItsHighScoresNeedAServer(Page page, BrowserContext context,
      BrowserSupport.PageErrors errors) throws IOException {
    List<String> requests = record(context);
    JsonNode all = JSON.readTree(site.resolve("api/quizzes.json").toFile());
    page.navigate(base + "/game/?seed=4242&seconds=0");
    Locator scores = page.locator("high-scores");
    assertThat(scores).hasAttribute("data-state", "unavailable");
    assertThat(scores.locator("[data-role=hs-unavailable]")).containsText(NO_SERVER);
    assertThat(scores.locator(".error-box")).hasCount(0);

    Locator game = page.locator("fix-the-robots");
    game.locator("[data-action=start]").click();
    // The first answer right, then wrong until the lives run out.
    boolean first = true;
    for (int answered = 0; answered < 10; answered++) {
      page.waitForSelector("fix-the-robots:is([data-state=question],[data-state=over])");
      if ("over".equals(game.getAttribute("data-state"))) {
        break;
      }
      String key = game.locator("[data-role=question]").getAttribute("data-question");
      List<String> options = game.locator(".ftr-option-text").allTextContents();
      Set<String> right = rightTexts(all, key);
      int rightIndex = 0;
      while (!right.contains(options.get(rightIndex).strip())) {
        rightIndex++;
      }
      int choice = first ? rightIndex : (rightIndex + 1) % options.size();
      game.locator(".ftr-option[data-option='" + choice + "']").click();
      assertThat(game).hasAttribute("data-state", "feedback");
      assertThat(game.locator("[data-role=feedback]"))
          .hasAttribute("data-outcome", first ? "correct" : "wrong");
      first = false;
      game.locator("[data-action=next]").click();
    }
    assertThat(game).hasAttribute("data-state", "over");
    assertThat(game.locator("[data-role=results]")).isVisible();
    Locator note = game.locator("[data-role=save-unavailable]");
    assertThat(note).containsText(NO_SERVER);
    assertThat(note).containsText("the shared high-score table is not available here");
    assertThat(game.locator("[data-role=save-form]")).hasCount(0);
    assertThat(BrowserSupport.axeViolations(page)).isEmpty();
    assertThat(errors.all()).isEmpty();
    assertNoServerCalls(requests);
  }

  @Test
  void featuresThatNeedAServerSaySoPolitely(Page page, BrowserContext context,
      BrowserSupport.PageErrors errors) {
    List<String> requests = record(context);
    page.navigate(base + "/feedback/");
    Locator feedback = page.locator("feedback-form");
    assertThat(feedback).hasAttribute("data-state", "unavailable");
    assertThat(feedback.locator("[data-role=unavailable]"))
        .hasText(NO_SERVER + ", so sending feedback is not available here.");
    assertThat(feedback.locator("form")).isHidden();

    page.navigate(base + "/runs/");
    Locator runs = page.locator("my-runs");
    assertThat(runs).hasAttribute("data-state", "unavailable");
    assertThat(runs.locator("[data-role=status]"))
        .hasText(NO_SERVER + ", so saving and reopening runs is not available here.");

    // Dealing a hand needs no server either: the engine in the page deals it.
    page.navigate(base + "/lessons/blackjack/");
    page.locator("play-hand button[data-action=deal]").click();
    assertThat(page.locator("play-hand")).hasAttribute("data-state",
        Pattern.compile("playing|done"));
    assertThat(page.locator("play-hand [data-role=observation]")).not().isEmpty();
    assertThat(page.locator("body")).not().containsText("TypeError");
    assertThat(errors.pageErrors()).isEmpty();
    assertNoServerCalls(requests);
  }

  @Test
  void worksUnderASubPath(Page page, BrowserContext context, BrowserSupport.PageErrors errors) {
    List<String> requests = record(context);
    // Without the folder's slash: the plain server redirects, as static hosts do.
    page.navigate(base + "/repo/lessons/blackjack");
    assertThat(page.locator("lesson-quiz")).hasAttribute("data-state", "intro");
    page.waitForSelector("show-code pre.source .ln");
    assertThat(page.locator("a.brand")).hasAttribute("href", "../../");
    String glossary = (String) page.evaluate(
        "() => document.querySelector('.site-nav a[href*=glossary]').href");
    assertThat(glossary).isEqualTo(base + "/repo/lessons/glossary/");

    page.navigate(base + "/repo/game/?seconds=0");
    assertThat(page.locator("high-scores")).hasAttribute("data-state", "unavailable");
    assertThat(page.locator("fix-the-robots [data-action=start]")).isVisible();
    assertThat(errors.all()).isEmpty();
    synchronized (requests) {
      assertThat(requests).allSatisfy(url -> assertThat(url).startsWith(base + "/repo/"));
    }
    assertNoServerCalls(requests);
  }

  /**
   * A copy made with {@code --server}: the high-score table and the feedback form reach that
   * server across origins (it allows the copy's origin), while data and progress stay with the
   * copy.
   */
  @Test
  void withAServerTheFeaturesThatNeedOneUseIt(Page page, BrowserContext context,
      BrowserSupport.PageErrors errors) throws IOException, InterruptedException {
    List<String> requests = record(context);
    String hubBase = "http://127.0.0.1:" + hub.port();
    page.navigate(base + "/with-server/game/");
    assertThat(page.locator("meta[http-equiv=Content-Security-Policy]").getAttribute("content"))
        .contains("; connect-src 'self' " + hubBase + "; ");
    assertThat(page.locator("high-scores")).hasAttribute("data-state", "ready");
    assertThat(page.locator("high-scores [data-role=hs-empty]")).isVisible();

    page.navigate(base + "/with-server/feedback/");
    Locator feedback = page.locator("feedback-form");
    assertThat(feedback).hasAttribute("data-state", "editing");
    String words = "Sent from a static copy " + System.nanoTime();
    feedback.locator("textarea").first().fill(words);
    feedback.locator("button[data-action=send]").click();
    assertThat(feedback).hasAttribute("data-state", "sent");
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> answers = http.send(HttpRequest.newBuilder(
              URI.create(hubBase + "/api/admin/feedback"))
          .header("Authorization", "Bearer " + hub.adminToken()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answers.body()).contains(words);
    }
    assertThat(errors.all()).isEmpty();
    synchronized (requests) {
      assertThat(requests).noneMatch(url -> url.contains("/api/runs"));
      assertThat(requests).anyMatch(url -> url.startsWith(hubBase + "/api/scores"));
      assertThat(requests).anyMatch(url -> url.startsWith(hubBase + "/api/feedback"));
      assertThat(requests).noneMatch(url -> url.startsWith(hubBase) && !url.contains("/api/"));
    }
  }

  @Test
  void servesTheEngineAsWebAssembly() throws IOException, InterruptedException {
    assertThat(site.resolve("engine/saferlhub.wasm")).isRegularFile();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(
          URI.create(base + "/engine/saferlhub.wasm")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/wasm");
      assertThat(answer.body()).startsWith(0, 'a', 's', 'm');
    }
  }

  /**
   * Lesson 1 trains in the page, with no server: engine.js's Web Worker runs the TeaVM-compiled
   * engine, and the page says the run is kept only here.
   */
  @Test
  void lesson1TrainsInThePage(Page page, BrowserContext context,
      BrowserSupport.PageErrors errors) {
    List<String> requests = record(context);
    page.navigate(base + "/lessons/blackjack/?episodes=20000");
    page.waitForSelector("train-agent[data-state=idle]");
    page.fill("train-agent input[name=episodes]", "20000");
    page.click("train-agent button[data-action=train]");
    page.waitForSelector("train-agent:is([data-state=done],[data-state=stopped],[data-state=error])",
        new Page.WaitForSelectorOptions().setTimeout(120_000));
    assertThat(page.locator("train-agent")).hasAttribute("data-state", "done");
    assertThat(page.locator("train-agent")).hasAttribute("data-where", "browser-wasm");
    assertThat(page.locator("train-agent [data-role=status]")).containsText("Trained in your browser");
    assertThat(page.locator("train-agent [data-role=save-note]")).containsText("no server");
    assertThat(page.locator("train-agent button[data-action=download]")).isVisible();
    assertThat(page.locator("policy-view")).hasAttribute("data-state", "ready");
    // The trained agent plays a hand in the page too.
    page.locator("watch-agent button[data-action=deal]").click();
    assertThat(page.locator("watch-agent")).hasAttribute("data-state", "dealt");
    assertThat(BrowserSupport.axeViolations(page)).isEmpty();
    assertThat(errors.all()).isEmpty();
    assertNoServerCalls(requests);
  }

  /** The index of the right option of choice question {@code id} in the lesson's quiz JSON. */
  private static int rightOption(JsonNode quiz, String id) {
    for (JsonNode q : quiz.path("questions")) {
      if (q.path("id").asText().equals(id)) {
        for (int i = 0; i < q.path("options").size(); i++) {
          if (q.path("options").get(i).path("correct").asBoolean()) {
            return i;
          }
        }
      }
    }
    throw new AssertionError("no question " + id + " with a right option in the quiz JSON");
  }

  /** The texts of the right options of game question {@code key} ("lesson/id"). */
  private static Set<String> rightTexts(JsonNode all, String key) {
    Set<String> texts = new HashSet<>();
    for (JsonNode q : all.path("questions")) {
      if ((q.path("lesson").asText() + "/" + q.path("id").asText()).equals(key)) {
        for (JsonNode o : q.path("options")) {
          if (o.path("correct").asBoolean()) {
            texts.add(o.path("text").asText());
          }
        }
      }
    }
    assertThat(texts).as("right answers of %s", key).isNotEmpty();
    return texts;
  }
}
