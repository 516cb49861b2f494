package org.saferlhub.app.browser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saferlhub.config.ParameterException;

/**
 * Just enough JSON for the browser engine, which has no JSON library: writes the report trees the
 * run pipeline builds (maps, lists, arrays, strings, numbers, booleans) and reads the flat object
 * of a run's fields. On the server Jackson does both; the front end parses either with
 * {@code JSON.parse}, so what matters is the values, not the spelling of the numbers.
 */
final class JsonText {

  private JsonText() {}

  /** {@code value} as JSON; NaN and infinities become {@code null}, as JSON has neither. */
  static String write(Object value) {
    StringBuilder out = new StringBuilder(256);
    write(value, out);
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Double d) {
      number(d, out);
    } else if (value instanceof Float f) {
      number(f.doubleValue(), out);
    } else if (value instanceof Number n) {
      out.append(n.longValue());
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value instanceof Map<?, ?> m) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out);
      }
      out.append(']');
    } else if (value instanceof double[] a) {
      out.append('[');
      for (int i = 0; i < a.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        number(a[i], out);
      }
      out.append(']');
    } else if (value instanceof int[] a) {
      wholeNumbers(a.length, i -> a[i], out);
    } else if (value instanceof long[] a) {
      wholeNumbers(a.length, i -> a[i], out);
    } else if (value instanceof Object[] a) {
      write(List.of(a), out);
    } else {
      string(value.toString(), out);
    }
  }

  private static void wholeNumbers(int length, java.util.function.IntToLongFunction at,
      StringBuilder out) {
    out.append('[');
    for (int i = 0; i < length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(at.applyAsLong(i));
    }
    out.append(']');
  }

  /**
   * A double as JSON: whole numbers of moderate size without a fraction, the rest as Java prints
   * them (the shortest text that reads back to the same double, with an exponent for very large or
   * small values, which JSON allows).
   */
  private static void number(double d, StringBuilder out) {
    if (!Double.isFinite(d)) {
      out.append("null");
    } else {
      out.append(Double.toString(d));
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            String hex = Integer.toHexString(c);
            out.append("\\u");
            for (int k = hex.length(); k < 4; k++) {
              out.append('0');
            }
            out.append(hex);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * Reads a JSON object: objects become {@link LinkedHashMap}s, arrays {@link ArrayList}s, numbers
   * {@link Long} when written without fraction or exponent (and short enough), else {@link Double}.
   *
   * @throws ParameterException on field {@code body} when the text is not a JSON object
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> readObject(String text) {
    if (!(read(text) instanceof Map<?, ?> map)) {
      throw new ParameterException("body", "body must be a JSON object");
    }
    return (Map<String, Object>) map;
  }

  /**
   * Reads any JSON value, as {@link #readObject} does; an empty text is null.
   *
   * @throws ParameterException on field {@code body} when the text is not JSON
   */
  static Object read(String text) {
    Reader r = new Reader(text);
    r.skipSpace();
    if (r.pos == text.length()) {
      return null;
    }
    Object value = r.value(0);
    r.skipSpace();
    if (r.pos != text.length()) {
      throw r.bad();
    }
    return value;
  }

  private static final class Reader {
    private final String text;
    int pos;

    Reader(String text) {
      this.text = text;
    }

    ParameterException bad() {
      return new ParameterException("body", "body must be a JSON object, could not read it at "
          + "character " + pos);
    }

    char peek() {
      if (pos >= text.length()) {
        throw bad();
      }
      return text.charAt(pos);
    }

    char next() {
      char c = peek();
      pos++;
      return c;
    }

    void expect(char c) {
      if (next() != c) {
        pos--;
        throw bad();
      }
    }

    void skipSpace() {
      while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
    }

    Object value(int depth) {
      if (depth > 64) {
        throw bad();
      }
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (c == '{') {
        pos++;
        Map<String, Object> object = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
          pos++;
          return object;
        }
        while (true) {
          skipSpace();
          String key = string();
          skipSpace();
          expect(':');
          skipSpace();
          object.put(key, value(depth + 1));
          skipSpace();
          char next = next();
          if (next == '}') {
            return object;
          }
          if (next != ',') {
            pos--;
            throw bad();
          }
        }
      }
      if (c == '[') {
        pos++;
        List<Object> array = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
          pos++;
          return array;
        }
        while (true) {
          skipSpace();
          array.add(value(depth + 1));
          skipSpace();
          char next = next();
          if (next == ']') {
            return array;
          }
          if (next != ',') {
            pos--;
            throw bad();
          }
        }
      }
      if (text.startsWith("true", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (text.startsWith("false", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      if (text.startsWith("null", pos)) {
        pos += 4;
        return null;
      }
      int start = pos;
      boolean whole = true;
      while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
        whole &= "+-0123456789".indexOf(text.charAt(pos)) >= 0;
        pos++;
      }
      String number = text.substring(start, pos);
      try {
        if (whole && number.length() <= 18) {
          return Long.parseLong(number);
        }
        return Double.parseDouble(number);
      } catch (NumberFormatException e) {
        pos = start;
        throw bad();
      }
    }

    String string() {
      expect('"');
      StringBuilder s = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return s.toString();
        }
        if (c != '\\') {
          s.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> s.append(e);
          case 'n' -> s.append('\n');
          case 'r' -> s.append('\r');
          case 't' -> s.append('\t');
          case 'b' -> s.append('\b');
          case 'f' -> s.append('\f');
          case 'u' -> {
            if (pos + 4 > text.length()) {
              throw bad();
            }
            try {
              s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            } catch (NumberFormatException x) {
              throw bad();
            }
            pos += 4;
          }
          default -> throw bad();
        }
      }
    }
  }
}
