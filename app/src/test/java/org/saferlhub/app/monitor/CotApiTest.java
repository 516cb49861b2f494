package org.saferlhub.app.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saferlhub.app.Main;
import org.saferlhub.app.browser.BrowserApi;
import org.saferlhub.app.cli.Cli;
import org.saferlhub.config.ParameterException;
import org.saferlhub.monitor.CotMonitoring;
import org.saferlhub.monitor.CotMonitoring.Arm;
import org.saferlhub.monitor.CotMonitoring.Config;
import org.saferlhub.monitor.CotMonitoring.Monitor;

/**
 * {@code POST /api/monitor/cot}: both arms with the defaults, final values equal to the engine's
 * own for the same settings, the reporting stride, errors naming their field, the web caps, the
 * command that the CLI reads back to the same run, and the route in the page's engine.
 */
class CotApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Numbers equal as numbers: the engine writes 3.0 as 3, Jackson as 3.0. */
  private static final Comparator<JsonNode> SAME_NUMBER = (x, y) -> x.isNumber() && y.isNumber()
      ? Double.compare(x.asDouble(), y.asDouble()) : x.equals(y) ? 0 : 1;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> arm(Map<String, Object> answer, String arm) {
    return (Map<String, Object>) answer.get(arm);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> points(Map<String, Object> arm) {
    return (List<Map<String, Object>>) arm.get("points");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> last(Map<String, Object> arm) {
    return (Map<String, Object>) arm.get("final");
  }

  /** The answer's final values are the engine's own for the same config, to 9 decimals. */
  private static void sameAsEngine(Map<String, Object> end, Config c) {
    List<CotMonitoring.Point> curve = CotMonitoring.train(c);
    CotMonitoring.Point p = curve.get(curve.size() - 1);
    assertThat(end.get("iteration")).isEqualTo(c.iterations());
    double[] want = {p.hackRate(), p.monitorRecall(), p.genuinePass(), p.falseAlarmRate(),
        p.shortcutShare(), p.flagRate(), p.expectedReward()};
    String[] keys = {"hackRate", "monitorRecall", "genuinePass", "falseAlarmRate",
        "shortcutShare", "flagRate", "expectedReward"};
    for (int k = 0; k < keys.length; k++) {
      if (Double.isNaN(want[k])) {
        assertThat(end.get(keys[k])).as(keys[k]).isNull();
      } else {
        assertThat((Double) end.get(keys[k])).as(keys[k]).isCloseTo(want[k], within(5e-10));
      }
    }
  }

  @Test
  void theDefaultsAnswerBothArmsWithTheEnginesFinalValues() {
    Map<String, Object> a = CotApi.run(Map.of());
    assertThat(a).containsOnlyKeys("settings", "baseline", "pressure");
    assertThat(CotApi.run(null).get("settings")).isEqualTo(a.get("settings"));
    Config defaults = Config.of(Arm.BASELINE, Monitor.CAREFUL);
    @SuppressWarnings("unchecked")
    Map<String, Object> settings = (Map<String, Object>) a.get("settings");
    assertThat(settings).containsEntry("monitor", "careful").containsEntry("beta", defaults.beta())
        .containsEntry("lambda", defaults.lambda())
        .containsEntry("iterations", defaults.iterations())
        .containsEntry("batch", defaults.batch()).containsEntry("alpha", defaults.alpha())
        .containsEntry("seed", defaults.seed());
    for (Arm arm : Arm.values()) {
      Map<String, Object> m = arm(a, arm.id());
      Config c = Config.of(arm, Monitor.CAREFUL);
      sameAsEngine(last(m), c);
      List<Map<String, Object>> points = points(m);
      assertThat(points.size()).isBetween(2, CotApi.POINTS + 1);
      assertThat(points.get(0).get("iteration")).isEqualTo(0);
      assertThat(points.get(points.size() - 1).get("iteration")).isEqualTo(c.iterations());
      assertThat(points.get(0)).containsOnlyKeys("iteration", "hackRate", "monitorRecall",
          "genuinePass", "falseAlarmRate", "shortcutShare");
      assertThat(m.get("command")).isEqualTo(CotApi.command(c));
    }
  }

  @Test
  void everyPicksThePointsAndTheLastAlwaysComes() {
    Map<String, Object> body = new HashMap<>(Map.of("iterations", 25L, "every", 10L,
        "monitor", "keyword", "beta", 1.0, "lambda", 2L, "batch", 16L, "alpha", 0.25,
        "seed", 7L));
    Map<String, Object> a = CotApi.run(body);
    List<Object> iterations = new ArrayList<>();
    for (Map<String, Object> p : points(arm(a, "pressure"))) {
      iterations.add(p.get("iteration"));
    }
    assertThat(iterations).containsExactly(0, 10, 20, 25);
    sameAsEngine(last(arm(a, "pressure")),
        new Config(Arm.PRESSURE, Monitor.KEYWORD, 1, 2, 25, 16, 0.25, 7));
    sameAsEngine(last(arm(a, "baseline")),
        new Config(Arm.BASELINE, Monitor.KEYWORD, 1, 2, 25, 16, 0.25, 7));
    assertThat(points(arm(CotApi.run(Map.of("iterations", 1000L)), "baseline")))
        .hasSize(CotApi.POINTS + 1);
  }

  @Test
  void badFieldsNameTheField() {
    Object[][] cases = {
        {"monitor", "lazy"}, {"monitor", 3L}, {"beta", -1.0}, {"beta", 21L}, {"lambda", 11L},
        {"lambda", "high"}, {"iterations", 0L}, {"iterations", 2.5}, {"batch", 0L},
        {"alpha", 0L}, {"alpha", 101L}, {"seed", "zero"}, {"every", 0L}, {"epsilon", 0.1}};
    for (Object[] c : cases) {
      assertThatThrownBy(() -> CotApi.run(Map.of((String) c[0], c[1])))
          .as(Arrays.toString(c)).isInstanceOf(ParameterException.class)
          .extracting(e -> ((ParameterException) e).field()).isEqualTo(c[0]);
    }
    assertThatThrownBy(() -> CotApi.run(List.of())).isInstanceOf(ParameterException.class);
    assertThatThrownBy(() -> CotApi.run(Map.of("iterations", 10L, "every", 11L)))
        .isInstanceOf(ParameterException.class).hasMessageContaining("every");
  }

  @Test
  void theWebCapsHold() {
    for (String[] c : new String[][] {{"iterations", "" + (CotApi.WEB_MAX_ITERATIONS + 1)},
        {"batch", "" + (CotApi.WEB_MAX_BATCH + 1)}}) {
      assertThatThrownBy(() -> CotApi.run(Map.of(c[0], Long.parseLong(c[1]))))
          .isInstanceOf(ParameterException.class).hasMessageContaining(c[0])
          .extracting(e -> ((ParameterException) e).field()).isEqualTo(c[0]);
    }
    assertThat(CotApi.run(Map.of("iterations", (long) CotApi.WEB_MAX_ITERATIONS, "batch", 1L)))
        .containsKey("pressure");
  }

  /** The command, run by the CLI, is the same run: the same command back and the same finals. */
  @Test
  void theCommandRoundTripsThroughTheCli() throws Exception {
    Map<String, Object> a = CotApi.run(Map.of("monitor", "keyword", "beta", 10L, "lambda", 0.5,
        "iterations", 300L, "batch", 32L, "alpha", 0.75, "seed", 11L));
    for (String arm : List.of("baseline", "pressure")) {
      String command = (String) arm(a, arm).get("command");
      assertThat(command).startsWith("saferlhub experiment cot-monitor --arm " + arm + " ")
          .contains("--monitor keyword", "--beta 10.0", "--lambda 0.5", "--iterations 300",
              "--batch 32", "--alpha 0.75", "--seed 11");
      List<String> args = new ArrayList<>(Arrays.asList(command.split(" ")));
      args.remove(0);
      args.add("--json");
      JsonNode cli = JSON.readTree(cli(args.toArray(String[]::new)));
      assertThat(cli.get("command").asText()).isEqualTo(command);
      JsonNode end = cli.get("final");
      Map<String, Object> ours = last(arm(a, arm));
      for (String key : List.of("hackRate", "monitorRecall", "genuinePass", "shortcutShare",
          "expectedReward")) {
        if (ours.get(key) == null) {
          assertThat(end.get(key).isNull()).as(key).isTrue();
        } else {
          assertThat(end.get(key).asDouble()).as(key)
              .isCloseTo((Double) ours.get(key), within(5e-10));
        }
      }
    }
  }

  /** The page's engine routes the same request to the same answer, and errors to 400. */
  @Test
  void thePagesEngineAnswersTheSame() throws Exception {
    BrowserApi engine = new BrowserApi();
    String body = "{\"iterations\":40,\"batch\":8,\"every\":5,\"monitor\":\"keyword\"}";
    JsonNode ok = JSON.readTree(engine.answer("POST", "/api/monitor/cot", body));
    assertThat(ok.get("status").asInt()).isEqualTo(200);
    JsonNode server = JSON.valueToTree(CotApi.run(JSON.readValue(body, Map.class)));
    assertThat(ok.get("body").equals(SAME_NUMBER, server)).as(ok.get("body") + " vs " + server)
        .isTrue();
    JsonNode bad = JSON.readTree(engine.answer("POST", "/api/monitor/cot", "{\"beta\":-1}"));
    assertThat(bad.get("status").asInt()).isEqualTo(400);
    assertThat(bad.get("body").get("field").asText()).isEqualTo("beta");
  }

  private static synchronized String cli(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(Cli.commandLine(new Main()).execute(args)).isZero();
      return out.toString(StandardCharsets.UTF_8);
    } finally {
      System.setOut(old);
    }
  }
}
