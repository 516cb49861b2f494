package org.saferlhub.train;

/** Why a run ended. */
public enum StopReason {
  /** Every planned episode ran. */
  COMPLETED,
  /** Someone asked it to stop (a Stop button, a closed page, Ctrl-C). */
  CANCELLED,
  /** It reached its wall-time limit. */
  TIME_LIMIT
}
