package org.saferlhub.app.web;

/**
 * Exceptions written to the log without their messages: a message may quote what a user sent (a
 * database error quotes the statement's arguments: a feedback comment, a nickname), and the log
 * must hold no user text. The types and the frames where it happened are enough to find a bug.
 */
final class Logs {

  /** Frames kept per exception in the chain. */
  static final int FRAMES = 8;

  private Logs() {}

  /**
   * The exception's type and, for JDBC, its SQL state, with those of its causes: {@code
   * JdbiException <- JdbcSQLSyntaxErrorException (SQL state 42S02)}.
   */
  static String kind(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (b.length() > 0) {
        b.append(" <- ");
      }
      b.append(t.getClass().getSimpleName());
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        b.append(" (SQL state ").append(sql.getSQLState()).append(')');
      }
    }
    return b.toString();
  }

  /** {@link #kind} and the first {@value #FRAMES} frames of each exception in the chain. */
  static String trace(Throwable e) {
    StringBuilder b = new StringBuilder(kind(e));
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      b.append("\n  ").append(t.getClass().getName());
      StackTraceElement[] frames = t.getStackTrace();
      for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
        b.append("\n    at ").append(frames[i]);
      }
    }
    return b.toString();
  }
}
