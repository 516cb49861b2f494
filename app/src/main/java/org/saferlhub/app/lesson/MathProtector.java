package org.saferlhub.app.lesson;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Hides TeX from the Markdown parser, so that KaTeX in the browser sees it intact.
 *
 * <p>Markdown eats math: {@code $a*b*c$} would become {@code $a<em>b</em>c$}, {@code \{} would
 * lose its backslash and {@code \\} would become {@code \}. So before parsing, every math span
 * ({@code $…$} on one line, {@code $$…$$} over any number of lines without a blank one) is swapped
 * for a placeholder made of private-use characters; after rendering, {@link Protected#restore}
 * puts the original text back, HTML-escaped. Code spans and fenced code blocks are left alone.
 *
 * <p>Dollars that are not math ({@code \$}, or a {@code $} without a partner) come back as
 * {@code <span class="nomath">$</span>}: the page tells KaTeX's auto-render to skip that class,
 * so a price such as {@code \$5} can never pair with another dollar in the browser.
 *
 * <p>An inline span follows Pandoc's rule: the opening {@code $} is not followed by a space, the
 * closing {@code $} is not preceded by a space or a backslash and not followed by a digit.
 */
final class MathProtector {
  static final char OPEN = '\uE000';
  static final char CLOSE = '\uE001';
  static final String LITERAL_DOLLAR = "<span class=\"nomath\">$</span>";

  private MathProtector() {}

  /**
   * The protected text, the spans it hides and a map back to the original line numbers.
   *
   * @param text the Markdown with placeholders
   * @param spans the hidden original text of each placeholder, by index ({@code null} for a literal
   *     dollar)
   * @param lineMap for each 0-based line of {@code text}, the 0-based line of the original
   */
  record Protected(String text, List<@Nullable String> spans, int[] lineMap) {

    /** The 0-based original line of a 0-based line of {@link #text()}. */
    int originalLine(int protectedLine) {
      return lineMap[Math.max(0, Math.min(protectedLine, lineMap.length - 1))];
    }

    /** Replaces each placeholder in rendered HTML by its original text, HTML-escaped. */
    String restore(String html) {
      return replace(html, true);
    }

    /**
     * Replaces each placeholder in plain text by its original TeX (for ids and tables of contents).
     */
    String restorePlain(String text) {
      return replace(text, false);
    }

    private String replace(String s, boolean html) {
      if (s.indexOf(OPEN) < 0) {
        return s;
      }
      StringBuilder out = new StringBuilder(s.length() + 64);
      int i = 0;
      while (i < s.length()) {
        char c = s.charAt(i);
        int close = c == OPEN ? s.indexOf(CLOSE, i) : -1;
        if (close < 0) {
          out.append(c);
          i++;
          continue;
        }
        String span = spans.get(Integer.parseInt(s.substring(i + 1, close)));
        if (span == null) {
          out.append(html ? LITERAL_DOLLAR : "$");
        } else {
          out.append(html ? Html.escape(span) : span);
        }
        i = close + 1;
      }
      return out.toString();
    }
  }

  /**
   * Swaps every math span of {@code source} for a placeholder.
   *
   * @throws IllegalArgumentException if the source already holds a placeholder character
   */
  static Protected protect(String source) {
    if (source.indexOf(OPEN) >= 0 || source.indexOf(CLOSE) >= 0) {
      throw new IllegalArgumentException("the text contains a reserved private-use character");
    }
    return new Scanner(source).run();
  }

  private static final class Scanner {
    private final String src;
    private final StringBuilder out = new StringBuilder();
    private final List<@Nullable String> spans = new ArrayList<>();
    private final List<Integer> lineMap = new ArrayList<>();
    private int pos;
    private int line;

    Scanner(String src) {
      this.src = src;
      lineMap.add(0);
    }

    Protected run() {
      char fenceChar = 0;
      int fenceLength = 0;
      while (pos < src.length()) {
        boolean lineStart = pos == 0 || src.charAt(pos - 1) == '\n';
        if (lineStart) {
          int fence = fenceAt(pos);
          if (fenceChar != 0) {
            // Inside a fenced block: copy the whole line; a long-enough bare fence closes it.
            if (fence >= fenceLength
                && src.charAt(firstNonSpace(pos)) == fenceChar
                && restOfLineBlank(firstNonSpace(pos) + fence)) {
              fenceChar = 0;
            }
            copyLine();
            continue;
          }
          if (fence > 0) {
            fenceChar = src.charAt(firstNonSpace(pos));
            fenceLength = fence;
            copyLine();
            continue;
          }
        }
        char c = src.charAt(pos);
        if (c == '\\' && pos + 1 < src.length()) {
          if (src.charAt(pos + 1) == '$') {
            placeholder(null);
            pos += 2;
          } else {
            copy(2);
          }
        } else if (c == '`') {
          codeSpan();
        } else if (c == '$') {
          dollar();
        } else {
          copy(1);
        }
      }
      int[] map = lineMap.stream().mapToInt(Integer::intValue).toArray();
      return new Protected(
          out.toString(), Collections.unmodifiableList(new ArrayList<>(spans)), map);
    }

    /** The length of a code fence (three or more backticks or tildes) starting the line at p. */
    private int fenceAt(int p) {
      int q = firstNonSpace(p);
      if (q >= src.length()) {
        return 0;
      }
      char c = src.charAt(q);
      if (c != '`' && c != '~') {
        return 0;
      }
      int n = 0;
      while (q + n < src.length() && src.charAt(q + n) == c) {
        n++;
      }
      if (n < 3) {
        return 0;
      }
      // A backtick fence's info string may not contain a backtick.
      if (c == '`') {
        int end = lineEnd(q);
        if (src.substring(q + n, end).indexOf('`') >= 0) {
          return 0;
        }
      }
      return n;
    }

    private int firstNonSpace(int p) {
      while (p < src.length() && (src.charAt(p) == ' ' || src.charAt(p) == '\t')) {
        p++;
      }
      return p;
    }

    private boolean restOfLineBlank(int p) {
      return src.substring(p, lineEnd(p)).isBlank();
    }

    private int lineEnd(int p) {
      int end = src.indexOf('\n', p);
      return end < 0 ? src.length() : end;
    }

    private void copyLine() {
      int end = lineEnd(pos);
      copy(Math.min(end + 1, src.length()) - pos);
    }

    /** Copies n characters verbatim, keeping the line map in step. */
    private void copy(int n) {
      int end = Math.min(pos + n, src.length());
      for (; pos < end; pos++) {
        char c = src.charAt(pos);
        out.append(c);
        if (c == '\n') {
          line++;
          lineMap.add(line);
        }
      }
    }

    /** Consumes source text that the placeholder replaces, counting its newlines. */
    private void skip(int n) {
      for (int end = pos + n; pos < end; pos++) {
        if (src.charAt(pos) == '\n') {
          line++;
        }
      }
    }

    private void placeholder(@Nullable String span) {
      out.append(OPEN).append(spans.size()).append(CLOSE);
      spans.add(span);
    }

    /** A run of n backticks starts a code span if a run of exactly n closes it in the paragraph. */
    private void codeSpan() {
      int n = 0;
      while (pos + n < src.length() && src.charAt(pos + n) == '`') {
        n++;
      }
      int limit = paragraphEnd(pos);
      int q = pos + n;
      while (q < limit) {
        if (src.charAt(q) == '`') {
          int m = 0;
          while (q + m < limit && src.charAt(q + m) == '`') {
            m++;
          }
          if (m == n) {
            copy(q + m - pos);
            return;
          }
          q += m;
        } else {
          q++;
        }
      }
      copy(n);
    }

    /** The index of the first blank line after p (or the end), which no inline span may cross. */
    private int paragraphEnd(int p) {
      int q = src.indexOf('\n', p);
      while (q >= 0) {
        int next = lineEnd(q + 1);
        if (src.substring(q + 1, next).isBlank()) {
          return q;
        }
        if (next >= src.length()) {
          return src.length();
        }
        q = next;
      }
      return src.length();
    }

    private void dollar() {
      if (pos + 1 < src.length() && src.charAt(pos + 1) == '$') {
        int close = src.indexOf("$$", pos + 2);
        if (close >= 0 && close <= paragraphEnd(pos)) {
          int end = close + 2;
          placeholder(src.substring(pos, end));
          skip(end - pos);
          return;
        }
        placeholder(null);
        placeholder(null);
        pos += 2;
        return;
      }
      int close = inlineClose(pos);
      if (close < 0) {
        placeholder(null);
        pos++;
        return;
      }
      placeholder(src.substring(pos, close + 1));
      skip(close + 1 - pos);
    }

    /** The index of the $ closing an inline span opened at p, or -1. */
    private int inlineClose(int p) {
      int end = lineEnd(p);
      if (p + 1 >= end || Character.isWhitespace(src.charAt(p + 1))) {
        return -1;
      }
      for (int q = p + 1; q < end; q++) {
        char c = src.charAt(q);
        if (c == '\\') {
          q++; // skip the escaped character, e.g. \$ or \{
          continue;
        }
        if (c == '$') {
          boolean spaceBefore = Character.isWhitespace(src.charAt(q - 1));
          boolean digitAfter = q + 1 < src.length() && Character.isDigit(src.charAt(q + 1));
          if (q + 1 < src.length() && src.charAt(q + 1) == '$') {
            return -1; // "$a$$": ambiguous, treat as text
          }
          return spaceBefore || digitAfter ? -1 : q;
        }
      }
      return -1;
    }
  }
}
