package org.saferlhub.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saferlhub.app.figures.Figures;
import org.saferlhub.app.lesson.Quizzes;
import org.saferlhub.app.lesson.Site;

/** {@code saferlhub export-site DIR}: the files it writes, the marker, and the checks on DIR. */
class ExportSiteCommandTest {

  /** One export shared by the tests that only read it (exporting takes a few seconds). */
  @TempDir static Path shared;

  static Path site;
  static CliTest.Outcome exported;

  @BeforeAll
  static void export() {
    site = shared.resolve("site");
    exported = CliTest.run("export-site", site.toString());
  }

  @Test
  void writesEveryPageWithTheStaticMarker() throws IOException {
    assertThat(exported.code()).as(exported.err()).isZero();
    assertThat(exported.out()).contains("Wrote ").contains(site.toString());
    Site pages = Site.load();
    List<Path> html = new java.util.ArrayList<>();
    html.add(site.resolve("index.html"));
    for (String slug : pages.lessonSlugs()) {
      html.add(site.resolve("lessons/" + slug + "/index.html"));
    }
    assertThat(pages.lessonSlugs()).contains("blackjack", "gridworld", "glossary");
    for (String page : List.of("resources", "open-problems", "research", "next-steps", "runs",
        "compare", "game", "feedback", "admin")) {
      html.add(site.resolve(page + "/index.html"));
    }
    for (Path file : html) {
      assertThat(file).isRegularFile();
      String text = Files.readString(file);
      assertThat(text).as(file.toString())
          .contains("<script type=\"application/json\" id=\"saferlhub-site\">"
              + "{\"static\":true,\"server\":null}</script>")
          .contains("id=\"saferlhub-schema\"")
          // Every site-absolute address became relative: the copy works under any sub-path.
          .doesNotContain("href=\"/").doesNotContain("src=\"/");
    }
    String lesson = Files.readString(site.resolve("lessons/blackjack/index.html"));
    assertThat(lesson).contains("src=\"../../js/lesson.js\"")
        .contains("href=\"../../lessons/glossary/\"")
        .contains("<train-agent");
    assertThat(Files.readString(site.resolve("index.html")))
        .contains("href=\"./lessons/blackjack/\"");
  }

  @Test
  void writesTheDataThePagesRead() throws IOException {
    assertThat(exported.code()).as(exported.err()).isZero();
    JsonNode rules = CliTest.JSON.readTree(site.resolve("api/blackjack/rules.json").toFile());
    assertThat(rules.get(0).get("id").asText()).isEqualTo("sab");
    JsonNode schema = CliTest.JSON.readTree(site.resolve("api/schema.json").toFile());
    assertThat(schema.has("algorithms")).isTrue();
    JsonNode all = CliTest.JSON.readTree(site.resolve("api/quizzes.json").toFile());
    assertThat(all.get("questions").size()).isPositive();
    for (String lesson : Quizzes.load().lessons()) {
      JsonNode quiz = CliTest.JSON.readTree(site.resolve("api/quizzes/" + lesson + ".json")
          .toFile());
      assertThat(quiz.get("lesson").asText()).isEqualTo(lesson);
    }
    for (String algorithm : List.of("q-learning", "sarsa", "monte-carlo", "value-iteration")) {
      JsonNode source = CliTest.JSON.readTree(site.resolve("api/source/" + algorithm + ".json")
          .toFile());
      assertThat(source.get("source").asText()).as(algorithm).contains("class ");
    }
    JsonNode presets = CliTest.JSON.readTree(site.resolve("api/gridworld/presets.json").toFile());
    assertThat(presets.size()).isPositive();
  }

  @Test
  void copiesEveryAssetThePagesLoad() throws IOException, URISyntaxException {
    assertThat(exported.code()).as(exported.err()).isZero();
    // Everything under public/ on the class path (css, js, favicon, the compiled engine).
    URL probe = getClass().getClassLoader().getResource("public/js/site.js");
    assertThat(probe).isNotNull();
    Path root = Path.of(probe.toURI()).getParent().getParent();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path copy = site.resolve(root.relativize(file).toString());
        assertThat(copy).as("copy of " + file).isRegularFile().hasSameBinaryContentAs(file);
      }
    }
    assertThat(site.resolve("js/site-mode.js")).isRegularFile();
    // Every local file a page references exists in the copy, fonts of KaTeX's style sheet too.
    Pattern reference = Pattern.compile("(?:href|src)=\"((?:\\./|\\.\\./)+[^\"?#]*)");
    Path lesson = site.resolve("lessons/blackjack/index.html");
    Matcher m = reference.matcher(Files.readString(lesson));
    int found = 0;
    while (m.find()) {
      Path target = lesson.getParent().resolve(m.group(1)).normalize();
      assertThat(m.group(1).endsWith("/") ? target.resolve("index.html") : target)
          .as(m.group(1)).isRegularFile();
      found++;
    }
    assertThat(found).isGreaterThan(15);
    assertThat(site.resolve("webjars/chart.js/4.5.1/dist/chart.umd.min.js")).isRegularFile();
    assertThat(site.resolve("webjars/katex/0.18.11/dist/fonts/KaTeX_Main-Regular.woff2"))
        .isRegularFile();
  }

  @Test
  void writesTheAnswerPagesFiguresWhereThePageLooksForThem() throws IOException {
    assertThat(exported.code()).as(exported.err()).isZero();
    Path page = site.resolve("kl-answer/index.html");
    String html = Files.readString(page);
    for (Figures.Figure<?> figure : Figures.all()) {
      // The page's address, made relative like every other, finds the figure's file.
      String src = "src=\"../figures/" + figure.name() + ".svg\"";
      assertThat(html).as(figure.name()).contains(src);
      Path file = page.getParent().resolve("../figures/" + figure.name() + ".svg").normalize();
      assertThat(file).isRegularFile();
      assertThat(Files.readAllBytes(file)).as(figure.name())
          .isEqualTo(Figures.svg(figure.name()).orElseThrow());
    }
  }

  @Test
  void copiesTheCompiledEngineWhenTheBuildHasOne() {
    URL engine = getClass().getClassLoader().getResource("public/engine/saferlhub.wasm");
    assertThat(engine).as("the build compiles the in-page engine").isNotNull();
    assertThat(site.resolve("engine/saferlhub.wasm")).isRegularFile();
    assertThat(site.resolve("engine/saferlhub.js")).isRegularFile();
  }

  @Test
  void namesTheServerInTheMarker(@TempDir Path dir) throws IOException {
    CliTest.Outcome outcome = CliTest.run("export-site", "--server", "https://hub.example.org",
        dir.toString());
    assertThat(outcome.code()).as(outcome.err()).isZero();
    assertThat(Files.readString(dir.resolve("game/index.html")))
        .contains("{\"static\":true,\"server\":\"https://hub.example.org/\"}");
  }

  @Test
  void refusesANonEmptyFolderUnlessForced(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "mine");
    CliTest.Outcome refused = CliTest.run("export-site", dir.toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("DIR " + dir).contains("not empty").contains("--force");
    assertThat(dir.resolve("index.html")).doesNotExist();

    CliTest.Outcome forced = CliTest.run("export-site", "--force", dir.toString());
    assertThat(forced.code()).as(forced.err()).isZero();
    assertThat(dir.resolve("index.html")).isRegularFile();
    assertThat(dir.resolve("notes.txt")).hasContent("mine");
  }

  @Test
  void refusesBadInputWithExitTwo(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    CliTest.Outcome notAFolder = CliTest.run("export-site", file.toString());
    assertThat(notAFolder.code()).isEqualTo(2);
    assertThat(notAFolder.err()).contains("DIR " + file).contains("not a folder");

    CliTest.Outcome badServer = CliTest.run("export-site", "--server", "ftp://example.org",
        dir.resolve("out").toString());
    assertThat(badServer.code()).isEqualTo(2);
    assertThat(badServer.err()).contains("server must be an http:// or https:// address");
    assertThat(dir.resolve("out")).doesNotExist();

    CliTest.Outcome missing = CliTest.run("export-site");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("DIR");
  }
}
