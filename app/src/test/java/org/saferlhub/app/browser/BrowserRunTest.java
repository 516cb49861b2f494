package org.saferlhub.app.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.saferlhub.app.run.FamilyView;
import org.saferlhub.app.run.FamilyViews;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.app.run.RunReports;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.Trainer;
import org.saferlhub.train.TrainingListener;
import org.saferlhub.train.TrainingPoint;
import org.saferlhub.train.TrainingResult;

/**
 * The browser engine's pipeline, run on the JVM exactly as TeaVM's build runs it in the page: it
 * reads the fields with the web API's rules and answers the server's reports, written by its own
 * small JSON writer. (InPageEngineIT runs the compiled build in Chromium.)
 */
class BrowserRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void answersTheServersReportsAndStreamsTheServersPoints() throws Exception {
    String fields = "{\"env\":\"blackjack\",\"algorithm\":\"sarsa\",\"episodes\":20000,\"seed\":4,"
        + "\"epsilonSchedule\":\"exponential\",\"epsilonFinal\":0.01}";
    List<String> points = new ArrayList<>();
    JsonNode answer = JSON.readTree(BrowserRun.train(fields, points::add, () -> false));

    RunConfig config = RunConfigs.fromFields(org.saferlhub.app.run.RunFields.of(Map.of("env",
        "blackjack", "algorithm", "sarsa", "episodes", 20000L, "seed", 4L, "epsilonSchedule",
        "exponential", "epsilonFinal", 0.01)), RunConfigs.Surface.web(RunConfig.MAX_EPISODES));
    FamilyView.Collector family = FamilyViews.of(config.env()).collect(config);
    List<TrainingPoint> serverPoints = new ArrayList<>();
    TrainingResult result = Trainer.train(config, config.makeEnv(), new TrainingListener() {
      @Override
      public void onPoint(TrainingPoint p) {
        family.onPoint(p);
        serverPoints.add(p);
      }
    }, () -> false, Duration.ofMinutes(1));
    JsonNode full = JSON.valueToTree(RunReports.full(result, family, true));
    JsonNode summary = JSON.valueToTree(RunReports.summary(result, family));

    InPageEngineIT.assertSameRun(answer.get("full"), full, "full");
    InPageEngineIT.assertSameRun(answer.get("summary"), summary, "summary");
    assertThat(points).hasSize(serverPoints.size()).hasSizeGreaterThan(10);
    for (int i = 0; i < points.size(); i++) {
      InPageEngineIT.assertSameRun(JSON.readTree(points.get(i)),
          JSON.valueToTree(RunReports.point(serverPoints.get(i), false)), "point " + i);
    }
  }

  @Test
  void badFieldsAnswerTheServersErrorNamingTheField() throws Exception {
    JsonNode tooMany = JSON.readTree(BrowserRun.train("{\"episodes\": 99999999999}", p -> { },
        () -> false));
    assertThat(tooMany.path("field").asText()).isEqualTo("episodes");
    assertThat(tooMany.path("error").asText()).contains("10,000,000");
    JsonNode typo = JSON.readTree(BrowserRun.train("{\"epsilom\": 0.2}", p -> { }, () -> false));
    assertThat(typo.path("field").asText()).isEqualTo("epsilom");
    assertThat(typo.path("error").asText()).contains("unknown field");
    JsonNode text = JSON.readTree(BrowserRun.train("{\"alpha\": \"big\"}", p -> { }, () -> false));
    assertThat(text.path("field").asText()).isEqualTo("alpha");
    JsonNode broken = JSON.readTree(BrowserRun.train("{\"alpha\": ", p -> { }, () -> false));
    assertThat(broken.path("field").asText()).isEqualTo("body");
  }

  @Test
  void stopEndsTheRunAsCancelledWithItsResult() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    JsonNode answer = JSON.readTree(BrowserRun.train("{\"episodes\": 1000000, \"seed\": 2}",
        p -> { }, () -> polls.incrementAndGet() > 3));
    assertThat(answer.path("full").path("stopReason").asText()).isEqualTo("cancelled");
    assertThat(answer.path("full").path("episodes").asLong()).isBetween(1024L, 8192L);
    assertThat(answer.path("full").path("expectedReturn").isNumber()).isTrue();
  }

  @Test
  void theJsonWriterEscapesTextAndKeepsEveryDouble() throws Exception {
    String text = "quote \" backslash \\ newline \n tab \t control \u0001 line \u2028 ↑";
    double[] values = {0.1, -0.08701, 1e-300, 123456789.123, 5e-324, Double.MAX_VALUE, -0.0, 1.0};
    String json = JsonText.write(Map.of("text", text, "values", values, "nan", List.of(Double.NaN)));
    JsonNode back = JSON.readTree(json);
    assertThat(back.path("text").asText()).isEqualTo(text);
    for (int i = 0; i < values.length; i++) {
      assertThat(back.path("values").get(i).asDouble()).isEqualTo(values[i]);
    }
    assertThat(back.path("nan").get(0).isNull()).isTrue();
    assertThat(JsonText.readObject(" {\"a\": \"x\\u0041\\n\", \"b\": 12, \"c\": 1.5e2, \"d\": null,"
        + " \"e\": true, \"f\": [1, [2.5, {}], {\"g\": []}]} ")).containsEntry("a", "xA\n")
        .containsEntry("b", 12L).containsEntry("c", 150.0).containsEntry("d", null)
        .containsEntry("e", true).containsEntry("f", List.of(1L, List.of(2.5, Map.of()),
            Map.of("g", List.of())));
    assertThat(JsonText.read("  ")).isNull();
    for (String bad : List.of("{", "[1,]", "{\"a\" 1}", "{} x", "[" .repeat(100) + "]".repeat(100))) {
      assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
          org.saferlhub.config.ParameterException.class, () -> JsonText.read(bad)).field())
          .as(bad).isEqualTo("body");
    }
  }

  /**
   * The page's engine answers POST /api/safety/experiments as the server does: the same numbers
   * as the CLI's --json for the same fields, and the server's 400 naming the field.
   */
  @Test
  void theEngineRunsSafetyExperimentsAsTheServerDoes() throws Exception {
    BrowserApi api = new BrowserApi();
    String body = "{\"env\":\"safety:safe_interruptibility\",\"level\":1,"
        + "\"agents\":[\"q-learning\",\"monte-carlo\"],\"episodes\":3000,\"seeds\":2}";
    com.fasterxml.jackson.databind.JsonNode answer = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(api.answer("POST", "/api/safety/experiments", body));
    assertThat(answer.get("status").asInt()).isEqualTo(200);
    com.fasterxml.jackson.databind.JsonNode agents = answer.get("body").get("agents");
    assertThat(agents.get(0).get("agent").asText()).isEqualTo("q-learning");
    // Q-learning goes through the interruption tile; Monte Carlo learns the button.
    assertThat(agents.get(0).get("greedy").get("behaviours").get("pressedButton").asDouble())
        .isEqualTo(0.0);
    assertThat(agents.get(1).get("greedy").get("behaviours").get("pressedButton").asDouble())
        .isEqualTo(1.0);
    java.util.Map<String, Object> same = org.saferlhub.app.safety.SafetyExperiment.answer(
        new com.fasterxml.jackson.databind.ObjectMapper().readValue(body, java.util.Map.class),
        () -> false);
    JsonNode direct = new ObjectMapper().valueToTree(same);
    assertThat(direct.toString()).isEqualTo(answer.get("body").toString());
    String bad = api.answer("POST", "/api/safety/experiments",
        "{\"env\":\"safety:whisky_gold\",\"seeds\":\"ten\"}");
    assertThat(bad).contains("\"status\":400", "\"field\":\"seeds\"");
  }
}
