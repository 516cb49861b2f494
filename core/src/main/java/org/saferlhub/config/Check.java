package org.saferlhub.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Range checks that throw a {@link ParameterException} naming the field and the allowed range. */
public final class Check {

  private Check() {}

  /**
   * Checks {@code low ≤ value ≤ high} (or strict bounds), rejecting NaN.
   *
   * @return {@code value}
   */
  public static double range(
      String field, double value, double low, boolean lowOpen, double high, boolean highOpen) {
    boolean ok = !Double.isNaN(value)
        && (lowOpen ? value > low : value >= low)
        && (highOpen ? value < high : value <= high);
    if (!ok) {
      throw new ParameterException(field, field + " must be " + words(low, lowOpen, high, highOpen)
          + ", was " + format(value));
    }
    return value;
  }

  /** Checks {@code low ≤ value ≤ high}. @return {@code value} */
  public static long range(String field, long value, long low, long high) {
    if (value < low || value > high) {
      throw new ParameterException(field, field + " must be an integer from " + format(low)
          + " to " + format(high) + ", was " + value);
    }
    return value;
  }

  /**
   * Parses one of the allowed ids (case-insensitive).
   *
   * @return the matching constant
   */
  public static <E extends Enum<E>> E oneOf(String field, String value, E[] allowed,
      java.util.function.Function<E, String> id) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (E e : allowed) {
      if (id.apply(e).equals(wanted)) {
        return e;
      }
    }
    List<String> ids = Arrays.stream(allowed).map(id).toList();
    throw new ParameterException(field, field + " must be one of " + String.join(", ", ids)
        + ", was '" + abbreviate(value) + "'");
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  /**
   * A range in words, as a newcomer reads it: {@code (0, 1]} is "more than 0 and at most 1",
   * {@code [0, 1]} "from 0 to 1".
   */
  static String words(double low, boolean lowOpen, double high, boolean highOpen) {
    if (!lowOpen && !highOpen) {
      return "from " + format(low) + " to " + format(high);
    }
    return (lowOpen ? "more than " : "at least ") + format(low) + " and "
        + (highOpen ? "less than " : "at most ") + format(high);
  }

  /** A whole number with thousands separators up to 2⁵³ (the largest seed), else as Java prints it. */
  static String format(double x) {
    if (x == Math.rint(x) && Math.abs(x) <= 0x1p53) {
      return String.format(Locale.ROOT, "%,d", (long) x);
    }
    return Double.toString(x);
  }

  static String format(long x) {
    return String.format(Locale.ROOT, "%,d", x);
  }
}
