package org.saferlhub.app.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.saferlhub.app.browser.BrowserSupport.scrollWidth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.ReducedMotion;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saferlhub.app.game.Game;
import org.saferlhub.app.game.Question;
import org.saferlhub.app.lesson.Quizzes;
import org.saferlhub.app.web.WebServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The "Fix the robots" game and its high-score table in a real Chromium against a real server.
 * Rounds are played with the keyboard and by touch, answering right or wrong on purpose (the test
 * knows the right answers from the lessons' quizzes, {@code GET /api/quizzes}; the game page
 * itself never loads them: the server deals each question without its answer key and computes the
 * score, issue 10); lives, score, results, the review links, the opt-in high score with hostile
 * nicknames, the timer, pause, the seed and the error state are checked, and axe-core audits the
 * start, the middle and the end of a round. The page's own copy of the rules (engine.js, for a
 * copy of the site without a server) is played against the server's. Nothing asserts on how long
 * anything took.
 */
@ExtendWith(BrowserSupport.class)
class GameIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GAME = "fix-the-robots";
    private static final String SCORES = "high-scores";
    private static final int LIVES = 3;
    /** Right answers the five robots need in all (engine.js NEEDS). */
    private static final int NEEDED = 13;
    /** Hostile nicknames of at most 24 characters (the server's limit), shown as text or not at all. */
    private static final List<String> XSS_NICKNAMES = List.of(
            "<script>__xss=1</script>",
            "<svg onload=__xss=1>",
            "\"><svg onload=__xss=1>",
            "<img src=x onerror=__x=1",
            "{{nickname}} &amp; <b>");

    private static TestServer server;
    private static String base;
    /** question key "lesson/id" → texts of its right options. */
    private static Map<String, Set<String>> right;
    private static int choiceQuestions;
    private static Set<String> lessons;

    @BeforeAll
    static void startServer() throws Exception {
        // Every move of a round is a write: the test plays faster than a person, so its address
        // gets a bigger share than the default 5 a second (the server's ceiling stays).
        server = TestServer.start(o -> o.withLimits(WebServer.Limits.defaults().withShares(100, 400, 20)));
        base = server.base();
        JsonNode quiz = getJson("/api/quizzes");
        right = new HashMap<>();
        lessons = new TreeSet<>();
        for (JsonNode q : quiz.path("questions")) {
            if (!"choice".equals(q.path("kind").asText("choice"))) {
                continue;
            }
            Set<String> texts = new LinkedHashSet<>();
            for (JsonNode o : q.path("options")) {
                if (o.path("correct").asBoolean(false)) {
                    texts.add(o.path("text").asText());
                }
            }
            right.put(q.path("lesson").asText() + "/" + q.path("id").asText(), texts);
            lessons.add(q.path("lesson").asText());
        }
        choiceQuestions = right.size();
        assertThat(choiceQuestions).as("multiple-choice questions in GET /api/quizzes").isGreaterThanOrEqualTo(4);
    }

    @AfterAll
    static void stopServer() {
        TestServer.stop(server);
    }

    // ------------------------------------------------------------------------------------------
    // 1. A whole round with the keyboard, then a hostile nickname on the high-score table
    // ------------------------------------------------------------------------------------------

    @Test
    void keyboardRoundReachesResultsWithReviewAndSavesAHostileNicknameAsText(Page page,
            BrowserSupport.PageErrors errors) throws Exception {
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT)
                .setReducedMotion(ReducedMotion.REDUCE));
        List<String> requested = new ArrayList<>();
        List<Response> dealt = new ArrayList<>();
        page.onRequest(r -> requested.add(r.url()));
        page.onResponse(r -> {
            if (r.url().matches(".*/api/games/[0-9a-f]{16}/next$")) {
                dealt.add(r);
            }
        });
        openGame(page, "?seed=31337&seconds=60");
        assertThat(page.locator(GAME + " [data-role=bank]"))
                .hasText(Pattern.compile("^" + choiceQuestions + " questions? from " + lessons.size() + " lessons?\\.$"));
        assertThat(page.locator(GAME + " [data-role=line] li")).hasCount(5);
        assertThat(page.locator(SCORES)).hasAttribute("data-state", "ready");
        assertAxeClean(page, "start");
        BrowserSupport.screenshot(page, "game-1280-light-start");

        // Start from the keyboard; focus lands on the question.
        page.locator(GAME + " [data-action=start]").focus();
        page.keyboard().press("Enter");
        assertThat(page).hasURL(Pattern.compile("[?&]seed=31337(&|$)"));

        int answered = 0;
        int correct = 0;
        int lives = LIVES;
        long score = 0;
        Set<String> missedLessons = new TreeSet<>();
        // Wrong on purpose twice (the second and the fifth question): the round is won with one life.
        Set<Integer> wrongAt = Set.of(1, 4);
        while (true) {
            page.waitForSelector(GAME + ":is([data-state=question],[data-state=over])");
            if ("over".equals(page.getAttribute(GAME, "data-state"))) {
                break;
            }
            assertThat(page.locator(GAME + " [data-role=prompt]")).isFocused();
            String key = page.getAttribute(GAME + " [data-role=question]", "data-question");
            assertThat(right).as("question %s is one of the server's", key).containsKey(key);
            List<String> options = page.locator(GAME + " .ftr-option-text").allTextContents();
            int rightIndex = indexOfRight(options, right.get(key));
            boolean wrong = wrongAt.contains(answered);
            int choice = wrong ? (rightIndex + 1) % options.size() : rightIndex;
            if (answered == 2) {
                assertAxeClean(page, "mid-game question");
                BrowserSupport.screenshot(page, "game-1280-light-question");
            }
            if (answered % 2 == 0) {
                page.keyboard().press(String.valueOf(choice + 1));
            } else {
                // Arrow keys walk the options from the prompt; Enter answers.
                for (int i = 0; i <= choice; i++) {
                    page.keyboard().press("ArrowDown");
                }
                assertThat(page.locator(GAME + " .ftr-option[data-option='" + choice + "']")).isFocused();
                page.keyboard().press("Enter");
            }
            assertThat(page.locator(GAME)).hasAttribute("data-state", "feedback");
            answered++;
            Locator feedback = page.locator(GAME + " [data-role=feedback]");
            if (wrong) {
                lives--;
                missedLessons.add(key.substring(0, key.indexOf('/')));
                assertThat(feedback).hasAttribute("data-outcome", "wrong");
                assertThat(page.locator(GAME + " .ftr-option.is-wrong")).hasCount(1);
                assertThat(page.locator(GAME)).hasAttribute("data-score", String.valueOf(score));
            } else {
                correct++;
                assertThat(feedback).hasAttribute("data-outcome", "correct");
                long now = Long.parseLong(page.getAttribute(GAME, "data-score"));
                assertThat(now).as("a right answer scores at least the base 100").isGreaterThanOrEqualTo(score + 100);
                score = now;
            }
            assertThat(page.locator(GAME)).hasAttribute("data-lives", String.valueOf(lives));
            assertThat(page.locator(GAME + " [data-role=lives]")).hasText(lives + " of " + LIVES);
            assertThat(page.locator(GAME + " .ftr-heart.full")).hasCount(lives);
            assertThat(page.locator(GAME + " [data-role=score]")).hasText(thousands(score));
            // The explanation is shown, the right option is marked in words, Next has focus.
            assertThat(feedback.locator(".ftr-explain").first()).not().isEmpty();
            assertThat(page.locator(GAME + " .ftr-option.is-correct .ftr-mark"))
                    .hasText(wrong ? "✓ Right answer" : "✓ Your answer, right");
            if (wrong) {
                assertThat(page.locator(GAME + " .ftr-option.is-wrong .ftr-mark")).hasText("✗ Your answer");
            }
            Locator next = page.locator(GAME + " [data-action=next]");
            assertThat(next).isFocused();
            if (answered == 2) {
                assertAxeClean(page, "mid-game feedback");
                BrowserSupport.screenshot(page, "game-1280-light-feedback");
            }
            page.keyboard().press("Enter");
            assertThat(answered).as("the round ends by itself").isLessThan(40);
        }
        assertThat(answered).isEqualTo(NEEDED + 2);
        assertThat(correct).isEqualTo(NEEDED);
        // The page never had an answer before giving its own: no quiz with its key was loaded,
        // and every question came without a right/wrong flag or an explanation.
        assertThat(requested).noneMatch(url -> url.contains("/api/quizzes"));
        assertThat(dealt).hasSize(answered);
        for (Response r : dealt) {
            JsonNode question = JSON.readTree(r.text()).path("question");
            assertThat(right).containsKey(question.path("key").asText());
            assertThat(question.toString()).doesNotContain("correct").doesNotContain("explanation");
        }

        // Results: score, robots, accuracy, focus on the heading, an announcement.
        Locator results = page.locator(GAME + " [data-role=results]");
        assertThat(results.locator("h3")).isFocused();
        assertThat(results.locator("h3")).hasText("All 5 robots fixed!");
        assertThat(page.locator(GAME)).hasAttribute("data-fixed", "5");
        long finalScore = Long.parseLong(page.getAttribute(GAME, "data-score"));
        assertThat(finalScore).as("the score after the last answer, bonuses included").isEqualTo(score);
        assertThat(results.locator("[data-role=final-score]")).hasText(thousands(finalScore));
        assertThat(results.locator("[data-role=final-fixed]")).hasText("5 of 5");
        assertThat(results.locator("[data-role=final-accuracy]"))
                .hasText(Math.round(100.0 * correct / answered) + " % (" + correct + " of " + answered + ")");
        assertThat(page.locator(GAME + " [data-role=announce]")).containsText("Round over");

        // What to review: one link per lesson of the missed questions, each to a real page.
        Locator links = results.locator("[data-role=review] a.ftr-review-lesson");
        List<String> hrefs = new ArrayList<>();
        for (int i = 0; i < links.count(); i++) {
            hrefs.add(links.nth(i).getAttribute("href"));
        }
        assertThat(new TreeSet<>(hrefs)).isEqualTo(missedLessons.stream().map(l -> "/lessons/" + l)
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
        assertThat(results.locator("[data-role=review] li[data-question]")).hasCount(2);
        for (Locator link : results.locator("[data-role=review] a[data-role=review-link]").all()) {
            String href = link.getAttribute("href");
            assertThat(get(href.replaceAll("#.*", "")).statusCode()).as("GET %s", href).isEqualTo(200);
        }
        assertAxeClean(page, "results");
        BrowserSupport.screenshot(page, "game-1280-light-results");

        // A nickname past 24 characters is refused in the page, before anything is sent.
        JsonNode before = getJson("/api/scores?limit=100");
        Locator nick = page.locator(GAME + " input[name=nickname]");
        nick.fill("<img src=x onerror=window.__xss=1>");
        page.keyboard().press("Enter");
        assertThat(nick).hasAttribute("aria-invalid", "true");
        assertThat(page.locator(GAME + " [data-role=save-form] .field-error")).hasText(Pattern.compile("34 characters"));
        assertThat(getJson("/api/scores?limit=100").size()).isEqualTo(before.size());

        // A hostile nickname within the limit is saved, ranked and shown literally.
        int better = 0;
        for (JsonNode s : before) {
            if (s.path("score").asLong() > finalScore) {
                better++;
            }
        }
        int rank = better + 1; // other tests of this class may have saved scores on this server
        String hostile = XSS_NICKNAMES.get(0);
        nick.fill(hostile);
        page.keyboard().press("Enter");
        assertThat(page.locator(GAME + " [data-role=save-status]"))
                .hasText(Pattern.compile("^Saved\\. You are number " + rank + " in the high-score table\\.$"));
        assertThat(page.locator(GAME)).hasAttribute("data-rank", String.valueOf(rank));
        assertThat(nick).not().hasAttribute("aria-invalid", "true");
        assertThat(page.locator(GAME + " [data-action=save-score]")).isDisabled();
        Locator mine = page.locator(SCORES + " tr.mine");
        assertThat(mine).hasCount(1);
        assertThat(mine).hasAttribute("data-rank", String.valueOf(rank));
        assertThat(mine.locator(".hs-nick")).hasText(hostile + " (you)");
        assertThat(mine.locator("td").nth(2)).hasText(thousands(finalScore));
        assertThat(mine.locator("td").nth(3)).hasText(correct + " / " + answered);
        assertNoInjectedMarkup(page);
        JsonNode saved = null;
        for (JsonNode s : getJson("/api/scores?limit=100")) {
            if (hostile.equals(s.path("nickname").asText()) && s.path("score").asLong() == finalScore) {
                saved = s;
            }
        }
        assertThat(saved).as("the saved score on the server").isNotNull();
        assertThat(saved.path("correct").asInt()).isEqualTo(correct);
        assertThat(saved.path("total").asInt()).isEqualTo(answered);
        BrowserSupport.screenshot(page, "game-1280-light-saved");
        assertThat(errors.all()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // 2. The high-score table with a corpus of hostile nicknames
    // ------------------------------------------------------------------------------------------

    @Test
    void highScoresShowHostileNicknamesAsPlainText(Page page, BrowserSupport.PageErrors errors) throws Exception {
        // A score gets on the table only through a game the server graded: play short rounds over
        // the API and save each under a hostile nickname (the nickname is checked first).
        HttpResponse<String> tooLong = saveScore("0123456789abcdef", "<img src=x onerror=window.__xss=1>");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("\"field\":\"nickname\"");
        for (int i = 0; i < XSS_NICKNAMES.size(); i++) {
            HttpResponse<String> saved = saveScore(playRoundViaApi(100 + i, 1 + i % 2), XSS_NICKNAMES.get(i));
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        }
        page.emulateMedia(new Page.EmulateMediaOptions().setReducedMotion(ReducedMotion.REDUCE));
        openGame(page, "");
        assertThat(page.locator(SCORES)).hasAttribute("data-state", "ready");
        Locator nicks = page.locator(SCORES + " .hs-table tbody tr td.hs-nick");
        assertThat(nicks.first()).isVisible();
        assertThat(nicks.allTextContents()).containsAll(XSS_NICKNAMES);
        assertNoInjectedMarkup(page);
        // Refresh re-renders from the server, still as text.
        page.locator(SCORES + " [data-action=refresh]").click();
        assertThat(page.locator(SCORES)).hasAttribute("data-state", "ready");
        assertThat(nicks.first()).isVisible();
        assertThat(nicks.allTextContents()).containsAll(XSS_NICKNAMES);
        assertNoInjectedMarkup(page);
        assertAxeClean(page, "high scores with hostile nicknames");
        assertThat(errors.all()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // 3. Timer: warning, timeout, pause, no limit
    // ------------------------------------------------------------------------------------------

    @Test
    void runningOutOfTimeCostsALifeAfterASpokenWarning(Page page, BrowserSupport.PageErrors errors) {
        page.emulateMedia(new Page.EmulateMediaOptions().setReducedMotion(ReducedMotion.REDUCE));
        openGame(page, "?seed=5&seconds=6");
        // The link's time limit is offered, and chosen, on the start screen.
        assertThat(page.locator(GAME + " input[type=radio]:checked")).hasValue("6");
        page.locator(GAME + " [data-action=start]").click();
        assertThat(page.locator(GAME)).hasAttribute("data-seconds", "6");
        assertThat(page.locator(GAME + " [data-role=timer]")).hasText(Pattern.compile("^[1-6] s left$"));
        // Never answered: the live region warns at 5 seconds, then time runs out.
        assertThat(page.locator(GAME + " [data-role=announce]")).hasText("5 seconds left.");
        page.waitForSelector(GAME + "[data-state=feedback]", new Page.WaitForSelectorOptions().setTimeout(30_000));
        assertThat(page.locator(GAME + " [data-role=feedback]")).hasAttribute("data-outcome", "timeout");
        assertThat(page.locator(GAME + " [data-role=feedback]")).containsText("Time’s up.");
        assertThat(page.locator(GAME)).hasAttribute("data-lives", "2");
        assertThat(page.locator(GAME)).hasAttribute("data-score", "0");
        assertThat(page.locator(GAME + " .ftr-option.is-wrong")).hasCount(0);
        assertThat(page.locator(GAME + " .ftr-option.is-correct")).hasCount(1);
        assertThat(page.locator(GAME + " [data-action=next]")).isFocused();
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void pauseHidesTheQuestionAndStopsTheClockAndNoLimitHasNoClock(Page page, BrowserSupport.PageErrors errors) {
        page.emulateMedia(new Page.EmulateMediaOptions().setReducedMotion(ReducedMotion.REDUCE));
        openGame(page, "?seed=11");
        assertThat(page.locator(GAME + " input[type=radio]:checked")).hasValue("20");
        page.locator(GAME + " [data-action=start]").click();
        assertThat(page.locator(GAME)).hasAttribute("data-state", "question");
        page.keyboard().press("p");
        assertThat(page.locator(GAME)).hasAttribute("data-state", "paused");
        assertThat(page.locator(GAME + " [data-role=prompt]")).isHidden();
        assertThat(page.locator(GAME + " [data-action=resume]")).isFocused();
        String frozen = page.locator(GAME + " [data-role=timer]").textContent();
        // An observation window, not a wait for a condition: a paused clock must show no change
        // for longer than one of its 1 s ticks. A busy machine can only make the window longer.
        page.waitForTimeout(1_500);
        assertThat(page.locator(GAME + " [data-role=timer]")).hasText(frozen);
        assertThat(page.locator(GAME)).hasAttribute("data-state", "paused");
        assertAxeClean(page, "paused");
        page.keyboard().press("p");
        assertThat(page.locator(GAME)).hasAttribute("data-state", "question");
        assertThat(page.locator(GAME + " [data-role=prompt]")).isFocused();
        // The pause button works too, and digits do nothing while paused.
        page.locator(GAME + " [data-action=pause]").click();
        assertThat(page.locator(GAME)).hasAttribute("data-state", "paused");
        page.keyboard().press("1");
        assertThat(page.locator(GAME)).hasAttribute("data-state", "paused");
        page.locator(GAME + " [data-action=resume]").click();
        assertThat(page.locator(GAME)).hasAttribute("data-state", "question");

        // "No time limit" from the start screen: no countdown, answering still works.
        openGame(page, "?seed=11");
        page.locator(GAME + " label:has-text('No time limit')").click();
        page.locator(GAME + " [data-action=start]").click();
        assertThat(page.locator(GAME)).hasAttribute("data-seconds", "0");
        assertThat(page.locator(GAME + " [data-role=timer]")).hasText("No time limit");
        assertThat(page).hasURL(Pattern.compile("[?&]seconds=0(&|$)"));
        page.keyboard().press("1");
        assertThat(page.locator(GAME)).hasAttribute("data-state", "feedback");
        assertThat(errors.all()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // 4. The seed replays a round
    // ------------------------------------------------------------------------------------------

    @Test
    void theSameSeedDealsTheSameRobotsQuestionsAndOptionOrder(Page page, BrowserSupport.PageErrors errors) {
        page.emulateMedia(new Page.EmulateMediaOptions().setReducedMotion(ReducedMotion.REDUCE));
        List<String> first = firstQuestions(page, "?seed=2024&seconds=0", 3);
        List<String> again = firstQuestions(page, "?seed=2024&seconds=0", 3);
        assertThat(again).isEqualTo(first);
        // Typing the seed on the start screen is the same as the link.
        openGame(page, "?seconds=0");
        page.locator(GAME + " input[name=seed]").fill("2024");
        page.locator(GAME + " [data-action=start]").click();
        assertThat(page.locator(GAME + " [data-role=seed]")).hasText("Seed 2024");
        assertThat(questionSignature(page)).isEqualTo(first.get(1)); // [0] is the robot line
        // A seed that is not a whole number is refused on the start screen.
        openGame(page, "?seconds=0");
        page.locator(GAME + " input[name=seed]").fill("12abc");
        page.locator(GAME + " [data-action=start]").click();
        assertThat(page.locator(GAME)).hasAttribute("data-state", "start");
        assertThat(page.locator(GAME + " input[name=seed]")).hasAttribute("aria-invalid", "true");
        assertThat(page.locator(GAME + " input[name=seed]")).isFocused();
        assertThat(errors.all()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // 5. The questions cannot be loaded
    // ------------------------------------------------------------------------------------------

    @Test
    void aFailingQuizApiShowsAClearMessageAndRetryRecovers(Page page, BrowserSupport.PageErrors errors) {
        page.route("**/api/games/rules", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                .setStatus(503).setContentType("application/json")
                .setBody("{\"error\":\"The quiz store is down.\",\"field\":null}")));
        page.navigate(base + "/game");
        assertThat(page.locator(GAME)).hasAttribute("data-state", "error");
        Locator alert = page.locator(GAME + " [data-role=error] [role=alert]");
        assertThat(alert).containsText("could not load its questions");
        assertThat(alert).containsText("The quiz store is down.");
        assertThat(page.locator(GAME + " .ftr-option")).hasCount(0);
        assertAxeClean(page, "quiz API down");
        page.unroute("**/api/games/rules");
        page.locator(GAME + " [data-action=retry]").click();
        assertThat(page.locator(GAME)).hasAttribute("data-state", "start");
        // Chromium logs the failed request itself; nothing else may appear.
        assertThat(errors.pageErrors()).isEmpty();
        assertThat(errors.consoleErrors()).allSatisfy(e -> assertThat(e).contains("503"));
    }

    // ------------------------------------------------------------------------------------------
    // 6. A 375 px touch phone, light and dark: big targets, no sideways scroll, losing all lives
    // ------------------------------------------------------------------------------------------

    @Test
    void touchPhoneAt375HasBigTargetsInBothThemes(Browser browser) {
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            String theme = scheme == ColorScheme.LIGHT ? "light" : "dark";
            BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setReducedMotion(com.microsoft.playwright.options.ReducedMotion.REDUCE)
                    .setViewportSize(375, 812).setHasTouch(true).setIsMobile(true)
                    .setColorScheme(scheme).setReducedMotion(ReducedMotion.REDUCE).setLocale("en-US"));
            List<String> errors = new ArrayList<>();
            phone.onConsoleMessage(m -> {
                if ("error".equals(m.type())) {
                    errors.add(m.text());
                }
            });
            phone.onWebError(e -> errors.add(e.error()));
            try {
                Page page = phone.newPage();
                openGame(page, "?seed=77&seconds=60");
                assertThat(scrollWidth(page)).as("%s start: page width", theme).isLessThanOrEqualTo(375);
                // A touch screen has no keys to hint at (issue 10).
                assertThat(page.locator(GAME + " .ftr-keys")).isHidden();
                assertTouchTargets(page, theme + " start");
                BrowserSupport.screenshot(page, "game-375-" + theme + "-start");
                page.locator(GAME + " [data-action=start]").tap();

                // Tap a wrong answer three times: every robot still broken, the round is over.
                for (int n = 0; n < LIVES; n++) {
                    assertThat(page.locator(GAME)).hasAttribute("data-state", "question");
                    if (n == 0) {
                        // With the answers scrolled into view, lives and score stay on screen.
                        page.locator(GAME + " .ftr-option").last().scrollIntoViewIfNeeded();
                        BoundingBox hud = page.locator(GAME + " [data-role=hud]").boundingBox();
                        assertThat(hud.y).as("%s: the score bar's top while answering", theme)
                                .isBetween(-1.0, 812.0 - hud.height);
                        assertTouchTargets(page, theme + " question");
                        assertThat(scrollWidth(page)).isLessThanOrEqualTo(375);
                        assertAxeClean(page, theme + " phone question");
                        BrowserSupport.screenshot(page, "game-375-" + theme + "-question");
                    }
                    String key = page.getAttribute(GAME + " [data-role=question]", "data-question");
                    List<String> options = page.locator(GAME + " .ftr-option-text").allTextContents();
                    int wrong = (indexOfRight(options, right.get(key)) + 1) % options.size();
                    page.locator(GAME + " .ftr-option[data-option='" + wrong + "']").tap();
                    assertThat(page.locator(GAME)).hasAttribute("data-lives", String.valueOf(LIVES - n - 1));
                    if (n == 0) {
                        assertTouchTargets(page, theme + " feedback");
                        BrowserSupport.screenshot(page, "game-375-" + theme + "-feedback");
                    }
                    page.locator(GAME + " [data-action=next]").tap();
                }
                assertThat(page.locator(GAME)).hasAttribute("data-state", "over");
                Locator results = page.locator(GAME + " [data-role=results]");
                assertThat(results.locator("h3")).hasText(Pattern.compile("^Out of lives"));
                assertThat(results.locator("[data-role=final-fixed]")).hasText("0 of 5");
                assertThat(results.locator("[data-role=final-accuracy]")).hasText("0 % (0 of 3)");
                assertThat(results.locator("[data-role=final-score]")).hasText("0");
                assertThat(results.locator("[data-role=review] li[data-question]")).hasCount(3);
                assertThat(scrollWidth(page)).as("%s results: page width", theme).isLessThanOrEqualTo(375);
                assertTouchTargets(page, theme + " results");
                assertAxeClean(page, theme + " phone results");
                BrowserSupport.screenshot(page, "game-375-" + theme + "-results");
                assertThat(errors).as("%s theme errors", theme).isEmpty();
            } finally {
                phone.close();
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // 7. Dark theme at 1280 px, and motion only for those who did not ask for less
    // ------------------------------------------------------------------------------------------

    @Test
    void darkThemeIsAccessibleAndMotionRespectsReducedMotion(Page page, BrowserSupport.PageErrors errors) {
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK)
                .setReducedMotion(ReducedMotion.NO_PREFERENCE));
        openGame(page, "?seed=99&seconds=60");
        page.locator(GAME + " [data-action=start]").click();
        assertThat(page.locator(GAME)).hasAttribute("data-state", "question");
        Object running = page.evaluate("() => document.getAnimations().length");
        assertThat(((Number) running).intValue()).as("the broken robot sparks and shudders").isGreaterThan(0);
        page.emulateMedia(new Page.EmulateMediaOptions().setReducedMotion(ReducedMotion.REDUCE));
        page.waitForFunction("() => document.getAnimations().length === 0");
        assertAxeClean(page, "dark question");
        BrowserSupport.screenshot(page, "game-1280-dark-question");
        // Answer right twice (the first robot is fixed: another picture), then wrong until the end.
        String key = page.getAttribute(GAME + " [data-role=question]", "data-question");
        int rightIndex = indexOfRight(page.locator(GAME + " .ftr-option-text").allTextContents(), right.get(key));
        page.keyboard().press(String.valueOf(rightIndex + 1));
        assertThat(page.locator(GAME + " [data-role=feedback]")).hasAttribute("data-outcome", "correct");
        page.keyboard().press("Enter");
        assertThat(page.locator(GAME)).hasAttribute("data-state", "question"); // dealt by the server
        key = page.getAttribute(GAME + " [data-role=question]", "data-question");
        rightIndex = indexOfRight(page.locator(GAME + " .ftr-option-text").allTextContents(), right.get(key));
        page.keyboard().press(String.valueOf(rightIndex + 1));
        assertThat(page.locator(GAME + " [data-role=robot-fixed]")).isVisible();
        assertThat(page.locator(GAME + " [data-role=robot] svg")).hasAttribute("data-robot-state", "fixed");
        assertThat(page.locator(GAME + " [data-role=line] li[data-status=fixed]")).hasCount(1);
        assertAxeClean(page, "dark robot fixed");
        BrowserSupport.screenshot(page, "game-1280-dark-fixed");
        page.keyboard().press("Enter");
        page.waitForSelector(GAME + ":is([data-state=question],[data-state=over])");
        while (!"over".equals(page.getAttribute(GAME, "data-state"))) {
            key = page.getAttribute(GAME + " [data-role=question]", "data-question");
            List<String> options = page.locator(GAME + " .ftr-option-text").allTextContents();
            page.keyboard().press(String.valueOf((indexOfRight(options, right.get(key)) + 1) % options.size() + 1));
            assertThat(page.locator(GAME)).hasAttribute("data-state", "feedback");
            page.keyboard().press("Enter");
            page.waitForSelector(GAME + ":is([data-state=question],[data-state=over])");
        }
        assertThat(page.locator(GAME + " [data-role=final-fixed]")).hasText("1 of 5");
        assertAxeClean(page, "dark results");
        BrowserSupport.screenshot(page, "game-1280-dark-results");
        // Replay the same seed straight from the results.
        page.locator(GAME + " [data-action=replay]").click();
        assertThat(page.locator(GAME)).hasAttribute("data-state", "question");
        assertThat(page.locator(GAME)).hasAttribute("data-lives", String.valueOf(LIVES));
        assertThat(page.locator(GAME)).hasAttribute("data-score", "0");
        assertThat(page.locator(GAME + " [data-role=seed]")).hasText("Seed 99");
        assertThat(errors.all()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // 8. The page's copy of the rules (a copy of the site without a server) is the server's
    // ------------------------------------------------------------------------------------------

    /**
     * engine.js's Round, run in the page, and the server's Game, run here, are dealt the same seed
     * and given the same answers after the same thinking times: they deal the same questions in the
     * same option order and reach the same score after every answer.
     */
    @Test
    void thePagesRulesDealAndScoreAsTheServers(Page page, BrowserSupport.PageErrors errors) {
        // right (R), wrong (W) or no answer (T), and the seconds taken: speed bonuses, streak
        // multipliers, robots fixed, lives lost, the life bonus at the end.
        String plan = "R0.4 R3 R7.25 R19.9 W2 R12.5 R25 T20 R0 R1 R2.5 R5 R10 R0.1 R15 R4 R6";
        List<Question> pool = Question.pool(Quizzes.load().all());
        for (long seed : new long[] {0, 31337, 4_294_967_295L}) {
            openGame(page, "?seed=" + seed);
            Object fromPage = page.evaluate("""
                    async ([seed, plan]) => {
                      const { Round, questionBank } = await import('/js/game/engine.js');
                      const bank = questionBank(await (await fetch('/api/quizzes')).json());
                      const round = new Round(bank, seed);
                      const out = [];
                      for (const step of plan.split(' ')) {
                        if (round.over) break;
                        const { question, options } = round.next();
                        const right = options.findIndex((o) => o.correct);
                        const kind = step[0];
                        const index = kind === 'T' ? null : kind === 'R' ? right : (right + 1) % options.length;
                        round.answer(index, Number(step.slice(1)));
                        out.push(`${question.key} ${options.map((o) => o.text).join('|')} ${round.score} ${round.lives}`);
                      }
                      return out;
                    }""", List.of((double) seed, plan));
            Game game = new Game("0123456789abcdef", seed, pool, 0);
            List<String> fromServer = new ArrayList<>();
            for (String step : plan.split(" ")) {
                if (game.over()) {
                    break;
                }
                Game.Dealt d = game.next(0);
                int rightIndex = Question.correctIndex(d.options());
                Integer index = switch (step.charAt(0)) {
                    case 'T' -> null;
                    case 'R' -> rightIndex;
                    default -> (rightIndex + 1) % d.options().size();
                };
                game.answerAfter(d.question().key(), index, Double.parseDouble(step.substring(1)));
                Game.State state = game.state();
                fromServer.add(d.question().key() + " " + String.join("|",
                        d.options().stream().map(Question.Option::text).toList()) + " " + state.score()
                        + " " + state.lives());
            }
            assertThat(game.over()).as("the plan plays a whole round").isTrue();
            assertThat(fromPage).as("seed %d", seed).isEqualTo(fromServer);
        }
        assertThat(errors.all()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------

    private static void openGame(Page page, String query) {
        page.navigate(base + "/game" + query);
        page.waitForSelector(GAME + "[data-state=start]");
        page.waitForSelector(SCORES + ":is([data-state=ready],[data-state=error])");
        page.evaluate("() => document.fonts.ready");
    }

    private static void assertAxeClean(Page page, String when) {
        assertThat(BrowserSupport.axeViolations(page)).as("axe serious/critical violations: %s", when).isEmpty();
    }

    private static int indexOfRight(List<String> options, Set<String> rightTexts) {
        for (int i = 0; i < options.size(); i++) {
            if (rightTexts.contains(options.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no right option among " + options + " (right: " + rightTexts + ")");
    }

    /** Question key and option order of the question on screen. */
    /** The question on screen, read only once it is fully dealt (state "question"). */
    private static String questionSignature(Page page) {
        assertThat(page.locator(GAME)).hasAttribute("data-state", "question");
        return page.getAttribute(GAME + " [data-role=question]", "data-question") + " "
                + page.locator(GAME + " .ftr-option-text").allTextContents();
    }

    /** Robot line and the first n questions of a round (answered right, untimed). */
    private static List<String> firstQuestions(Page page, String query, int n) {
        openGame(page, query);
        List<String> seen = new ArrayList<>();
        seen.add(String.join(",", page.locator(GAME + " .ftr-slot-name").allTextContents()));
        page.locator(GAME + " [data-action=start]").click();
        for (int i = 0; i < n; i++) {
            assertThat(page.locator(GAME)).hasAttribute("data-state", "question");
            seen.add(questionSignature(page));
            String key = page.getAttribute(GAME + " [data-role=question]", "data-question");
            int r = indexOfRight(page.locator(GAME + " .ftr-option-text").allTextContents(), right.get(key));
            page.keyboard().press(String.valueOf(r + 1));
            assertThat(page.locator(GAME)).hasAttribute("data-state", "feedback");
            page.keyboard().press("Enter");
        }
        return seen;
    }

    /** No element was created from a nickname, and no injected handler ran. */
    private static void assertNoInjectedMarkup(Page page) {
        assertThat(page.locator(SCORES + " .hs-table :is(script, img, svg, b, iframe)")).hasCount(0);
        assertThat(page.evaluate("() => typeof window.__xss")).isEqualTo("undefined");
        assertThat(page.evaluate("() => typeof window.__x")).isEqualTo("undefined");
    }

    /** Every visible control of the game and the table is at least 44 × 44 CSS pixels. */
    private static void assertTouchTargets(Page page, String when) {
        Object small = page.evaluate("""
                () => [...document.querySelectorAll(
                    'fix-the-robots :is(button, input:not([type=radio]), .ftr-radio label), high-scores button')]
                  .filter(el => el.checkVisibility())
                  .map(el => [el, el.getBoundingClientRect()])
                  .filter(([, r]) => r.width < 44 || r.height < 44)
                  .map(([el, r]) => `${el.tagName} "${(el.textContent || el.name || '').trim().slice(0, 30)}" `
                    + `${Math.round(r.width)}×${Math.round(r.height)}`)""");
        assertThat((List<?>) small).as("controls under 44 px (%s)", when).isEmpty();
    }

    private static String thousands(long n) {
        return NumberFormat.getIntegerInstance(Locale.US).format(n);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return server.http().send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return server.http().send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .header("X-Learner-Id", "game-it-learner-1")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A POST the server has served: while it answers 429 (this client's write budget is spent,
     * which a fast round over the API can do), asks again every 50 ms for up to 10 s; then
     * asserts 2xx, with the body in the message.
     */
    private static HttpResponse<String> postServed(String path, String body) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        HttpResponse<String> r = post(path, body);
        while (r.statusCode() == 429 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            r = post(path, body);
        }
        assertThat(r.statusCode()).as(path + ": " + r.body()).isBetween(200, 299);
        return r;
    }

    /**
     * Plays a short round over the API, the first {@code rightAnswers} answers right and the rest
     * wrong until the lives run out, and returns the finished game's id.
     */
    private static String playRoundViaApi(long seed, int rightAnswers) throws IOException, InterruptedException {
        HttpResponse<String> started = postServed("/api/games", "{\"seed\":" + seed + "}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String id = JSON.readTree(started.body()).path("id").asText();
        for (int i = 0; i < 40; i++) {
            JsonNode question = JSON.readTree(postServed("/api/games/" + id + "/next", "{}").body()).path("question");
            List<String> options = new ArrayList<>();
            question.path("options").forEach(o -> options.add(o.path("text").asText()));
            String key = question.path("key").asText();
            int choice = indexOfRight(options, right.get(key));
            if (i >= rightAnswers) {
                choice = (choice + 1) % options.size();
            }
            HttpResponse<String> graded = postServed("/api/games/" + id + "/answers",
                    JSON.writeValueAsString(Map.of("question", key, "option", choice)));
            assertThat(graded.statusCode()).as(graded.body()).isEqualTo(200);
            if (JSON.readTree(graded.body()).path("game").path("over").asBoolean()) {
                return id;
            }
        }
        throw new AssertionError("the round did not end");
    }

    private static HttpResponse<String> saveScore(String game, String nickname)
            throws IOException, InterruptedException {
        return post("/api/scores", JSON.writeValueAsString(Map.of("game", game, "nickname", nickname)));
    }
}
