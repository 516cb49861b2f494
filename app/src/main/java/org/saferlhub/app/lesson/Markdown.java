package org.saferlhub.app.lesson;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders lesson Markdown to HTML: CommonMark plus GFM tables, with five additions.
 *
 * <ul>
 *   <li>Math: {@code $…$} and {@code $$…$$} reach the browser untouched (see {@link
 *       MathProtector}), for KaTeX's auto-render.
 *   <li>Widgets: a fenced block {@code ```widget play-hand} becomes {@code
 *       <play-hand></play-hand>}; only names in {@link #WIDGETS} are accepted. Attributes may
 *       follow the name: {@code ```widget lesson-quiz lesson=blackjack} gives {@code <lesson-quiz
 *       lesson="blackjack">} (values without spaces, or in double quotes).
 *   <li>Math toggles: a fenced block {@code ```math} becomes a collapsed {@code <details
 *       class="math">} whose content is rendered as Markdown too. Text after {@code math} on the
 *       fence line is appended to the summary.
 *   <li>Glossary terms: {@code [episodes](term:episode)} becomes a button with an accessible,
 *       inline definition from the {@link Glossary}.
 *   <li>Button links: a link whose title is exactly {@code button}, {@code [Open it](/x "button")},
 *       is drawn as a button ({@code class="btn"}, no title).
 * </ul>
 *
 * <p>Raw HTML is escaped, link URLs are sanitised and headings get ids. Unknown widgets and terms
 * fail with an {@link IllegalStateException} naming the file and line, so a typo breaks the tests
 * rather than the page.
 */
final class Markdown {
  /** The custom elements a lesson may embed, defined by the scripts in {@code public/js}. */
  static final Set<String> WIDGETS =
      Set.of(
          "play-hand",
          "train-agent",
          "quick-train",
          "seed-experiment",
          "policy-view",
          "watch-agent",
          "show-code",
          "lesson-quiz",
          "learning-path",
          "my-runs",
          "run-view",
          "compare-runs",
          "fix-the-robots",
          "safety-play",
          "safety-train",
          "safety-experiment",
          "code-file",
          "kl-tilt",
          "policy-lab",
          "kl-sweep",
          "lab-experiment",
          "reward-fix",
          "case-filter",
          "high-scores",
          "feedback-form",
          "admin-feedback",
          "grid-loop",
          "grid-dp",
          "grid-learn",
          "grid-reinforce",
          "grid-cliff",
          "grid-code",
          "goal-lab",
          "goal-diversity",
          "inspect-lab",
          "cot-monitor");

  private static final Pattern WIDGET_ATTRIBUTE =
      Pattern.compile("([a-z][a-z0-9-]*)=(?:\"([^\"]*)\"|([^\\s\"]+))(?:\\s+|$)");
  private static final String BUTTON_TITLE = "button";

  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

  private final Glossary glossary;
  private final Parser parser =
      Parser.builder()
          .extensions(EXTENSIONS)
          .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
          .build();

  Markdown(Glossary glossary) {
    this.glossary = glossary;
  }

  /** One entry of a page's table of contents: a second-level heading. */
  record TocEntry(String id, String text) {}

  /**
   * Rendered HTML, the page's table of contents and what the page needs in the browser.
   *
   * @param html the HTML
   * @param toc the second-level headings
   * @param widgets the widgets the page embeds, in order of first appearance
   * @param math whether the page has TeX for KaTeX to render
   */
  record Rendered(String html, List<TocEntry> toc, Set<String> widgets, boolean math) {
    Rendered {
      toc = List.copyOf(toc);
      widgets = Collections.unmodifiableSet(new LinkedHashSet<>(widgets));
    }
  }

  /**
   * Renders one document.
   *
   * @param file the file name, for error messages
   * @param firstLine the 1-based line in {@code file} where {@code markdown} starts
   * @param markdown the Markdown source
   * @throws IllegalStateException for an unknown widget or term, naming file and line
   */
  Rendered render(String file, int firstLine, String markdown) {
    PageState page = new PageState();
    String html = renderInto(page, file, firstLine, markdown);
    return new Rendered(html, page.toc, page.widgets, page.math);
  }

  /** Ids and counters shared by a page and the math toggles nested in it. */
  private static final class PageState {
    final Set<String> ids = new HashSet<>();
    final List<TocEntry> toc = new ArrayList<>();
    final Set<String> widgets = new LinkedHashSet<>();
    boolean math;
    int terms;
  }

  private String renderInto(PageState page, String file, int firstLine, String markdown) {
    MathProtector.Protected prot = MathProtector.protect(markdown);
    if (prot.spans().stream().anyMatch(Objects::nonNull)) {
      page.math = true;
    }
    Node document = parser.parse(prot.text());
    Map<Node, String> headingIds = new IdentityHashMap<>();
    Map<Node, Boolean> buttonLinks = new IdentityHashMap<>();
    List<Node> nodes = new ArrayList<>();
    document.accept(
        new AbstractVisitor() {
          @Override
          public void visit(FencedCodeBlock block) {
            nodes.add(block);
          }

          @Override
          public void visit(Link link) {
            nodes.add(link);
            visitChildren(link);
          }

          @Override
          public void visit(Heading heading) {
            nodes.add(heading);
            visitChildren(heading);
          }
        });
    for (Node node : nodes) {
      int line = firstLine + prot.originalLine(lineIndex(node));
      switch (node) {
        case FencedCodeBlock block -> replaceFence(page, file, line, block);
        case Link link when link.getDestination().startsWith("term:") ->
            replaceTerm(page, file, line, link);
        case Link link when BUTTON_TITLE.equals(link.getTitle()) -> {
          link.setTitle(null);
          buttonLinks.put(link, Boolean.TRUE);
        }
        case Heading heading -> {
          String text = prot.restorePlain(plainText(heading)).strip();
          String id = uniqueId(page, slug(text));
          headingIds.put(heading, id);
          if (heading.getLevel() == 2) {
            page.toc.add(new TocEntry(id, text));
          }
        }
        default -> {}
      }
    }
    HtmlRenderer renderer =
        HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .attributeProviderFactory(
                context ->
                    (node, tagName, attributes) -> {
                      String id = headingIds.get(node);
                      if (id != null) {
                        attributes.put("id", id);
                      }
                      if (buttonLinks.containsKey(node)) {
                        attributes.put("class", "btn");
                      }
                    })
            .nodeRendererFactory(CustomRenderer::new)
            .build();
    return prot.restore(renderer.render(document));
  }

  private static int lineIndex(Node node) {
    List<SourceSpan> spans = node.getSourceSpans();
    return spans.isEmpty() ? 0 : spans.get(0).getLineIndex();
  }

  private void replaceFence(PageState page, String file, int line, FencedCodeBlock block) {
    String info = block.getInfo() == null ? "" : block.getInfo().strip();
    String[] words = info.split("\\s+", 2);
    switch (words[0]) {
      case "widget" -> {
        String[] spec = words.length > 1 ? words[1].strip().split("\\s+", 2) : new String[] {""};
        String name = spec[0];
        if (!WIDGETS.contains(name)) {
          throw new IllegalStateException(
              file
                  + ":"
                  + line
                  + ": unknown widget '"
                  + name
                  + "'; known widgets: "
                  + String.join(", ", new TreeSet<>(WIDGETS)));
        }
        if (!block.getLiteral().isBlank()) {
          throw new IllegalStateException(
              file + ":" + line + ": a widget block takes no content (widget '" + name + "')");
        }
        Map<String, String> attributes =
            widgetAttributes(file, line, name, spec.length > 1 ? spec[1] : "");
        page.widgets.add(name);
        swap(block, new WidgetBlock(name, attributes));
      }
      case "math" -> {
        String label = words.length > 1 ? words[1].strip() : "";
        String inner = renderInto(page, file, line + 1, block.getLiteral());
        swap(block, new MathToggle(label, inner));
      }
      default -> {}
    }
  }

  private static Map<String, String> widgetAttributes(
      String file, int line, String name, String text) {
    Map<String, String> attributes = new LinkedHashMap<>();
    Matcher m = WIDGET_ATTRIBUTE.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalStateException(
            file
                + ":"
                + line
                + ": widget '"
                + name
                + "' attributes must look like key=value or key=\"some value\", got: "
                + text.substring(at));
      }
      String value = m.group(2) != null ? m.group(2) : m.group(3);
      if (m.group(1).startsWith("on")) {
        throw new IllegalStateException(
            file + ":" + line + ": widget '" + name + "' may not have an event-handler attribute");
      }
      if (attributes.putIfAbsent(m.group(1), value) != null) {
        throw new IllegalStateException(
            file + ":" + line + ": widget '" + name + "' repeats attribute '" + m.group(1) + "'");
      }
      at = m.end();
    }
    return attributes;
  }

  private void replaceTerm(PageState page, String file, int line, Link link) {
    String key = link.getDestination().substring("term:".length());
    Glossary.Entry entry =
        glossary
            .find(key)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        file
                            + ":"
                            + line
                            + ": unknown glossary term '"
                            + key
                            + "'; add it to lessons/glossary.md"));
    page.terms++;
    Term term = new Term(entry, "term-def-" + page.terms);
    Node child = link.getFirstChild();
    while (child != null) {
      Node next = child.getNext();
      term.appendChild(child);
      child = next;
    }
    swap(link, term);
  }

  private static void swap(Node old, Node replacement) {
    old.insertBefore(replacement);
    old.unlink();
  }

  private static String plainText(Node node) {
    StringBuilder sb = new StringBuilder();
    node.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Text text) {
            sb.append(text.getLiteral());
          }

          @Override
          public void visit(Code code) {
            sb.append(code.getLiteral());
          }
        });
    return sb.toString();
  }

  /**
   * A URL fragment for a heading: lower case, letters and digits kept, every other run of
   * characters turned into one hyphen. {@code "How an agent learns: Q-values"} gives {@code
   * "how-an-agent-learns-q-values"}.
   */
  static String slug(String text) {
    StringBuilder sb = new StringBuilder();
    boolean hyphen = false;
    for (int cp : text.toLowerCase(Locale.ROOT).codePoints().toArray()) {
      if (Character.isLetterOrDigit(cp)) {
        if (hyphen && !sb.isEmpty()) {
          sb.append('-');
        }
        sb.appendCodePoint(cp);
        hyphen = false;
      } else {
        hyphen = true;
      }
    }
    return sb.isEmpty() ? "section" : sb.toString();
  }

  private static String uniqueId(PageState page, String base) {
    String id = base;
    for (int n = 2; !page.ids.add(id); n++) {
      id = base + "-" + n;
    }
    return id;
  }

  /** A widget: an empty custom element, with its attributes. */
  static final class WidgetBlock extends CustomBlock {
    final String name;
    final Map<String, String> attributes;

    WidgetBlock(String name, Map<String, String> attributes) {
      this.name = name;
      this.attributes = attributes;
    }
  }

  /** A collapsed "Show the math" section holding already rendered HTML. */
  static final class MathToggle extends CustomBlock {
    final String label;
    final String innerHtml;

    MathToggle(String label, String innerHtml) {
      this.label = label;
      this.innerHtml = innerHtml;
    }
  }

  /** A glossary term; its children are the link text. */
  static final class Term extends CustomNode {
    final Glossary.Entry entry;
    final String definitionId;

    Term(Glossary.Entry entry, String definitionId) {
      this.entry = entry;
      this.definitionId = definitionId;
    }
  }

  private static final class CustomRenderer implements NodeRenderer {
    private final HtmlNodeRendererContext context;

    CustomRenderer(HtmlNodeRendererContext context) {
      this.context = context;
    }

    @Override
    public Set<Class<? extends Node>> getNodeTypes() {
      return Set.of(WidgetBlock.class, MathToggle.class, Term.class);
    }

    @Override
    public void render(Node node) {
      var html = context.getWriter();
      switch (node) {
        case WidgetBlock w -> {
          html.line();
          StringBuilder tag = new StringBuilder("<").append(w.name);
          w.attributes.forEach(
              (k, v) -> tag.append(' ').append(k).append("=\"").append(Html.escape(v)).append('"'));
          html.raw(tag.append("></").append(w.name).append('>').toString());
          html.line();
        }
        case MathToggle m -> {
          html.line();
          String summary = m.label.isEmpty() ? "Show the math" : "Show the math: " + m.label;
          html.raw("<details class=\"math\"><summary>" + Html.escape(summary) + "</summary>\n");
          html.raw("<div class=\"math-body\">\n" + m.innerHtml + "</div>\n</details>");
          html.line();
        }
        case Term t -> {
          html.raw(
              "<span class=\"term-wrap\"><button type=\"button\" class=\"term\" data-term=\""
                  + Html.escape(t.entry.key())
                  + "\" aria-describedby=\""
                  + t.definitionId
                  + "\">");
          for (Node child = t.getFirstChild(); child != null; child = child.getNext()) {
            context.render(child);
          }
          html.raw(
              "</button><span class=\"term-def\" role=\"tooltip\" id=\""
                  + t.definitionId
                  + "\">"
                  + "<span class=\"term-name\">"
                  + Html.escape(t.entry.name())
                  + ":</span> "
                  + Html.escape(t.entry.definition())
                  + "</span></span>");
        }
        default -> throw new IllegalArgumentException("unexpected node " + node);
      }
    }
  }
}
