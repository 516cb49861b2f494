package org.saferlhub.app.run;

import org.jspecify.annotations.Nullable;

/**
 * The fields of a run as a user gave them, whatever the surface: a JSON body, CLI options, a
 * permalink. Each getter checks the type and names the field in its error.
 */
public interface RunFields {

  /** The text of {@code name}, or {@code fallback} when absent. */
  @Nullable String text(String name, @Nullable String fallback);

  /**
   * A JSON body as a map of its fields, refusing a body that is not an object and any field not
   * in {@code allowed} (the error names it and lists the allowed ones).
   */
  static java.util.Map<String, Object> body(@Nullable Object json,
      java.util.Set<String> allowed) {
    if (!(json instanceof java.util.Map<?, ?> raw)) {
      throw new org.saferlhub.config.ParameterException(null, "the body must be a JSON object");
    }
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    for (java.util.Map.Entry<?, ?> e : raw.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (!allowed.contains(name)) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        throw new org.saferlhub.config.ParameterException(shown, "unknown field '" + shown
            + "'; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
      body.put(name, e.getValue());
    }
    return body;
  }

  /** The number {@code name}, or {@code fallback} when absent. */
  double number(String name, double fallback);

  /** The whole number {@code name}, or {@code fallback} when absent. */
  long integer(String name, long fallback);

  /** Whether {@code name} was given. */
  boolean has(String name);

  /**
   * Fields already typed (text as any object, numbers as {@link Number}), such as CLI options
   * parsed by picocli; a value of the wrong type counts as absent.
   */
  static RunFields of(java.util.Map<String, Object> values) {
    return new Typed(values);
  }

  /** {@link #of}. */
  record Typed(java.util.Map<String, Object> values) implements RunFields {

    @Override
    public @Nullable String text(String name, @Nullable String fallback) {
      Object v = values.get(name);
      return v == null ? fallback : v.toString();
    }

    @Override
    public double number(String name, double fallback) {
      return values.get(name) instanceof Number n ? n.doubleValue() : fallback;
    }

    @Override
    public long integer(String name, long fallback) {
      return values.get(name) instanceof Number n ? n.longValue() : fallback;
    }

    @Override
    public boolean has(String name) {
      return values.containsKey(name);
    }
  }

  /**
   * Fields read from a JSON body, strictly: a value of the wrong type is an error naming the
   * field (what the web API and the page's engine answer 400 with).
   */
  static RunFields json(java.util.Map<String, Object> values) {
    return new Json(values);
  }

  /** {@link #json}. */
  record Json(java.util.Map<String, Object> values) implements RunFields {

    @Override
    public @Nullable String text(String name, @Nullable String fallback) {
      Object v = values.get(name);
      if (v == null) {
        return fallback;
      }
      if (!(v instanceof String s)) {
        throw new org.saferlhub.config.ParameterException(name, name + " must be a string");
      }
      return s;
    }

    @Override
    public double number(String name, double fallback) {
      Object v = values.get(name);
      if (v == null) {
        return fallback;
      }
      if (!(v instanceof Number n)) {
        throw new org.saferlhub.config.ParameterException(name, name + " must be a number");
      }
      return n.doubleValue();
    }

    @Override
    public long integer(String name, long fallback) {
      Object v = values.get(name);
      if (v == null) {
        return fallback;
      }
      if (!(v instanceof Number n)) {
        throw new org.saferlhub.config.ParameterException(name, name + " must be a whole number");
      }
      double d = n.doubleValue();
      if (v instanceof Double && d != Math.rint(d)) {
        throw new org.saferlhub.config.ParameterException(name, name + " must be a whole number");
      }
      if (Math.abs(d) > 9.0e15) {
        throw new org.saferlhub.config.ParameterException(name, name + " is too large");
      }
      return n.longValue();
    }

    @Override
    public boolean has(String name) {
      return values.get(name) != null;
    }
  }
}
