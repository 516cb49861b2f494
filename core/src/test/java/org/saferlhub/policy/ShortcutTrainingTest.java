package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Natural policy gradient on the gridworld shortcut, with and without the anchor. */
class ShortcutTrainingTest {

  private static final List<GridShortcut> GRIDS = List.of(GridShortcut.vase(),
      GridShortcut.teleport());

  /** The largest difference between two tables over the rows of times t from {@code from} on. */
  private static double maxDifference(double[][] a, double[][] b, int from) {
    double max = 0;
    for (int s = ShortcutPolicy.state(from, 0); s < a.length; s++) {
      for (int t = 0; t < a[s].length; t++) {
        max = Math.max(max, Math.abs(a[s][t] - b[s][t]));
      }
    }
    return max;
  }

  private static ShortcutTraining.Run run(GridShortcut grid, double eta, double beta, int steps) {
    return ShortcutTraining.run(grid, new NaturalPolicyGradient.Config(eta, beta, steps));
  }

  /**
   * The anchored natural gradient stops at soft value iteration's optimum. With ηβ = 1 each update
   * is a soft policy-iteration step: after k updates the rows of the last k times are exact
   * (1e-12), and after twelve the whole table; a smaller step (ηβ = 1/4) gets there
   * geometrically, within 1e-9 after 200 updates.
   */
  @Test
  void withTheAnchorItStopsAtTheSoftValueIterationOptimum() {
    for (GridShortcut grid : GRIDS) {
      ShortcutPolicy lab = new ShortcutPolicy(grid);
      for (double beta : new double[] {0.5, 1}) {
        double[][] optimum = lab.optimum(beta).policy();
        for (int k = 1; k <= ShortcutPolicy.HORIZON; k++) {
          double[][] policy = run(grid, 1 / beta, beta, k).policy();
          assertThat(maxDifference(policy, optimum, ShortcutPolicy.HORIZON - k))
              .as("%s, β = %s, %d updates", grid.id(), beta, k).isLessThan(1e-12);
        }
        assertThat(maxDifference(run(grid, 1 / beta, beta, 1).policy(), optimum, 0))
            .isGreaterThan(1e-3);
        ShortcutTraining.Run slow = run(grid, 0.5, beta / 2, 200);
        assertThat(maxDifference(slow.policy(), lab.optimum(beta / 2).policy(), 0))
            .isLessThan(1e-9);
        LabStep last = slow.steps().get(200);
        ShortcutPolicy.Measures exact = lab.optimum(beta / 2).measures();
        assertThat(last.piExploit()).isCloseTo(exact.piExploit(), within(1e-9));
        assertThat(last.kl()).isCloseTo(exact.kl(), within(1e-9));
        assertThat(last.trueReward()).isCloseTo(exact.trueReward(), within(1e-9));
      }
    }
  }

  /** Each step's metrics: exact, consistent with its full measures, and within the KL price. */
  @Test
  void everyStepIsMeasuredExactly() {
    for (GridShortcut grid : GRIDS) {
      ShortcutPolicy lab = new ShortcutPolicy(grid);
      ShortcutTraining.Run run = run(grid, 0.3, 0.5, 40);
      assertThat(run.steps()).hasSize(41);
      assertThat(run.measures()).hasSize(41);
      LabStep first = run.steps().get(0);
      // Step 0 is the reference, up to rounding: softmax(log π_ref).
      assertThat(first.kl()).isCloseTo(0, within(1e-12));
      assertThat(first.logRatioExploit()).isCloseTo(0, within(1e-12));
      assertThat(first.piExploit()).isCloseTo(lab.referenceExploit(), within(1e-15));
      assertThat(first.pi()).containsExactly(lab.referenceOccupancy(), within(1e-12));
      for (int t = 0; t <= 40; t++) {
        LabStep s = run.steps().get(t);
        ShortcutPolicy.Measures m = run.measures().get(t);
        assertThat(s.step()).isEqualTo(t);
        assertThat(s.kl()).isEqualTo(m.kl());
        assertThat(s.pi()).containsExactly(m.occupancy());
        double sum = 0;
        for (double d : s.pi()) {
          sum += d;
        }
        assertThat(sum).isCloseTo(m.length(), within(1e-12));
        assertThat(s.piExploit()).isLessThanOrEqualTo(s.exploitBound());
        assertThat(s.klOldNew()).isGreaterThanOrEqualTo(0);
        assertThat(s.klNewOld()).isGreaterThanOrEqualTo(0);
        assertThat(Double.isNaN(s.k1()) && Double.isNaN(s.clipFraction())).isTrue();
      }
      assertThat(run.steps().get(1).klOldNew()).isPositive();
    }
  }

  /**
   * Without the anchor nothing holds the policy back: the natural gradient walks to the proxy's
   * favourite, through the vase (proxy 6, truth −4) or through the bug (8 and −12), with
   * π(E) above 1 − 1e-6 after 20 updates of η = 1, and its trajectory KL becomes the route's
   * surprisal, 9.68 and 6.91 nats, while the (cell, action) occupancy χ² passes 2000. On the vase
   * the first update steers away (π(E) falls from 1.3e-3 to 2.8e-5): after the vase the reference
   * wanders where no demonstration went, so the first Q^π values it is worth little. The bug pays
   * at once (π(E) = 0.77 after one update).
   */
  @Test
  void withoutTheAnchorItTakesTheShortcut() {
    ShortcutTraining.Run vase = run(GridShortcut.vase(), 1, 0, 20);
    assertThat(vase.steps().get(1).piExploit()).isLessThan(3e-5);
    LabStep last = vase.steps().get(20);
    assertThat(last.piExploit()).isGreaterThan(1 - 1e-6);
    assertThat(last.proxyReward()).isCloseTo(6, within(1e-4));
    assertThat(last.trueReward()).isCloseTo(-4, within(1e-4));
    assertThat(last.kl()).isCloseTo(9.683, within(1e-3));
    assertThat(vase.measures().get(20).actionOccupancyChiSquared()).isGreaterThan(2000);

    ShortcutTraining.Run bug = run(GridShortcut.teleport(), 1, 0, 20);
    assertThat(bug.steps().get(1).piExploit()).isGreaterThan(0.75);
    last = bug.steps().get(20);
    assertThat(last.piExploit()).isGreaterThan(1 - 1e-6);
    assertThat(last.proxyReward()).isCloseTo(8, within(1e-4));
    assertThat(last.trueReward()).isCloseTo(-12, within(1e-4));
    assertThat(last.kl()).isCloseTo(6.911, within(1e-3));
    assertThat(bug.measures().get(20).actionOccupancyChiSquared()).isGreaterThan(2000);
    assertThat(bug.measures().get(20).occupancyChiSquared()).isLessThan(4.03);
    for (ShortcutTraining.Run r : List.of(vase, bug)) {
      for (LabStep s : r.steps()) {
        assertThat(s.piExploit()).isLessThanOrEqualTo(s.exploitBound());
      }
    }
  }
}
