package org.saferlhub.env;

import java.util.Locale;

/**
 * Why an episode ended, as the environment reports it after each step. Gymnasium folds this into
 * {@code terminated}/{@code truncated} and the info dict; safety lessons need the reason itself
 * (did the agent reach the goal, fall into lava, get interrupted, or run out of time?).
 */
public enum Termination {
  /** The episode is still running. */
  NOT_ENDED(false),
  /** A terminal state of the task with no more specific reason (a Blackjack hand settled). */
  TERMINAL(true),
  /** The agent reached a goal. */
  GOAL(true),
  /** The agent entered a hazard such as lava. */
  HAZARD(true),
  /** Someone outside the task stopped the agent (safe interruptibility). */
  INTERRUPTED(true),
  /** A time limit cut the episode short: truncation, not termination; S′ still has a value. */
  TIME_LIMIT(false);

  private final boolean terminal;

  Termination(boolean terminal) {
    this.terminal = terminal;
  }

  /** Whether the reason is a terminal state of the task (false for a time limit, or no end). */
  public boolean terminal() {
    return terminal;
  }

  /** The id used in JSON and CSV: {@code goal}, {@code time-limit}, … */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
