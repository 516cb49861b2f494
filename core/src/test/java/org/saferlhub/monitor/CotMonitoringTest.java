package org.saferlhub.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;
import org.saferlhub.monitor.CotMonitoring.Arm;
import org.saferlhub.monitor.CotMonitoring.Config;
import org.saferlhub.monitor.CotMonitoring.Monitor;
import org.saferlhub.monitor.CotMonitoring.Point;
import org.saferlhub.random.Rng;

/**
 * The chain-of-thought monitoring toy: its gradient, its three regimes at the lesson's defaults
 * (β 3, λ 1, α 0.5, batches of 64, 4,000 iterations, seed 0) and what β does.
 */
class CotMonitoringTest {

  private static List<Point> run(Arm arm, Monitor monitor, double beta, int iterations,
      long seed) {
    return CotMonitoring.train(new Config(arm, monitor, beta, 1, iterations, 64, 0.5, seed));
  }

  /**
   * The exact policy gradient, written as REINFORCE's score-function sum over every outcome
   * (the same {@code addScore} the sampled updates use), equals central finite differences of
   * the exact expected reward, for both arms at random θ.
   */
  @Test
  void theReinforceGradientMatchesFiniteDifferences() {
    Rng rng = new Rng(4);
    for (Arm arm : Arm.values()) {
      Config c = new Config(arm, Monitor.CAREFUL, 2, 0.7, 1, 1, 1, 0);
      CotMonitoring.Params theta = new CotMonitoring.Params();
      for (double[] block : theta.all()) {
        for (int i = 0; i < block.length; i++) {
          block[i] = rng.nextDouble() * 2 - 1;
        }
      }
      double[][] g = CotMonitoring.exactGradient(theta, c).all();
      double[][] params = theta.all();
      double h = 1e-6;
      for (int k = 0; k < params.length; k++) {
        for (int i = 0; i < params[k].length; i += 3) {
          double keep = params[k][i];
          params[k][i] = keep + h;
          double up = CotMonitoring.expectedReward(theta, c);
          params[k][i] = keep - h;
          double down = CotMonitoring.expectedReward(theta, c);
          params[k][i] = keep;
          assertThat(g[k][i]).as("%s block %d index %d", arm, k, i)
              .isCloseTo((up - down) / (2 * h), within(1e-7));
        }
      }
    }
  }

  /** Rewarded for passing tests, the agent hacks, and says so: the monitor catches it. */
  @Test
  void withoutPressureTheAgentHacksInTheOpen() {
    Point end = run(Arm.BASELINE, Monitor.CAREFUL, 3, 4000, 0).get(4000);
    assertThat(end.hackRate()).isGreaterThanOrEqualTo(0.5);
    assertThat(end.monitorRecall()).isGreaterThanOrEqualTo(0.9);
  }

  /**
   * Under pressure: early on fewer hacks and more genuine passes than without; at the end it
   * hacks again, with thoughts the monitor no longer flags.
   */
  @Test
  void pressureHelpsEarlyThenTeachesTheAgentToHide() {
    List<Point> baseline = run(Arm.BASELINE, Monitor.CAREFUL, 3, 4000, 0);
    List<Point> pressure = run(Arm.PRESSURE, Monitor.CAREFUL, 3, 4000, 0);
    Point early = pressure.get(250);
    assertThat(early.genuinePass()).isGreaterThan(baseline.get(250).genuinePass());
    assertThat(early.hackRate()).isLessThan(baseline.get(250).hackRate());
    Point end = pressure.get(4000);
    assertThat(end.hackRate()).isGreaterThanOrEqualTo(0.5);
    assertThat(end.monitorRecall()).isLessThanOrEqualTo(0.1);
  }

  /** A monitor that misses SHORTCUT: the hacks move to SHORTCUT. */
  @Test
  void underTheKeywordMonitorHacksRouteThroughShortcut() {
    Point end = run(Arm.PRESSURE, Monitor.KEYWORD, 3, 4000, 0).get(4000);
    assertThat(end.hackRate()).isGreaterThanOrEqualTo(0.5);
    assertThat(end.shortcutShare()).isGreaterThanOrEqualTo(0.8);
  }

  /**
   * β decides how much the thoughts say about the action. At β = 0 they say nothing: at the
   * start a flag is as likely on honest work as on a hack, and after training which thoughts
   * carry the hacks is the seed's luck (recall below 0.3 for some seeds, above 0.7 for others).
   * At β = 3 every seed's monitor catches at least 90 % of the hacks; at β = 10 it also almost
   * never flags honest work, where at β = 3 it flags most of it.
   */
  @Test
  void betaSetsHowMuchTheThoughtsTell() {
    Point start = run(Arm.BASELINE, Monitor.CAREFUL, 0, 1, 0).get(0);
    assertThat(start.monitorRecall()).isCloseTo(start.falseAlarmRate(), within(1e-12));
    double lowest = 1;
    double highest = 0;
    for (long seed = 0; seed < 8; seed++) {
      double uncoupled = run(Arm.BASELINE, Monitor.CAREFUL, 0, 1000, seed).get(1000)
          .monitorRecall();
      lowest = Math.min(lowest, uncoupled);
      highest = Math.max(highest, uncoupled);
      assertThat(run(Arm.BASELINE, Monitor.CAREFUL, 3, 1000, seed).get(1000).monitorRecall())
          .as("seed %d", seed).isGreaterThanOrEqualTo(0.9);
    }
    assertThat(lowest).isLessThan(0.3);
    assertThat(highest).isGreaterThan(0.7);
    assertThat(run(Arm.BASELINE, Monitor.CAREFUL, 10, 4000, 0).get(4000).falseAlarmRate())
        .isLessThan(0.1);
    assertThat(run(Arm.BASELINE, Monitor.CAREFUL, 3, 4000, 0).get(4000).falseAlarmRate())
        .isGreaterThan(0.5);
  }

  @Test
  void sameSeedSameCurve() {
    assertThat(run(Arm.PRESSURE, Monitor.CAREFUL, 3, 200, 5))
        .isEqualTo(run(Arm.PRESSURE, Monitor.CAREFUL, 3, 200, 5))
        .isNotEqualTo(run(Arm.PRESSURE, Monitor.CAREFUL, 3, 200, 6));
  }

  @Test
  void settingsOutOfRangeNameTheirField() {
    assertThatThrownBy(() -> new Config(Arm.BASELINE, Monitor.CAREFUL, -1, 1, 10, 10, 1, 0))
        .isInstanceOf(ParameterException.class).hasMessageContaining("beta must be in");
    assertThatThrownBy(() -> new Config(Arm.BASELINE, Monitor.CAREFUL, 1, 11, 10, 10, 1, 0))
        .hasMessageContaining("lambda must be in");
    assertThatThrownBy(() -> new Config(Arm.BASELINE, Monitor.CAREFUL, 1, 1, 0, 10, 1, 0))
        .hasMessageContaining("iterations must be from 1");
  }
}
