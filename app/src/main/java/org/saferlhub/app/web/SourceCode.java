package org.saferlhub.app.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.saferlhub.config.ParameterException;
import org.saferlhub.train.Algorithm;

/**
 * The engine's real source files, packaged into the jar at build time (see app/pom.xml), so a
 * lesson can show the very code that trained the learner's agent: every learning
 * {@link Algorithm} and the dynamic-programming algorithms of {@code org.saferlhub.agent.dp}.
 *
 * <p>What a lesson shows is marked in the Java itself, not found by matching its text:
 *
 * <ul>
 *   <li>{@code // region update} and {@code // endregion}, each alone on its line, enclose the
 *       update the lesson highlights: exactly one region per file. The marker lines are dropped
 *       from the served text; {@code updateStart}/{@code updateEnd} are the first and last lines
 *       between them, numbered in the served text.
 *   <li>A trailing {@code //@ name} names the term its line computes ({@code tdTarget},
 *       {@code oldValue}, {@code tdError}, {@code update}, {@code planning}, {@code maxChange}…),
 *       served as {@code anchors: {name: line}} with the marker cut from the line. Names are
 *       unique per file and only the terms a lesson annotates carry one (the list per algorithm
 *       is {@code ANCHORS} in grid-code.js, which {@code SourceAnchorsTest} compares with the
 *       Java); every anchor lies inside the region.
 *   <li>Before the region, {@code // tex: …} lines (one or more, each a display equation in
 *       KaTeX's TeX) and one {@code // words: …} line: the algorithm's equation and its
 *       plain-words description, kept with the code they describe and served as {@code tex}
 *       (list) and {@code words}; the lessons typeset them above the code. These lines are
 *       dropped from the served text too.
 * </ul>
 *
 * A file without a region, tex or words, with two, with an unclosed one, with a duplicate anchor or an anchor
 * outside its region, or tex or words inside it or repeated words throws
 * {@link IllegalStateException}: SourceAnchorsTest reads every id, so
 * such a file breaks the build rather than a lesson.
 *
 * <p>The region holds the lines of the equation and never a tracing call ({@code traceUpdate},
 * {@code trace.updated}, {@code trace.alsoUpdated}, {@code tdErrors.add}): the bookkeeping comes
 * right after {@code // endregion}. For the one-step learners the region runs from the
 * {@code observe} declaration down to the last line of the update (Dyna-Q: through its planning
 * loop, recording the direct update's new value explicitly since planning may change Q(S, A)
 * again). Where the bookkeeping sits in the loop whose body is the update (Monte Carlo control,
 * REINFORCE), the region ends inside that loop, just before the bookkeeping lines: the learner
 * sees the declaration and every line of the equation highlighted, and the loop's closing brace
 * and the recording not, which keeps the code in its natural order instead of splitting the loop
 * in two. SARSA(λ) records after its sweep, so its region ends with the sweep. The DP methods
 * have no tracing: their region is the whole method.
 */
final class SourceCode {

  private static final String TABULAR_PATH = "org/saferlhub/agent/tabular/";
  private static final String DP_PATH = "org/saferlhub/agent/dp/";
  private static final String LAB_PATH = "org/saferlhub/policy/";

  /**
   * A method that is not a learning algorithm: its id, its name and its file under the core's
   * sources (the dynamic-programming methods of {@code agent.dp}, the impact penalty, the policy
   * lab's algorithms).
   */
  private record Dp(String id, String title, String path) {}

  private static final List<Dp> DP = List.of(
      new Dp("policy-evaluation", "Iterative policy evaluation", DP_PATH + "PolicyEvaluation.java"),
      new Dp("policy-improvement", "Policy improvement", DP_PATH + "PolicyImprovement.java"),
      new Dp("value-iteration", "Value iteration", DP_PATH + "ValueIteration.java"),
      new Dp("policy-iteration", "Policy iteration", DP_PATH + "PolicyIteration.java"),
      new Dp("relative-reachability", "Relative reachability (impact penalty)",
          "org/saferlhub/env/safety/RelativeReachability.java"),
      new Dp("lab-tilt", "The exact KL-regularised optimum", LAB_PATH + "Tilt.java"),
      new Dp("lab-reinforce", "REINFORCE (policy lab)", LAB_PATH + "Reinforce.java"),
      new Dp("lab-actor-critic", "Actor-critic: generalised advantage estimation",
          LAB_PATH + "ActorCritic.java"),
      new Dp("lab-npg", "Natural policy gradient", LAB_PATH + "NaturalPolicyGradient.java"),
      new Dp("lab-ppo", "Proximal policy optimisation", LAB_PATH + "Ppo.java"),
      new Dp("lab-trpo", "Trust region policy optimisation", LAB_PATH + "Trpo.java"),
      new Dp("lab-grpo", "Group relative policy optimisation", LAB_PATH + "Grpo.java"),
      new Dp("lab-dpo", "Direct preference optimisation", LAB_PATH + "Dpo.java"),
      new Dp("lab-best-of-n", "Best-of-n", LAB_PATH + "BestOfN.java"),
      new Dp("neural-ppo", "PPO on a neural network (goal misgeneralization)",
          "org/saferlhub/agent/neural/Ppo.java"),
      new Dp("neural-mlp", "The multilayer perceptron and its backward pass",
          "org/saferlhub/nn/Mlp.java"),
      new Dp("tabular-arm", "The tabular control arm (Q-learning over mouse and cheese cells)",
          "org/saferlhub/agent/neural/TabularArm.java"),
      new Dp("cheese-corner", "Cheese in the corner: the level generator and rules",
          "org/saferlhub/env/procgen/CheeseCorner.java"),
      new Dp("cheese-vector", "The cheese vector (look inside)",
          "org/saferlhub/interp/CheeseVector.java"),
      new Dp("linear-probe", "Linear probes (look inside)",
          "org/saferlhub/interp/LinearProbe.java"),
      new Dp("cot-monitoring", "Chain-of-thought monitoring, in miniature",
          "org/saferlhub/monitor/CotMonitoring.java"));

  private SourceCode() {}

  /**
   * The source of the algorithm or dynamic-programming method with this id.
   *
   * @throws ParameterException naming {@code algorithm} when the id is unknown
   */
  static Map<String, Object> of(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    for (Algorithm a : Algorithm.values()) {
      if (a.id().equals(wanted)) {
        return of(a);
      }
    }
    for (Dp dp : DP) {
      if (dp.id().equals(wanted)) {
        return describe(dp.id(), dp.title(), dp.path());
      }
    }
    throw new ParameterException("algorithm", "algorithm must be one of " + String.join(", ", ids())
        + ", was '" + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "'");
  }

  /** Every id {@link #of(String)} accepts: the learning algorithms, then the DP ones. */
  static List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (Algorithm a : Algorithm.values()) {
      ids.add(a.id());
    }
    for (Dp dp : DP) {
      ids.add(dp.id());
    }
    return ids;
  }

  /** The source of {@code algorithm}'s class and the lines of its update. */
  static Map<String, Object> of(Algorithm algorithm) {
    return describe(algorithm.id(), algorithm.title(),
        TABULAR_PATH + algorithm.className() + ".java");
  }

  private static Map<String, Object> describe(String id, String title, String path) {
    Marked marked = MARKED.computeIfAbsent(path, p -> mark(p, read(p)));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("algorithm", id);
    m.put("title", title);
    m.put("file", "core/src/main/java/" + path);
    m.put("source", marked.source());
    m.put("updateStart", marked.updateStart());
    m.put("updateEnd", marked.updateEnd());
    m.put("anchors", marked.anchors());
    m.put("tex", marked.tex());
    m.put("words", marked.words());
    return m;
  }

  private static String read(String path) {
    try (InputStream in = SourceCode.class.getClassLoader().getResourceAsStream("source/" + path)) {
      if (in == null) {
        throw new IllegalStateException("source of " + path + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A source with its markers removed: the text a learner sees, the 1-based first and last line of
   * its update region and the line of each anchor, all numbered in that text, and its equation
   * (TeX, one display per item) and plain-words description.
   */
  record Marked(String source, int updateStart, int updateEnd, Map<String, Integer> anchors,
      List<String> tex, String words) {}

  private static final Map<String, Marked> MARKED = new ConcurrentHashMap<>();

  private static final String REGION = "// region update";
  private static final String END_REGION = "// endregion";
  private static final String TEX = "// tex:";
  private static final String WORDS = "// words:";
  private static final Pattern ANCHOR = Pattern.compile("\\s*//@(.*)$");
  private static final Pattern NAME = Pattern.compile("\\s*([A-Za-z][A-Za-z0-9]*)\\s*");

  /**
   * Strips the region markers and anchors from {@code source} (of the file {@code path}, named in
   * errors) and says where they were.
   *
   * @throws IllegalStateException when the region is missing, repeated or unclosed, an anchor
   *     is malformed, repeated or outside the region, or tex or words are missing, inside the
   *     region or (words) repeated
   */
  static Marked mark(String path, String source) {
    String[] lines = source.split("\n", -1);
    StringBuilder out = new StringBuilder(source.length());
    Map<String, Integer> anchors = new LinkedHashMap<>();
    List<String> tex = new ArrayList<>();
    String words = null;
    int served = 0; // lines written so far
    int start = 0;
    int end = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String where = path + ":" + (i + 1);
      String trimmed = line.strip();
      if (trimmed.equals(REGION)) {
        if (start != 0) {
          throw new IllegalStateException(where + ": a second '" + REGION + "'");
        }
        start = served + 1;
        continue;
      }
      if (trimmed.equals(END_REGION)) {
        if (start == 0 || end != 0) {
          throw new IllegalStateException(where + ": '" + END_REGION + "' without '" + REGION + "'");
        }
        end = served;
        if (end < start) {
          throw new IllegalStateException(where + ": the update region is empty");
        }
        continue;
      }
      if (trimmed.startsWith(TEX) || trimmed.startsWith(WORDS)) {
        if (start != 0) {
          throw new IllegalStateException(where + ": tex and words go before '" + REGION + "'");
        }
        if (trimmed.startsWith(TEX)) {
          tex.add(trimmed.substring(TEX.length()).strip());
        } else if (words != null) {
          throw new IllegalStateException(where + ": a second '" + WORDS + "'");
        } else {
          words = trimmed.substring(WORDS.length()).strip();
        }
        continue;
      }
      Matcher anchor = ANCHOR.matcher(line);
      if (anchor.find()) {
        Matcher name = NAME.matcher(anchor.group(1));
        if (!name.matches()) {
          throw new IllegalStateException(where + ": an anchor is '//@ name', a Java identifier,"
              + " was '//@" + anchor.group(1) + "'");
        }
        String n = name.group(1);
        if (start == 0 || end != 0) {
          throw new IllegalStateException(where + ": anchor '" + n + "' is outside the update"
              + " region");
        }
        if (anchors.putIfAbsent(n, served + 1) != null) {
          throw new IllegalStateException(where + ": anchor '" + n + "' is already on line "
              + anchors.get(n) + " (of the served text)");
        }
        line = line.substring(0, anchor.start());
      }
      if (served > 0) {
        out.append('\n');
      }
      out.append(line);
      served++;
    }
    if (start == 0) {
      throw new IllegalStateException(path + ": no '" + REGION + "' marks the update");
    }
    if (end == 0) {
      throw new IllegalStateException(path + ": '" + REGION + "' is never closed by '"
          + END_REGION + "'");
    }
    if (tex.isEmpty() || words == null) {
      throw new IllegalStateException(path + ": no '" + TEX + "' or no '" + WORDS + "' line gives"
          + " the equation and its words before the update region");
    }
    return new Marked(out.toString(), start, end, Collections.unmodifiableMap(anchors),
        List.copyOf(tex), words);
  }
}
