package org.saferlhub.app.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SiteTest {
  private static final Site SITE = Site.load();

  @Test
  void listsTheLessonsWithTheirFrontMatter() {
    assertThat(SITE.lessons())
        .containsExactly(
            new LessonInfo(
                "blackjack",
                1,
                "Learn RL by playing Blackjack",
                "Play Blackjack the way a learning agent sees it, train a real agent to play it,"
                    + " look inside its head, and measure exactly how close it gets to perfect"
                    + " play.",
                35),
            new LessonInfo(
                "gridworld",
                2,
                "Under the hood: GridWorld",
                "Open up a tiny world you can see all at once. Step through the learning loop"
                    + " with real numbers, learn by trial and error while you change the world,"
                    + " and see why SARSA walks the safe path while Q-learning walks the edge.",
                30),
            new LessonInfo(
                "planning",
                3,
                "Planning vs learning, values vs policies",
                "Give the agent the map and let it plan: dynamic programming finds the exact"
                    + " values of every cell, sweep by sweep. Then meet an agent that learns which"
                    + " action to take directly, without values, and see why it needs a baseline.",
                30),
            new LessonInfo(
                "reward-hacking",
                4,
                "Failure mode: reward hacking",
                "Train an agent on a reward that almost says what you want, and watch its score"
                    + " climb while the thing you actually cared about falls, on a meter the agent"
                    + " never sees.",
                40),
            new LessonInfo(
                "side-effects",
                5,
                "Failure mode: side effects",
                "An agent that reaches its goal by pushing a box where nobody can ever move it"
                    + " again. Measure the damage it does not care about, then switch on an impact"
                    + " penalty and watch its route change.",
                40),
            new LessonInfo(
                "safe-interruptibility",
                6,
                "Failure mode: safe interruptibility and other robustness problems",
                "Can you switch an agent off mid-task without it learning to avoid the off switch?"
                    + " Train several and find out which learning rules care; then test agents that"
                    + " drink on the job, meet lava where there was none, explore near water and"
                    + " face an opponent.",
                45),
            new LessonInfo(
                "goal-misgeneralization",
                7,
                "Failure mode: goal misgeneralization",
                "Train a small neural network to find cheese in random mazes. It does well in"
                    + " training. Move the cheese, and it confidently walks to where the cheese"
                    + " used to be: it kept its skill and learned the wrong goal.",
                35),
            new LessonInfo(
                "look-inside",
                8,
                "Look inside: what the network knows, and a monitor that teaches hiding",
                "Open up the maze network you trained in the last lesson. Find where it keeps the"
                    + " cheese, switch that off, steer it toward the corner, and check each tool"
                    + " against a control. Then see, in a small model anyone can rerun, why grading"
                    + " an agent's stated reasoning can teach it to hide that reasoning.",
                40),
            new LessonInfo(
                "policy-lab",
                9,
                "How load-bearing is KL? The policy-optimization lab",
                "Optimise a policy for a proxy reward while a KL-divergence penalty keeps it near a"
                    + " base model, the idea behind fine-tuning language models with human"
                    + " feedback. Slide the penalty, run seven algorithms, and watch when the reward"
                    + " gets exploited.",
                45));
  }

  @Test
  void everyLessonFileIsListedInTheIndex() throws IOException {
    Path dir = Path.of("src/main/resources/lessons");
    List<String> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.matches("\\d\\d-[a-z0-9-]+\\.md"))
              .sorted()
              .toList();
    }
    assertThat(files).isNotEmpty();
    assertThat(SITE.lessons().stream().map(l -> "%02d-%s.md".formatted(l.number(), l.slug())))
        .containsExactlyElementsOf(files);
  }

  @Test
  void everyLessonRendersAsAFullPage() {
    for (LessonInfo info : SITE.lessons()) {
      String page = SITE.lesson(info.slug()).orElseThrow();
      assertThat(page)
          .startsWith("<!doctype html>\n<html lang=\"en\">")
          .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
          .contains("<title>" + Html.escape(info.title()) + " · SafeRLHub</title>")
          .contains("<a class=\"skip-link\" href=\"#main\">")
          .contains("<main id=\"main\" tabindex=\"-1\">")
          .contains("<link rel=\"stylesheet\" href=\"/webjars/katex/0.18.11/dist/katex.min.css\">")
          .contains("<script defer src=\"/webjars/katex/0.18.11/dist/katex.min.js\"></script>")
          .contains(
              "<script defer"
                  + " src=\"/webjars/katex/0.18.11/dist/contrib/auto-render.min.js\"></script>")
          .contains("<script defer src=\"/webjars/chart.js/4.5.1/dist/chart.umd.min.js\"></script>")
          .contains("<script type=\"module\" src=\"/js/lesson.js\"></script>")
          .doesNotContain("{{")
          // Everything must work offline: no script, style or icon from another host.
          .doesNotContainPattern("(src=|<link[^>]*href=)\"(https?:)?//");
      assertThat(count(page, "<h1>")).as(info.slug()).isEqualTo(1);
    }
  }

  @Test
  void blackjackLessonHasItsWidgetsMathAndFacts() {
    String page = SITE.lesson("blackjack").orElseThrow();
    assertThat(page)
        .contains(
            "<play-hand></play-hand>",
            "<train-agent></train-agent>",
            "<policy-view></policy-view>",
            "<watch-agent></watch-agent>",
            "<show-code></show-code>")
        .contains(
            Html.escape(
                "$$Q(S,A) \\leftarrow Q(S,A) + \\alpha \\left[ R + \\gamma \\max_a Q(S',a)"
                    + " - Q(S,A) \\right]$$"))
        .contains(
            "<details class=\"math\"><summary>Show the math: the three update rules</summary>")
        .contains("−0.0431", "−0.0466", "−0.0257")
        .contains(
            "./saferlhub train --env blackjack --rules sab --agent q-learning --episodes 500000"
                + " --alpha 0.01 --gamma 1 --epsilon 0.1 --seed 7",
            "./saferlhub solve --env blackjack --rules sab --json")
        .contains("gym.make(&quot;Blackjack-v1&quot;)")
        .contains("<nav class=\"toc\" aria-label=\"On this page\">")
        .contains("<a href=\"#train-an-agent\">Train an agent</a>")
        .contains("<h2 id=\"train-an-agent\">Train an agent</h2>")
        .doesNotContain("<em>b</em>");
  }

  @Test
  void homePageShowsThePathWithAvailableAndComingModules() {
    String home = SITE.home();
    assertThat(home)
        .contains("<h1>Learn how AI agents learn, and how they go wrong</h1>")
        .contains("<a href=\"/lessons/blackjack\">Learn RL by playing Blackjack</a>")
        .contains(
            "Under the hood: GridWorld",
            "Failure mode: reward hacking",
            "Failure mode: goal misgeneralization",
            "Failure mode: side effects",
            "Failure mode: safe interruptibility",
            "KL-divergence")
        .contains("<a href=\"/\" aria-current=\"page\">Learning path</a>")
        .contains("<script type=\"module\" src=\"/js/site.js\"></script>")
        .doesNotContain("katex.min.js");
    assertThat(
            count(
                home,
                "<li class=\"path-item available\" data-module=\"blackjack\" data-quiz=\"true\">"))
        .isEqualTo(1);
    assertThat(home).contains("<a href=\"/lessons/gridworld\">Under the hood: GridWorld</a>")
        .contains("<a href=\"/lessons/goal-misgeneralization\">Failure mode: goal "
            + "misgeneralization</a>");
    assertThat(count(home, "<li class=\"path-item coming\">")).isZero();
  }

  @Test
  void glossaryIsServedAsAPage() {
    assertThat(SITE.lesson("glossary").orElseThrow())
        .contains("<dt id=\"usable-ace\">Usable ace</dt>")
        .contains("<a href=\"/lessons/glossary\" aria-current=\"page\">Glossary</a>");
  }

  @Test
  void unknownLessonIsEmpty() {
    assertThat(SITE.lesson("nope")).isEmpty();
    assertThat(SITE.lesson("")).isEmpty();
  }

  @Test
  void notFoundEscapesThePath() {
    String page = SITE.notFound("/x\"><script>alert('1')</script>");
    assertThat(page)
        .contains("<code>/x&quot;&gt;&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt;</code>")
        .doesNotContain("<script>alert")
        .contains("<h1>Page not found</h1>");
  }

  @Test
  void everyLocalAssetAndModuleImportExists() throws IOException {
    Pattern asset = Pattern.compile("(?:src|href)=\"(/(?:css|js)/[^\"]+|/favicon\\.svg)\"");
    StringBuilder all = new StringBuilder(SITE.home() + SITE.lesson("blackjack").orElseThrow());
    for (String slug : SITE.pages()) {
      all.append(SITE.page(slug).orElseThrow());
    }
    String pages = all.toString();
    Matcher m = asset.matcher(pages);
    int found = 0;
    while (m.find()) {
      assertThat(Path.of("src/main/resources/public" + m.group(1))).as(m.group(1)).isRegularFile();
      found++;
    }
    assertThat(found).isGreaterThanOrEqualTo(4);
    Pattern imports = Pattern.compile("(?m)^import [^'\"]*['\"](\\./[^'\"]+)['\"]");
    try (Stream<Path> js = Files.walk(Path.of("src/main/resources/public/js"))) {
      for (Path file : js.filter(Files::isRegularFile).toList()) {
        Matcher im = imports.matcher(Files.readString(file));
        while (im.find()) {
          assertThat(file.resolveSibling(im.group(1).substring(2)))
              .as(file + " imports")
              .isRegularFile();
        }
      }
    }
  }

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  /** The home cards' jargon (issue 10) links to glossary entries that exist. */
  @Test
  void theHomeCardsLinkTheirJargonToTheGlossary() {
    String home = SITE.home();
    Glossary glossary = Glossary.parse("lessons/glossary.md",
        new String(readResource("lessons/glossary.md"), java.nio.charset.StandardCharsets.UTF_8));
    for (String[] term : new String[][] {
        {"kl-divergence", "KL-divergence penalty"},
        {"rlhf", "fine-tuning language models with human feedback"},
        {"specification-gaming", "specification gaming"},
        {"on-policy", "on-policy and off-policy"}}) {
      assertThat(home).contains("<a class=\"term-link\" href=\"/lessons/glossary#" + term[0] + "\">"
          + term[1] + "</a>");
      assertThat(glossary.find(term[0])).as(term[0]).isPresent();
    }
    assertThat(home).doesNotContain("](term:");
  }

  @Test
  void aCardTermTheGlossaryLacksIsRefusedNamingTheFile() {
    Glossary glossary = Glossary.parse("lessons/glossary.md",
        new String(readResource("lessons/glossary.md"), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(Site.termLinks("f.txt", "a <b> [word](term:seed) & more", glossary))
        .isEqualTo("a &lt;b&gt; <a class=\"term-link\" href=\"/lessons/glossary#seed\">word</a> &amp; more");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Site.termLinks("f.txt", "[x](term:no-such-term)", glossary))
        .hasMessageContaining("f.txt").hasMessageContaining("no-such-term");
  }

  private static byte[] readResource(String name) {
    try (var in = SiteTest.class.getClassLoader().getResourceAsStream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
