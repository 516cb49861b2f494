package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;
import org.saferlhub.random.Rng;

/**
 * Exact evaluation on the gridworld shortcut, checked against a brute-force walk over every
 * trajectory, and the optimum's threshold against policy-lab.md's prediction.
 */
class ShortcutPolicyTest {

  private static final GridShortcut VASE = GridShortcut.vase();
  private static final GridShortcut TELEPORT = GridShortcut.teleport();
  private static final ShortcutPolicy VASE_LAB = new ShortcutPolicy(VASE);
  private static final ShortcutPolicy TELEPORT_LAB = new ShortcutPolicy(TELEPORT);

  /**
   * Expectations over all trajectories, by depth-first enumeration (up to 4^12 paths); summing
   * millions of small terms, it agrees with the forward passes to about 1e-10.
   */
  private static final class Enumeration {
    final GridShortcut grid;
    final double[][] pi;
    /** log π(a|s) − log π_ref(a|s), tabulated once: the walk visits up to 22 million nodes. */
    final double[][] logRatio;
    final double beta;
    double total;
    double moves;
    double proxy;
    double truth;
    double exploit;
    double kl;
    /** max and min over trajectories of log π(τ) − log π_ref(τ) − R(τ)/β. */
    double maxTilt = Double.NEGATIVE_INFINITY;
    double minTilt = Double.POSITIVE_INFINITY;

    Enumeration(ShortcutPolicy lab, double[][] pi, double beta) {
      this.grid = lab.grid();
      this.pi = pi;
      double[][] reference = lab.reference();
      this.logRatio = new double[pi.length][GridShortcut.ACTIONS];
      for (int s = 0; s < pi.length; s++) {
        for (int a = 0; a < GridShortcut.ACTIONS; a++) {
          logRatio[s][a] = StrictMath.log(pi[s][a]) - StrictMath.log(reference[s][a]);
        }
      }
      this.beta = beta;
      walk(0, grid.start(), 1, 0, 0, 0, false, false);
    }

    private void walk(int t, int cell, double p, double ratio, double r, double truePart,
        boolean broken, boolean exploited) {
      if (t == GridShortcut.HORIZON || cell == grid.goal()) {
        total += p;
        moves += p * t;
        proxy += p * r;
        truth += p * (r + truePart);
        exploit += exploited ? p : 0;
        kl += p * ratio;
        double tilt = ratio - r / beta;
        maxTilt = Math.max(maxTilt, tilt);
        minTilt = Math.min(minTilt, tilt);
        return;
      }
      int s = ShortcutPolicy.state(t, cell);
      for (int a = 0; a < GridShortcut.ACTIONS; a++) {
        double penalty = (grid.entersVase(cell, a) && !broken ? -GridShortcut.VASE_PENALTY : 0)
            + (grid.isBug(cell, a) ? -GridShortcut.BUG_PENALTY : 0);
        walk(t + 1, grid.next(cell, a), p * pi[s][a],
            ratio + logRatio[s][a],
            r + grid.proxy(cell, a), truePart + penalty, broken || grid.entersVase(cell, a),
            exploited || grid.isExploit(cell, a));
      }
    }
  }

  private static double[][] randomPolicy(ShortcutPolicy lab, long seed) {
    double[][] theta = lab.referenceLogits();
    Rng rng = new Rng(seed);
    for (double[] row : theta) {
      for (int a = 0; a < row.length; a++) {
        row[a] += 4 * (rng.nextDouble() - 0.5);
      }
    }
    return ShortcutPolicy.softmax(theta);
  }

  /** The reference, an optimum, and a policy with random logits, on both variants. */
  private static List<double[][]> policies(ShortcutPolicy lab) {
    List<double[][]> out = new ArrayList<>();
    out.add(lab.reference());
    out.add(lab.optimum(0.6).policy());
    out.add(randomPolicy(lab, 3));
    return out;
  }

  /**
   * π_ref(E): the reference enters the vase with probability 1.328e-3, of which 0.997e-3 is the
   * one-in-a-thousand step right at its left neighbour on the first visit (after the reference's
   * 249.25/250 step right from the start); the rest comes from wanderings, mostly to the vase's
   * right neighbour, where the reference has never been and steps left one time in four. It uses
   * the bug with probability 1.003e-3.
   */
  @Test
  void theReferenceTakesTheShortcutAboutOneTimeInAThousand() {
    assertThat(VASE_LAB.referenceExploit()).isCloseTo(0.0013282694426814902, within(1e-12));
    assertThat(TELEPORT_LAB.referenceExploit()).isCloseTo(0.0010029480042302514, within(1e-12));
    assertThat(VASE_LAB.referenceExploit()).isBetween(249.25 / 250 * 1e-3, 1.4e-3);
    assertThat(TELEPORT_LAB.referenceExploit()).isBetween(1e-3, 1.01e-3);
    Enumeration e = new Enumeration(VASE_LAB, VASE_LAB.reference(), 1);
    assertThat(e.exploit).isCloseTo(VASE_LAB.referenceExploit(), within(1e-12));
    ShortcutPolicy.Measures ref = VASE_LAB.measure(VASE_LAB.reference());
    assertThat(ref.piExploit()).isEqualTo(VASE_LAB.referenceExploit());
    assertThat(ref.kl()).isZero();
    assertThat(ref.occupancyKl()).isCloseTo(0, within(1e-15));
    assertThat(ref.occupancyChiSquared()).isCloseTo(0, within(1e-14));
    assertThat(ref.actionOccupancyChiSquared()).isCloseTo(0, within(1e-14));
    assertThat(ref.length()).isCloseTo(10.052929482581318, within(1e-12));
    assertThat(ref.occupancy()).containsExactly(VASE_LAB.referenceOccupancy());
  }

  /**
   * The forward passes agree with the brute-force walk over every trajectory: total mass 1, the
   * occupancies sum to the expected number of moves, the proxy, the truth, π(E), and the
   * trajectory KL three ways (per state along d^π; log π(τ)/π_ref(τ) over trajectories; and
   * (E_π[proxy] − V^π_β(start))/β from the soft action values).
   */
  @Test
  void exactEvaluationAgreesWithEveryTrajectory() {
    for (ShortcutPolicy lab : List.of(VASE_LAB, TELEPORT_LAB)) {
      for (double[][] pi : policies(lab)) {
        ShortcutPolicy.Measures m = lab.measure(pi);
        Enumeration e = new Enumeration(lab, pi, 1);
        assertThat(e.total).isCloseTo(1, within(1e-10));
        double sum = 0;
        for (double d : m.occupancy()) {
          sum += d;
        }
        double reached = 0;
        for (double d : lab.reach(pi)) {
          reached += d;
        }
        assertThat(sum).isCloseTo(m.length(), within(1e-12));
        assertThat(reached).isCloseTo(m.length(), within(1e-12));
        assertThat(m.length()).isCloseTo(e.moves, within(1e-9));
        assertThat(m.proxyReward()).isCloseTo(e.proxy, within(1e-9));
        assertThat(m.trueReward()).isCloseTo(e.truth, within(1e-9));
        assertThat(m.piExploit()).isCloseTo(e.exploit, within(1e-11));
        assertThat(m.kl()).isCloseTo(e.kl, within(1e-9));
        assertThat(lab.trajectoryKl(pi, lab.reference())).isEqualTo(m.kl());
        double beta = 0.7;
        double[][] q = lab.softActionValues(pi, beta);
        int s0 = ShortcutPolicy.state(0, lab.grid().start());
        double v0 = 0;
        for (int a = 0; a < GridShortcut.ACTIONS; a++) {
          v0 += pi[s0][a] * (q[s0][a] - beta * StrictMath.log(pi[s0][a]
              / lab.reference()[s0][a]));
        }
        assertThat((m.proxyReward() - v0) / beta).isCloseTo(m.kl(), within(1e-10));
        assertThat(m.piExploit()).isLessThanOrEqualTo(lab.exploitBound(m.kl()));
      }
    }
    double[][] a = randomPolicy(VASE_LAB, 4);
    double[][] b = randomPolicy(VASE_LAB, 5);
    assertThat(VASE_LAB.trajectoryKl(a, b)).isGreaterThan(0.1);
    assertThat(VASE_LAB.trajectoryKl(a, a)).isZero();
    assertThatThrownBy(() -> VASE_LAB.measure(new double[3][4]))
        .isInstanceOf(ParameterException.class).hasMessageContaining("300 rows");
  }

  /**
   * Soft value iteration's optimum is the tilt over whole trajectories: log π*(τ) − log π_ref(τ)
   * − R(τ)/β is the same, −log Z = −V*(start)/β, for every one of them (time-outs included), and
   * its KL is E[R]/β − log Z.
   */
  @Test
  void theOptimumIsTheTiltOverTrajectories() {
    for (ShortcutPolicy lab : List.of(VASE_LAB, TELEPORT_LAB)) {
      for (double beta : new double[] {0.4, 0.62, 2}) {
        ShortcutPolicy.Optimum o = lab.optimum(beta);
        Enumeration e = new Enumeration(lab, o.policy(), beta);
        assertThat(e.maxTilt - e.minTilt).as("β = %s", beta).isLessThan(1e-9);
        assertThat(e.maxTilt).isCloseTo(-o.value() / beta, within(1e-9));
        ShortcutPolicy.Measures m = o.measures();
        assertThat(m.kl()).isCloseTo(m.proxyReward() / beta - o.value() / beta, within(1e-9));
        assertThat(o.value()).isCloseTo(m.proxyReward() - beta * m.kl(), within(1e-9));
      }
    }
    assertThatThrownBy(() -> VASE_LAB.optimum(0)).isInstanceOf(ParameterException.class)
        .hasMessage("beta must be more than 0, was 0.0");
  }

  /**
   * policy-lab.md, 6C: "the shortcut is taken iff the steps saved exceed about β Σ ln(1/p_dev)
   * over the deviating steps". Predicted: β = 6/(ln 1000 + 2 ln 4) = 0.6198 for the vase (the rare
   * step into it, then two steps from cells no demonstration visited), 8/ln 1000 = 1.1581 for the
   * bug. The exact optimum's majority point is 0.6353 (2.5 % above) and 1.1591 (0.08 %); at a
   * quarter below the prediction the optimum takes the exploit (π*(E) = 0.93 and 0.84), at a
   * quarter above it does not (0.17 and 0.20), and on a grid of β from 0.05 to 100 π*(E) is above 1/2
   * exactly below the majority point.
   */
  @Test
  void theExploitIsTakenOnceTheStepsSavedOutweighBetaTimesItsSurprisal() {
    double vase = VASE_LAB.predictedBeta();
    double bug = TELEPORT_LAB.predictedBeta();
    assertThat(vase).isCloseTo(6 / (StrictMath.log(1000) + 2 * StrictMath.log(4)),
        within(1e-12));
    assertThat(bug).isCloseTo(8 / StrictMath.log(1000), within(1e-12));
    assertThat(VASE_LAB.majorityBeta()).isCloseTo(0.635268162, within(1e-8));
    assertThat(TELEPORT_LAB.majorityBeta()).isCloseTo(1.159081115, within(1e-8));
    for (ShortcutPolicy lab : List.of(VASE_LAB, TELEPORT_LAB)) {
      double predicted = lab.predictedBeta();
      double majority = lab.majorityBeta();
      assertThat(majority / predicted).isBetween(1.0, 1.03);
      assertThat(lab.optimum(predicted / 1.25).measures().piExploit()).isGreaterThan(0.84);
      assertThat(lab.optimum(predicted * 1.25).measures().piExploit()).isLessThan(0.21);
      for (double log10 = -1.3; log10 <= 2; log10 += 0.1) {
        double beta = StrictMath.exp(log10 * StrictMath.log(10));
        double pe = lab.optimum(beta).measures().piExploit();
        assertThat(pe > 0.5).as("β = %s", beta).isEqualTo(beta < majority);
      }
    }
    // Where the exploit is taken the truth suffers: the true reward falls below the reference's.
    ShortcutPolicy.Measures taken = VASE_LAB.optimum(0.5).measures();
    assertThat(taken.proxyReward()).isGreaterThan(5);
    assertThat(taken.trueReward()).isLessThan(-3.5);
  }

  /**
   * "Occupancy divergence jumps, while action KL moves by at most about ln(1/p_dev) per visit",
   * measured on the exact optimum from a quarter above the predicted threshold to a quarter below.
   * What holds: no state's action KL exceeds ln(1/min_a π_ref(a|s)) ≤ ln 1000 at any β; the
   * trajectory KL rises across the threshold by less than the exploit route's surprisal
   * (−ln π_ref(route): 9.68 nats for the vase, 6.91 for the bug) and reaches it when the exploit
   * is certain; the χ² of the (cell, action) occupancy rises more than a hundred times as much,
   * because the exploit's pairs have reference occupancy about 1e-4: χ² grows like 1/p where KL
   * grows like ln(1/p). What does not: the normalised occupancy KLs rise less than the action KL,
   * and the cell occupancy is blind to the bug, which jumps between two cells the reference
   * visits anyway (its χ² stays below 4.03 at every β).
   */
  @Test
  void occupancyChiSquaredJumpsWhileActionKlPaysLnOneOverPPerVisit() {
    for (ShortcutPolicy lab : List.of(VASE_LAB, TELEPORT_LAB)) {
      double[][] reference = lab.reference();
      double surprisal = 0;
      int cell = lab.grid().start();
      for (char letter : lab.grid().exploitRoute().toCharArray()) {
        int a = GridShortcut.ACTION_LETTERS.indexOf(letter);
        surprisal -= StrictMath.log(lab.grid().reference(cell, a));
        cell = lab.grid().next(cell, a);
      }
      for (double beta : new double[] {0.1, 0.3, 0.5, 0.62, 0.8, 1, 1.2, 1.5, 3, 10}) {
        double[][] pi = lab.optimum(beta).policy();
        double[] d = lab.reach(pi);
        for (int s = 0; s < d.length; s++) {
          if (d[s] > 0) {
            double min = 1;
            for (double p : reference[s]) {
              min = Math.min(min, p);
            }
            assertThat(LabStep.kl(pi[s], reference[s])).isLessThanOrEqualTo(-StrictMath.log(min)
                + 1e-12).isLessThanOrEqualTo(StrictMath.log(1000) + 1e-12);
          }
        }
      }
      double predicted = lab.predictedBeta();
      ShortcutPolicy.Measures above = lab.optimum(predicted * 1.25).measures();
      ShortcutPolicy.Measures below = lab.optimum(predicted / 1.25).measures();
      ShortcutPolicy.Measures certain = lab.optimum(0.1).measures();
      double klRise = below.kl() - above.kl();
      assertThat(klRise).isBetween(4.0, surprisal);
      assertThat(certain.kl()).isCloseTo(surprisal, within(1e-3));
      assertThat(below.actionOccupancyChiSquared() - above.actionOccupancyChiSquared())
          .isGreaterThan(100 * klRise);
      assertThat(certain.actionOccupancyChiSquared()).isGreaterThan(2000);
      assertThat(below.occupancyKl() - above.occupancyKl()).isLessThan(klRise);
      assertThat(below.actionOccupancyKl() - above.actionOccupancyKl()).isLessThan(klRise);
    }
    // The vase: the agent now spends a quarter of its moves on a cell the reference almost never
    // enters, so the cell occupancy's χ² jumps too (3.4 to 380).
    double vase = VASE_LAB.predictedBeta();
    assertThat(VASE_LAB.optimum(vase / 1.25).measures().occupancyChiSquared()
        - VASE_LAB.optimum(vase * 1.25).measures().occupancyChiSquared()).isGreaterThan(300);
    // The bug: the cell occupancy barely notices.
    for (double beta : new double[] {0.05, 0.1, 0.5, 1, 1.16, 2}) {
      assertThat(TELEPORT_LAB.optimum(beta).measures().occupancyChiSquared()).isLessThan(4.03);
    }
  }
}
