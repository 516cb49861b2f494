package org.saferlhub.app.game;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.saferlhub.app.lesson.Quizzes;

/**
 * The game's two sides say the same (issue 10): the rules the page's copy plays by
 * (public/js/game/engine.js, used by a copy of the site without a server) are the server's
 * {@link GameRules}, and every robot (public/js/game/robots.js) names a mistake the lessons'
 * questions cover. (GameIT also plays the same answers through both and compares the scores.)
 */
class GameContentTest {

  static String resource(String path) throws IOException {
    try (InputStream in = GameContentTest.class.getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static long constant(String source, String name) {
    Matcher m = Pattern.compile("export const " + name + " = (\\d+);").matcher(source);
    assertThat(m.find()).as(name).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void engineJsPlaysByTheServersRules() throws IOException {
    String js = resource("/public/js/game/engine.js");
    assertThat(constant(js, "LIVES")).isEqualTo(GameRules.LIVES);
    assertThat(constant(js, "BASE_POINTS")).isEqualTo(GameRules.BASE_POINTS);
    assertThat(constant(js, "MAX_SPEED_BONUS")).isEqualTo(GameRules.MAX_SPEED_BONUS);
    assertThat(constant(js, "SPEED_WINDOW")).isEqualTo(GameRules.SPEED_WINDOW);
    assertThat(constant(js, "ROBOT_BONUS")).isEqualTo(GameRules.ROBOT_BONUS);
    assertThat(constant(js, "LIFE_BONUS")).isEqualTo(GameRules.LIFE_BONUS);
    Matcher needs = Pattern.compile("export const NEEDS = \\[([0-9, ]+)];").matcher(js);
    assertThat(needs.find()).isTrue();
    assertThat(Arrays.stream(needs.group(1).split(",")).map(String::strip).map(Integer::valueOf)
        .toList()).isEqualTo(GameRules.NEEDS);
    // The formulas, as GameRules writes them.
    assertThat(js)
        .contains("return Math.round(MAX_SPEED_BONUS * Math.max(0, 1 - s / SPEED_WINDOW));")
        .contains("if (streak >= 5) return 2;\n  if (streak >= 3) return 1.5;\n  return 1;")
        .contains("return Math.round((BASE_POINTS + speed) * times);")
        .contains("result.points = points(result.speed, result.multiplier);")
        .contains("result.bonus += ROBOT_BONUS;")
        .contains("result.bonus += LIFE_BONUS * this.lives;")
        // The deal: Mulberry32 as Mulberry32.java, and its draws in Game's order.
        .contains("let a = (Number(seed) >>> 0) ^ 0x5eed5eed;")
        .contains("a = (a + 0x6d2b79f5) >>> 0;")
        .contains("t = Math.imul(t ^ (t >>> 15), t | 1);")
        .contains("t ^= t + Math.imul(t ^ (t >>> 7), t | 61);")
        .contains("return ((t ^ (t >>> 14)) >>> 0) / 4294967296;")
        .contains("const j = Math.floor(random() * (i + 1));")
        .contains("this.random = rng(seed);")
        .contains("this.deck = shuffle(bank, this.random);")
        .contains("options: shuffle(question.options, this.random)");
  }

  /** Every robot's {@code questions: [...]} entry, by robot id. */
  static Map<String, List<String>> robotQuestions(String robotsJs) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Matcher robot = Pattern.compile("\\{\\s*id: '([a-z-]+)'(.*?)\\n  },", Pattern.DOTALL)
        .matcher(robotsJs);
    while (robot.find()) {
      Matcher list = Pattern.compile("questions: \\[([^\\]]*)]").matcher(robot.group(2));
      List<String> keys = new ArrayList<>();
      if (list.find()) {
        Matcher key = Pattern.compile("'([^']*)'").matcher(list.group(1));
        while (key.find()) {
          keys.add(key.group(1));
        }
      }
      out.put(robot.group(1), keys);
    }
    return out;
  }

  @Test
  void everyRobotIsAboutAMistakeTheLessonsQuestionsCover() throws IOException {
    String js = resource("/public/js/game/robots.js");
    Map<String, List<String>> robots = robotQuestions(js);
    assertThat(robots.size()).as("robots in the catalogue")
        .isEqualTo(count(js, "\\{\\s*id: '"))
        .isGreaterThanOrEqualTo(GameRules.NEEDS.size());
    Set<String> asked = Question.pool(Quizzes.load().all()).stream().map(Question::key)
        .collect(Collectors.toSet());
    robots.forEach((robot, questions) -> {
      assertThat(questions).as("the questions about robot %s's mistake", robot).isNotEmpty();
      assertThat(questions).as("robot %s names questions the game asks (lesson/id)", robot)
          .allSatisfy(key -> assertThat(asked).contains(key));
    });
  }

  @Test
  void theCheckCatchesARobotWhoseLessonHasNoQuestions() {
    String robots = """
        export const ROBOTS = [
          {
            id: 'mopsy', name: 'Mopsy', job: 'cleaning robot', mode: 'Reward hacking',
            questions: ['reward-hacking/rug'],
          },
        ];""";
    Set<String> asked = Question.pool(Quizzes.load().all()).stream().map(Question::key)
        .collect(Collectors.toSet());
    assertThat(robotQuestions(robots)).containsEntry("mopsy", List.of("reward-hacking/rug"));
    assertThat(asked).doesNotContain("reward-hacking/rug");
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
