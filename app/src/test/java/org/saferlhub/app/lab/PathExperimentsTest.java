package org.saferlhub.app.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saferlhub.policy.Bandit;
import org.saferlhub.policy.Tilt;

/** The trust-region and best-of-n experiments of issue 14 against the exact optimum's path. */
class PathExperimentsTest {

  private static final Bandit BUILDING = Bandit.burningBuilding();

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> agent(Map<String, Object> m, String agent) {
    return ((Map<String, List<Map<String, Object>>>) m.get("agents")).get(agent);
  }

  private static double number(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).doubleValue();
  }

  /**
   * Without an anchor, every NPG and TRPO iterate on the bandit is the optimum at some β (its KL
   * from the optimum at the same KL is zero to rounding), and NPG's β after T updates is 1/(ηT).
   */
  @Test
  void trustRegionIteratesLieOnTheTiltPath() {
    double eta = 0.05;
    Map<String, Object> m = PathExperiments.trustRegion(BUILDING, 1, 200, eta, 0.002);
    int matched = 0;
    for (String name : List.of("npg", "trpo")) {
      for (Map<String, Object> row : agent(m, name)) {
        if (row.get("betaOnPath") == null) {
          continue;
        }
        matched++;
        assertThat(number(row, "klFromPath")).as("%s at %s", name, row.get("step"))
            .isLessThan(1e-12);
        if (name.equals("npg")) {
          double t = number(row, "step");
          assertThat(number(row, "betaOnPath")).isCloseTo(1 / (eta * t), within(1e-9 / (eta * t)));
        }
      }
    }
    assertThat(matched).isGreaterThan(300);
    // Training longer acts like a smaller β: 200 steps of η = 0.05 are the optimum at β = 0.1.
    List<Map<String, Object>> npg = agent(m, "npg");
    assertThat(number(npg.get(200), "piExploit")).isCloseTo(Tilt.at(BUILDING, 0.1).piExploit(),
        within(1e-9));
  }

  /**
   * Best-of-n's KL stays under log n − (n−1)/n, and the optimum beside it is at the same KL;
   * policy-lab.md: best-of-64 reaches true reward 0.888, where the tilt at the same KL has let the
   * exploit in.
   */
  @Test
  void bestOfNIsComparedWithTheOptimumAtTheSameKl() {
    Map<String, Object> m = PathExperiments.bestOfN(BUILDING, 1, List.of(1L, 2L, 64L, 7000L));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) m.get("rows");
    for (Map<String, Object> r : rows) {
      assertThat(number(r, "kl")).isLessThanOrEqualTo(number(r, "klBound") + 1e-12);
      @SuppressWarnings("unchecked")
      Map<String, Object> o = (Map<String, Object>) r.get("optimumAtSameKl");
      if (number(r, "n") == 1) {
        assertThat(o).as("n = 1 is the base model: no β").isNull();
        continue;
      }
      assertThat(Tilt.at(BUILDING, number(o, "beta")).kl()).isCloseTo(number(r, "kl"),
          within(1e-9));
    }
    assertThat(number(rows.get(2), "trueReward")).isCloseTo(0.888, within(5e-4));
    assertThat(number(rows.get(2), "trueReward")).isGreaterThan(
        number((Map<String, Object>) rows.get(2).get("optimumAtSameKl"), "trueReward") + 0.3);
    // policy-lab.md: π(e) = 0.50 at n = 7000, where KL is 5.09 nats against the 7.85 bound.
    assertThat(number(rows.get(3), "piExploit")).isCloseTo(0.50, within(0.01));
    assertThat(number(rows.get(3), "kl")).isCloseTo(5.09, within(0.01));
  }
}
