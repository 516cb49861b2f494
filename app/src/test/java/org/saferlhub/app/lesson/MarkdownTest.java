package org.saferlhub.app.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkdownTest {
  private static final Glossary GLOSSARY =
      Glossary.parse(
          "test-glossary.md",
          """
          ---
          title: Glossary
          summary: Terms.
          ---
          ## Episode {#episode}
          One complete game,
          from deal to result.

          ## Discount factor γ {#discount-factor}
          How much later reward counts <a lot>.
          """);

  private final Markdown markdown = new Markdown(GLOSSARY);

  private String html(String source) {
    return markdown.render("lesson.md", 1, source).html();
  }

  @Test
  void inlineMathSurvivesEmphasisCharacters() {
    assertThat(html("Here $a*b*c$ is math.")).isEqualTo("<p>Here $a*b*c$ is math.</p>\n");
  }

  @Test
  void mathKeepsBackslashEscapesAndBraces() {
    assertThat(html("Set $\\{x\\}$ ok.")).isEqualTo("<p>Set $\\{x\\}$ ok.</p>\n");
  }

  @Test
  void displayMathKeepsUnderscoresAndDoubleBackslashes() {
    assertThat(html("$$\\sum_i x_i$$")).isEqualTo("<p>$$\\sum_i x_i$$</p>\n");
    assertThat(html("$$\n\\begin{aligned} a_1 &= b_1 \\\\ c_2 &= d_2 \\end{aligned}\n$$"))
        .isEqualTo(
            "<p>$$\n\\begin{aligned} a_1 &amp;= b_1 \\\\ c_2 &amp;= d_2 \\end{aligned}\n$$</p>\n");
  }

  @Test
  void mathIsHtmlEscapedWhenPutBack() {
    assertThat(html("If $a<b$ then.")).isEqualTo("<p>If $a&lt;b$ then.</p>\n");
  }

  @Test
  void literalDollarsAreShieldedFromKatex() {
    assertThat(html("Costs \\$5 or \\$10."))
        .isEqualTo(
            "<p>Costs <span class=\"nomath\">$</span>5 or <span"
                + " class=\"nomath\">$</span>10.</p>\n");
    // A $ followed by a space cannot open math, and one without a partner stays a dollar.
    assertThat(html("Pay $ 5 now and $3 later."))
        .isEqualTo(
            "<p>Pay <span class=\"nomath\">$</span> 5 now and <span class=\"nomath\">$</span>3"
                + " later.</p>\n");
  }

  @Test
  void codeIsNotMath() {
    assertThat(html("Run `echo $HOME` and `echo $PATH`."))
        .isEqualTo("<p>Run <code>echo $HOME</code> and <code>echo $PATH</code>.</p>\n");
    assertThat(html("```bash\nx=$a*b*c$\n```"))
        .isEqualTo("<pre><code class=\"language-bash\">x=$a*b*c$\n</code></pre>\n");
  }

  @Test
  void rawHtmlIsEscaped() {
    assertThat(html("<script>alert(1)</script>\n\nHi <b onclick=\"x()\">there</b>"))
        .isEqualTo(
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
                + "<p>Hi &lt;b onclick=&quot;x()&quot;&gt;there&lt;/b&gt;</p>\n");
  }

  @Test
  void javascriptUrlsAreDropped() {
    assertThat(html("[click](javascript:alert(1))"))
        .isEqualTo("<p><a rel=\"nofollow\" href=\"\">click</a></p>\n");
  }

  @Test
  void widgetsRenderAsCustomElements() {
    assertThat(html("Play:\n\n```widget play-hand\n```\n\nDone."))
        .isEqualTo("<p>Play:</p>\n<play-hand></play-hand>\n<p>Done.</p>\n");
  }

  @Test
  void unknownWidgetFailsWithFileAndLine() {
    assertThatThrownBy(
            () -> markdown.render("lessons/x.md", 7, "Intro.\n\n```widget play-hnd\n```"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("lessons/x.md:9: unknown widget 'play-hnd'; known widgets: ");
  }

  @Test
  void lineNumbersCountLinesInsideMath() {
    // Three lines of display math collapse into one placeholder; the error must still say line 6.
    String source = "$$\na\n\\\\ b\n$$\n\n```widget nope\n```";
    assertThatThrownBy(() -> html(source))
        .hasMessageStartingWith("lesson.md:6: unknown widget 'nope'");
  }

  @Test
  void mathToggleRendersItsMarkdownAndKeepsMath() {
    assertThat(html("```math\nThe **update**:\n\n$$x_1 * y_1$$\n```"))
        .isEqualTo(
            "<details class=\"math\"><summary>Show the math</summary>\n"
                + "<div class=\"math-body\">\n"
                + "<p>The <strong>update</strong>:</p>\n<p>$$x_1 * y_1$$</p>\n"
                + "</div>\n</details>\n");
    assertThat(html("```math the <rules>\nx\n```"))
        .startsWith("<details class=\"math\"><summary>Show the math: the &lt;rules&gt;</summary>");
  }

  @Test
  void errorsInsideMathTogglesReportTheFileLine() {
    assertThatThrownBy(() -> html("Intro\n\n```math\nA [b](term:nope) c\n```"))
        .hasMessageStartingWith("lesson.md:4: unknown glossary term 'nope'");
  }

  @Test
  void termsRenderAButtonWithTheirDefinition() {
    assertThat(html("One [*episode*](term:episode) and [γ](term:discount-factor)."))
        .isEqualTo(
            "<p>One <span class=\"term-wrap\"><button type=\"button\" class=\"term\""
                + " data-term=\"episode\" aria-describedby=\"term-def-1\"><em>episode</em></button>"
                + "<span class=\"term-def\" role=\"tooltip\" id=\"term-def-1\">"
                + "<span class=\"term-name\">Episode:</span> One complete game, from deal to"
                + " result.</span></span> and <span class=\"term-wrap\"><button type=\"button\""
                + " class=\"term\" data-term=\"discount-factor\" aria-describedby=\"term-def-2\">γ"
                + "</button><span class=\"term-def\" role=\"tooltip\" id=\"term-def-2\">"
                + "<span class=\"term-name\">Discount factor γ:</span> How much later reward"
                + " counts &lt;a lot&gt;.</span></span>.</p>\n");
  }

  @Test
  void unknownTermFailsWithFileAndLine() {
    assertThatThrownBy(() -> markdown.render("lessons/x.md", 1, "Hi\nthere [ep](term:epsiode)"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "lessons/x.md:2: unknown glossary term 'epsiode'; add it to lessons/glossary.md");
  }

  @Test
  void headingsGetUniqueIdsAndFormTheTableOfContents() {
    Markdown.Rendered r =
        markdown.render("lesson.md", 1, "## How it works: $Q$-values\n\n### Detail\n\n## Detail");
    assertThat(r.html())
        .isEqualTo(
            "<h2 id=\"how-it-works-q-values\">How it works: $Q$-values</h2>\n"
                + "<h3 id=\"detail\">Detail</h3>\n<h2 id=\"detail-2\">Detail</h2>\n");
    assertThat(r.toc())
        .containsExactly(
            new Markdown.TocEntry("how-it-works-q-values", "How it works: $Q$-values"),
            new Markdown.TocEntry("detail-2", "Detail"));
  }

  @Test
  void tablesAreSupported() {
    assertThat(html("| a | b |\n|---|---|\n| $x|y$ | 2 |"))
        .contains("<table>")
        .contains("<td>$x|y$</td>");
  }

  @Test
  void widgetsTakeAttributesEscaped() {
    assertThat(html("```widget lesson-quiz lesson=blackjack\n```"))
        .isEqualTo("<lesson-quiz lesson=\"blackjack\"></lesson-quiz>\n");
    assertThat(html("```widget fix-the-robots level=\"two & three\" mode=fast\n```"))
        .isEqualTo(
            "<fix-the-robots level=\"two &amp; three\" mode=\"fast\"></fix-the-robots>\n");
  }

  @Test
  void badWidgetAttributesFailWithFileAndLine() {
    assertThatThrownBy(() -> html("Hi\n\n```widget lesson-quiz lesson\n```"))
        .hasMessageStartingWith(
            "lesson.md:3: widget 'lesson-quiz' attributes must look like key=value");
    assertThatThrownBy(() -> html("```widget lesson-quiz a=1 a=2\n```"))
        .hasMessage("lesson.md:1: widget 'lesson-quiz' repeats attribute 'a'");
    assertThatThrownBy(() -> html("```widget lesson-quiz onclick=x\n```"))
        .hasMessage("lesson.md:1: widget 'lesson-quiz' may not have an event-handler attribute");
  }

  @Test
  void renderedPagesReportTheirWidgetsAndWhetherTheyHaveMath() {
    Markdown.Rendered plain =
        markdown.render(
            "p.md",
            1,
            "```widget my-runs\n```\n\n```widget run-view\n```\n\n```widget my-runs\n```");
    assertThat(plain.widgets()).containsExactly("my-runs", "run-view");
    assertThat(plain.math()).isFalse();
    assertThat(markdown.render("p.md", 1, "Costs \\$5.").math()).isFalse();
    assertThat(markdown.render("p.md", 1, "Here $x$ is math.").math()).isTrue();
    assertThat(markdown.render("p.md", 1, "```math\n$$y$$\n```").math()).isTrue();
  }

  @Test
  void linksTitledButtonAreDrawnAsButtons() {
    assertThat(html("[Open it](/lessons/x?a=1&b=2#train \"button\") or [this](/x \"A title\")"))
        .isEqualTo(
            "<p><a rel=\"nofollow\" href=\"/lessons/x?a=1&amp;b=2#train\" class=\"btn\">"
                + "Open it</a> or <a rel=\"nofollow\" href=\"/x\" title=\"A title\">this</a>"
                + "</p>\n");
  }
}
