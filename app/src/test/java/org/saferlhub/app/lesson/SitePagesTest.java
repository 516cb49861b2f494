package org.saferlhub.app.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The site's generic pages ({@code pages/*.md}), the shell around every page, and its widgets. */
class SitePagesTest {
  private static final Site SITE = Site.load();

  /** The pages the server routes, with the widget each must embed. */
  private static final Map<String, List<String>> PAGES =
      Map.ofEntries(
          Map.entry("resources", List.of()),
          Map.entry("open-problems", List.of()),
          Map.entry("research", List.of()),
          Map.entry("next-steps", List.of()),
          Map.entry("run-it-yourself", List.of()),
          Map.entry("runs", List.of("my-runs")),
          Map.entry("run", List.of("run-view")),
          Map.entry("compare", List.of("compare-runs")),
          Map.entry("game", List.of("fix-the-robots", "high-scores")),
          Map.entry("safety-gridworlds", List.of("safety-play", "safety-train")),
          Map.entry("specification-gaming", List.of("case-filter")),
          Map.entry("kl-answer", List.of()),
          Map.entry("feedback", List.of("feedback-form")),
          Map.entry("admin", List.of("admin-feedback")));

  @Test
  void everyRoutedPageExistsAsAFullPageWithItsWidgets() {
    assertThat(SITE.pages()).containsExactlyInAnyOrderElementsOf(PAGES.keySet());
    PAGES.forEach(
        (slug, widgets) -> {
          String page = SITE.page(slug).orElseThrow();
          assertThat(page)
              .as(slug)
              .startsWith("<!doctype html>\n<html lang=\"en\">")
              .contains("<article class=\"page\" data-page=\"" + slug + "\">")
              .contains("<link rel=\"stylesheet\" href=\"/css/quiz.css\">")
              .contains("<link rel=\"stylesheet\" href=\"/css/runs.css\">")
              .contains("<link rel=\"stylesheet\" href=\"/css/game.css\">")
              .contains("<link rel=\"stylesheet\" href=\"/css/safety.css\">")
              .contains("<script type=\"module\" src=\"/js/site.js\"></script>")
              .doesNotContain("{{")
              .doesNotContainPattern("(src=|<link[^>]*href=)\"(https?:)?//");
          assertThat(count(page, "<h1>")).as(slug).isEqualTo(1);
          for (String widget : widgets) {
            assertThat(page).as(slug).contains("<" + widget + "></" + widget + ">");
            if (Files.exists(Path.of("src/main/resources/public/js/" + widget + ".js"))) {
              assertThat(page)
                  .as(slug)
                  .contains("<script type=\"module\" src=\"/js/" + widget + ".js\"></script>");
            }
          }
        });
    assertThat(SITE.page("nope")).isEmpty();
    assertThat(SITE.page("")).isEmpty();
  }

  @Test
  void everyPageFileIsListedInTheIndex() throws IOException {
    List<String> files;
    try (Stream<Path> s = Files.list(Path.of("src/main/resources/pages"))) {
      files =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".md"))
              .map(n -> n.substring(0, n.length() - 3))
              .toList();
    }
    assertThat(SITE.pages()).containsExactlyInAnyOrderElementsOf(files);
  }

  @Test
  void chartsAndMathAreLoadedOnlyWhereNeeded() {
    String resources = SITE.page("resources").orElseThrow();
    assertThat(resources).doesNotContain("katex.min.js", "chart.umd.min.js", "/js/lesson.js");
    String compare = SITE.page("compare").orElseThrow();
    assertThat(compare).contains("chart.umd.min.js").doesNotContain("katex.min.js");
    String lesson = SITE.lesson("blackjack").orElseThrow();
    assertThat(lesson)
        .contains("<article class=\"lesson\" data-module=\"blackjack\">")
        .contains("chart.umd.min.js", "katex.min.js", "<script type=\"module\" src=\"/js/lesson.js\">");
    // Widget modules come before lesson.js, in page order: the widgets exist when it runs.
    assertThat(lesson.indexOf("/js/train-agent.js"))
        .isPositive()
        .isLessThan(lesson.indexOf("/js/policy-view.js"))
        .isLessThan(lesson.indexOf("/js/lesson.js"));
    assertThat(lesson.indexOf("/js/lesson-quiz.js")).isLessThan(lesson.indexOf("/js/lesson.js"));
  }

  @Test
  void lessonOneEmbedsTheSeedExperimentAndItsQuiz() {
    String lesson = SITE.lesson("blackjack").orElseThrow();
    assertThat(lesson)
        .contains("<lesson-quiz lesson=\"blackjack\"></lesson-quiz>")
        .contains("<seed-experiment></seed-experiment>")
        .contains("<a href=\"#check-your-understanding\">Check your understanding</a>");
    // The seed experiment follows the training widget directly, after one explanation.
    int train = lesson.indexOf("<train-agent></train-agent>");
    int seeds = lesson.indexOf("<seed-experiment></seed-experiment>");
    assertThat(seeds).isGreaterThan(train);
    assertThat(lesson.substring(train, seeds)).contains("several seeds").doesNotContain("<h2");
  }

  @Test
  void aWidgetWhoseModuleIsMissingIsLeftForTheFallback() {
    Resources classpath = Resources.classpath();
    Site site =
        Site.load(p -> p.equals("public/js/my-runs.js") ? Optional.empty() : classpath.read(p));
    String runs = site.page("runs").orElseThrow();
    assertThat(runs).contains("<my-runs></my-runs>").doesNotContain("/js/my-runs.js");
  }

  @Test
  void navigationMarksTheCurrentPageAndTheFooterLinksTheOtherPages() {
    String resources = SITE.page("resources").orElseThrow();
    assertThat(resources)
        .contains("<a href=\"/resources\" aria-current=\"page\">Resources</a>")
        .contains("<a href=\"/\">Learning path</a>")
        .contains("<a href=\"/lessons/glossary\">Glossary</a>")
        .contains("<a href=\"/game\">Game</a>")
        .contains("<a href=\"/runs\">My runs</a>")
        .contains("<nav class=\"footer-nav\" aria-label=\"More\">")
        .contains(
            "<a href=\"/open-problems\">Open problems</a>",
            "<a href=\"/research\">Current research</a>",
            "<a href=\"/next-steps\">Next steps</a>",
            "<a href=\"/feedback\">Feedback</a>")
        .contains("aria-controls=\"site-nav\"")
        .contains("<nav class=\"site-nav\" id=\"site-nav\" aria-label=\"Site\">");
    assertThat(SITE.page("run").orElseThrow())
        .contains("<a href=\"/runs\" aria-current=\"page\">My runs</a>");
    assertThat(SITE.page("research").orElseThrow())
        .contains("<a href=\"/research\" aria-current=\"page\">Current research</a>");
    assertThat(SITE.home()).contains("<a href=\"/\" aria-current=\"page\">Learning path</a>");
  }

  @Test
  void homeWrapsTheModuleCardsInTheLearningPath() {
    String home = SITE.home();
    assertThat(home)
        .contains("<learning-path>\n<ol class=\"path-list\">")
        .contains("</ol>\n</learning-path>")
        .contains("<script type=\"module\" src=\"/js/learning-path.js\"></script>");
  }

  @Test
  void resourcesFixTheErrorsOfTheOriginalReferenceList() {
    String page = SITE.page("resources").orElseThrow();
    assertThat(page)
        .contains("Bowen Baker, Joost Huizinga, Leo Gao, Zehao Dou, Melody Y. Guan")
        .contains("Jakub Pachocki and David Farhi")
        .contains("https://doi.org/10.1037/0022-0663.90.1.25")
        .doesNotContain("10.1016/j.lindif.2006.10.001")
        .doesNotContain("https://arxiv.org/abs/2503.06639")
        .contains("Rick Siow Mong Goh")
        .contains(
            "arxiv.org/abs/1606.06565", // Concrete Problems in AI Safety
            "arxiv.org/abs/1711.09883", // AI Safety Gridworlds
            "spinningup.openai.com",
            "incompleteideas.net/book/the-book-2nd.html",
            "specification-gaming-examples-in-ai",
            "arxiv.org/abs/2105.14111", // Langosco et al.
            "arxiv.org/abs/2210.01790", // Shah et al.
            "arxiv.org/abs/1909.08593", // Ziegler et al. (KL penalty in RLHF)
            "arxiv.org/abs/2203.02155", // InstructGPT
            "arxiv.org/abs/2210.10760", // Gao et al.
            "arxiv.org/abs/2402.03300"); // GRPO
    // DeepSeek-R1 is listed once, not twice as in the original.
    assertThat(count(page, "https://arxiv.org/abs/2501.12948\"")).isEqualTo(1);
  }

  @Test
  void openProblemButtonsOpenLessonOneWithSettingsTheTrainingFormReads() throws IOException {
    String page = SITE.page("open-problems").orElseThrow();
    String trainAgent =
        Files.readString(Path.of("src/main/resources/public/js/train-agent.js"));
    Matcher button = Pattern.compile("<a [^>]*href=\"([^\"]+)\" class=\"btn\">").matcher(page);
    List<String> links = new ArrayList<>();
    while (button.find()) {
      links.add(button.group(1).replace("&amp;", "&"));
    }
    assertThat(links).hasSizeGreaterThanOrEqualTo(6);
    for (String link : links) {
      URI uri = URI.create(link);
      assertThat(uri.getPath()).as(link).isEqualTo("/lessons/blackjack");
      assertThat(uri.getFragment()).as(link).isEqualTo("train");
      Map<String, String> query = new HashMap<>();
      for (String pair : uri.getQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(kv[0], kv[1]);
      }
      assertThat(query).as(link).containsKeys("algorithm", "episodes", "alpha", "epsilon", "seed");
      for (String key : query.keySet()) {
        // Every key is one of train-agent.js's DEFAULTS, which is what it reads from the URL.
        assertThat(trainAgent).as(link).containsPattern("\\n  " + key + ": ");
      }
      assertThat(query.get("algorithm")).isIn("q-learning", "sarsa", "monte-carlo");
      assertThat(Long.parseLong(query.get("episodes"))).isBetween(100L, 2_000_000L);
      assertThat(query).doesNotContainKey("run"); // opens pre-configured, does not start training
    }
  }

  @Test
  void aPageWithAnUnknownWidgetFailsWithFileAndLine() {
    Resources classpath = Resources.classpath();
    Map<String, String> broken =
        Map.of(
            "pages/index.txt", "oops.md\n",
            "pages/oops.md", "---\ntitle: Oops\nsummary: Broken.\n---\n\nText.\n\n```widget nope\n```\n");
    assertThatThrownBy(
            () ->
                Site.load(
                    p -> broken.containsKey(p) ? Optional.of(broken.get(p)) : classpath.read(p)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("pages/oops.md:8: unknown widget 'nope'");
    Map<String, String> badName = Map.of("pages/index.txt", "Oops.md\n");
    assertThatThrownBy(
            () ->
                Site.load(
                    p -> badName.containsKey(p) ? Optional.of(badName.get(p)) : classpath.read(p)))
        .hasMessage("pages/index.txt: 'Oops.md' is not named like some-page.md");
  }

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  /** Every page leads to the way to run SafeRLHub yourself (the footer), as issue 10 asks. */
  @Test
  void everyPageLinksToRunItYourself() {
    List<String> all = new java.util.ArrayList<>();
    all.add(SITE.home());
    for (String slug : SITE.pages()) {
      all.add(SITE.page(slug).orElseThrow());
    }
    for (var lesson : SITE.lessons()) {
      all.add(SITE.lesson(lesson.slug()).orElseThrow());
    }
    all.add(SITE.lesson("glossary").orElseThrow());
    assertThat(all).hasSizeGreaterThan(12)
        .allSatisfy(page -> assertThat(page).contains("href=\"/run-it-yourself\""));
    assertThat(SITE.page("run-it-yourself").orElseThrow())
        .contains("./saferlhub", "./mvnw verify", "docs/cli.md", "git clone");
  }

  /** No page announces as "coming" what the site already has (issue 10, "Leading somewhere"). */
  @Test
  void noPageCallsAnExistingLessonComing() {
    for (String slug : SITE.pages()) {
      String text = SITE.page(slug).orElseThrow().replaceAll("<[^>]+>", "").replaceAll("\\s+", " ");
      assertThat(text).as(slug).doesNotContain("Only Blackjack exists");
      for (var lesson : SITE.lessons()) {
        String title = lesson.title().replace("'", "&#39;");
        assertThat(text).as(slug).doesNotContain(title + " (coming)")
            .doesNotContain(title.replaceFirst("^Under the hood: ", "") + " (coming)");
      }
    }
  }
}
