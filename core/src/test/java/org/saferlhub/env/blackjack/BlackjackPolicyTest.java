package org.saferlhub.env.blackjack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.saferlhub.env.blackjack.BlackjackEnv.HIT;
import static org.saferlhub.env.blackjack.BlackjackEnv.STICK;
import static org.saferlhub.env.blackjack.BlackjackSolverTest.OPTIMAL_NO_USABLE;
import static org.saferlhub.env.blackjack.BlackjackSolverTest.OPTIMAL_USABLE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class BlackjackPolicyTest {

  private static final BlackjackPolicy OPTIMAL =
      BlackjackPolicy.fromChart(OPTIMAL_USABLE, OPTIMAL_NO_USABLE);

  @Test
  void chartRoundTripsInAscendingKeyOrder() {
    assertThat(OPTIMAL.usableChart()).containsExactlyEntriesOf(OPTIMAL_USABLE);
    assertThat(OPTIMAL.noUsableChart()).containsExactlyEntriesOf(OPTIMAL_NO_USABLE);
    assertThat(List.copyOf(OPTIMAL.noUsableChart().keySet())).containsExactly("4", "5", "6", "7",
        "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21");
    assertThat(BlackjackPolicy.fromChart(OPTIMAL.usableChart(), OPTIMAL.noUsableChart()))
        .isEqualTo(OPTIMAL).hasSameHashCodeAs(OPTIMAL);
  }

  @Test
  void lowercaseIsAcceptedAndPrintedUppercase() {
    Map<String, String> lower = edit(OPTIMAL_NO_USABLE, m -> m.put("12", "hhhsssHHhh"));
    BlackjackPolicy policy = BlackjackPolicy.fromChart(OPTIMAL_USABLE, lower);
    assertThat(policy).isEqualTo(OPTIMAL);
    assertThat(policy.noUsableChart()).containsEntry("12", "HHHSSSHHHH");
  }

  @Test
  void cellsMapToTheRightDealerCardAndAceFlag() {
    // Soft 18: hit against A, 9, 10; stick against 2..8.
    assertThat(OPTIMAL.hits(18, 1, true)).isTrue();
    assertThat(OPTIMAL.hits(18, 2, true)).isFalse();
    assertThat(OPTIMAL.hits(18, 8, true)).isFalse();
    assertThat(OPTIMAL.hits(18, 9, true)).isTrue();
    assertThat(OPTIMAL.hits(18, 10, true)).isTrue();
    assertThat(OPTIMAL.hits(18, 2, false)).isFalse();
    // Hard 12: stick against 4..6 only.
    assertThat(OPTIMAL.hits(12, 3, false)).isTrue();
    assertThat(OPTIMAL.hits(12, 4, false)).isFalse();
    assertThat(OPTIMAL.hits(12, 7, false)).isTrue();
    assertThat(OPTIMAL.action(BlackjackObservation.index(12, 4, 0))).isEqualTo(STICK);
    assertThat(OPTIMAL.action(BlackjackObservation.index(12, 7, 0))).isEqualTo(HIT);
    assertThat(OPTIMAL.action(BlackjackObservation.index(17, 5, 1))).isEqualTo(HIT);
  }

  @Test
  void statesOutsideTheChartStick() {
    BlackjackPolicy hitAll = BlackjackPolicy.stickOn(22);
    assertThat(hitAll.action(BlackjackObservation.index(21, 5, 0))).isEqualTo(HIT);
    assertThat(hitAll.action(BlackjackObservation.index(25, 5, 0))).isEqualTo(STICK); // bust
    assertThat(hitAll.action(BlackjackObservation.index(10, 5, 1))).isEqualTo(STICK); // soft 10
    assertThat(hitAll.action(BlackjackObservation.index(15, 0, 0))).isEqualTo(STICK); // dealer 0
    assertThat(hitAll.hits(31, 10, false)).isFalse();
    assertThatThrownBy(() -> hitAll.action(704)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 704)");
    assertThatThrownBy(() -> hitAll.hits(12, 11, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stickOnThresholdChart() {
    BlackjackPolicy p = BlackjackPolicy.stickOn(20);
    assertThat(p.noUsableChart()).containsEntry("4", "HHHHHHHHHH").containsEntry("19",
        "HHHHHHHHHH").containsEntry("20", "SSSSSSSSSS").containsEntry("21", "SSSSSSSSSS");
    assertThat(p.usableChart()).containsEntry("19", "HHHHHHHHHH").containsEntry("20",
        "SSSSSSSSSS");
    assertThat(BlackjackPolicy.stickOn(4).differences(BlackjackPolicy.stickOn(22))).isEqualTo(280);
    assertThatThrownBy(() -> BlackjackPolicy.stickOn(23))
        .hasMessage("threshold must be in 4..22, was 23");
  }

  @Test
  void differencesCountsCells() {
    BlackjackPolicy flipped = BlackjackPolicy.fromChart(
        edit(OPTIMAL_USABLE, m -> m.put("18", "SSSSSSSSSS")),
        edit(OPTIMAL_NO_USABLE, m -> m.put("12", "HHHHSSHHHH")));
    assertThat(flipped.differences(OPTIMAL)).isEqualTo(4);
    assertThat(OPTIMAL.differences(flipped)).isEqualTo(4);
    assertThat(OPTIMAL.differences(OPTIMAL)).isZero();
    assertThat(flipped).isNotEqualTo(OPTIMAL);
  }

  @Test
  void greedyHitsOnlyWhereHitIsStrictlyBetter() {
    double[] q = new double[2 * BlackjackObservation.COUNT]; // all ties
    assertThat(BlackjackPolicy.greedy(q)).isEqualTo(BlackjackPolicy.stickOn(4));
    int s = BlackjackObservation.index(16, 10, 0);
    q[2 * s + HIT] = 1e-12;
    int t = BlackjackObservation.index(13, 2, 1);
    q[2 * t + STICK] = -0.5;
    q[2 * t + HIT] = -0.4;
    int u = BlackjackObservation.index(20, 6, 0);
    q[2 * u + STICK] = Double.NaN;
    q[2 * u + HIT] = 1.0;
    BlackjackPolicy greedy = BlackjackPolicy.greedy(q);
    assertThat(greedy.action(s)).isEqualTo(HIT);
    assertThat(greedy.action(t)).isEqualTo(HIT);
    assertThat(greedy.action(u)).isEqualTo(STICK);
    assertThat(greedy.differences(BlackjackPolicy.stickOn(4))).isEqualTo(2);
    assertThatThrownBy(() -> BlackjackPolicy.greedy(new double[704]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("q must have 1408 entries (704 states × 2 actions), had 704");
  }

  @Test
  void greedyOfTheExactQStarIsTheOptimalChart() {
    assertThat(BlackjackPolicy.greedy(BlackjackSolver.solve(BlackjackRules.SAB).q()))
        .isEqualTo(OPTIMAL);
  }

  @Test
  void wrongLengthNamesTheKeyAndTheFormat() {
    assertThatThrownBy(() -> BlackjackPolicy.fromChart(OPTIMAL_USABLE,
        edit(OPTIMAL_NO_USABLE, m -> m.put("16", "HHS"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy.no_usable[\"16\"] must be 10 characters of H or S (dealer A,2..10),"
            + " was \"HHS\"");
  }

  @Test
  void badCharacterNamesItsPositionAndDealerCard() {
    assertThatThrownBy(() -> BlackjackPolicy.fromChart(
        edit(OPTIMAL_USABLE, m -> m.put("18", "HSSSSSSSHX")), OPTIMAL_NO_USABLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy.usable[\"18\"] has 'X' at character 10 (dealer 10); each character"
            + " must be H (hit) or S (stick)");
    assertThatThrownBy(() -> BlackjackPolicy.fromChart(
        edit(OPTIMAL_USABLE, m -> m.put("12", "?HHHHHHHHH")), OPTIMAL_NO_USABLE))
        .hasMessageContaining("at character 1 (dealer A)");
  }

  @Test
  void missingRowIsNamed() {
    assertThatThrownBy(() -> BlackjackPolicy.fromChart(OPTIMAL_USABLE,
        edit(OPTIMAL_NO_USABLE, m -> m.remove("21"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy.no_usable[\"21\"] is missing: policy.no_usable needs keys \"4\"..\"21\","
            + " each 10 characters of H or S (dealer A,2..10)");
    assertThatThrownBy(() -> BlackjackPolicy.fromChart(Map.of(), OPTIMAL_NO_USABLE))
        .hasMessageStartingWith("policy.usable[\"12\"] is missing");
  }

  @Test
  void unknownKeyIsNamed() {
    for (String key : List.of("11", "22", "x", "012", "")) {
      assertThatThrownBy(() -> BlackjackPolicy.fromChart(
          edit(OPTIMAL_USABLE, m -> m.put(key, "HHHHHHHHHH")), OPTIMAL_NO_USABLE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("policy.usable has unknown key \"" + key + "\"; allowed keys are"
              + " \"12\"..\"21\"");
    }
  }

  @Test
  void toStringShowsTheChart() {
    assertThat(BlackjackPolicy.stickOn(20).toString())
        .startsWith("BlackjackPolicy[usable={12=HHHHHHHHHH, ")
        .contains("no_usable={4=HHHHHHHHHH, ")
        .endsWith("21=SSSSSSSSSS}]");
  }

  private static Map<String, String> edit(
      Map<String, String> chart, Consumer<Map<String, String>> change) {
    Map<String, String> copy = new LinkedHashMap<>(chart);
    change.accept(copy);
    return copy;
  }
}
