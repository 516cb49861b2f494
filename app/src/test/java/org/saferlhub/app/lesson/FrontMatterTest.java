package org.saferlhub.app.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FrontMatterTest {
  private static final Set<String> KEYS = Set.of("title", "summary", "minutes");

  @Test
  void parsesFieldsBodyAndBodyLine() {
    FrontMatter fm =
        FrontMatter.parse(
            "a.md",
            "---\ntitle: Play: Blackjack\nsummary:  Learn.  \nminutes: 25\n---\n# Body\n",
            KEYS);
    assertThat(fm.fields())
        .containsExactly(
            java.util.Map.entry("title", "Play: Blackjack"),
            java.util.Map.entry("summary", "Learn."),
            java.util.Map.entry("minutes", "25"));
    assertThat(fm.body()).isEqualTo("# Body\n");
    assertThat(fm.bodyLine()).isEqualTo(6);
    assertThat(fm.requiredPositiveInt("minutes")).isEqualTo(25);
  }

  @Test
  void rejectsMissingBlock() {
    assertThatThrownBy(() -> FrontMatter.parse("a.md", "# Title\n", KEYS))
        .hasMessage("a.md:1: expected a front-matter block starting with ---");
  }

  @Test
  void rejectsUnclosedBlock() {
    assertThatThrownBy(() -> FrontMatter.parse("a.md", "---\ntitle: x\n", KEYS))
        .hasMessage("a.md:1: the front-matter block is not closed by ---");
  }

  @Test
  void rejectsUnknownAndDuplicateKeysWithLine() {
    assertThatThrownBy(() -> FrontMatter.parse("a.md", "---\ntitle: x\ntitel: y\n---\n", KEYS))
        .hasMessage("a.md:3: unknown front-matter key 'titel'; allowed: minutes, summary, title");
    assertThatThrownBy(() -> FrontMatter.parse("a.md", "---\ntitle: x\ntitle: y\n---\n", KEYS))
        .hasMessage("a.md:3: duplicate key 'title'");
    assertThatThrownBy(() -> FrontMatter.parse("a.md", "---\njust text\n---\n", KEYS))
        .hasMessage("a.md:2: expected 'key: value' in the front matter, got: just text");
  }

  @Test
  void rejectsBadMinutes() {
    FrontMatter fm = FrontMatter.parse("a.md", "---\nminutes: soon\n---\n", KEYS);
    assertThatThrownBy(() -> fm.requiredPositiveInt("minutes"))
        .hasMessage("a.md: front-matter 'minutes' must be a positive whole number, got: soon");
    assertThatThrownBy(() -> fm.required("title"))
        .hasMessage("a.md: front matter needs a non-empty 'title'");
  }
}
