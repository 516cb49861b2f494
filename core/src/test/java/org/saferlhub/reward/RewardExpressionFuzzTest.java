package org.saferlhub.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.saferlhub.random.Rng;

/**
 * Seeded fuzzing: random and hostile text gives a value or a clean {@link ExpressionException},
 * and random valid expressions evaluate as this test's own reading of them says.
 */
class RewardExpressionFuzzTest {

  private static final List<String> FACTS = List.of("step", "looks_watered", "on_transformer");
  private static final String[] SOUP = {
    "0", "1", "7", "0.5", ".25", "1000000", "9999999", "+", "-", "*", "/", "(", ")", ",", "<",
    "<=", ">", ">=", "==", "!=", "=", "!", " ", "\n", "step", "looks_watered", "on_transformer",
    "min", "max", "abs", "clip", "if", "Step", "x", "e", "1e5", ".", "$", ";", "\"", "'", "\\",
    "^", "é", "\u0000", "\u202e", "java", "System", "exit", "{", "}", "[", "]", "#", "%"};

  /** Parsing gives an expression or an ExpressionException inside the text, nothing else. */
  private static void parsesOrRefuses(String text) {
    RewardExpression e;
    try {
      e = RewardExpression.parse(text, FACTS);
    } catch (ExpressionException bad) {
      assertThat(bad.position()).as("position in %s", text).isBetween(0,
          text == null ? 0 : Math.min(text.length(), RewardExpression.MAX_LENGTH));
      assertThat(bad.reason()).isNotBlank();
      return;
    }
    assertThat(e.size()).isBetween(1, RewardExpression.MAX_NODES);
    double v = e.evaluate(new double[] {1, 13, 0});
    assertThat(v).isBetween(-RewardExpression.MAX_VALUE, RewardExpression.MAX_VALUE);
    // What toString writes reads back to the same expression.
    assertThat(RewardExpression.parse(e.toString(), FACTS).evaluate(new double[] {1, 13, 0}))
        .isEqualTo(v);
  }

  @Test
  void randomTokenSoupParsesOrFailsCleanly() {
    Rng rng = new Rng(20261205);
    for (int n = 0; n < 3000; n++) {
      StringBuilder b = new StringBuilder();
      int tokens = rng.nextInt(40);
      for (int t = 0; t < tokens; t++) {
        b.append(SOUP[rng.nextInt(SOUP.length)]);
      }
      parsesOrRefuses(b.toString());
    }
  }

  @Test
  void hostileInputsParseOrFailCleanly() {
    List<String> hostile = List.of(
        "(".repeat(100_000),
        "1".repeat(1_000_000),
        "1" + "+1".repeat(400),
        "1e999",
        "99999999999999999999",
        "java.lang.Runtime.getRuntime().exec(\"rm\")",
        "System.exit(0)",
        "${jndi:ldap://x}",
        "\u0000",
        "step;step",
        "ünïcödé",
        "(".repeat(RewardExpression.MAX_DEPTH) + "1" + ")".repeat(RewardExpression.MAX_DEPTH),
        "(".repeat(RewardExpression.MAX_DEPTH + 1) + "1" + ")".repeat(RewardExpression.MAX_DEPTH + 1),
        ")".repeat(50),
        "min(".repeat(70),
        "-".repeat(299) + "1",
        "1/0/0/0",
        "<script>alert(1)</script>",
        "'; DROP TABLE reward_fixes; --");
    for (String text : hostile) {
      parsesOrRefuses(text);
    }
    parsesOrRefuses(null);
  }

  // ----- random valid expressions against this test's own reading -----

  /** A generated expression: its text and how to compute it. */
  private record Gen(String text, ToDoubleFunction<double[]> value, int parts) {}

  private static Gen gen(Rng rng, int depth) {
    int pick = depth <= 0 ? rng.nextInt(2) : rng.nextInt(9);
    switch (pick) {
      case 0: {
        double x = rng.nextInt(2001) / 100.0;
        String text = Double.toString(x);
        return new Gen(text, v -> x, 1);
      }
      case 1: {
        int i = rng.nextInt(FACTS.size());
        return new Gen(FACTS.get(i), v -> v[i], 1);
      }
      case 2: {
        Gen a = gen(rng, depth - 1);
        return new Gen("-(" + a.text + ")", v -> -a.value.applyAsDouble(v), a.parts + 1);
      }
      case 3:
      case 4:
      case 5: {
        Gen a = gen(rng, depth - 1);
        Gen b = gen(rng, depth - 1);
        String o = String.valueOf("+-*/".charAt(rng.nextInt(4)));
        ToDoubleFunction<double[]> f = switch (o) {
          case "+" -> v -> a.value.applyAsDouble(v) + b.value.applyAsDouble(v);
          case "-" -> v -> a.value.applyAsDouble(v) - b.value.applyAsDouble(v);
          case "*" -> v -> a.value.applyAsDouble(v) * b.value.applyAsDouble(v);
          default -> v -> {
            double y = b.value.applyAsDouble(v);
            return y == 0 ? 0 : a.value.applyAsDouble(v) / y;
          };
        };
        return new Gen("(" + a.text + ")" + o + "(" + b.text + ")", f, a.parts + b.parts + 1);
      }
      case 6: {
        Gen a = gen(rng, depth - 1);
        Gen b = gen(rng, depth - 1);
        return new Gen("(" + a.text + " < " + b.text + ")",
            v -> a.value.applyAsDouble(v) < b.value.applyAsDouble(v) ? 1 : 0,
            a.parts + b.parts + 1);
      }
      case 7: {
        Gen a = gen(rng, depth - 1);
        Gen b = gen(rng, depth - 1);
        boolean min = rng.nextBoolean();
        return new Gen((min ? "min(" : "max(") + a.text + ", " + b.text + ")",
            v -> min ? Math.min(a.value.applyAsDouble(v), b.value.applyAsDouble(v))
                : Math.max(a.value.applyAsDouble(v), b.value.applyAsDouble(v)),
            a.parts + b.parts + 1);
      }
      default: {
        Gen c = gen(rng, depth - 1);
        Gen a = gen(rng, depth - 1);
        Gen b = gen(rng, depth - 1);
        return new Gen("if(" + c.text + ", " + a.text + ", " + b.text + ")",
            v -> c.value.applyAsDouble(v) > 0 ? a.value.applyAsDouble(v)
                : b.value.applyAsDouble(v),
            c.parts + a.parts + b.parts + 1);
      }
    }
  }

  private static double clamp(double x) {
    if (Double.isNaN(x)) {
      return 0;
    }
    return Math.max(-RewardExpression.MAX_VALUE, Math.min(RewardExpression.MAX_VALUE, x));
  }

  @Test
  void randomValidExpressionsComputeWhatTheySay() {
    Rng rng = new Rng(7);
    int checked = 0;
    for (int n = 0; n < 2000; n++) {
      Gen g = gen(rng, 1 + rng.nextInt(4));
      if (g.text.length() > RewardExpression.MAX_LENGTH || g.parts > RewardExpression.MAX_NODES) {
        continue;
      }
      RewardExpression e = RewardExpression.parse(g.text, FACTS);
      assertThat(e.size()).as(g.text).isEqualTo(g.parts);
      RewardExpression again = RewardExpression.parse(e.toString(), FACTS);
      for (int k = 0; k < 5; k++) {
        double[] v = {rng.nextInt(3), rng.nextInt(29), rng.nextInt(2)};
        double want = clamp(g.value.applyAsDouble(v));
        assertThat(e.evaluate(v)).as("%s at %s", g.text, java.util.Arrays.toString(v))
            .isCloseTo(want, within(1e-9 * Math.max(1, Math.abs(want))));
        assertThat(again.evaluate(v)).as("round trip of %s", g.text).isEqualTo(e.evaluate(v));
      }
      checked++;
    }
    assertThat(checked).as("expressions within the limits").isGreaterThan(1000);
  }
}
