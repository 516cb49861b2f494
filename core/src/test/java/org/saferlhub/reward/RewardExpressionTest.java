package org.saferlhub.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RewardExpressionTest {

  private static final List<String> FACTS =
      List.of("step", "entered_checkpoint_clockwise", "left_checkpoint_clockwise", "bumped");

  private static double eval(String text, double... values) {
    double[] v = new double[FACTS.size()];
    System.arraycopy(values, 0, v, 0, values.length);
    return RewardExpression.parse(text, FACTS).evaluate(v);
  }

  private static ExpressionException error(String text) {
    try {
      RewardExpression.parse(text, FACTS);
    } catch (ExpressionException e) {
      return e;
    }
    throw new AssertionError("'" + text + "' parsed");
  }

  @Test
  void arithmeticFollowsTheUsualPrecedenceLeftToRight() {
    assertThat(eval("2-3-4")).isEqualTo(-5);
    assertThat(eval("2*3+4")).isEqualTo(10);
    assertThat(eval("2+3*4")).isEqualTo(14);
    assertThat(eval("(2+3)*4")).isEqualTo(20);
    assertThat(eval("-2*-3")).isEqualTo(6);
    assertThat(eval("- -2")).isEqualTo(2);
    assertThat(eval("8/2/2")).isEqualTo(2);
    assertThat(eval(".5 + 0.25")).isEqualTo(0.75);
    assertThat(eval("1 + 2 > 2")).isEqualTo(1);
    assertThat(eval("3 <= 2")).isZero();
    assertThat(eval("2 == 2")).isEqualTo(1);
    assertThat(eval("2 != 2")).isZero();
    assertThat(eval("1 < 2") + eval("2 >= 2") + eval("1 > 2")).isEqualTo(2);
  }

  @Test
  void factsAreReadFromTheValues() {
    assertThat(eval("3*entered_checkpoint_clockwise - step", 1, 1)).isEqualTo(2);
    assertThat(eval("3*entered_checkpoint_clockwise - step", 1, 0)).isEqualTo(-1);
    assertThat(eval("step * (bumped == 0)", 1, 0, 0, 1)).isZero();
  }

  @Test
  void functions() {
    assertThat(eval("min(3, 1, 2)")).isEqualTo(1);
    assertThat(eval("max(3, 1, 2, 8, 0, 0, 0, 7)")).isEqualTo(8);
    assertThat(eval("abs(-4)")).isEqualTo(4);
    assertThat(eval("clip(5, 0, 2)")).isEqualTo(2);
    assertThat(eval("clip(-5, 0, 2)")).isZero();
    assertThat(eval("if(step, 10, 20)", 1)).isEqualTo(10);
    assertThat(eval("if(step, 10, 20)", 0)).isEqualTo(20);
    assertThat(eval("if(-1, 10, 20)")).isEqualTo(20);
  }

  @Test
  void divisionByZeroIsZeroAndResultsAreClamped() {
    assertThat(eval("5 / 0")).isZero();
    assertThat(eval("5 / (step - 1)", 1)).isZero();
    assertThat(eval("1000000*1000000*1000000")).isEqualTo(RewardExpression.MAX_VALUE);
    assertThat(eval("-1000000*1000000")).isEqualTo(-RewardExpression.MAX_VALUE);
    // Not a number (infinity minus infinity) is 0; infinity is clamped.
    assertThat(eval("step - step", Double.POSITIVE_INFINITY)).isZero();
    assertThat(eval("step * 0", Double.POSITIVE_INFINITY)).isZero();
    assertThat(eval("step * 2", Double.POSITIVE_INFINITY)).isEqualTo(RewardExpression.MAX_VALUE);
    assertThat(eval("step", Double.NaN)).isZero();
  }

  @Test
  void sizeCountsNumbersFactsOperatorsAndFunctions() {
    assertThat(RewardExpression.parse("3*entered_checkpoint_clockwise - step", FACTS).size())
        .isEqualTo(5);
    assertThat(RewardExpression.parse("((step))", FACTS).size()).isEqualTo(1);
    assertThat(RewardExpression.parse("-min(step, 2)", FACTS).size()).isEqualTo(4);
  }

  @Test
  void usesTellsWhichFactsItMentions() {
    RewardExpression e = RewardExpression.parse("3*entered_checkpoint_clockwise - step", FACTS);
    assertThat(e.uses("step")).isTrue();
    assertThat(e.uses("entered_checkpoint_clockwise")).isTrue();
    assertThat(e.uses("bumped")).isFalse();
    assertThat(e.uses("nothing")).isFalse();
    assertThat(e.features()).isEqualTo(FACTS);
    assertThat(e.source()).isEqualTo("3*entered_checkpoint_clockwise - step");
  }

  @Test
  void toStringWritesItOutWithOnlyTheNeededBrackets() {
    assertThat(RewardExpression.parse("3*entered_checkpoint_clockwise-step", FACTS))
        .hasToString("3 * entered_checkpoint_clockwise - step");
    assertThat(RewardExpression.parse("(2-(3-4))*((step))", FACTS))
        .hasToString("(2 - (3 - 4)) * step");
    assertThat(RewardExpression.parse("-(step+1)", FACTS)).hasToString("-(step + 1)");
    assertThat(RewardExpression.parse("(1<2)*min(1,(2))", FACTS))
        .hasToString("(1 < 2) * min(1, 2)");
    assertThat(RewardExpression.parse("8/(2/2)", FACTS)).hasToString("8 / (2 / 2)");
  }

  @Test
  void errorsSayWhereAndWhy() {
    assertThat(error("").position()).isZero();
    assertThat(error("   ").reason()).startsWith("write an expression, for example");
    assertThat(error(null).position()).isZero();
    ExpressionException unknown = error("3 * setp");
    assertThat(unknown.position()).isEqualTo(4);
    assertThat(unknown.reason()).contains("unknown name 'setp'", "did you mean step?",
        "entered_checkpoint_clockwise", "min, max, abs, clip, if");
    assertThat(unknown.getMessage()).startsWith("at character 5: ");
    assertThat(error("Step").reason()).contains("did you mean step?");
    assertThat(error("3 *").reason()).contains("stops too early");
    assertThat(error("3 *").position()).isEqualTo(3);
    assertThat(error("3 4").position()).isEqualTo(2);
    assertThat(error("3 4").reason()).contains("expected an operator");
    assertThat(error("(3 + 4").reason()).contains("never closed");
    assertThat(error("3 + 4)").position()).isEqualTo(5);
    assertThat(error("min").reason()).isEqualTo("min is a function: write min(a, b)");
    assertThat(error("step(1)").reason()).contains("step is a fact, not a function");
    assertThat(error("1, 2").reason()).contains("','");
    assertThat(error("abs(1, 2)").reason()).isEqualTo("abs takes 1 value, not 2: write abs(x)");
    assertThat(error("if(1, 2)").reason()).contains("if takes 3 values, not 2");
    assertThat(error("min(1)").reason()).contains("min takes 2 to 8 values, not 1");
    assertThat(error("1 < 2 < 3").reason()).contains("compare two things at a time");
    assertThat(error("1e3").reason()).contains("without exponents");
    assertThat(error("1e3").position()).isEqualTo(1);
    assertThat(error("99999999999999999999").reason()).contains("at most 1,000,000");
    assertThat(error("1000000.5").reason()).contains("at most 1,000,000");
    assertThat(error("3step").reason()).contains("put * between a number and a name");
    assertThat(error("1.").reason()).contains("digits after it");
    assertThat(error("1.2.3").reason()).contains("at most one '.'");
    assertThat(error("step = 1").reason()).contains("write ==");
    assertThat(error("2^3").reason()).contains("no power operator");
    assertThat(error("java.lang.System.exit(0)").position()).isEqualTo(4);
    assertThat(error("java.lang.System.exit(0)").reason()).contains("no objects, classes or");
    assertThat(error("step;step").reason()).contains("';' is not part of the language");
    assertThat(error("\u0000").reason()).contains("U+0000");
    assertThat(error("é").reason()).contains("'é'");
    ExpressionException tooLong = error("1+".repeat(200) + "1");
    assertThat(tooLong.position()).isEqualTo(RewardExpression.MAX_LENGTH);
    assertThat(tooLong.reason()).contains("at most 300 characters");
    assertThat(error("1" + "+1".repeat(100)).reason()).contains("at most 100 parts");
  }

  @Test
  void nestingIsCappedAtMaxDepth() {
    int d = RewardExpression.MAX_DEPTH;
    assertThat(eval("(".repeat(d) + "1" + ")".repeat(d))).isEqualTo(1);
    ExpressionException deep = error("(".repeat(d + 1) + "1" + ")".repeat(d + 1));
    assertThat(deep.reason()).contains("nested too deeply");
    assertThat(deep.position()).isEqualTo(d);
    assertThat(error("-".repeat(d + 1) + "1").reason()).contains("nested too deeply");
    assertThat(error("abs(".repeat(d + 1) + "1" + ")".repeat(d + 1)).reason())
        .contains("nested too deeply");
  }

  @Test
  void factNamesAreCheckedAsAProgrammingError() {
    for (List<String> bad : List.of(List.of("Step"), List.of("min"), List.of("a", "a"),
        List.of("2a"), List.of("a-b"), List.of(""))) {
      assertThatThrownBy(() -> RewardExpression.parse("1", bad))
          .isInstanceOf(IllegalArgumentException.class)
          .isNotInstanceOf(ExpressionException.class);
    }
    assertThat(RewardExpression.parse("1", List.of()).evaluate(new double[0])).isEqualTo(1);
  }
}
