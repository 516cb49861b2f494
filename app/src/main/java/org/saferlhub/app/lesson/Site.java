package org.saferlhub.app.lesson;

import java.util.ArrayList;
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
 * page per lesson, the glossary and a friendly 404 page.
 *
 * <p>Sources: {@code lessons/index.txt} lists the lesson files in order ({@code 01-blackjack.md} is
 * lesson 1 with slug {@code blackjack}); {@code lessons/home.md}, {@code lessons/coming.txt}
 * (modules still being written), {@code lessons/glossary.md} and {@code templates/page.html}. Any
 * error in them (unknown widget or term, bad front matter) fails {@link #load()} with an {@link
 * IllegalStateException} naming the file and line.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Site {
  private static final Pattern LESSON_FILE =
      Pattern.compile("(\\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\\.md");
  private static final Set<String> LESSON_KEYS =
      Set.of("title", "summary", "minutes", "difficulty", "goal");

  /** The slug of the glossary page, served like a lesson at {@code /lessons/glossary}. */
  static final String GLOSSARY_SLUG = "glossary";

  private final List<LessonInfo> lessons;
  private final Map<String, String> pages;
  private final String home;
  private final PageShell shell;

  private Site(List<LessonInfo> lessons, Map<String, String> pages, String home, PageShell shell) {
    this.lessons = lessons;
    this.pages = pages;
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
              fm.required("summary"),
              fm.requiredPositiveInt("minutes"));
      lessons.add(
          new Lesson(
              info,
              fm.optional("difficulty").orElse(""),
              fm.optional("goal").orElse(""),
              markdown.render(path, fm.bodyLine(), fm.body())));
    }

    Map<String, String> pages = new LinkedHashMap<>();
    for (int i = 0; i < lessons.size(); i++) {
      Lesson lesson = lessons.get(i);
      @Nullable Lesson next = i + 1 < lessons.size() ? lessons.get(i + 1) : null;
      pages.put(lesson.info().slug(), lessonPage(shell, lesson, next));
    }
    if (pages.containsKey(GLOSSARY_SLUG)) {
      throw new IllegalStateException("lessons/index.txt: the slug 'glossary' is reserved");
    }
    pages.put(GLOSSARY_SLUG, glossaryPage(shell, glossary));

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
            coming);
    return new Site(lessons.stream().map(Lesson::info).toList(), Map.copyOf(pages), home, shell);
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

  /** The lessons in learning-path order. */
  public List<LessonInfo> lessons() {
    return lessons;
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
        "Page not found · SafeRLHub", "This page does not exist.", "", PageShell.Kind.PLAIN, body);
  }

  private static List<String> indexedFiles(String index) {
    return index
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  /** A lesson with its rendered body. */
  private record Lesson(LessonInfo info, String difficulty, String goal, Markdown.Rendered body) {}

  private static String lessonPage(PageShell shell, Lesson lesson, @Nullable Lesson next) {
    LessonInfo info = lesson.info();
    StringBuilder b = new StringBuilder();
    b.append("<article class=\"lesson\">\n<header class=\"lesson-head\">\n<p class=\"eyebrow\">");
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
    if (!lesson.body().toc().isEmpty()) {
      b.append(
          "<nav class=\"toc\" aria-label=\"On this page\">\n"
              + "<p class=\"toc-title\">On this page</p>\n"
              + "<ol>\n");
      for (Markdown.TocEntry e : lesson.body().toc()) {
        b.append("<li><a href=\"#")
            .append(Html.escape(e.id()))
            .append("\">")
            .append(Html.escape(e.text()))
            .append("</a></li>\n");
      }
      b.append("</ol>\n</nav>\n");
    }
    b.append("<div class=\"lesson-body\">\n").append(lesson.body().html()).append("</div>\n");
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
        info.title() + " · SafeRLHub", info.summary(), "", PageShell.Kind.LESSON, b.toString());
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
        PageShell.Kind.PLAIN,
        b.toString());
  }

  private static String homePage(
      PageShell shell,
      FrontMatter fm,
      Markdown.Rendered intro,
      List<Lesson> lessons,
      List<Module> coming) {
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
        .append("<h2 id=\"path-title\">The learning path</h2>\n<ol class=\"path-list\">\n");
    for (Lesson lesson : lessons) {
      LessonInfo info = lesson.info();
      b.append(
          pathItem(
              "Lesson " + info.number(),
              "/lessons/" + info.slug(),
              info.title(),
              info.summary(),
              lesson.goal(),
              info.minutes(),
              lesson.difficulty()));
    }
    for (Module module : coming) {
      b.append(
          pathItem(
              "Coming soon",
              null,
              module.title(),
              module.summary(),
              module.goal(),
              module.minutes(),
              module.difficulty()));
    }
    b.append("</ol>\n</section>\n<section class=\"prose intro\">\n")
        .append(intro.html())
        .append("</section>\n</div>");
    return shell.page(
        "SafeRLHub: learn RL safety by training real agents",
        fm.required("summary"),
        "home",
        PageShell.Kind.PLAIN,
        b.toString());
  }

  private static String pathItem(
      String badge,
      @Nullable String href,
      String title,
      String summary,
      String goal,
      int minutes,
      String difficulty) {
    StringBuilder b = new StringBuilder();
    b.append("<li class=\"path-item")
        .append(href == null ? " coming" : " available")
        .append("\">\n<p class=\"path-meta\"><span class=\"badge\">")
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
    b.append("</h3>\n<p>").append(Html.escape(summary)).append("</p>\n");
    if (!goal.isEmpty()) {
      b.append("<p class=\"goal\"><strong>Goal:</strong> ")
          .append(Html.escape(goal))
          .append("</p>\n");
    }
    return b.append("</li>\n").toString();
  }
}
