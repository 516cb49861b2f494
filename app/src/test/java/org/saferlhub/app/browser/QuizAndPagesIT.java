package org.saferlhub.app.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The lesson quiz, the learning path's progress and the site's new pages in a real Chromium
 * against a real server: a learner completes lesson 1's quiz (every question answered, every
 * explanation checked against the quiz JSON), sees the score reach the home page, and answers
 * questions about the agent they just trained. Every new page passes axe in both themes and
 * does not scroll sideways on a 375 px phone.
 */
@ExtendWith(BrowserSupport.class)
class QuizAndPagesIT {

    private static final String LESSON = "/lessons/blackjack";
    private static final double RUN_TIMEOUT_MS = 90_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NEW_PAGES = List.of("/resources", "/open-problems", "/research", "/next-steps");

    private static TestServer server;
    private static String base;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
        base = server.base();
    }

    @AfterAll
    static void stopServer() {
        TestServer.stop(server);
    }

    // ------------------------------------------------------------------------------------------
    // 1. The whole quiz, then the progress on the home page
    // ------------------------------------------------------------------------------------------

    @Test
    void learnerCompletesTheQuizAndSeesTheProgressOnTheHomePage(Page page, BrowserSupport.PageErrors errors)
            throws Exception {
        JsonNode quizJson = getJson("/api/quizzes/blackjack");
        Map<String, JsonNode> byId = new HashMap<>();
        int choiceQuestions = 0;
        for (JsonNode q : quizJson.path("questions")) {
            byId.put(q.path("id").asText(), q);
            if (q.path("kind").asText().equals("choice")) {
                choiceQuestions++;
            }
        }
        assertThat(choiceQuestions).isGreaterThanOrEqualTo(8);

        openLesson(page);
        Locator quiz = page.locator("lesson-quiz");
        assertThat(quiz).hasAttribute("data-state", "intro");
        assertThat(quiz.locator("h3.widget-title")).hasText(quizJson.path("title").asText());
        // No agent trained yet: the questions about it are left out, and the quiz says why.
        assertThat(quiz.locator("[data-role=run-note]")).containsText("Train an agent");
        assertThat(quiz.locator("[data-role=run-note] a[href='#train-an-agent']")).isVisible();

        quiz.locator("button[data-action=start]").click();
        List<String> asked = new ArrayList<>();
        for (int i = 0; i < choiceQuestions; i++) {
            assertThat(quiz).hasAttribute("data-state", "question");
            assertThat(quiz.locator(".quiz-count")).hasText("Question " + (i + 1) + " of " + choiceQuestions);
            assertThat(quiz.locator("legend")).isFocused();
            String id = quiz.locator("form.quiz-question").getAttribute("data-question-id");
            JsonNode q = byId.get(id);
            assertThat(q).as("question %s comes from the quiz JSON", id).isNotNull();
            assertThat(q.path("kind").asText()).isEqualTo("choice");
            asked.add(id);
            JsonNode options = q.path("options");
            assertThat(quiz.locator(".quiz-option")).hasCount(options.size());
            int right = correctIndex(options);
            int choose = i == 0 ? (right + 1) % options.size() : right; // the first answer is wrong

            if (i == 0) {
                // Checking without an answer asks for one and changes nothing.
                quiz.locator("button[data-action=check]").click();
                assertThat(quiz.locator("[data-role=pick-first]")).hasText("Pick an answer first.");
                assertThat(quiz).hasAttribute("data-state", "question");
            }
            quiz.locator(".quiz-option[data-option='" + choose + "'] label").click();
            quiz.locator("button[data-action=check]").click();
            assertThat(quiz).hasAttribute("data-state", "checked");
            Locator feedback = quiz.locator("[data-role=feedback]");
            assertThat(feedback).isFocused();
            assertThat(feedback.locator("[data-role=explanation]"))
                    .hasText(options.get(choose).path("explanation").asText());
            assertThat(quiz.locator(".quiz-option input[type=radio]:disabled")).hasCount(options.size());
            assertThat(quiz.locator(".quiz-option.right")).hasCount(1);
            assertThat(quiz.locator(".quiz-option[data-option='" + right + "']")).hasClass(Pattern.compile(".*\\bright\\b.*"));
            if (choose == right) {
                assertThat(feedback.locator("[data-role=verdict]")).hasText("Right.");
                assertThat(feedback.locator("[data-role=right-explanation]")).hasCount(0);
            } else {
                assertThat(feedback.locator("[data-role=verdict]")).hasText("Not quite.");
                assertThat(feedback.locator("[data-role=right-explanation]"))
                        .hasText(options.get(right).path("explanation").asText());
                assertThat(feedback).containsText(options.get(right).path("text").asText());
                assertThat(quiz.locator(".quiz-option.wrong")).containsText("your answer");
                // The page with a wrong answer explained passes axe too.
                assertThat(BrowserSupport.axeViolations(page)).as("axe with quiz feedback").isEmpty();
                BrowserSupport.screenshot(page, "quiz-feedback-wrong");
            }
            quiz.locator("button[data-action=next]").click();
        }
        assertThat(asked).doesNotHaveDuplicates().hasSize(choiceQuestions);

        // The score, the review of every question, and the progress saved.
        int score = choiceQuestions - 1;
        assertThat(quiz).hasAttribute("data-state", "done");
        Locator title = quiz.locator("[data-role=score]");
        assertThat(title).isFocused();
        assertThat(title).hasText("Your score: " + score + " of " + choiceQuestions + " ("
                + Math.round(100.0 * score / choiceQuestions) + " %)");
        assertThat(quiz).containsText("Passed.");
        assertThat(quiz.locator("[data-role=review] > li")).hasCount(choiceQuestions);
        assertThat(quiz.locator("[data-role=review] > li.wrong")).hasCount(1);
        assertThat(quiz.locator("[data-role=review] > li.wrong")).hasAttribute("data-question-id", asked.get(0));
        assertThat(quiz).hasAttribute("data-saved", "true");
        assertThat(quiz.locator("[data-role=saved]")).containsText("Saved to your progress");
        assertThat(BrowserSupport.axeViolations(page)).as("axe on the finished quiz").isEmpty();
        quiz.scrollIntoViewIfNeeded();
        BrowserSupport.screenshot(page, "quiz-finished");

        // The server has the attempt under this browser's learner id.
        String learner = (String) page.evaluate("() => localStorage.getItem('saferlhub.learner')");
        assertThat(learner).matches("[A-Za-z0-9-]{8,64}");
        JsonNode progress = getJson("/api/progress", learner).path("modules").path("blackjack");
        assertThat(progress.path("visited").asBoolean()).isTrue();
        assertThat(progress.path("quizBest").asInt()).isEqualTo(score);
        assertThat(progress.path("quizTotal").asInt()).isEqualTo(choiceQuestions);
        assertThat(progress.path("quizPassed").asBoolean()).isTrue();

        // Retry starts a fresh attempt at question 1.
        quiz.locator("button[data-action=retry]").click();
        assertThat(quiz).hasAttribute("data-state", "question");
        assertThat(quiz.locator(".quiz-count")).hasText("Question 1 of " + choiceQuestions);

        // The home page shows the progress on the lesson's card.
        page.navigate(base + "/");
        Locator path = page.locator("learning-path");
        assertThat(path).hasAttribute("data-state", "ready");
        Locator card = path.locator("li[data-module=blackjack]");
        assertThat(card).hasAttribute("data-visited", "true");
        assertThat(card).hasAttribute("data-quiz-best", String.valueOf(score));
        assertThat(card).hasAttribute("data-quiz-passed", "true");
        assertThat(card.locator("ul.progress")).containsText("Opened");
        assertThat(card.locator("ul.progress"))
                .containsText("Quiz: best " + score + " of " + choiceQuestions + ", passed");
        assertThat(path.locator("[data-role=summary]")).containsText("1 of 9 lessons opened, 1 of 9 quizzes passed");
        // Coming modules have no progress line.
        assertThat(path.locator("li.coming ul.progress")).hasCount(0);
        assertThat(BrowserSupport.axeViolations(page)).as("axe on home with progress").isEmpty();
        BrowserSupport.screenshot(page, "home-with-progress");
        assertThat(errors.all()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // 2. Questions about the learner's own agent
    // ------------------------------------------------------------------------------------------

    @Test
    void questionsAboutYourRunAreFilledFromTheAgentYouTrained(Page page, BrowserSupport.PageErrors errors)
            throws Exception {
        JsonNode quizJson = getJson("/api/quizzes/blackjack");
        int total = quizJson.path("questions").size();
        List<JsonNode> runQuestions = new ArrayList<>();
        for (JsonNode q : quizJson.path("questions")) {
            if (q.path("kind").asText().equals("your-run")) {
                runQuestions.add(q);
            }
        }
        assertThat(runQuestions).isNotEmpty();

        openLesson(page, "?episodes=20000&seed=11");
        Locator quiz = page.locator("lesson-quiz");
        assertThat(quiz).hasAttribute("data-state", "intro");
        String before = page.getAttribute("train-agent", "data-run-id");
        page.click("train-agent button[data-action=train]");
        page.waitForFunction("""
                (previous) => {
                  const el = document.querySelector('train-agent');
                  return el.dataset.state === 'done' && el.dataset.runId !== previous;
                }""", before, new Page.WaitForFunctionOptions().setTimeout(RUN_TIMEOUT_MS));
        String runId = page.getAttribute("train-agent", "data-run-id");
        JsonNode result = getJson("/api/runs/" + runId).path("result");

        // The finished run reaches the quiz at once: every question is asked now.
        assertThat(quiz.locator("[data-role=run-note]")).containsText("about your latest agent");
        quiz.locator("button[data-action=start]").click();
        int runAnswered = 0;
        for (int i = 0; i < total; i++) {
            String id = quiz.locator("form.quiz-question").getAttribute("data-question-id");
            JsonNode q = runQuestions.stream().filter(x -> x.path("id").asText().equals(id)).findFirst().orElse(null);
            if (q == null) {
                // A fixed question: answer it right and move on.
                JsonNode fixed = find(quizJson, id);
                quiz.locator(".quiz-option[data-option='" + correctIndex(fixed.path("options")) + "'] label").click();
                quiz.locator("button[data-action=check]").click();
                quiz.locator("button[data-action=next]").click();
                continue;
            }
            JsonNode cell = q.path("cell");
            String part = cell.path("usableAce").asBoolean() ? "usable" : "no_usable";
            int index = cell.path("dealer").asInt() - 1;
            String total0 = String.valueOf(cell.path("total").asInt());
            char agent = result.path("policy").path(part).path(total0).asText().charAt(index);
            char best = result.path("optimalPolicy").path(part).path(total0).asText().charAt(index);
            String action = agent == 'H' ? "hit" : "stick";
            String optimal = best == 'H' ? "hit" : "stick";
            String rightMarker = agent == best ? "match" : "differs";

            // The prompt is filled from the run: no placeholder is left.
            Locator legend = quiz.locator("legend");
            assertThat(legend).not().containsText("{");
            assertThat(legend).containsText("learned to " + action + " on ");
            assertThat(legend).containsText("20,000 episodes");
            int right = -1;
            int wrong = -1;
            JsonNode options = q.path("options");
            for (int o = 0; o < options.size(); o++) {
                if (options.get(o).path("correctWhen").asText().equals(rightMarker)) {
                    right = o;
                } else {
                    wrong = o;
                }
            }
            // Answer wrongly: the right option, computed from the run, is shown with both explanations.
            quiz.locator(".quiz-option[data-option='" + wrong + "'] label").click();
            quiz.locator("button[data-action=check]").click();
            assertThat(quiz.locator(".quiz-option.right")).hasAttribute("data-option", String.valueOf(right));
            Locator feedback = quiz.locator("[data-role=feedback]");
            assertThat(feedback.locator("[data-role=verdict]")).hasText("Not quite.");
            assertThat(feedback).containsText("The exact optimal play");
            assertThat(feedback).containsText("is to " + optimal + ", and your agent says " + action);
            assertThat(feedback).not().containsText("{");
            runAnswered++;
            quiz.locator("button[data-action=next]").click();
        }
        assertThat(runAnswered).isEqualTo(runQuestions.size());
        assertThat(quiz).hasAttribute("data-state", "done");
        assertThat(quiz).hasAttribute("data-total", String.valueOf(total));
        assertThat(quiz).hasAttribute("data-score", String.valueOf(total - runQuestions.size()));
        assertThat(quiz).hasAttribute("data-saved", "true");

        // After a reload the quiz finds the same run again through the stored id.
        assertThat(page.evaluate("() => localStorage.getItem('saferlhub.lastRun.blackjack')")).isEqualTo(runId);
        page.reload();
        page.waitForSelector("lesson-quiz[data-state=intro]");
        assertThat(quiz.locator("[data-role=run-note]")).containsText("about your latest agent");
        assertThat(errors.all()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // 3. Every new page: axe in both themes, no console errors
    // ------------------------------------------------------------------------------------------

    static Stream<String> newPages() {
        List<String> paths = new ArrayList<>(NEW_PAGES);
        paths.add("/");
        return paths.stream();
    }

    /**
     * One load per page in the light theme, then the system theme turned dark while it is open.
     * The home page, with this learner's progress on its learning path, is audited by axe-core in
     * both; the other pages are audited in both themes by PagesAccessibilityIT.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("newPages")
    void newPagesAreAccessibleAndClean(String path, Page page, BrowserContext context,
            BrowserSupport.PageErrors errors) throws Exception {
        String learner = seedProgress(context);
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
        var response = page.navigate(base + path);
        assertThat(response.status()).isEqualTo(200);
        assertThat(page.locator("main h1")).hasCount(1);
        assertThat(page.locator("footer.site-footer a[href='/open-problems']")).isVisible();
        assertThat(page.locator("nav.site-nav a[href='/resources']")).isVisible();
        if (path.equals("/")) {
            assertThat(page.locator("learning-path")).hasAttribute("data-state", "ready");
            assertThat(page.locator("li[data-module=blackjack]")).hasAttribute("data-quiz-best", "8");
            assertThat(page.locator("li[data-module=blackjack] ul.progress")).containsText("Quiz: best 8 of 10, passed");
        } else {
            assertThat(page.locator("nav.site-nav a[aria-current=page], footer a[aria-current=page]")).hasCount(1);
        }
        if (path.equals("/open-problems")) {
            Locator buttons = page.locator("main a.btn[href^='/lessons/blackjack?']");
            assertThat(buttons.first()).isVisible();
            assertThat(buttons.count()).isGreaterThanOrEqualTo(6);
        }
        page.evaluate("() => document.fonts.ready");
        String id = path.equals("/") ? "home" : path.substring(1);
        for (ColorScheme theme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            String themeId = theme == ColorScheme.DARK ? "dark" : "light";
            if (theme == ColorScheme.DARK) {
                page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(theme));
                assertThat(page.locator("html")).not().hasAttribute("data-theme", "light");
                org.assertj.core.api.Assertions.assertThat(page.evaluate("() => getComputedStyle("
                        + "document.documentElement).getPropertyValue('--bg').trim()"))
                        .isEqualTo("#15171a");
            }
            if (path.equals("/")) {
                List<String> violations = BrowserSupport.axeViolations(page);
                assertThat(violations).as("axe on %s (%s, learner %s)", path, themeId, learner).isEmpty();
            }
            BrowserSupport.screenshot(page, "page-" + id + "-" + themeId);
        }
        assertThat(errors.all()).isEmpty();
    }

    /** A button link from Open problems opens lesson 1 with exactly that configuration. */
    @Test
    void openProblemButtonOpensThePreconfiguredExperiment(Page page, BrowserSupport.PageErrors errors) {
        page.navigate(base + "/open-problems");
        Locator button = page.locator("main a.btn[href*='algorithm=sarsa'][href*='epsilon=0.3']").first();
        button.click();
        page.waitForSelector("train-agent[data-state=idle]");
        assertThat(page.locator("train-agent select[name=algorithm]")).hasValue("sarsa");
        assertThat(page.locator("train-agent input[name=epsilon]")).hasValue("0.3");
        assertThat(page.locator("train-agent input[name=episodes]")).hasValue("1000000");
        assertThat(page.locator("train-agent input[name=seed]")).hasValue("7");
        assertThat(page.locator("train-agent")).hasAttribute("data-state", "idle"); // not started
        assertThat(errors.all()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // 4. Phones: 375 px wide, no sideways scrolling, a compact menu
    // ------------------------------------------------------------------------------------------

    @Test
    void narrowScreensHaveNoHorizontalScrollAndACompactMenu(Browser browser) throws Exception {
        List<String> paths = new ArrayList<>(NEW_PAGES);
        paths.add("/");
        paths.add("/run-it-yourself");
        paths.add(LESSON);
        int scrollingTables = 0;
        for (ColorScheme theme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setReducedMotion(com.microsoft.playwright.options.ReducedMotion.REDUCE)
                    .setViewportSize(375, 800).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true)
                    .setColorScheme(theme).setLocale("en-US"))) {
                List<String> errors = new ArrayList<>();
                context.onConsoleMessage(m -> {
                    if ("error".equals(m.type())) {
                        errors.add(m.text());
                    }
                });
                context.onWebError(e -> errors.add(e.error()));
                seedProgress(context);
                Page page = context.newPage();
                String themeId = theme == ColorScheme.DARK ? "dark" : "light";
                for (String path : paths) {
                    page.navigate(base + path);
                    if (path.equals(LESSON)) {
                        page.waitForSelector("lesson-quiz[data-state=intro]");
                    }
                    page.evaluate("() => document.fonts.ready");
                    assertThat(horizontalOverflow(page)).as("sideways scroll on %s at 375 px", path).isZero();
                    // A table wider than the phone scrolls inside itself, shows that it does (edge
                    // shadows) and can be scrolled from the keyboard.
                    Map<?, ?> tables = (Map<?, ?>) page.evaluate(SCROLLING_TABLES);
                    assertThat((List<?>) tables.get("withoutCue")).as("scrolling tables without a cue on %s", path).isEmpty();
                    scrollingTables += ((Number) tables.get("scrolling")).intValue();

                    // The navigation folds into a Menu button that opens and closes it.
                    Locator menu = page.locator("button.menu-toggle");
                    Locator navLink = page.locator("nav.site-nav a[href='/game']");
                    assertThat(menu).isVisible();
                    assertThat(menu).hasAttribute("aria-expanded", "false");
                    assertThat(navLink).isHidden();
                    menu.click();
                    assertThat(menu).hasAttribute("aria-expanded", "true");
                    assertThat(navLink).isVisible();
                    assertThat(horizontalOverflow(page)).as("sideways scroll with the menu open on %s", path).isZero();
                    if (!path.equals(LESSON)) {
                        assertThat(BrowserSupport.axeViolations(page)).as("axe at 375 px on %s", path).isEmpty();
                    }
                    String id = path.equals("/") ? "home" : path.substring(path.lastIndexOf('/') + 1);
                    page.screenshot(new Page.ScreenshotOptions()
                            .setPath(BrowserSupport.screenshotsDir().resolve("narrow-" + id + "-menu-" + themeId + ".png")));
                    page.keyboard().press("Escape");
                    assertThat(menu).hasAttribute("aria-expanded", "false");
                    assertThat(menu).isFocused();
                    BrowserSupport.screenshot(page, "narrow-" + id + "-" + themeId);
                }
                assertThat(errors).isEmpty();
            }
        }
        assertThat(scrollingTables).as("tables that scroll sideways at 375 px (the check above saw some)").isPositive();
    }

    /** The page's own tables that scroll sideways, and those of them with no visible cue or no tab stop. */
    private static final String SCROLLING_TABLES = """
            () => {
              const scrolling = [...document.querySelectorAll(
                  ':is(.lesson-body, .page-body, article.prose) > table')]
                .filter(t => t.checkVisibility() && t.scrollWidth > t.clientWidth + 1);
              const withoutCue = scrolling
                .filter(t => t.tabIndex !== 0 || !getComputedStyle(t).backgroundImage.includes('radial-gradient'))
                .map(t => t.outerHTML.slice(0, 80));
              return { scrolling: scrolling.length, withoutCue };
            }""";

    // ------------------------------------------------------------------------------------------
    // 5. A widget whose script fails leaves a note, and the rest of the page works
    // ------------------------------------------------------------------------------------------

    @Test
    void aWidgetWhoseModuleFailsLeavesANoteInsteadOfAGap(Page page, BrowserSupport.PageErrors errors) {
        page.route("**/js/high-scores.js", route -> route.abort());
        page.navigate(base + "/game");
        Locator missing = page.locator("high-scores .widget-missing");
        assertThat(missing).isVisible();
        assertThat(missing).containsText("could not be loaded");
        assertThat(page.locator("high-scores")).hasAttribute("data-missing", "true");
        // The page's other parts still run: the theme toggle and the menu are set up.
        assertThat(page.locator("button.theme-toggle")).isVisible();
        assertThat(errors.pageErrors()).isEmpty();
        assertThat(errors.consoleErrors()).allSatisfy(e -> assertThat(e).containsAnyOf("high-scores", "net::ERR_FAILED"));
    }

    // ------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------

    private static void openLesson(Page page) {
        openLesson(page, "");
    }

    private static void openLesson(Page page, String query) {
        page.navigate(base + LESSON + query);
        page.waitForSelector("train-agent[data-state=idle]");
        page.waitForSelector("lesson-quiz[data-state=intro]");
    }

    /**
     * Gives the context a learner who opened lesson 1 and scored 8 of 10 on its quiz: the id goes
     * into localStorage before any page script runs, the progress goes to the server.
     */
    private static String seedProgress(BrowserContext context) throws IOException, InterruptedException {
        String learner = "it-" + UUID.randomUUID();
        post("/api/progress", learner, "{\"module\":\"blackjack\",\"event\":\"visited\"}");
        post("/api/progress", learner, "{\"module\":\"blackjack\",\"event\":\"quiz\",\"score\":8,\"total\":10}");
        // about:blank has no storage; only the site's pages need the id.
        context.addInitScript("try { localStorage.setItem('saferlhub.learner', '" + learner + "'); } catch (e) {}");
        return learner;
    }

    private static int horizontalOverflow(Page page) {
        return ((Number) page.evaluate(
                "() => Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)"))
                .intValue();
    }

    private static int correctIndex(JsonNode options) {
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).path("correct").asBoolean()) {
                return i;
            }
        }
        throw new AssertionError("no correct option in " + options);
    }

    private static JsonNode find(JsonNode quiz, String id) {
        for (JsonNode q : quiz.path("questions")) {
            if (q.path("id").asText().equals(id)) {
                return q;
            }
        }
        throw new AssertionError("no question " + id);
    }

    private static JsonNode getJson(String path) throws IOException, InterruptedException {
        return getJson(path, null);
    }

    private static JsonNode getJson(String path, String learner) throws IOException, InterruptedException {
        return server.getJson(path, learner);
    }

    private static void post(String path, String learner, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = server.http().send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").header("X-Learner-Id", learner)
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isIn(200, 201, 204);
    }
}
