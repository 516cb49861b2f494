package org.saferlhub.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The machine-readable description of one parameter: its name, kind, default, allowed range or
 * choices, unit and one line of documentation. The engine checks values with the same object
 * ({@link #check(double)}, {@link #check(long)}, {@link #choice(String)}), so the description
 * served to the CLI's help, the HTTP API and the page forms is exactly what is enforced.
 *
 * @param name the name users write, such as {@code alpha}
 * @param kind what values look like
 * @param defaultValue the default as text ({@code "0.01"}, {@code "q-learning"}); empty for none
 * @param min the lower bound of a number or integer (NaN for none)
 * @param minOpen whether the lower bound is excluded
 * @param max the upper bound of a number or integer, or the most characters of a text
 * @param maxOpen whether the upper bound is excluded
 * @param choices the allowed ids of a choice, in order; empty otherwise
 * @param unit the unit, such as {@code episodes}; empty for none
 * @param doc one line for people
 */
public record Param(String name, Kind kind, String defaultValue, double min, boolean minOpen,
    double max, boolean maxOpen, List<String> choices, String unit, String doc) {

  /** What a parameter's values look like. */
  public enum Kind {
    /** A real number in a range. */
    NUMBER,
    /** A whole number in a range. */
    INTEGER,
    /** One of a few ids. */
    CHOICE,
    /** Free text of bounded length (a map). */
    TEXT;

    /** The id used in JSON: {@code number}, {@code integer}, {@code choice}, {@code text}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Copies the choices. */
  public Param {
    Objects.requireNonNull(name, "name");
    choices = List.copyOf(choices);
  }

  /** A real number in {@code [min, max]}, or with open ends. */
  public static Param number(String name, double defaultValue, double min, boolean minOpen,
      double max, boolean maxOpen, String unit, String doc) {
    String text = defaultValue == Math.rint(defaultValue) && Math.abs(defaultValue) < 1e15
        ? Long.toString((long) defaultValue) : Double.toString(defaultValue);
    return new Param(name, Kind.NUMBER, text, min, minOpen, max, maxOpen,
        List.of(), unit, doc).selfChecked(defaultValue);
  }

  /** A whole number from {@code min} to {@code max}. */
  public static Param integer(String name, long defaultValue, long min, long max, String unit,
      String doc) {
    Param p = new Param(name, Kind.INTEGER, Long.toString(defaultValue), min, false, max, false,
        List.of(), unit, doc);
    p.check(defaultValue);
    return p;
  }

  /** One of {@code choices}. */
  public static Param choice(String name, String defaultValue, List<String> choices,
      String doc) {
    Param p = new Param(name, Kind.CHOICE, defaultValue, Double.NaN, false, Double.NaN, false,
        choices, "", doc);
    p.choice(defaultValue);
    return p;
  }

  /** Text of at most {@code maxLength} characters, with no default. */
  public static Param text(String name, int maxLength, String doc) {
    return new Param(name, Kind.TEXT, "", Double.NaN, false, maxLength, false, List.of(), "",
        doc);
  }

  private Param selfChecked(double value) {
    check(value);
    return this;
  }

  /**
   * Checks a number against the range.
   *
   * @return {@code value}
   * @throws ParameterException naming this parameter and its range
   */
  public double check(double value) {
    if (kind == Kind.INTEGER) {
      if (value != Math.rint(value) || Double.isInfinite(value)) {
        throw new ParameterException(name, name + " must be an integer from " + Check.format(min)
            + " to " + Check.format(max) + ", was " + value);
      }
      return check((long) value);
    }
    requireKind(Kind.NUMBER);
    return Check.range(name, value, min, minOpen, max, maxOpen);
  }

  /**
   * Checks a whole number against the range.
   *
   * @return {@code value}
   * @throws ParameterException naming this parameter and its range
   */
  public long check(long value) {
    requireKind(Kind.INTEGER);
    return Check.range(name, value, (long) min, (long) max);
  }

  /**
   * Checks a choice (case-insensitive, trimmed).
   *
   * @return the allowed id it matches
   * @throws ParameterException naming this parameter and its choices
   */
  public String choice(String value) {
    requireKind(Kind.CHOICE);
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    if (choices.contains(wanted)) {
      return wanted;
    }
    throw new ParameterException(name, name + " must be one of " + String.join(", ", choices)
        + ", was '" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'");
  }

  /**
   * Checks a text's length.
   *
   * @return {@code value}
   * @throws ParameterException naming this parameter and its limit
   */
  public String text(String value) {
    requireKind(Kind.TEXT);
    if (value.length() > max) {
      throw new ParameterException(name, name + " must be at most " + Check.format(max)
          + " characters, was " + Check.format((long) value.length()));
    }
    return value;
  }

  /** The default as a number (NUMBER and INTEGER parameters). */
  public double defaultNumber() {
    return Double.parseDouble(defaultValue);
  }

  private void requireKind(Kind wanted) {
    if (kind != wanted) {
      throw new IllegalStateException(name + " is a " + kind.id() + " parameter, not a "
          + wanted.id());
    }
  }

  /** The allowed values in words: {@code (0, 1]}, {@code 1 to 1,000}, {@code a, b or c}. */
  public String range() {
    return switch (kind) {
      case NUMBER -> (minOpen ? "(" : "[") + Check.format(min) + ", " + Check.format(max)
          + (maxOpen ? ")" : "]");
      case INTEGER -> Check.format(min) + " to " + Check.format(max);
      case CHOICE -> String.join(", ", choices);
      case TEXT -> "up to " + Check.format(max) + " characters";
    };
  }
}
