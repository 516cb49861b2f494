package org.saferlhub.app.lesson;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page template ({@code templates/page.html}) with {@code {{name}}} placeholders.
 *
 * <p>Every placeholder must be filled; values are either escaped here ({@link #fill} callers pass
 * text through {@link Html#escape}) or trusted HTML built by this package.
 */
final class PageShell {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z-]+)}}");

  private final String template;

  PageShell(String template) {
    this.template = template;
  }

  /** Which scripts a page needs. */
  enum Kind {
    /** Plain pages: theme toggle and glossary popovers. */
    PLAIN,
    /** Lessons: also KaTeX, Chart.js and the widgets. */
    LESSON
  }

  /**
   * Builds a full page.
   *
   * @param title the page title, plain text
   * @param description the meta description, plain text
   * @param current the navigation entry to mark as current: {@code home}, {@code glossary} or
   *     anything else for none
   * @param kind which scripts to load
   * @param bodyHtml the content of {@code <main>}, trusted HTML
   */
  String page(String title, String description, String current, Kind kind, String bodyHtml) {
    String head =
        kind == Kind.LESSON
            ? """
            <link rel="stylesheet" href="/webjars/katex/0.18.11/dist/katex.min.css">
            <script defer src="/webjars/katex/0.18.11/dist/katex.min.js"></script>
            <script defer src="/webjars/katex/0.18.11/dist/contrib/auto-render.min.js"></script>
            <script defer src="/webjars/chart.js/4.5.1/dist/chart.umd.min.js"></script>
            <script type="module" src="/js/lesson.js"></script>\
            """
            : """
            <script type="module" src="/js/site.js"></script>\
            """;
    String nav =
        navItem("/", "Learning path", current.equals("home"))
            + navItem("/lessons/glossary", "Glossary", current.equals("glossary"));
    return fill(
        Map.of(
            "title", Html.escape(title),
            "description", Html.escape(description),
            "head", head.strip(),
            "nav", nav,
            "body", bodyHtml));
  }

  private static String navItem(String href, String label, boolean current) {
    return "<li><a href=\""
        + href
        + "\""
        + (current ? " aria-current=\"page\"" : "")
        + ">"
        + Html.escape(label)
        + "</a></li>";
  }

  private String fill(Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 32_768);
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("templates/page.html: no value for {{" + m.group(1) + "}}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
