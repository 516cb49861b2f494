package org.saferlhub.app.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saferlhub.app.lesson.Site;

/**
 * The answer page's figures: each is the same picture every time, is the picture its command
 * draws, and sits in the page with its words and its command.
 */
class FiguresTest {

  /** Where each figure's command writes it, relative to the folder it runs in. */
  private static final Map<String, String> WRITTEN = Map.of(
      "kl-sweep-true-vs-sqrt-kl", "kl-sweep/reward-vs-sqrt-kl.svg",
      "kl-sweep-exploit-vs-beta", "kl-sweep/exploit-vs-beta.svg",
      "trust-region", "trust-region.svg",
      "best-of-n", "best-of-n.svg",
      "warnings", "warnings/lead-times.svg",
      "preferences", "preferences/true-reward-vs-pairs.svg");

  @Test
  void theFiguresHaveDistinctNamesWordsAndCommands() {
    Set<String> names = new HashSet<>();
    assertThat(Figures.all()).hasSizeGreaterThanOrEqualTo(5);
    for (Figures.Figure<?> f : Figures.all()) {
      assertThat(names.add(f.name())).as(f.name()).isTrue();
      assertThat(f.name()).matches("[a-z0-9-]+");
      assertThat(f.alt()).as(f.name()).hasSizeGreaterThan(40);
      assertThat(f.command()).startsWith("saferlhub experiment ");
      assertThat(Figures.named(f.name())).containsSame(f);
    }
    assertThat(Figures.named("nope")).isEmpty();
    assertThat(Figures.named(null)).isEmpty();
    assertThat(Figures.svg("nope")).isEmpty();
    assertThat(Figures.svg(null)).isEmpty();
  }

  @Test
  void aFigureRenderedTwiceIsTheSameBytes() {
    for (Figures.Figure<?> f : Figures.all()) {
      byte[] kept = Figures.svg(f.name()).orElseThrow();
      assertThat(Figures.svg(f.name()).orElseThrow()).as("kept").isSameAs(kept);
      // Computed again from scratch: the experiments are seeded, the drawing has no clock.
      assertThat(f.render()).as(f.name()).isEqualTo(kept);
      String svg = new String(kept, StandardCharsets.UTF_8);
      assertThat(svg).contains("<svg ").contains("<desc>Made by: " + f.command() + "</desc>");
    }
  }

  @Test
  void theFiguresAreInTheAnswerPageWithTheirWordsAndCommands() {
    String page = Site.load().page("kl-answer").orElseThrow();
    int last = -1;
    for (Figures.Figure<?> f : Figures.all()) {
      String img = "<img src=\"" + f.path() + "\" alt=\"" + f.alt().replace("&", "&amp;")
          .replace("\"", "&quot;") + "\"";
      assertThat(page).as(f.name()).contains(img);
      int at = page.indexOf(img);
      assertThat(at).as("%s comes after the figure before it", f.name()).isGreaterThan(last);
      last = at;
      // Its caption, in the same paragraph, gives the command as the page's other commands do.
      String paragraph = page.substring(at, page.indexOf("</p>", at));
      assertThat(paragraph).as(f.name()).contains("<code>./" + f.command() + "</code>");
    }
  }

  /**
   * The command each figure states draws exactly the figure the server serves: run in a fresh
   * JVM in an empty folder, as a reader would, each writes the same SVG bytes.
   */
  @Test
  void eachFiguresCommandDrawsThatVeryFigure(@TempDir Path dir)
      throws IOException, InterruptedException {
    Set<String> run = new HashSet<>();
    for (Figures.Figure<?> f : Figures.all()) {
      if (run.add(f.command())) {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
            "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
            "org.saferlhub.app.Main"));
        java.addAll(f.args());
        Process p = new ProcessBuilder(java).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("log-" + f.name() + ".txt").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(f.command()).isTrue();
        assertThat(p.exitValue()).as(f.command() + ": "
            + Files.readString(dir.resolve("log-" + f.name() + ".txt"))).isZero();
      }
      Path file = dir.resolve(WRITTEN.get(f.name()));
      assertThat(file).as(f.name()).isRegularFile();
      assertThat(Files.readAllBytes(file)).as(f.name() + " from " + f.command())
          .isEqualTo(Figures.svg(f.name()).orElseThrow());
    }
  }
}
