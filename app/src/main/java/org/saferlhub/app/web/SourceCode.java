package org.saferlhub.app.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.saferlhub.config.ParameterException;
import org.saferlhub.train.Algorithm;

/**
 * The engine's real source files, packaged into the jar at build time (see app/pom.xml), so a
 * lesson can show the very code that trained the learner's agent: every learning
 * {@link Algorithm} (its {@code observe} method) and the dynamic-programming algorithms of
 * {@code org.saferlhub.agent.dp} (the method the GridWorld lesson shows).
 */
final class SourceCode {

  private static final String TABULAR_PATH = "org/saferlhub/agent/tabular/";
  private static final String DP_PATH = "org/saferlhub/agent/dp/";
  private static final String UPDATE_SIGNATURE = "public int observe(";

  /**
   * A dynamic-programming algorithm: its id, its name, its class in {@code agent.dp} and the
   * declaration of the method the lesson shows.
   */
  private record Dp(String id, String title, String className, String signature) {}

  private static final List<Dp> DP = List.of(
      new Dp("policy-evaluation", "Iterative policy evaluation", "PolicyEvaluation",
          "public static Sweep sweep("),
      new Dp("policy-improvement", "Policy improvement", "PolicyImprovement",
          "public static Improvement improve("),
      new Dp("value-iteration", "Value iteration", "ValueIteration",
          "public static Sweep sweep("),
      new Dp("policy-iteration", "Policy iteration", "PolicyIteration",
          "public static Solution solve("));

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
        return describe(dp.id(), dp.title(), DP_PATH + dp.className() + ".java", dp.signature());
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

  /** The source of {@code algorithm}'s class and the lines of its update method. */
  static Map<String, Object> of(Algorithm algorithm) {
    return describe(algorithm.id(), algorithm.title(),
        TABULAR_PATH + algorithm.className() + ".java",
        algorithm.batch() == null ? UPDATE_SIGNATURE : "public TrainingResult run(");
  }

  private static Map<String, Object> describe(String id, String title, String path,
      String signature) {
    String source = read(path);
    int[] lines = methodLines(source, signature);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("algorithm", id);
    m.put("title", title);
    m.put("file", "core/src/main/java/" + path);
    m.put("source", source);
    m.put("updateStart", lines[0]);
    m.put("updateEnd", lines[1]);
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

  /** 1-based first and last line of the method whose declaration contains {@code signature}. */
  static int[] methodLines(String source, String signature) {
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(signature)) {
        int depth = 0;
        boolean opened = false;
        for (int j = i; j < lines.length; j++) {
          for (char c : lines[j].toCharArray()) {
            if (c == '{') {
              depth++;
              opened = true;
            } else if (c == '}') {
              depth--;
            }
          }
          if (opened && depth == 0) {
            return new int[] {i + 1, j + 1};
          }
        }
      }
    }
    throw new IllegalStateException("no method '" + signature + "' in the source");
  }
}
