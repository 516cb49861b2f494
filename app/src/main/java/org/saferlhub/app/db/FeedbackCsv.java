package org.saferlhub.app.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Feedback answers as CSV (RFC 4180: a header row, CRLF line ends, fields with a comma, quote
 * or line break in double quotes, quotes doubled). Safe to open in a spreadsheet: a cell that
 * starts with {@code = + - @}, a tab or a carriage return gets a leading {@code '} so that it
 * is shown as text, never run as a formula. Used by the admin endpoint and
 * {@code saferlhub feedback export --csv}.
 */
public final class FeedbackCsv {

  /** The header row's column names, in order. */
  public static final List<String> HEADER = List.of("id", "createdAt", "background", "clear",
      "unclear", "topics", "features", "comments");

  /** Media type of the output. */
  public static final String CONTENT_TYPE = "text/csv; charset=utf-8";

  private FeedbackCsv() {}

  /** The whole CSV text. */
  public static String of(List<FeedbackStore.Feedback> answers) {
    StringBuilder out = new StringBuilder(256 + answers.size() * 256);
    row(out, HEADER);
    for (FeedbackStore.Feedback f : answers) {
      row(out, List.of(Long.toString(f.id()), f.createdAt().toString(), f.background(),
          f.clear(), f.unclear(), f.topics(), f.features(), f.comments()));
    }
    return out.toString();
  }

  /** Writes the CSV text to {@code writer}. */
  public static void write(List<FeedbackStore.Feedback> answers, Writer writer) {
    try {
      writer.write(of(answers));
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void row(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(cells.get(i)));
    }
    out.append("\r\n");
  }

  /** One field: formula-neutralised, then quoted when RFC 4180 requires it. */
  static String cell(String value) {
    String v = value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0;
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }
}
