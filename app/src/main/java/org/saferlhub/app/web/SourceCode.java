package org.saferlhub.app.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.saferlhub.train.Algorithm;

/**
 * The engine's real source files, packaged into the jar at build time (see app/pom.xml), so a
 * lesson can show the very code that trained the learner's agent.
 */
final class SourceCode {

  private static final String PACKAGE_PATH = "org/saferlhub/agent/tabular/";

  private SourceCode() {}

  /** The source of {@code algorithm}'s class and the lines of its update method. */
  static Map<String, Object> of(Algorithm algorithm) {
    String path = PACKAGE_PATH + algorithm.className() + ".java";
    String source;
    try (InputStream in = SourceCode.class.getClassLoader().getResourceAsStream("source/" + path)) {
      if (in == null) {
        throw new IllegalStateException("source of " + path + " is missing from the jar");
      }
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int[] lines = methodLines(source, "public int observe(");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("algorithm", algorithm.id());
    m.put("title", algorithm.title());
    m.put("file", "core/src/main/java/" + path);
    m.put("source", source);
    m.put("updateStart", lines[0]);
    m.put("updateEnd", lines[1]);
    return m;
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
