package org.saferlhub.app.web;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.saferlhub.agent.tabular.StepTrace;
import org.saferlhub.agent.tabular.TabularAgent;
import org.saferlhub.env.TabularEnv;
import org.saferlhub.env.TimeLimit;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.GridWorld;
import org.saferlhub.train.Algorithm;

/**
 * The markers in the engine's Java that the lessons rely on ({@code // region update} …
 * {@code // endregion} and {@code //@ name} anchors, see {@link SourceCode}), checked against the
 * page that reads them: every id of {@code /api/source} has its region, its anchors are exactly
 * the ones grid-code.js annotates (its {@code ANCHORS} JSON, parsed here), each on a line inside
 * the region that computes its term, no tracing call sits in the region, and a real traced step
 * of each learning algorithm fills every field the notes of its anchors read.
 */
class SourceAnchorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the line of each anchor computes: a piece of its code. A new anchor needs one here. */
  private static final Map<String, String> COMPUTES = Map.ofEntries(
      entry("nextAction", "int nextAction = "),
      entry("tdTarget", "double tdTarget = "),
      entry("tdTargetTerminal", "tdTarget = reward;"),
      entry("tdTargetTruncated", "tdTarget = reward + gamma * q.max(nextState);"),
      entry("tdTargetBootstrap", "tdTarget = reward + gamma * q.get(nextState, nextAction);"),
      entry("oldValue", "double oldValue = "),
      entry("tdError", "double tdError = tdTarget - oldValue;"),
      entry("update", "q.add(state, action, alpha * tdError);"),
      entry("trailUpdate", "q.add(pair / q.actions(), pair % q.actions(), alpha * tdError * z[pair]);"),
      entry("planning", "for (int i = 0; i < planningSteps; i++)"),
      entry("maxChange", "maxChange = Math.max(maxChange, "));

  /** Code (comments cut) that records rather than learns: it belongs after the region. */
  private static final Pattern TRACING =
      Pattern.compile("\\btrace\\b|traceUpdate\\(|\\btdErrors\\b");

  /** grid-code.js's ANCHORS: {algorithms: {id: [anchor]}, reads: {anchor: [trace field]}}. */
  private static final JsonNode FRONT_END = frontEndAnchors();

  private static String gridCodeJs() {
    try (InputStream in = SourceAnchorsTest.class.getClassLoader()
        .getResourceAsStream("public/js/grid-code.js")) {
      assertThat(in).as("public/js/grid-code.js on the class path").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode frontEndAnchors() {
    String js = gridCodeJs();
    Matcher m = Pattern.compile("/\\* anchors-json \\*/(.*?)/\\* end-anchors-json \\*/",
        Pattern.DOTALL).matcher(js);
    assertThat(m.find()).as("grid-code.js has its ANCHORS between /* anchors-json */ markers")
        .isTrue();
    try {
      return JSON.readTree(m.group(1));
    } catch (IOException e) {
      throw new AssertionError("grid-code.js's ANCHORS is not plain JSON: " + e.getMessage(), e);
    }
  }

  private static List<String> frontEndAnchors(String id) {
    JsonNode list = FRONT_END.path("algorithms").get(id);
    assertThat(list).as("grid-code.js's ANCHORS.algorithms has a list for '%s'", id).isNotNull();
    List<String> names = new ArrayList<>();
    list.forEach(n -> names.add(n.asText()));
    return names;
  }

  static Stream<String> ids() {
    return SourceCode.ids().stream();
  }

  @Test
  void theFrontEndListsEveryIdAndHasANoteForEveryAnchorItLists() {
    Set<String> listed = new TreeSet<>();
    FRONT_END.path("algorithms").fieldNames().forEachRemaining(listed::add);
    assertThat(listed).as("ids in grid-code.js's ANCHORS.algorithms")
        .isEqualTo(new TreeSet<>(SourceCode.ids()));

    Set<String> used = new TreeSet<>();
    FRONT_END.path("algorithms").forEach(list -> list.forEach(n -> used.add(n.asText())));
    Set<String> reads = new TreeSet<>();
    FRONT_END.path("reads").fieldNames().forEachRemaining(reads::add);
    assertThat(reads).as("anchors in ANCHORS.reads").isEqualTo(used);

    // NOTES: one `name: ({ … }) =>` per anchor the page annotates, and none for an unused one.
    String js = gridCodeJs();
    int start = js.indexOf("const NOTES = {");
    assertThat(start).as("grid-code.js defines NOTES").isNotNegative();
    String notes = js.substring(start, js.indexOf("\n};", start));
    Set<String> noted = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^  (\\w+): \\(").matcher(notes);
    while (m.find()) {
      noted.add(m.group(1));
    }
    assertThat(noted).as("anchors with a note in grid-code.js's NOTES").isEqualTo(used);
  }

  @ParameterizedTest
  @MethodSource("ids")
  void regionAndAnchorsMarkTheLinesThatComputeEachTerm(String id) {
    Map<String, Object> src = SourceCode.of(id);
    String[] lines = ((String) src.get("source")).split("\n", -1);
    int start = (Integer) src.get("updateStart");
    int end = (Integer) src.get("updateEnd");
    assertThat(start).as("%s: region start", id).isPositive();
    assertThat(end).as("%s: region end", id).isGreaterThan(start).isLessThanOrEqualTo(lines.length);

    // The learner sees no markers; the equation and its words come apart.
    for (String line : lines) {
      assertThat(line).as("%s: served line", id).doesNotContain("//@")
          .doesNotContain("// region").doesNotContain("// endregion")
          .doesNotContain("// tex:").doesNotContain("// words:");
    }
    assertThat((List<?>) src.get("tex")).as("%s: tex", id).isNotEmpty();
    assertThat((String) src.get("words")).as("%s: words", id).isNotBlank();

    // The anchors are exactly the ones the page annotates, in the region, on the line of their term.
    @SuppressWarnings("unchecked")
    Map<String, Integer> anchors = (Map<String, Integer>) src.get("anchors");
    assertThat(anchors.keySet()).as("%s: anchors in the Java (left) vs grid-code.js's ANCHORS"
        + " for it (right)", id).containsExactlyInAnyOrderElementsOf(frontEndAnchors(id));
    for (Map.Entry<String, Integer> a : anchors.entrySet()) {
      String name = a.getKey();
      int line = a.getValue();
      assertThat(line).as("%s: anchor %s inside the region %d–%d", id, name, start, end)
          .isBetween(start, end);
      assertThat(COMPUTES).as("what anchor '%s' computes (add it to COMPUTES)", name)
          .containsKey(name);
      assertThat(lines[line - 1]).as("%s: the line of anchor %s", id, name)
          .contains(COMPUTES.get(name));
    }

    // The region is the equation, not its bookkeeping.
    for (int n = start; n <= end; n++) {
      String code = lines[n - 1];
      int comment = code.indexOf("//");
      code = comment >= 0 ? code.substring(0, comment) : code;
      assertThat(TRACING.matcher(code).find())
          .as("%s: line %d inside the region is a tracing call: %s", id, n, lines[n - 1].strip())
          .isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Algorithm.class, mode = EnumSource.Mode.EXCLUDE,
      names = "VPG") // a batch method is not stepped, so no step trace fills its notes
  void aTracedStepFillsEveryFieldTheNotesOfItsAnchorsRead(Algorithm algorithm) {
    List<String> anchors = frontEndAnchors(algorithm.id());
    Set<String> fields = new LinkedHashSet<>();
    for (String anchor : anchors) {
      FRONT_END.path("reads").path(anchor).forEach(f -> fields.add(f.asText()));
    }
    // A short time limit, so that episodes both end (the goal) and are cut short.
    TabularEnv<?> env = new TimeLimit<>(new GridWorld(GridMap.preset("open")), 15);
    TabularAgent agent = algorithm.create(env.stateCount(), env.actionCount(), 0.5, 0.9,
        new SplittableRandom(7));
    agent.epsilon(0.2);
    StepTrace trace = new StepTrace();
    agent.trace(trace);
    int traced = 0;
    // The notes shown only at a goal or a cut-short episode need such a step.
    boolean sawTerminal = !anchors.contains("tdTargetTerminal");
    boolean sawTruncated = !anchors.contains("tdTargetTruncated");
    for (int episode = 0; episode < 500 && (episode < 20 || !(sawTerminal && sawTruncated));
        episode++) {
      int s = episode == 0 ? env.resetState(3) : env.resetState();
      trace.clear();
      int a = agent.begin(s);
      while (true) {
        trace.clear();
        int next = env.stepState(a);
        double reward = env.reward();
        boolean terminated = env.terminated();
        boolean truncated = env.truncated();
        int nextAction = agent.observe(reward, next, terminated, truncated);
        if (trace.updates() > 0) {
          traced++;
          for (String field : fields) {
            assertFilled(algorithm, field, trace, a, reward, nextAction, terminated, truncated);
          }
        } else {
          assertThat(terminated || truncated || isEpisodic(algorithm))
              .as("%s updates after every step", algorithm.id()).isTrue();
        }
        if (terminated || truncated) {
          sawTerminal |= terminated;
          sawTruncated |= truncated && !terminated;
          break;
        }
        a = nextAction;
      }
    }
    assertThat(traced).as("%s: traced steps with an update", algorithm.id()).isPositive();
    assertThat(sawTerminal).as("%s: an episode reached the goal", algorithm.id()).isTrue();
    assertThat(sawTruncated).as("%s: an episode was cut short", algorithm.id()).isTrue();
  }

  private static boolean isEpisodic(Algorithm a) {
    return a == Algorithm.MONTE_CARLO || a == Algorithm.REINFORCE
        || a == Algorithm.REINFORCE_BASELINE;
  }

  /** The field of a step's `trace` JSON (GridSession builds it from the StepTrace) is set. */
  private static void assertFilled(Algorithm algorithm, String field, StepTrace trace, int action,
      double reward, int nextAction, boolean terminated, boolean truncated) {
    String what = algorithm.id() + ": trace field " + field;
    switch (field) {
      case "target" -> assertThat(trace.target()).as(what).isFinite();
      case "tdError" -> assertThat(trace.tdError()).as(what).isFinite();
      case "oldValue" -> {
        assertThat(trace.oldValue()).as(what).isFinite();
        // The note names the step's action: the update must be of that action.
        assertThat(trace.action()).as(what + " (its action)").isEqualTo(action);
      }
      case "newValue" -> {
        assertThat(trace.newValue()).as(what).isFinite();
        assertThat(trace.action()).as(what + " (its action)").isEqualTo(action);
      }
      case "updates" -> assertThat(trace.updates()).as(what).isPositive();
      case "reward" -> assertThat(trace.reward()).as(what).isEqualTo(reward);
      case "nextAction" -> {
        assertThat(trace.nextAction()).as(what).isEqualTo(nextAction);
        assertThat(nextAction >= 0).as(what + " (A′ unless the episode is over)")
            .isEqualTo(!terminated && !truncated);
      }
      default -> throw new AssertionError(what + ": the test does not know how to check it");
    }
  }

  @Test
  void aMissingRegionOrADuplicateAnchorIsAnError() {
    String ok = """
        class A {
          // tex: x = 1
          // tex: y = x
          // words: One, then the same.
          // region update
          int f() {
            int x = 1; //@ x
            return x; // the end //@ result
          }
          // endregion
        }
        """;
    SourceCode.Marked marked = SourceCode.mark("A.java", ok);
    assertThat(marked.source()).isEqualTo("""
        class A {
          int f() {
            int x = 1;
            return x; // the end
          }
        }
        """);
    assertThat(marked.updateStart()).isEqualTo(2);
    assertThat(marked.updateEnd()).isEqualTo(5);
    assertThat(marked.anchors()).containsExactly(entry("x", 3), entry("result", 4));
    assertThat(marked.tex()).containsExactly("x = 1", "y = x");
    assertThat(marked.words()).isEqualTo("One, then the same.");

    assertThatThrownBy(() -> SourceCode.mark("A.java", ok.replace("  // region update\n", "")
        .replace("  // endregion\n", "").replace(" //@ x", "").replace(" //@ result", "")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no '// region update'");
    assertThatThrownBy(() -> SourceCode.mark("A.java", ok.replace("//@ result", "//@ x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("A.java:8: anchor 'x' is already on line 3");
    assertThatThrownBy(() -> SourceCode.mark("A.java", ok.replace("  // endregion\n", "")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("never closed");
    assertThatThrownBy(() -> SourceCode.mark("A.java", ok + "// region update\n// endregion\n"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("a second");
    assertThatThrownBy(() -> SourceCode.mark("A.java", ok.replace("class A {", "class A { //@ a")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("outside the update region");
    assertThatThrownBy(() -> SourceCode.mark("A.java", ok.replace("//@ x", "//@ x y")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("Java identifier");
    assertThatThrownBy(() -> SourceCode.mark("A.java", ok.replace("  // words: One, then the same.\n",
        "")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no '// tex:' or no");
    assertThatThrownBy(() -> SourceCode.mark("A.java", ok.replace("int x = 1;",
        "int x = 1;\n    // tex: z")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("go before");
  }
}
