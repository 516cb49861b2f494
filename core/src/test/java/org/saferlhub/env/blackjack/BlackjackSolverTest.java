package org.saferlhub.env.blackjack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.saferlhub.env.blackjack.BlackjackEnv.HIT;
import static org.saferlhub.env.blackjack.BlackjackEnv.STICK;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The exact solution against the reference numbers in docs/blackjack.md. */
class BlackjackSolverTest {

  /** Sutton &amp; Barto Fig. 5.2, written out cell by cell (dealer A, 2, …, 10). */
  static final Map<String, String> OPTIMAL_USABLE = chart(12,
      "HHHHHHHHHH", // 12
      "HHHHHHHHHH", // 13
      "HHHHHHHHHH", // 14
      "HHHHHHHHHH", // 15
      "HHHHHHHHHH", // 16
      "HHHHHHHHHH", // 17
      "HSSSSSSSHH", // 18: stick against 2..8
      "SSSSSSSSSS", // 19
      "SSSSSSSSSS", // 20
      "SSSSSSSSSS"); // 21

  static final Map<String, String> OPTIMAL_NO_USABLE = chart(4,
      "HHHHHHHHHH", // 4
      "HHHHHHHHHH", // 5
      "HHHHHHHHHH", // 6
      "HHHHHHHHHH", // 7
      "HHHHHHHHHH", // 8
      "HHHHHHHHHH", // 9
      "HHHHHHHHHH", // 10
      "HHHHHHHHHH", // 11
      "HHHSSSHHHH", // 12: stick against 4..6
      "HSSSSSHHHH", // 13: stick against 2..6
      "HSSSSSHHHH", // 14
      "HSSSSSHHHH", // 15
      "HSSSSSHHHH", // 16
      "SSSSSSSSSS", // 17
      "SSSSSSSSSS", // 18
      "SSSSSSSSSS", // 19
      "SSSSSSSSSS", // 20
      "SSSSSSSSSS"); // 21

  static Map<String, String> chart(int first, String... rows) {
    Map<String, String> chart = new LinkedHashMap<>();
    for (int i = 0; i < rows.length; i++) {
      chart.put(Integer.toString(first + i), rows[i]);
    }
    return chart;
  }

  @ParameterizedTest
  @CsvSource({
      "DEFAULT, -0.04655597706669755",
      "NATURAL, -0.02572918278931986",
      "SAB,     -0.04311310541347702"})
  void optimalExpectedReturnMatchesTheExactReference(BlackjackRules rules, double reference) {
    assertThat(BlackjackSolver.solve(rules).optimalExpectedReturn()).isCloseTo(reference,
        within(1e-12));
  }

  @ParameterizedTest
  @CsvSource({"DEFAULT, -0.353554", "NATURAL, -0.332727", "SAB, -0.350111"})
  void stickOn20MatchesTheReference(BlackjackRules rules, double reference) {
    assertThat(BlackjackSolver.expectedReturn(rules, BlackjackPolicy.stickOn(20)))
        .isCloseTo(reference, within(1e-6));
  }

  @ParameterizedTest
  @EnumSource(BlackjackRules.class)
  void optimalPolicyIsSuttonAndBartoFigure52CellByCell(BlackjackRules rules) {
    BlackjackPolicy policy = BlackjackSolver.solve(rules).policy();
    assertThat(policy.usableChart()).containsExactlyEntriesOf(OPTIMAL_USABLE);
    assertThat(policy.noUsableChart()).containsExactlyEntriesOf(OPTIMAL_NO_USABLE);
    assertThat(policy).isEqualTo(BlackjackPolicy.fromChart(OPTIMAL_USABLE, OPTIMAL_NO_USABLE));
  }

  @Test
  void optimalPolicyIsIdenticalInAllThreeModes() {
    BlackjackPolicy sab = BlackjackSolver.solve(BlackjackRules.SAB).policy();
    assertThat(BlackjackSolver.solve(BlackjackRules.DEFAULT).policy()).isEqualTo(sab);
    assertThat(BlackjackSolver.solve(BlackjackRules.NATURAL).policy()).isEqualTo(sab);
  }

  /** Q(hit) − Q(stick) at the closest decisions, to 4 decimals (positive = hit). */
  @ParameterizedTest
  @CsvSource({"12, 4, -0.0025", "16, 10, 0.0065", "13, 2, -0.0150", "12, 6, -0.0168"})
  void nearTieMarginsMatchTheReference(int sum, int dealer, double margin) {
    for (BlackjackRules rules : BlackjackRules.values()) {
      BlackjackSolution solution = BlackjackSolver.solve(rules);
      int s = BlackjackObservation.index(sum, dealer, 0);
      assertThat(solution.q(s, HIT) - solution.q(s, STICK)).as("%s", rules)
          .isCloseTo(margin, within(0.00005));
    }
  }

  @Test
  void dealerBustProbabilitiesMatchTheReference() {
    assertThat(BlackjackSolver.dealerBustProbability(1)).isCloseTo(0.1153, within(0.00005));
    assertThat(BlackjackSolver.dealerBustProbability(10)).isCloseTo(0.2121, within(0.00005));
  }

  @ParameterizedTest
  @EnumSource(BlackjackRules.class)
  void dealerOutcomesSumToOne(BlackjackRules unused) {
    for (int up = 1; up <= 10; up++) {
      double total = BlackjackSolver.dealerBustProbability(up);
      for (int t = 17; t <= 21; t++) {
        total += BlackjackSolver.dealerTotalProbability(up, t);
      }
      assertThat(total).as("up card %d", up).isCloseTo(1.0, within(1e-15));
    }
    assertThat(BlackjackSolver.dealerNaturalProbability(1)).isEqualTo(4 / 13.0);
    assertThat(BlackjackSolver.dealerNaturalProbability(10)).isEqualTo(1 / 13.0);
    assertThat(BlackjackSolver.dealerNaturalProbability(6)).isZero();
  }

  @ParameterizedTest
  @EnumSource(BlackjackRules.class)
  void evaluatingTheOptimalPolicyGivesTheOptimum(BlackjackRules rules) {
    BlackjackSolution solution = BlackjackSolver.solve(rules);
    assertThat(BlackjackSolver.expectedReturn(rules, solution.policy()))
        .isEqualTo(solution.optimalExpectedReturn());
    assertThat(BlackjackSolver.qValues(rules, solution.policy())).containsExactly(solution.q());
  }

  @ParameterizedTest
  @EnumSource(BlackjackRules.class)
  void everySingleCellFlipOfTheOptimumIsNoBetter(BlackjackRules rules) {
    BlackjackSolution solution = BlackjackSolver.solve(rules);
    double optimum = solution.optimalExpectedReturn();
    int flips = 0;
    int strictlyWorse = 0;
    for (int usable = 0; usable <= 1; usable++) {
      Map<String, String> rows = usable == 1 ? OPTIMAL_USABLE : OPTIMAL_NO_USABLE;
      for (var row : rows.entrySet()) {
        for (int i = 0; i < 10; i++) {
          Map<String, String> flipped = new LinkedHashMap<>(rows);
          char[] cells = row.getValue().toCharArray();
          cells[i] = cells[i] == 'H' ? 'S' : 'H';
          flipped.put(row.getKey(), new String(cells));
          BlackjackPolicy policy = usable == 1
              ? BlackjackPolicy.fromChart(flipped, OPTIMAL_NO_USABLE)
              : BlackjackPolicy.fromChart(OPTIMAL_USABLE, flipped);
          assertThat(policy.differences(solution.policy())).isEqualTo(1);
          double value = BlackjackSolver.expectedReturn(rules, policy);
          assertThat(value).as("flip %s %s dealer %d", usable, row.getKey(), i + 1)
              .isLessThanOrEqualTo(optimum);
          flips++;
          strictlyWorse += value < optimum ? 1 : 0;
        }
      }
    }
    assertThat(flips).isEqualTo(280);
    // Every cell is reachable from reset, so every flip costs something.
    assertThat(strictlyWorse).isEqualTo(280);
  }

  @ParameterizedTest
  @EnumSource(BlackjackRules.class)
  void qStarSatisfiesTheBellmanOptimalityEquation(BlackjackRules rules) {
    BlackjackSolution solution = BlackjackSolver.solve(rules);
    BlackjackPolicy.forEachCell((sum, dealer, usable) -> {
      int s = BlackjackObservation.index(sum, dealer, usable);
      assertThat(solution.v(s))
          .isEqualTo(Math.max(solution.q(s, STICK), solution.q(s, HIT)));
      // Hard 21 busts on any card; hitting soft 21 is always worse than sticking on it.
      if (sum == 21) {
        assertThat(solution.q(s, STICK)).isGreaterThan(solution.q(s, HIT));
      }
    });
    for (int d = 1; d <= 10; d++) {
      int hard21 = BlackjackObservation.index(21, d, 0);
      assertThat(solution.q(hard21, HIT)).isEqualTo(-1.0);
    }
  }

  @Test
  void theNaturalStartIsValuedApartFromTheDrawnSoft21() {
    for (int d = 1; d <= 10; d++) {
      int soft21 = BlackjackObservation.index(21, d, 1);
      BlackjackValues sab = BlackjackSolver.solve(BlackjackRules.SAB).values();
      BlackjackValues def = BlackjackSolver.solve(BlackjackRules.DEFAULT).values();
      BlackjackValues nat = BlackjackSolver.solve(BlackjackRules.NATURAL).values();
      double dealerNatural = BlackjackSolver.dealerNaturalProbability(d);
      double dealer21 = BlackjackSolver.dealerTotalProbability(d, 21);
      // The drawn soft 21 pays the same under every rule set.
      assertThat(sab.v(soft21)).isEqualTo(def.v(soft21)).isEqualTo(nat.v(soft21));
      assertThat(def.v(soft21)).isCloseTo(1 - dealer21, within(1e-15));
      // A natural: sab wins unless the dealer has a natural; default pushes any dealer 21;
      // natural pays 1.5 when it wins and pushes any dealer 21.
      assertThat(sab.naturalValue(d)).isCloseTo(1 - dealerNatural, within(1e-15));
      assertThat(def.naturalValue(d)).isCloseTo(1 - dealer21, within(1e-15));
      assertThat(nat.naturalValue(d)).isCloseTo(1.5 * (1 - dealer21), within(1e-15));
      // Hitting a natural makes it an ordinary soft hand.
      assertThat(sab.naturalQ(d, HIT)).isEqualTo(sab.q(soft21, HIT));
      assertThat(sab.naturalQ(d, STICK)).isGreaterThan(sab.naturalQ(d, HIT));
      assertThat(nat.naturalQ(d, STICK)).isGreaterThan(nat.naturalQ(d, HIT));
    }
  }

  @Test
  void theNaturalStartUsesThePolicysChoiceAtSoft21() {
    // Hitting everything, including a natural: every start eventually busts or is valued as hit.
    BlackjackValues alwaysHit =
        BlackjackSolver.evaluate(BlackjackRules.NATURAL, BlackjackPolicy.stickOn(22));
    for (int d = 1; d <= 10; d++) {
      assertThat(alwaysHit.naturalValue(d)).isEqualTo(alwaysHit.naturalQ(d, HIT));
    }
    // Always hitting eventually busts: every episode returns -1.
    assertThat(alwaysHit.expectedReturn()).isCloseTo(-1.0, within(1e-12));
  }
}
