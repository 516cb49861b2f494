package org.saferlhub.app.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saferlhub.agent.neural.PolicyNet;
import org.saferlhub.app.goal.GoalTraining;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.View;
import org.saferlhub.interp.CheeseVector;

/**
 * {@code POST /api/inspect}: the tools' answers are the engine's measurements on the network
 * {@code saferlhub train} makes from the same settings; checkpoints end at that network; bad
 * fields are named. A small budget keeps it quick: the behaviour is the interp package's tests'.
 */
class InspectApiTest {

  private static final long STEPS = 20_000;

  private static Map<String, Object> ask(Object... kv) {
    Map<String, Object> body = new HashMap<>();
    body.put("steps", STEPS);
    for (int i = 0; i < kv.length; i += 2) {
      body.put((String) kv[i], kv[i + 1]);
    }
    return InspectApi.answer(body);
  }

  @Test
  void theModelIsTheOneTrainTrainsAndItsLastCheckpointIsIt() {
    GoalTraining.Settings s = InspectModels.settings(View.EGOCENTRIC, 0.1, STEPS, 0);
    GoalTraining.Outcome direct = GoalTraining.run(s, u -> true);
    InspectModels.Trained kept = InspectModels.get(s);
    assertThat(InspectModels.get(s)).isSameAs(kept); // kept, not retrained
    assertThat(kept.checkpoints()).hasSize(InspectModels.CHECKPOINTS);
    PolicyNet last = kept.policy();
    assertThat(last.net().parameters()).isDeepEqualTo(direct.policy().net().parameters());
    assertThat(kept.checkpoints().get(InspectModels.CHECKPOINTS - 1).steps())
        .isEqualTo(direct.curve().get(direct.curve().size() - 1).steps());
    Map<String, Object> summary = GoalTraining.summary(direct);
    Map<?, ?> model = (Map<?, ?>) ask("tool", "field").get("model");
    assertThat(model.get("testCornerFirst")).isEqualTo(summary.get("testCornerFirst"));
    assertThat(model.get("train")).isEqualTo(s.command().replace(" --json", " --out net.json"));
  }

  @Test
  void theCheeseVectorAnswerIsTheEnginesMeasurement() {
    Map<String, Object> a = ask("tool", "cheese-vector", "mazes", 10, "layer", 2);
    GoalTraining.Settings s = InspectModels.settings(View.EGOCENTRIC, 0.1, STEPS, 0);
    CheeseVector.Result r = CheeseVector.run(InspectModels.get(s).policy(), View.EGOCENTRIC, 2,
        10, 1, 0);
    Map<?, ?> mean = (Map<?, ?>) a.get("meanPCheese");
    assertThat(mean.get("none")).isEqualTo(InspectApi.round9(r.meanNone()));
    assertThat(mean.get("subtractCheeseVector")).isEqualTo(InspectApi.round9(r.meanSubtract()));
    assertThat(a.get("command")).isEqualTo("saferlhub inspect --view egocentric --p 0.1 --steps "
        + STEPS + " --train-seed 0 --cheese-vector --mazes 10 --coefficient 1 --layer 2 --json");
  }

  @Test
  void theFieldMovesTheCheeseAndAnInterventionChangesIt() {
    Map<String, Object> plain = ask("tool", "field", "maze", 2);
    int start = (Integer) plain.get("start");
    String walls = (String) plain.get("walls");
    int free = -1;
    for (int cell = 0; cell < walls.length(); cell++) {
      if (walls.charAt(cell) == '.' && cell != start && cell != (Integer) plain.get("cheese")) {
        free = cell;
        break;
      }
    }
    Map<String, Object> moved = ask("tool", "field", "maze", 2, "cheese", free,
        "intervention", "subtract-cheese-vector", "coefficient", 3);
    assertThat(moved.get("cheese")).isEqualTo(free);
    assertThat(moved.get("walls")).isEqualTo(walls);
    assertThat((List<?>) moved.get("before")).hasSize(81);
    assertThat((Double) moved.get("meanTv")).isPositive();
    assertThat(plain.get("before")).isEqualTo(plain.get("after"));
    assertThat((String) moved.get("command")).contains("--cheese " + free)
        .contains("--intervention subtract-cheese-vector").contains("--coefficient 3");
  }

  @Test
  void checkpointsCarryTheDistanceBetweenConsecutiveFields() {
    Map<String, Object> a = ask("tool", "checkpoints");
    List<?> rows = (List<?>) a.get("checkpoints");
    assertThat(rows).hasSize(InspectModels.CHECKPOINTS);
    assertThat(((Map<?, ?>) rows.get(0)).containsKey("meanTv")).isFalse();
    for (Object row : rows.subList(1, rows.size())) {
      assertThat((Double) ((Map<?, ?>) row).get("meanTv")).isBetween(0.0, 1.0);
    }
  }

  @Test
  void badFieldsAreNamed() {
    assertThatThrownBy(() -> ask("tool", "x-ray")).isInstanceOf(ParameterException.class)
        .extracting(e -> ((ParameterException) e).field()).isEqualTo("tool");
    assertThatThrownBy(() -> ask("steps", 300_001)).isInstanceOf(ParameterException.class)
        .extracting(e -> ((ParameterException) e).field()).isEqualTo("steps");
    assertThatThrownBy(() -> ask("wat", 1)).isInstanceOf(ParameterException.class)
        .hasMessageContaining("unknown field 'wat'");
    assertThatThrownBy(() -> ask("tool", "field", "cheese", 0))
        .isInstanceOf(ParameterException.class)
        .extracting(e -> ((ParameterException) e).field()).isEqualTo("cheese");
    assertThatThrownBy(() -> ask("tool", "cheese-vector", "mazes", 201))
        .isInstanceOf(ParameterException.class)
        .extracting(e -> ((ParameterException) e).field()).isEqualTo("mazes");
    assertThatThrownBy(() -> ask("tool", "field", "intervention", "steer", "alpha", 50))
        .isInstanceOf(ParameterException.class)
        .extracting(e -> ((ParameterException) e).field()).isEqualTo("alpha");
  }
}
