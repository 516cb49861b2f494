package org.saferlhub.app.run;

import org.jspecify.annotations.Nullable;

/**
 * The fields of a run as a user gave them, whatever the surface: a JSON body, CLI options, a
 * permalink. Each getter checks the type and names the field in its error.
 */
public interface RunFields {

  /** The text of {@code name}, or {@code fallback} when absent. */
  @Nullable String text(String name, @Nullable String fallback);

  /** The number {@code name}, or {@code fallback} when absent. */
  double number(String name, double fallback);

  /** The whole number {@code name}, or {@code fallback} when absent. */
  long integer(String name, long fallback);

  /** Whether {@code name} was given. */
  boolean has(String name);
}
