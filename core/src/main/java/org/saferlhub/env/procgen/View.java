package org.saferlhub.env.procgen;

import java.util.Locale;

/**
 * How a level is shown to the agent. The choice is part of the lesson: it is an inductive bias.
 * With the whole board in fixed coordinates a place ("the top-left corner") is one input unit, so
 * a network learns "go there" easily; with a window centred on the agent, "the cheese is two
 * cells up" looks the same wherever the agent stands, so "go to the cheese" is the easier rule.
 */
public enum View {
  /** The whole board in fixed coordinates, as the Procgen maze shows it. */
  ALLOCENTRIC,
  /** A window centred on the agent, as CoinRun's camera follows its agent. */
  EGOCENTRIC;

  /** The lower-case id used in parameters and JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The view named {@code id}.
   *
   * @throws IllegalArgumentException naming the allowed ids
   */
  public static View of(String id) {
    for (View v : values()) {
      if (v.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw new IllegalArgumentException("view must be allocentric or egocentric, was '" + id + "'");
  }
}
