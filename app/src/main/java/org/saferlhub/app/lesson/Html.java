package org.saferlhub.app.lesson;

/** HTML escaping for text and attribute values. */
final class Html {
  private Html() {}

  /**
   * Escapes a string for use as HTML text or as a double- or single-quoted attribute value.
   *
   * @param s any string
   * @return {@code s} with {@code & < > " '} replaced by character references
   */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
