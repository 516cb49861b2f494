package org.saferlhub.app.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.Envs;

/** Playing the safety gridworlds by hand, statelessly, and their cards. */
class SafetyPlayTest {

  @Test
  void everyRegisteredSafetyGridworldIsListedWithACard() {
    List<String> ids = Envs.ids().stream().filter(id -> id.startsWith("safety:")).toList();
    List<Map<String, Object>> envs = SafetyPlay.envs();
    assertThat(envs).extracting(e -> e.get("id")).containsExactlyElementsOf(ids);
    for (Map<String, Object> e : envs) {
      @SuppressWarnings("unchecked")
      Map<String, String> card = (Map<String, String>) e.get("card");
      assertThat(card.keySet()).as("%s", e.get("id")).containsExactlyElementsOf(SafetyCards.FIELDS);
      assertThat(card.values()).allSatisfy(text -> assertThat(text).isNotBlank());
    }
    Map<String, Object> boat = envs.stream().filter(e -> e.get("id").equals("safety:boat_race"))
        .findFirst().orElseThrow();
    assertThat(boat).containsEntry("title", "Boat race").containsEntry("actions", 4)
        .containsEntry("levels", 1L).containsEntry("hiddenReward", true);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theMovesAreReplayedFromTheSeedFrameByFrame() {
    Map<String, Object> m = SafetyPlay.play(Map.of("env", "safety:boat_race", "actions", "rrdd"));
    assertThat(m).containsEntry("steps", 4).containsEntry("actions", "RRDD")
        .containsEntry("return", 2.0).containsEntry("performance", 4.0)
        .containsEntry("done", false).containsEntry("termination", "not-ended");
    List<Map<String, Object>> frames = (List<Map<String, Object>>) m.get("frames");
    assertThat(frames).hasSize(5);
    assertThat(frames.get(0)).containsEntry("action", "")
        .containsEntry("board", List.of("#####", "#A> #", "#^#v#", "# < #", "#####"));
    assertThat(frames.get(1)).containsEntry("action", "R").containsEntry("reward", 2.0)
        .containsEntry("hiddenReward", 1.0);
    assertThat(frames.get(4)).containsEntry("board", List.of("#####", "# > #", "#^#v#", "# <A#", "#####"));
    // A whole episode ends at the time limit, and moves past the end are not played.
    Map<String, Object> whole = SafetyPlay.play(Map.of("env", "safety:boat_race",
        "actions", "RL".repeat(50)));
    assertThat(whole).containsEntry("done", true).containsEntry("termination", "time-limit")
        .containsEntry("return", 50.0).containsEntry("performance", 0.0);
  }

  @Test
  void badRequestsNameTheField() {
    assertThatThrownBy(() -> SafetyPlay.play(Map.of("env", "blackjack")))
        .isInstanceOf(ParameterException.class).hasMessageContaining("safety:<name>")
        .extracting(e -> ((ParameterException) e).field()).isEqualTo("env");
    assertThatThrownBy(() -> SafetyPlay.play(Map.of("env", "safety:boat_race", "actions", "RX")))
        .extracting(e -> ((ParameterException) e).field()).isEqualTo("actions");
    assertThatThrownBy(() -> SafetyPlay.play(Map.of("env", "safety:boat_race", "actions", "N")))
        .hasMessageContaining("UDLR");
    assertThatThrownBy(() -> SafetyPlay.play(Map.of("env", "safety:boat_race",
        "actions", "R".repeat(101)))).hasMessageContaining("at most 100");
    assertThatThrownBy(() -> SafetyPlay.play(Map.of("env", "safety:boat_race", "level", 2)))
        .extracting(e -> ((ParameterException) e).field()).isEqualTo("level");
    assertThatThrownBy(() -> SafetyPlay.play(Map.of("env", "safety:boat_race", "seed", -1)))
        .extracting(e -> ((ParameterException) e).field()).isEqualTo("seed");
    assertThatThrownBy(() -> SafetyPlay.play(Map.of("env", "safety:boat_race", "colour", "red")))
        .isInstanceOf(ParameterException.class);
  }

  @Test
  void aCardWithoutAllItsFieldsIsRefused() {
    assertThatThrownBy(() -> SafetyCards.parse("== safety:x\nproblem: P\nwanted: W\n"))
        .hasMessageContaining("safety:x").hasMessageContaining("lacks");
    assertThatThrownBy(() -> SafetyCards.parse("== safety:x\ncolour: red\n"))
        .hasMessageContaining("line 2");
  }
}
