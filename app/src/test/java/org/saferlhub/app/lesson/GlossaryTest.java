package org.saferlhub.app.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GlossaryTest {
  private static final Glossary SHIPPED =
      Glossary.parse("lessons/glossary.md", Resources.classpath().require("lessons/glossary.md"));

  @Test
  void parsesNameKeyAndJoinedDefinition() {
    Glossary g =
        Glossary.parse(
            "g.md",
            "---\n"
                + "title: G\n"
                + "summary: S\n"
                + "---\n"
                + "Intro.\n\n"
                + "## Usable ace {#usable-ace}\n"
                + "An ace\n"
                + "counting 11.\n");
    assertThat(g.find("usable-ace"))
        .contains(new Glossary.Entry("usable-ace", "Usable ace", "An ace counting 11."));
    assertThat(g.find("ace")).isEmpty();
  }

  @Test
  void rejectsMalformedEmptyAndDuplicateEntries() {
    assertThatThrownBy(() -> Glossary.parse("g.md", "---\ntitle: G\n---\n## Agent\nx\n"))
        .hasMessage("g.md:4: a glossary heading must look like '## Name {#key}', got: ## Agent");
    assertThatThrownBy(
            () -> Glossary.parse("g.md", "---\ntitle: G\n---\n## A {#a}\n\n## B {#b}\nx"))
        .hasMessage("g.md:4: term 'a' has no definition");
    assertThatThrownBy(
            () -> Glossary.parse("g.md", "---\ntitle: G\n---\n## A {#a}\nx\n## A2 {#a}\ny"))
        .hasMessage("g.md:6: duplicate term 'a'");
  }

  @Test
  void shippedGlossaryDefinesTheCoreVocabulary() {
    assertThat(SHIPPED.entries().stream().map(Glossary.Entry::key))
        .contains(
            "agent",
            "environment",
            "state",
            "observation",
            "action",
            "action-space",
            "reward",
            "episode",
            "policy",
            "return",
            "discount-factor",
            "exploration",
            "exploitation",
            "epsilon-greedy",
            "q-value",
            "learning-rate",
            "td-error",
            "monte-carlo",
            "greedy-policy",
            "dynamic-programming",
            "expected-return",
            "natural",
            "usable-ace",
            "seed");
  }

  @Test
  void shippedDefinitionsAreShortPlainText() {
    for (Glossary.Entry e : SHIPPED.entries()) {
      // A '$' would be paired by KaTeX in the browser; Markdown syntax would show literally.
      assertThat(e.definition()).as(e.key()).doesNotContain("$", "*", "`", "](");
      assertThat(e.definition().length()).as(e.key()).isBetween(40, 420);
    }
  }
}
