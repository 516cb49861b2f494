package org.saferlhub.app.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModuleTest {
  @Test
  void parsesBlocksSkippingComments() {
    String text =
        """
        # comment: with a colon
        title: Failure mode: side effects
        summary: S.
        goal: G.
        minutes: 30
        difficulty: Intermediate
        ---
        title: Lab
        summary: S2.
        goal: G2.
        minutes: 45
        difficulty: Advanced
        """;
    assertThat(Module.parseAll("coming.txt", text))
        .containsExactly(
            new Module("Failure mode: side effects", "S.", "G.", 30, "Intermediate"),
            new Module("Lab", "S2.", "G2.", 45, "Advanced"));
  }

  @Test
  void reportsTheBlockOfABadKey() {
    String first = "title: A\nsummary: S\ngoal: G\nminutes: 5\ndifficulty: Beginner\n";
    assertThatThrownBy(() -> Module.parseAll("coming.txt", first + "---\ntitle: B\ntime: 3\n"))
        .hasMessage(
            "coming.txt:8: unknown front-matter key 'time'; allowed:"
                + " difficulty, goal, minutes, summary, title");
    assertThatThrownBy(() -> Module.parseAll("coming.txt", first + "---\ntitle: B\n"))
        .hasMessage(
            "coming.txt (block starting at line 7): front matter needs a non-empty 'summary'");
  }
}
