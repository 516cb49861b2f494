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
}
