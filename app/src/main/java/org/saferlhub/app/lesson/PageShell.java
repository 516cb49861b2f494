package org.saferlhub.app.lesson;

import java.util.List;
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

  /** The site navigation: key (as passed to {@link #page}), address, label. */
  private static final List<String[]> NAV =
      List.of(
          new String[] {"home", "/", "Learning path"},
          new String[] {"glossary", "/lessons/glossary", "Glossary"},
          new String[] {"resources", "/resources", "Resources"},
          new String[] {"safety-gridworlds", "/safety-gridworlds", "Safety gridworlds"},
          new String[] {"game", "/game", "Game"},
          new String[] {"runs", "/runs", "My runs"});

  /** The footer's links. */
  private static final List<String[]> FOOTER_NAV =
      List.of(
          new String[] {"open-problems", "/open-problems", "Open problems"},
          new String[] {"research", "/research", "Current research"},
          new String[] {"next-steps", "/next-steps", "Next steps"},
          new String[] {"run-it-yourself", "/run-it-yourself", "Run it yourself"},
          new String[] {"feedback", "/feedback", "Feedback"});

  private final String template;

  PageShell(String template) {
    this.template = template;
  }

  /**
   * What a page loads besides the stylesheets and {@code site.js}.
   *
   * @param math KaTeX, for TeX in the text
   * @param charts Chart.js, for widgets that draw charts
   * @param modules the widget modules to load, by name ({@code /js/<name>.js}), in page order;
   *     each is its own {@code <script type="module">}, so one broken widget cannot stop another
   * @param lesson load {@code lesson.js} (math rendering, visit recording) instead of {@code
   *     site.js}
   */
  record Assets(boolean math, boolean charts, List<String> modules, boolean lesson) {
    Assets {
      modules = List.copyOf(modules);
    }

    /** Theme toggle, navigation and glossary popovers only. */
    static Assets plain() {
      return new Assets(false, false, List.of(), false);
    }
  }

  /**
   * Builds a full page.
   *
   * @param title the page title, plain text
   * @param description the meta description, plain text
   * @param current the navigation entry to mark as current ({@code home}, {@code glossary},
   *     {@code resources}, {@code game}, {@code runs}, or a footer entry such as {@code research});
   *     anything else marks none
   * @param assets the scripts to load
   * @param bodyHtml the content of {@code <main>}, trusted HTML
   */
  String page(String title, String description, String current, Assets assets, String bodyHtml) {
    StringBuilder head = new StringBuilder();
    if (assets.math()) {
      head.append(
          """
          <link rel="stylesheet" href="/webjars/katex/0.18.11/dist/katex.min.css">
          <script defer src="/webjars/katex/0.18.11/dist/katex.min.js"></script>
          <script defer src="/webjars/katex/0.18.11/dist/contrib/auto-render.min.js"></script>
          """);
    }
    if (assets.charts()) {
      head.append(
          "<script defer src=\"/webjars/chart.js/4.5.1/dist/chart.umd.min.js\"></script>\n");
    }
    for (String module : assets.modules()) {
      head.append("<script type=\"module\" src=\"/js/")
          .append(Html.escape(module))
          .append(".js\"></script>\n");
    }
    head.append("<script type=\"module\" src=\"/js/")
        .append(assets.lesson() ? "lesson" : "site")
        .append(".js\"></script>");
    return fill(
        Map.of(
            "title", Html.escape(title),
            "description", Html.escape(description),
            "head", head.toString(),
            "nav", links(NAV, current),
            "footer-nav", links(FOOTER_NAV, current),
            "body", bodyHtml));
  }

  private static String links(List<String[]> items, String current) {
    StringBuilder b = new StringBuilder();
    for (String[] item : items) {
      b.append("<li><a href=\"")
          .append(item[1])
          .append('"')
          .append(item[0].equals(current) ? " aria-current=\"page\"" : "")
          .append('>')
          .append(Html.escape(item[2]))
          .append("</a></li>");
    }
    return b.toString();
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
