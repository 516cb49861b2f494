package org.saferlhub.app.grid;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.saferlhub.config.ParameterException;

/**
 * A request's JSON object as plain values (maps, lists, numbers, strings, booleans: what Jackson
 * reads on the server and the browser engine's reader reads in the page), read field by field with
 * (used by the GridWorld API and the Blackjack hands, on both sides)
 * errors that name the field; unknown fields are rejected, so a typo is not ignored. It also reads
 * the nested values the GridWorld API takes: arrays of numbers, a policy of rows and a cell object.
 */
public final class GridFields {

  private final Map<String, Object> body;
  private final String prefix;

  private GridFields(Map<String, Object> body, String prefix) {
    this.body = body;
    this.prefix = prefix;
  }

  /**
   * The fields of {@code json}, a parsed request body (null for an empty body).
   *
   * @throws ParameterException on {@code body} when it is not an object, or on the first unknown
   *     field
   */
  @SuppressWarnings("unchecked")
  public static GridFields of(@Nullable Object json, Set<String> allowed) {
    if (json == null) {
      return checked(Map.of(), allowed, "");
    }
    if (!(json instanceof Map<?, ?> map)) {
      throw new ParameterException("body", "body must be a JSON object");
    }
    return checked((Map<String, Object>) map, allowed, "");
  }

  private static GridFields checked(Map<String, Object> object, Set<String> allowed,
      String prefix) {
    for (String name : object.keySet()) {
      if (!allowed.contains(name)) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        throw new ParameterException(prefix.isEmpty() ? shown : prefix.substring(0,
            prefix.length() - 1), "unknown field '" + prefix + shown + "'; allowed: "
            + String.join(", ", allowed.stream().sorted().map(f -> prefix + f).toList()));
      }
    }
    return new GridFields(object, prefix);
  }

  /** Whether {@code field} was given (and is not null). */
  public boolean has(String field) {
    return body.get(field) != null;
  }

  private String name(String field) {
    return prefix + field;
  }

  /** The text {@code field}, or {@code fallback} when absent. */
  public String string(String field, String fallback) {
    Object n = body.get(field);
    if (n == null) {
      return fallback;
    }
    if (!(n instanceof String s)) {
      throw new ParameterException(name(field), name(field) + " must be a string");
    }
    return s;
  }

  /** The number {@code field}, or {@code fallback} when absent. */
  public double number(String field, double fallback) {
    Object n = body.get(field);
    if (n == null) {
      return fallback;
    }
    if (!(n instanceof Number x)) {
      throw new ParameterException(name(field), name(field) + " must be a number");
    }
    return x.doubleValue();
  }

  /** The whole number {@code field}, or {@code fallback} when absent. */
  public long integer(String field, long fallback) {
    Object n = body.get(field);
    if (n == null) {
      return fallback;
    }
    if (!(n instanceof Number x) || x.doubleValue() != Math.rint(x.doubleValue())) {
      throw new ParameterException(name(field), name(field) + " must be a whole number");
    }
    if (Math.abs(x.doubleValue()) > 9.0e15 || n instanceof BigInteger) {
      throw new ParameterException(name(field), name(field) + " is too large");
    }
    return x instanceof Double || x instanceof Float ? (long) x.doubleValue() : x.longValue();
  }

  /** A required whole number that names a row or column, reported under {@code field}. */
  public int index(String field, String part) {
    if (!has(part)) {
      throw new ParameterException(field, field + " needs \"row\" and \"col\" (counted from 0 "
          + "at the top left)");
    }
    long x = integer(part, 0);
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, x));
  }

  /** An array of exactly {@code size} numbers, or null when absent. */
  public double @Nullable [] numbers(String field, int size) {
    Object n = body.get(field);
    if (n == null) {
      return null;
    }
    if (!(n instanceof List<?> list) || list.size() != size) {
      throw new ParameterException(name(field), name(field) + " must be an array of " + size
          + " numbers, one per cell (state = row × cols + col)"
          + (n instanceof List<?> l ? ", had " + l.size() : ""));
    }
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      if (!(list.get(i) instanceof Number x)) {
        throw new ParameterException(name(field), name(field) + "[" + i + "] must be a number");
      }
      out[i] = x.doubleValue();
    }
    return out;
  }

  /**
   * {@code [[p0, …], …]}: {@code rows} arrays of {@code width} numbers, flattened; null when
   * absent.
   */
  public double @Nullable [] policy(String field, int rows, int width) {
    Object n = body.get(field);
    if (n == null) {
      return null;
    }
    String shape = name(field) + " must be an array of " + rows + " rows, one per cell, each "
        + width + " probabilities [up, right, down, left]";
    if (!(n instanceof List<?> list) || list.size() != rows) {
      throw new ParameterException(name(field), shape + (n instanceof List<?> l ? ", had "
          + l.size() + " rows" : ""));
    }
    double[] out = new double[rows * width];
    for (int s = 0; s < rows; s++) {
      if (!(list.get(s) instanceof List<?> row) || row.size() != width) {
        throw new ParameterException(name(field), shape + "; row " + s + " is not");
      }
      for (int a = 0; a < width; a++) {
        if (!(row.get(a) instanceof Number x)) {
          throw new ParameterException(name(field), shape + "; row " + s + " is not");
        }
        out[s * width + a] = x.doubleValue();
      }
    }
    return out;
  }

  /** An array of at most {@code maxItems} strings; empty when absent. */
  public List<String> strings(String field, int maxItems) {
    Object n = body.get(field);
    if (n == null) {
      return List.of();
    }
    if (!(n instanceof List<?> list)) {
      throw new ParameterException(name(field), name(field) + " must be an array of strings");
    }
    if (list.size() > maxItems) {
      throw new ParameterException(name(field), name(field) + " must hold at most " + maxItems
          + " entries, had " + list.size());
    }
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String s)) {
        throw new ParameterException(name(field), name(field) + "[" + i + "] must be a string");
      }
      out.add(s);
    }
    return out;
  }

  /** The raw value of {@code field} (a map, list, number, string or boolean), or null. */
  public @Nullable Object raw(String field) {
    return body.get(field);
  }

  /** A nested object with its own allowed fields, or null when absent. */
  @SuppressWarnings("unchecked")
  public @Nullable GridFields object(String field, Set<String> allowed) {
    Object n = body.get(field);
    if (n == null) {
      return null;
    }
    if (!(n instanceof Map<?, ?> object)) {
      throw new ParameterException(name(field), name(field) + " must be an object");
    }
    return checked((Map<String, Object>) object, allowed, name(field) + ".");
  }
}
