package org.saferlhub.app.web;

import io.javalin.http.Context;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.saferlhub.config.ParameterException;

/**
 * The anonymous learner id a browser sends in {@code X-Learner-Id}: made once by the page
 * ({@code crypto.randomUUID()}), kept in its local storage, never tied to a person.
 */
final class LearnerId {

  /** The header that carries it. */
  static final String HEADER = "X-Learner-Id";

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9-]{8,64}");

  private LearnerId() {}

  /** The request's learner id, or null when it sent none. */
  static @Nullable String optional(Context ctx) {
    String id = ctx.header(HEADER);
    if (id == null || id.isEmpty()) {
      return null;
    }
    if (!VALID.matcher(id).matches()) {
      throw new ParameterException(HEADER,
          HEADER + " must be 8 to 64 characters of letters, digits and '-'");
    }
    return id;
  }

  /** The request's learner id; 400 naming the header when it is missing. */
  static String required(Context ctx) {
    String id = optional(ctx);
    if (id == null) {
      throw new ParameterException(HEADER, HEADER + " header is required (8 to 64 characters of "
          + "letters, digits and '-'; the page makes one and keeps it in local storage)");
    }
    return id;
  }
}
