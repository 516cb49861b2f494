package org.saferlhub.app.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saferlhub.Rl;
import org.saferlhub.config.Param;
import org.saferlhub.env.EnvSpec;
import org.saferlhub.train.Algorithm;
import org.saferlhub.train.Hyperparameters;

/**
 * The machine-readable description of every run parameter ({@code GET /api/schema}, and the
 * CLI's help): each algorithm with the parameters it reads, each environment with its own, the
 * run-level ones, and per family the defaults and episode limits. The engine checks values with
 * the very {@link Param}s described here, so forms built from it accept exactly what the engine
 * accepts.
 */
public final class Schema {

  private Schema() {}

  /** The whole description; web episode limits are capped at {@code serverMaxEpisodes}. */
  public static Map<String, Object> of(long serverMaxEpisodes) {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Object> algorithms = new ArrayList<>();
    for (Algorithm a : Algorithm.values()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", a.id());
      entry.put("title", a.title());
      entry.put("params", a.params().stream().map(Schema::param).toList());
      algorithms.add(entry);
    }
    m.put("algorithms", algorithms);
    m.put("run", Hyperparameters.RUN.stream().map(Schema::param).toList());
    List<Object> envs = new ArrayList<>();
    for (EnvSpec spec : Rl.envSpecs()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", spec.id());
      entry.put("family", FamilyViews.familyOf(spec.id()));
      entry.put("description", spec.description());
      entry.put("params", spec.params().stream().map(Schema::param).toList());
      envs.add(entry);
    }
    m.put("envs", envs);
    Map<String, Object> families = new LinkedHashMap<>();
    for (FamilyView view : FamilyViews.all().values()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("defaults", view.defaults());
      f.put("minEpisodes", view.minWebEpisodes());
      f.put("maxEpisodes", Math.min(view.maxWebEpisodes(), serverMaxEpisodes));
      f.put("maxCliEpisodes", view.maxCliEpisodes());
      families.put(view.family(), f);
    }
    m.put("families", families);
    return m;
  }

  /** One parameter: name, kind, default, bounds or choices, unit, doc and the range in words. */
  public static Map<String, Object> param(Param p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("kind", p.kind().id());
    switch (p.kind()) {
      case NUMBER, INTEGER -> {
        m.put("default", p.kind() == Param.Kind.INTEGER ? (Object) (long) p.defaultNumber()
            : (Object) p.defaultNumber());
        m.put("min", p.kind() == Param.Kind.INTEGER ? (Object) (long) p.min() : (Object) p.min());
        m.put("minOpen", p.minOpen());
        m.put("max", p.kind() == Param.Kind.INTEGER ? (Object) (long) p.max() : (Object) p.max());
        m.put("maxOpen", p.maxOpen());
      }
      case CHOICE -> {
        m.put("default", p.defaultValue());
        m.put("choices", p.choices());
      }
      case TEXT -> m.put("maxLength", (long) p.max());
    }
    m.put("unit", p.unit());
    m.put("doc", p.doc());
    m.put("range", p.range());
    return m;
  }
}
