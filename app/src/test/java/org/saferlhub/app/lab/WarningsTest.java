package org.saferlhub.app.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saferlhub.policy.Bandit;

/** The early-warning experiment over seeds (issue 14). */
class WarningsTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> signal(Map<String, Object> m, String name) {
    for (Map<String, Object> row : (List<Map<String, Object>>) m.get("summary")) {
      if (row.get("signal").equals(name)) {
        return row;
      }
    }
    throw new AssertionError("no signal " + name);
  }

  /**
   * Unanchored NPG on the burning building collapses in every run; the exploit's log-ratio fires
   * first, 18 updates ahead (EarlyWarningsTest pins the single run); the per-update KL spike, a
   * contrast signal, never fires before the collapse.
   */
  @Test
  void unanchoredNpgIsWarnedOfByTheExploitsLogRatioAndNotByTheKlSpike() {
    Map<String, Object> m = Warnings.run(Bandit.burningBuilding(), 1, "npg", 0, 1, 3, 200);
    Map<String, Object> exploit = signal(m, "exploit-log-ratio");
    assertThat(exploit.get("runsWithCollapse")).isEqualTo(3);
    assertThat(exploit.get("firedBeforeCollapse")).isEqualTo(3);
    assertThat((double) exploit.get("medianLead")).isEqualTo(18.0);
    Map<String, Object> spike = signal(m, "kl-spike");
    assertThat(spike.get("contrast")).isEqualTo(true);
    assertThat(spike.get("firedBeforeCollapse")).isEqualTo(0);
    // Anchored at β = 0.1 nothing collapses, so no lead is counted.
    Map<String, Object> anchored = Warnings.run(Bandit.burningBuilding(), 1, "npg", 0.1, 1, 2,
        200);
    assertThat(signal(anchored, "exploit-log-ratio").get("runsWithCollapse")).isEqualTo(0);
    assertThat(signal(anchored, "exploit-log-ratio").get("medianLead")).isNull();
  }

  /**
   * The second proxy is a reward model fitted to pairs from the base model: it and the proxy
   * agree where the base model goes, so their disagreement is a signal; it is reported beside
   * the others. Different seeds fit different reward models.
   */
  @Test
  void theProxyDisagreementSignalUsesARewardModelFittedToBaseModelPairs() {
    Map<String, Object> m = Warnings.run(Bandit.burningBuilding(), 1, "npg", 0, 1, 3, 200);
    Map<String, Object> disagreement = signal(m, "proxy-disagreement");
    assertThat(disagreement.get("contrast")).isEqualTo(false);
    assertThat((int) disagreement.get("fired")).isPositive();
    Bandit b = Bandit.burningBuilding();
    double[] one = Warnings.secondProxy(b.reference(), b.proxy(), 1);
    assertThat(one).hasSize(4).isNotEqualTo(Warnings.secondProxy(b.reference(), b.proxy(), 2));
    assertThat(one[2] - one[0]).as("the ladder over the door, as the proxy has it (0.1)")
        .isBetween(0.0, 0.5);
  }

  /**
   * On the gridworld shortcut one exact run: the occupancy signal replaces the per-outcome ones,
   * and the teleport variant is named.
   */
  @Test
  void onTheGridShortcutTheOccupancySignalIsReported() {
    Map<String, Object> m = Warnings.runShortcut("teleport", 0.05, 0, 60);
    assertThat(m.get("variant")).isEqualTo("teleport");
    assertThat((List<?>) m.get("runs")).hasSize(1);
    assertThat(signal(m, "occupancy-outpacing").get("fired")).isEqualTo(1);
    assertThat(signal(m, "exploit-log-ratio").get("firedBeforeCollapse")).isEqualTo(1);
    assertThat(((List<Map<String, Object>>) m.get("summary")).stream()
        .map(r -> r.get("signal"))).doesNotContain("proxy-true-correlation");
  }
}
