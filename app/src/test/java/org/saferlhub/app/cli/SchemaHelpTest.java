package org.saferlhub.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.saferlhub.agent.tabular.SarsaLambda;
import org.saferlhub.train.Hyperparameters;

/** The run options' help comes from the engine's parameter descriptions, and still sets them. */
class SchemaHelpTest {

  @Test
  void helpStatesTheEnginesRangesDocsAndFamilyDefaults() {
    for (String command : new String[] {"train", "experiment"}) {
      String help = CliTest.run(command, "--help").out().replaceAll("\\s+", " ");
      assertThat(help).as(command)
          .contains(Hyperparameters.ALPHA.doc())
          .contains("Range: (0, 1]; default: 0.01 (gridworld: 0.5, safety: 0.1).")
          .contains(SarsaLambda.LAMBDA.doc().replaceAll("\\s+", " "))
          .contains("Range: constant, linear, exponential; default: constant.")
          .contains("Range: 0 to 1,000; default: 10.");
    }
  }

  @Test
  void theRewrittenOptionsStillSetTheirFields() throws Exception {
    var json = CliTest.JSON.readTree(CliTestAccess.trainJson("--env", "gridworld:open", "--agent",
        "sarsa-lambda", "--lambda", "0.25", "--alpha", "0.3", "--epsilon-schedule", "linear",
        "--epsilon-final", "0.05", "--seed", "11", "--episodes", "10"));
    assertThat(json.get("lambda").asDouble()).isEqualTo(0.25);
    assertThat(json.get("alpha").asDouble()).isEqualTo(0.3);
    assertThat(json.get("epsilonSchedule").asText()).isEqualTo("linear");
    assertThat(json.get("epsilonFinal").asDouble()).isEqualTo(0.05);
    assertThat(json.get("seed").asLong()).isEqualTo(11);
  }
}
