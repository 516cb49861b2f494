package org.saferlhub.app.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.argument.Argument;

/** Small JDBC helpers shared by the stores. */
final class Sql {

  /** SQLSTATE of a unique-constraint violation (H2 and PostgreSQL alike). */
  static final String UNIQUE_VIOLATION = "23505";

  private Sql() {}

  /**
   * An instant bound as {@code TIMESTAMP WITH TIME ZONE} (UTC, microseconds: what both
   * databases keep), never through the JVM's local time zone.
   */
  static Argument timestamp(Instant instant) {
    OffsetDateTime value = micros(instant).atOffset(ZoneOffset.UTC);
    return (position, statement, ctx) -> statement.setObject(position, value);
  }

  /** The instant in a {@code TIMESTAMP WITH TIME ZONE} column. */
  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    if (value == null) {
      throw new SQLException("column " + column + " is null");
    }
    return value.toInstant();
  }

  /** The instant as the databases store it: truncated to microseconds. */
  static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  /** True when {@code e} or one of its causes is a unique-constraint violation. */
  static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** Rejects text longer than its column (in UTF-16 units, as H2 counts). */
  static String capped(String what, String text, int maxChars) {
    if (text.length() > maxChars) {
      throw new IllegalArgumentException(what + " must be at most " + maxChars
          + " UTF-16 characters to fit its column, was " + text.length());
    }
    return text;
  }
}
