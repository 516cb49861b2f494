package org.saferlhub.app.lesson;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The site's pages, rendered once from the classpath: the home page with the learning path, one
 * page per lesson, the glossary, the site's other pages (resources, open problems, …) and a
 * friendly 404 page.
 *
 * <p>Sources: {@code lessons/index.txt} lists the lesson files in order ({@code 01-blackjack.md} is
 * lesson 1 with slug {@code blackjack}); {@code lessons/home.md}, {@code lessons/coming.txt}
 * (modules still being written), {@code lessons/glossary.md}, {@code pages/index.txt} (the other
 * pages, {@code resources.md} is served by {@link #page(String) page("resources")}) and {@code
 * templates/page.html}. Any error in them (unknown widget or term, bad front matter) fails {@link
 * #load()} with an {@link IllegalStateException} naming the file and line.
 *
 * <p>Each page loads the module of every widget it embeds ({@code public/js/<widget>.js}), one
 * {@code <script type="module">} each, so a widget that fails cannot stop the others. A widget
 * whose module is not on the classpath yet is left out; {@code site.js} then shows a short note in
 * its place.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Site {
  private static final Pattern LESSON_FILE =
      Pattern.compile("(\\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\\.md");
  private static final Set<String> LESSON_KEYS =
      Set.of("title", "summary", "minutes", "difficulty", "goal");
  private static final Pattern PAGE_FILE = Pattern.compile("([a-z0-9]+(?:-[a-z0-9]+)*)\\.md");
  private static final Set<String> PAGE_KEYS = Set.of("title", "summary");

  /** Widgets that draw with Chart.js; a page embedding one loads it. */
  private static final Set<String> CHART_WIDGETS =
      Set.of("train-agent", "quick-train", "seed-experiment", "my-runs", "run-view",
          "compare-runs", "safety-train", "safety-experiment", "kl-tilt", "policy-lab", "kl-sweep",
          "lab-experiment", "goal-lab", "goal-diversity", "cot-monitor");

  /** Pages that highlight another navigation entry than their own slug. */
  private static final Map<String, String> NAV_OF_PAGE = Map.of("run", "runs", "compare", "runs");

  /** The slug of the glossary page, served like a lesson at {@code /lessons/glossary}. */
  static final String GLOSSARY_SLUG = "glossary";

  private final List<LessonInfo> lessons;
  private final Map<String, String> pages;
  private final Map<String, String> sitePages;
  private final String home;
  private final PageShell shell;

  private Site(
      List<LessonInfo> lessons,
      Map<String, String> pages,
      Map<String, String> sitePages,
      String home,
      PageShell shell) {
    this.lessons = lessons;
    this.pages = pages;
    this.sitePages = sitePages;
    this.home = home;
    this.shell = shell;
  }

  /**
   * Reads and renders everything from the classpath.
   *
   * @throws IllegalStateException if a source file is missing or malformed
   */
  public static Site load() {
    return load(Resources.classpath());
  }

  static Site load(Resources resources) {
    PageShell shell = new PageShell(resources.require("templates/page.html"));
    Glossary glossary =
        Glossary.parse("lessons/glossary.md", resources.require("lessons/glossary.md"));
    Markdown markdown = new Markdown(glossary);

    Set<String> modules = new HashSet<>();
    for (String widget : Markdown.WIDGETS) {
      if (resources.read("public/js/" + widget + ".js").isPresent()) {
        modules.add(widget);
      }
    }

    List<Lesson> lessons = new ArrayList<>();
    for (String file : indexedFiles(resources.require("lessons/index.txt"))) {
      Matcher m = LESSON_FILE.matcher(file);
      if (!m.matches()) {
        throw new IllegalStateException(
            "lessons/index.txt: '" + file + "' is not named like 01-some-slug.md");
      }
      int number = Integer.parseInt(m.group(1));
      if (number != lessons.size() + 1) {
        throw new IllegalStateException(
            "lessons/index.txt: '" + file + "' should be lesson " + (lessons.size() + 1));
      }
      String path = "lessons/" + file;
      FrontMatter fm = FrontMatter.parse(path, resources.require(path), LESSON_KEYS);
      LessonInfo info =
          new LessonInfo(
              m.group(2),
              number,
              fm.required("title"),
              plainText(fm.required("summary")),
              fm.requiredPositiveInt("minutes"));
      lessons.add(
          new Lesson(
              info,
              fm.required("summary"),
              fm.optional("difficulty").orElse(""),
              fm.optional("goal").orElse(""),
              markdown.render(path, fm.bodyLine(), fm.body()),
              resources.read(Quizzes.quizFile(file)).isPresent()));
    }

    Map<String, String> pages = new LinkedHashMap<>();
    for (int i = 0; i < lessons.size(); i++) {
      Lesson lesson = lessons.get(i);
      @Nullable Lesson next = i + 1 < lessons.size() ? lessons.get(i + 1) : null;
      pages.put(lesson.info().slug(), lessonPage(shell, lesson, next, modules));
    }
    if (pages.containsKey(GLOSSARY_SLUG)) {
      throw new IllegalStateException("lessons/index.txt: the slug 'glossary' is reserved");
    }
    pages.put(GLOSSARY_SLUG, glossaryPage(shell, glossary));

    Map<String, String> sitePages = new LinkedHashMap<>();
    for (String file : indexedFiles(resources.require("pages/index.txt"))) {
      Matcher m = PAGE_FILE.matcher(file);
      if (!m.matches()) {
        throw new IllegalStateException(
            "pages/index.txt: '" + file + "' is not named like some-page.md");
      }
      String path = "pages/" + file;
      FrontMatter fm = FrontMatter.parse(path, resources.require(path), PAGE_KEYS);
      Markdown.Rendered body = markdown.render(path, fm.bodyLine(), fm.body());
      if (sitePages.put(m.group(1), sitePage(shell, m.group(1), fm, body, modules)) != null) {
        throw new IllegalStateException("pages/index.txt: '" + file + "' is listed twice");
      }
    }

    List<Module> coming =
        Module.parseAll("lessons/coming.txt", resources.require("lessons/coming.txt"));
    FrontMatter homeSource =
        FrontMatter.parse(
            "lessons/home.md", resources.require("lessons/home.md"), Set.of("title", "summary"));
    String home =
        homePage(
            shell,
            homeSource,
            markdown.render("lessons/home.md", homeSource.bodyLine(), homeSource.body()),
            lessons,
            coming,
            modules,
            glossary);
    return new Site(
        lessons.stream().map(Lesson::info).toList(),
        Map.copyOf(pages),
        Collections.unmodifiableMap(sitePages),
        home,
        shell);
  }

  /** The home page: what SafeRLHub is and the learning path. */
  public String home() {
    return home;
  }

  /**
   * One lesson page (or the glossary, slug {@code glossary}).
   *
   * @param slug e.g. {@code blackjack}
   * @return the full HTML page, or empty if there is no such lesson
   */
  public Optional<String> lesson(String slug) {
    return Optional.ofNullable(pages.get(slug));
  }

  /**
   * One of the site's other pages, from {@code pages/<slug>.md}: {@code resources}, {@code
   * open-problems}, {@code research}, {@code next-steps}, {@code runs}, {@code run} (one saved
   * run; its script reads the id from {@code /runs/{id}}), {@code compare}, {@code game}, {@code
   * feedback}, {@code admin}.
   *
   * @param slug the file name without {@code .md}
   * @return the full HTML page, or empty if there is no such page
   */
  public Optional<String> page(String slug) {
    return Optional.ofNullable(sitePages.get(slug));
  }

  /** The slugs {@link #page(String)} answers, in {@code pages/index.txt} order. */
  public Set<String> pages() {
    return sitePages.keySet();
  }

  /** The lessons in learning-path order. */
  public List<LessonInfo> lessons() {
    return lessons;
  }

  /**
   * Every slug {@link #lesson(String)} answers: the lessons in learning-path order, then the
   * glossary.
   */
  public List<String> lessonSlugs() {
    List<String> slugs = new ArrayList<>(lessons.stream().map(LessonInfo::slug).toList());
    slugs.add(GLOSSARY_SLUG);
    return List.copyOf(slugs);
  }

  /**
   * A friendly "page not found" page.
   *
   * @param path the requested path, shown escaped
   */
  public String notFound(String path) {
    String body =
        """
        <article class="prose">
        <h1>Page not found</h1>
        <p>There is no page at <code>%s</code>. It may have moved, or the address may have a typo.</p>
        <ul>
        <li><a href="/">Go to the learning path</a></li>
        <li><a href="/lessons/%s">Start lesson 1</a></li>
        <li><a href="/lessons/glossary">Look up a term in the glossary</a></li>
        </ul>
        </article>\
        """
            .formatted(
                Html.escape(path), lessons.isEmpty() ? "" : Html.escape(lessons.get(0).slug()));
    return shell.page(
        "Page not found · SafeRLHub",
        "This page does not exist.",
        "",
        PageShell.Assets.plain(),
        body);
  }

  private static List<String> indexedFiles(String index) {
    return index
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  /** A lesson with its rendered body. */
  private record Lesson(
      LessonInfo info,
      String summaryMarkup, String difficulty, String goal, Markdown.Rendered body, boolean quiz) {}

  /** The modules of {@code widgets} that exist, in page order. */
  private static List<String> modules(Collection<String> widgets, Set<String> available) {
    return widgets.stream().filter(available::contains).toList();
  }

  private static String toc(List<Markdown.TocEntry> toc) {
    StringBuilder b = new StringBuilder();
    b.append(
        "<nav class=\"toc\" aria-label=\"On this page\">\n"
            + "<p class=\"toc-title\">On this page</p>\n"
            + "<ol>\n");
    for (Markdown.TocEntry e : toc) {
      b.append("<li><a href=\"#")
          .append(Html.escape(e.id()))
          .append("\">")
          .append(Html.escape(e.text()))
          .append("</a></li>\n");
    }
    return b.append("</ol>\n</nav>\n").toString();
  }

  private static String sitePage(
      PageShell shell, String slug, FrontMatter fm, Markdown.Rendered body, Set<String> modules) {
    StringBuilder b = new StringBuilder();
    b.append("<article class=\"page\" data-page=\"")
        .append(Html.escape(slug))
        .append("\">\n<header class=\"page-head\">\n<h1>")
        .append(Html.escape(fm.required("title")))
        .append("</h1>\n<p class=\"lede\">")
        .append(Html.escape(fm.required("summary")))
        .append("</p>\n</header>\n");
    if (body.toc().size() >= 3) {
      b.append(toc(body.toc()));
    }
    b.append("<div class=\"page-body\">\n").append(body.html()).append("</div>\n</article>");
    boolean charts = body.widgets().stream().anyMatch(CHART_WIDGETS::contains);
    return shell.page(
        fm.required("title") + " · SafeRLHub",
        fm.required("summary"),
        NAV_OF_PAGE.getOrDefault(slug, slug),
        new PageShell.Assets(
            body.math(), charts, modules(body.widgets(), modules), body.math()),
        b.toString());
  }

  private static String lessonPage(
      PageShell shell, Lesson lesson, @Nullable Lesson next, Set<String> modules) {
    LessonInfo info = lesson.info();
    StringBuilder b = new StringBuilder();
    b.append("<article class=\"lesson\" data-module=\"")
        .append(Html.escape(info.slug()))
        .append("\">\n<header class=\"lesson-head\">\n<p class=\"eyebrow\">");
    b.append("Lesson ")
        .append(info.number())
        .append(" · about ")
        .append(info.minutes())
        .append(" minutes");
    if (!lesson.difficulty().isEmpty()) {
      b.append(" · ").append(Html.escape(lesson.difficulty()));
    }
    b.append("</p>\n<h1>").append(Html.escape(info.title())).append("</h1>\n");
    b.append("<p class=\"lede\">").append(Html.escape(info.summary())).append("</p>\n</header>\n");
    // What comes before the first section (lesson 1's Train box) is the lesson's lead: it goes
    // above the table of contents, on the first screen.
    String html = lesson.body().html();
    int firstSection = html.indexOf("<h2");
    String lead = firstSection > 0 ? html.substring(0, firstSection) : "";
    if (!lead.isBlank()) {
      b.append("<div class=\"lesson-body lesson-lead\">\n").append(lead).append("</div>\n");
      html = html.substring(firstSection);
    }
    if (!lesson.body().toc().isEmpty()) {
      b.append(toc(lesson.body().toc()));
    }
    b.append("<div class=\"lesson-body\">\n").append(html).append("</div>\n");
    b.append("<nav class=\"pager\" aria-label=\"Next step\">\n");
    if (next != null) {
      b.append("<a class=\"next\" href=\"/lessons/")
          .append(Html.escape(next.info().slug()))
          .append("\">Next: ")
          .append(Html.escape(next.info().title()))
          .append(" →</a>\n");
    } else {
      b.append("<a href=\"/\">← Back to the learning path</a>\n");
    }
    b.append("</nav>\n</article>");
    return shell.page(
        info.title() + " · SafeRLHub",
        info.summary(),
        "",
        new PageShell.Assets(true, true, modules(lesson.body().widgets(), modules), true),
        b.toString());
  }

  private static String glossaryPage(PageShell shell, Glossary glossary) {
    FrontMatter fm = glossary.source();
    StringBuilder b = new StringBuilder();
    b.append("<article class=\"prose\">\n<h1>")
        .append(Html.escape(fm.required("title")))
        .append("</h1>\n<p class=\"lede\">")
        .append(Html.escape(fm.required("summary")))
        .append("</p>\n<dl class=\"glossary\">\n");
    for (Glossary.Entry e : glossary.entries()) {
      b.append("<dt id=\"")
          .append(Html.escape(e.key()))
          .append("\">")
          .append(Html.escape(e.name()))
          .append("</dt>\n<dd>")
          .append(Html.escape(e.definition()))
          .append("</dd>\n");
    }
    b.append("</dl>\n</article>");
    return shell.page(
        fm.required("title") + " · SafeRLHub",
        fm.required("summary"),
        "glossary",
        PageShell.Assets.plain(),
        b.toString());
  }

  private static String homePage(
      PageShell shell,
      FrontMatter fm,
      Markdown.Rendered intro,
      List<Lesson> lessons,
      List<Module> coming,
      Set<String> modules,
      Glossary glossary) {
    StringBuilder b = new StringBuilder();
    b.append("<div class=\"home\">\n<header class=\"hero\">\n<h1>")
        .append(Html.escape(fm.required("title")))
        .append("</h1>\n<p class=\"lede\">")
        .append(Html.escape(fm.required("summary")))
        .append("</p>\n");
    if (!lessons.isEmpty()) {
      LessonInfo first = lessons.get(0).info();
      b.append("<p><a class=\"btn primary cta\" href=\"/lessons/")
          .append(Html.escape(first.slug()))
          .append("\">Start with lesson 1: ")
          .append(Html.escape(first.title()))
          .append(" →</a></p>\n");
    }
    b.append("</header>\n");
    b.append("<section class=\"path\" aria-labelledby=\"path-title\">\n")
        .append("<h2 id=\"path-title\">The learning path</h2>\n")
        .append("<learning-path>\n<ol class=\"path-list\">\n");
    for (Lesson lesson : lessons) {
      LessonInfo info = lesson.info();
      b.append(
          pathItem(
              info.slug(),
              lesson.quiz(),
              "Lesson " + info.number(),
              "/lessons/" + info.slug(),
              info.title(),
              termLinks("lessons/" + info.slug(), lesson.summaryMarkup(), glossary),
              termLinks("lessons/" + info.slug(), lesson.goal(), glossary),
              info.minutes(),
              lesson.difficulty()));
    }
    for (Module module : coming) {
      b.append(
          pathItem(
              null,
              false,
              "Coming soon",
              null,
              module.title(),
              termLinks("lessons/coming.txt", module.summary(), glossary),
              termLinks("lessons/coming.txt", module.goal(), glossary),
              module.minutes(),
              module.difficulty()));
    }
    b.append("</ol>\n</learning-path>\n</section>\n<section class=\"prose intro\">\n")
        .append(intro.html())
        .append("</section>\n</div>");
    return shell.page(
        "SafeRLHub: learn RL safety by training real agents",
        fm.required("summary"),
        "home",
        new PageShell.Assets(
            false, false, modules(List.of("learning-path"), modules), false),
        b.toString());
  }

  private static final Pattern TERM_LINK =
      Pattern.compile("\\[([^\\]\\[]+)]\\(term:([a-z0-9]+(?:-[a-z0-9]+)*)\\)");

  /**
   * A card's text as HTML: escaped, with each {@code [words](term:key)} a link to the glossary's
   * entry, so that a card never uses a word it does not explain.
   *
   * @throws IllegalStateException naming the file for a key the glossary lacks
   */
  /** The text with every {@code [words](term:key)} replaced by its words, for plain contexts. */
  static String plainText(String text) {
    return TERM_LINK.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
  }

  static String termLinks(String file, String text, Glossary glossary) {
    Matcher m = TERM_LINK.matcher(text);
    StringBuilder out = new StringBuilder();
    int from = 0;
    while (m.find()) {
      String key = m.group(2);
      if (glossary.find(key).isEmpty()) {
        throw new IllegalStateException(file + ": unknown glossary term '" + key
            + "'; add it to lessons/glossary.md");
      }
      out.append(Html.escape(text.substring(from, m.start())))
          .append("<a class=\"term-link\" href=\"/lessons/glossary#")
          .append(key)
          .append("\">")
          .append(Html.escape(m.group(1)))
          .append("</a>");
      from = m.end();
    }
    return out.append(Html.escape(text.substring(from))).toString();
  }

  private static String pathItem(
      @Nullable String module,
      boolean quiz,
      String badge,
      @Nullable String href,
      String title,
      String summaryHtml,
      String goalHtml,
      int minutes,
      String difficulty) {
    StringBuilder b = new StringBuilder();
    b.append("<li class=\"path-item")
        .append(href == null ? " coming" : " available")
        .append('"');
    if (module != null) {
      b.append(" data-module=\"")
          .append(Html.escape(module))
          .append("\" data-quiz=\"")
          .append(quiz)
          .append('"');
    }
    b.append(">\n<p class=\"path-meta\"><span class=\"badge\">")
        .append(Html.escape(badge))
        .append("</span> <span>about ")
        .append(minutes)
        .append(" min</span>");
    if (!difficulty.isEmpty()) {
      b.append(" <span>").append(Html.escape(difficulty)).append("</span>");
    }
    b.append("</p>\n<h3>");
    if (href != null) {
      b.append("<a href=\"")
          .append(Html.escape(href))
          .append("\">")
          .append(Html.escape(title))
          .append("</a>");
    } else {
      b.append(Html.escape(title));
    }
    b.append("</h3>\n<p>").append(summaryHtml).append("</p>\n");
    if (!goalHtml.isEmpty()) {
      b.append("<p class=\"goal\"><strong>Goal:</strong> ")
          .append(goalHtml)
          .append("</p>\n");
    }
    return b.append("</li>\n").toString();
  }
}
