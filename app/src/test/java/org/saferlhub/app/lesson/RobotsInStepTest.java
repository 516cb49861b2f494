package org.saferlhub.app.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The game's robots stay in step with the lessons (issue 10): every robot names the lesson whose
 * questions repair it, a round only lines up robots whose lesson has a quiz (robotsFor in
 * game/robots.js), and today's lessons repair enough robots to fill the line (NEEDS in
 * game/engine.js).
 */
class RobotsInStepTest {

  private static final Pattern ROBOT = Pattern.compile(
      "\\{\\s*id: '([a-z]+)', name: '[^']+', job: '[^']+', mode: '[^']+', lesson: '([a-z-]+)'");

  @Test
  void enoughRobotsHaveQuestionsAndEveryRobotNamesItsLesson() throws IOException {
    String robots = resource("/public/js/game/robots.js");
    String engine = resource("/public/js/game/engine.js");
    int catalogue = count(robots, "\\{\\s*id: '");
    List<String> withQuestions = new ArrayList<>();
    Matcher m = ROBOT.matcher(robots);
    int named = 0;
    var lessons = Quizzes.load().lessons();
    while (m.find()) {
      named++;
      if (lessons.contains(m.group(2))) {
        withQuestions.add(m.group(1));
      }
    }
    assertThat(named).as("robots that name their lesson").isEqualTo(catalogue).isPositive();
    Matcher needs = Pattern.compile("export const NEEDS = \\[([0-9, ]+)]").matcher(engine);
    assertThat(needs.find()).isTrue();
    int line = needs.group(1).split(",").length;
    assertThat(withQuestions).as("robots today's quizzes can repair").hasSizeGreaterThanOrEqualTo(line);
    assertThat(robots).contains("export function robotsFor(bank)");
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = RobotsInStepTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
