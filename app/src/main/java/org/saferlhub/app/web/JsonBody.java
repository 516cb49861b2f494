package org.saferlhub.app.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.saferlhub.config.ParameterException;

/**
 * A request's JSON object, read field by field with errors that name the field and the type or
 * range it must have. Unknown fields are rejected too, so a typo ("epsilom") is not ignored.
 */
final class JsonBody implements org.saferlhub.app.run.RunFields {

  private final ObjectNode body;

  private JsonBody(ObjectNode body) {
    this.body = body;
  }

  /** Parses {@code text}; an empty body counts as {@code {}}. */
  static JsonBody parse(ObjectMapper mapper, String text, Set<String> allowedFields) {
    ObjectNode object = object(mapper, text);
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowedFields.contains(name)) {
        throw new ParameterException(name.length() > 40 ? name.substring(0, 40) : name,
            "unknown field '" + (name.length() > 40 ? name.substring(0, 40) + "…" : name)
                + "'; allowed: " + String.join(", ", allowedFields.stream().sorted().toList()));
      }
    }
    return new JsonBody(object);
  }

  /**
   * Parses {@code text} as a JSON object, fields not yet checked; an empty body counts as
   * {@code {}}. Anything else answers 400 on the field {@code body}.
   */
  static ObjectNode object(ObjectMapper mapper, String text) {
    JsonNode node;
    if (text.isBlank()) {
      node = JsonNodeFactory.instance.objectNode();
    } else {
      try {
        node = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .readTree(text);
      } catch (Exception e) {
        throw unreadable(mapper, text, e);
      }
    }
    if (!(node instanceof ObjectNode object)) {
      throw new ParameterException("body", "body must be a JSON object");
    }
    return object;
  }

  /**
   * Why a body is not JSON, naming the field whose value could not be read where the parser
   * knows it ({@code {"seed": 010}} → {@code seed}: NaN, Infinity, {@code +1}, {@code .5},
   * leading zeros, hex, {@code 1_000} and numbers of over 1,000 digits are not JSON numbers),
   * else {@code body} (also for anything after the one JSON value: {@code {}{}}).
   */
  static ParameterException unreadable(ObjectMapper mapper, String text, Exception e) {
    String field = fieldWhereReadingFails(mapper, text);
    if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m
        && m.getMessage() != null && m.getMessage().contains("Trailing token")) {
      return new ParameterException("body", "body must be one JSON value, with nothing after it");
    }
    if (field != null && !field.isEmpty() && field.length() <= 60) {
      return new ParameterException(field, "the value of " + field + " is not valid JSON: "
          + "numbers are written like -12, 0.5 or 1e-3 (no NaN, Infinity, leading + or zeros, "
          + "hex, '_', or more than 1,000 digits), text in double quotes");
    }
    return new ParameterException("body", "body must be a JSON object, could not parse it");
  }

  /** The field whose value a token-by-token read of {@code text} fails at, or null. */
  private static @org.jspecify.annotations.Nullable String fieldWhereReadingFails(
      ObjectMapper mapper, String text) {
    try (com.fasterxml.jackson.core.JsonParser parser = mapper.getFactory().createParser(text)) {
      try {
        while (parser.nextToken() != null) {
          // read on until it fails
        }
        return null;
      } catch (java.io.IOException | RuntimeException failed) {
        try {
          return parser.currentName();
        } catch (java.io.IOException | RuntimeException unknown) {
          return null;
        }
      }
    } catch (java.io.IOException e) {
      return null;
    }
  }

  @Override
  public @org.jspecify.annotations.Nullable String text(String field,
      @org.jspecify.annotations.Nullable String fallback) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    return string(field, "");
  }

  /** Whether the body names {@code field} at all, even as {@code null}. */
  boolean present(String field) {
    return body.has(field);
  }

  @Override
  public boolean has(String field) {
    JsonNode n = body.get(field);
    return n != null && !n.isNull();
  }

  String string(String field, String fallback) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isTextual()) {
      throw new ParameterException(field, field + " must be a string");
    }
    return n.asText();
  }

  @Override
  public double number(String field, double fallback) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isNumber()) {
      throw new ParameterException(field, field + " must be a number");
    }
    return n.asDouble();
  }

  @Override
  public long integer(String field, long fallback) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isIntegralNumber() && !(n.isNumber() && n.asDouble() == Math.rint(n.asDouble()))) {
      throw new ParameterException(field, field + " must be a whole number");
    }
    if (!n.canConvertToLong() && n.isIntegralNumber()) {
      throw new ParameterException(field, field + " is too large");
    }
    double d = n.asDouble();
    if (Math.abs(d) > 9.0e15) {
      throw new ParameterException(field, field + " is too large");
    }
    return n.isIntegralNumber() ? n.asLong() : (long) d;
  }

  List<String> strings(String field, int maxItems) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new ParameterException(field, field + " must be an array of strings");
    }
    if (n.size() > maxItems) {
      throw new ParameterException(field,
          field + " must hold at most " + maxItems + " entries, had " + n.size());
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isTextual()) {
        throw new ParameterException(field, field + "[" + i + "] must be a string");
      }
      out.add(n.get(i).asText());
    }
    return out;
  }
}
