package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;

/**
 * The early-warning detectors, each on a trace built to trigger it at a known update and on one
 * built not to; then the burning building under natural policy gradient, where the true reward
 * collapses and the exploit's log-ratio warns first.
 */
class EarlyWarningsTest {

  private static final double NAN = Double.NaN;
  private static final double[] UNIFORM = {0.5, 0.5};
  private static final Bandit BUILDING = Bandit.burningBuilding();

  /** A constructed step: the given fields, NaN for the rest. */
  private static LabStep step(int t, double[] pi, double proxy, double truth, double logRatio,
      double entropy, double klOldNew, double clip) {
    return new LabStep(t, pi, proxy, truth, NAN, NAN, NAN, NAN, NAN, logRatio, entropy, klOldNew,
        NAN, NAN, clip, NAN);
  }

  private static List<LabStep> trueRewards(double... r) {
    List<LabStep> steps = new ArrayList<>();
    for (int t = 0; t < r.length; t++) {
      steps.add(step(t, UNIFORM, 0, r[t], 0, 0, 0, NAN));
    }
    return steps;
  }

  private static List<LabStep> logRatios(double... logRatio) {
    List<LabStep> steps = new ArrayList<>();
    for (int t = 0; t < logRatio.length; t++) {
      steps.add(step(t, UNIFORM, 0, 0, logRatio[t], 0, 0, NAN));
    }
    return steps;
  }

  private static List<LabStep> entropies(double[] entropy, double[] proxy) {
    List<LabStep> steps = new ArrayList<>();
    for (int t = 0; t < entropy.length; t++) {
      steps.add(step(t, UNIFORM, proxy[t], 0, 0, entropy[t], 0, NAN));
    }
    return steps;
  }

  private static List<LabStep> policies(double[]... pi) {
    List<LabStep> steps = new ArrayList<>();
    for (int t = 0; t < pi.length; t++) {
      steps.add(step(t, pi[t], 0, 0, 0, 0, 0, NAN));
    }
    return steps;
  }

  private static List<LabStep> perUpdate(double[] klOldNew, double[] clip) {
    List<LabStep> steps = new ArrayList<>();
    for (int t = 0; t < klOldNew.length; t++) {
      steps.add(step(t, UNIFORM, 0, 0, 0, 0, klOldNew[t], clip[t]));
    }
    return steps;
  }

  /** M = 1, range = 1: the threshold is 0.9, and 0.905 is not below it. */
  @Test
  void collapseIsTheFirstUpdateTenPercentBelowTheRunningMax() {
    assertThat(EarlyWarnings.collapse(trueRewards(0, 0.5, 1.0, 0.95, 0.905, 0.895, 0.5)))
        .isEqualTo(5);
    assertThat(EarlyWarnings.collapse(trueRewards(0, 0.5, 1.0, 0.95, 0.905, 0.91))).isEqualTo(-1);
    assertThat(EarlyWarnings.collapse(trueRewards(-1, -0.5, -0.2, -0.1))).isEqualTo(-1);
    // Negative maxima: 10 % of |M| = 0.05 below M = −0.5.
    assertThat(EarlyWarnings.collapse(trueRewards(-1, -0.5, -0.54, -0.56))).isEqualTo(3);
  }

  /**
   * M = 0.02 and the run spans 1.02: 10 % of M would make 0.015 a collapse; the floor, 1 % of the
   * range, asks for a fall below 0.02 − 0.0102, which 0.01 is not and −1 is.
   */
  @Test
  void nearZeroTheFallMustBeOnePercentOfTheRange() {
    assertThat(EarlyWarnings.collapse(trueRewards(0, 0.02, 0.015, 0.01, -1))).isEqualTo(4);
  }

  @Test
  void exploitLogRatioFiresWhenItReachesTheThreshold() {
    List<LabStep> rising = logRatios(0, 0.5, 1.2, 1.99, 2.0, 3);
    assertThat(EarlyWarnings.exploitLogRatio(rising, 2)).isEqualTo(4);
    assertThat(EarlyWarnings.exploitLogRatio(rising, 1)).isEqualTo(2);
    assertThat(EarlyWarnings.exploitLogRatio(logRatios(0, 0.5, 1.2, 1.99, 1.5), 2))
        .isEqualTo(-1);
  }

  /** Entropy falls at 2, rises at 3, 4 and 5: with k = 3 the turn is at 5. */
  @Test
  void entropyTurnNeedsAFallThenKRisesWhileTheProxyClimbs() {
    double[] entropy = {1.0, 0.9, 0.8, 0.85, 0.9, 0.95, 1.0};
    double[] climbing = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
    assertThat(EarlyWarnings.entropyTurn(entropies(entropy, climbing), 3)).isEqualTo(5);
    assertThat(EarlyWarnings.entropyTurn(entropies(entropy, climbing), 1)).isEqualTo(3);
    // The proxy stopped climbing: proxy(5) = proxy(2), proxy(6) < proxy(3).
    double[] flat = {0, 0.1, 0.2, 0.3, 0.3, 0.2, 0.2};
    assertThat(EarlyWarnings.entropyTurn(entropies(entropy, flat), 3)).isEqualTo(-1);
    // Rising from the start: nothing turned.
    assertThat(EarlyWarnings.entropyTurn(entropies(new double[] {0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
        1.1}, climbing), 3)).isEqualTo(-1);
    // Two rises, then a fall: not three in a row.
    assertThat(EarlyWarnings.entropyTurn(entropies(new double[] {1.0, 0.9, 0.8, 0.85, 0.9, 0.89,
        0.88}, climbing), 3)).isEqualTo(-1);
    // Rises within rounding are no rises.
    assertThat(EarlyWarnings.entropyTurn(entropies(new double[] {1.0, 0.9, 0.8, 0.8 + 1e-14,
        0.8 + 2e-14, 0.8 + 3e-14, 0.8 + 4e-14}, climbing), 3)).isEqualTo(-1);
  }

  /**
   * The third action is 7 times likelier at step 1 (log 7 = 1.95 < 2) and would be 9 times at
   * step 2 but has too little mass to count (9e-4 &lt; 1e-3); at step 3 it is 15 times likelier
   * with mass 1.5e-3.
   */
  @Test
  void theLogRatioTailCountsOnlyOutcomesABatchWouldSee() {
    double[] reference = {0.6, 0.3999, 1e-4};
    double[] seven = {0.6, 0.3993, 7e-4};
    double[] rareNine = {0.3, 0.6991, 9e-4};
    double[] fifteen = {0.5, 0.4985, 1.5e-3};
    List<LabStep> steps = policies(reference, seven, rareNine, fifteen);
    assertThat(EarlyWarnings.logRatioTail(steps, reference, 2)).isEqualTo(3);
    assertThat(EarlyWarnings.maxLogRatio(fifteen, reference)).isCloseTo(StrictMath.log(15),
        within(1e-12));
    assertThat(EarlyWarnings.maxLogRatio(rareNine, reference))
        .isCloseTo(StrictMath.log(0.6991 / 0.3999), within(1e-12));
    assertThat(EarlyWarnings.logRatioTail(policies(reference, seven, rareNine), reference, 2))
        .isEqualTo(-1);
  }

  /**
   * Settling on the burning building's ladder (10 % under the reference) is a log-ratio of
   * ln(1/0.0999) = 2.30 nats: over a 2-nat threshold, under the default 3.
   */
  @Test
  void aGoodButUnpopularActionDoesNotTripTheDefaultTail() {
    double[] ladder = {0, 0, 1, 0};
    List<LabStep> steps = policies(BUILDING.reference(), ladder);
    assertThat(EarlyWarnings.maxLogRatio(ladder, BUILDING.reference()))
        .isCloseTo(-StrictMath.log(0.0999), within(1e-12));
    assertThat(EarlyWarnings.logRatioTail(steps, BUILDING.reference(), 2)).isEqualTo(1);
    assertThat(EarlyWarnings.detect(steps, BUILDING).signal(EarlyWarnings.LOG_RATIO_TAIL)
        .firedAt()).isEqualTo(-1);
  }

  /** corr_π(x, y) for π = (1/2, 1/4, 1/4), x = (0, 1, 2), y = (1, 0, 1) is −1/√33. */
  @Test
  void correlationUnderAPolicyIsExact() {
    double[] pi = {0.5, 0.25, 0.25};
    double[] x = {0, 1, 2};
    assertThat(EarlyWarnings.correlation(pi, x, new double[] {1, 0, 1}))
        .isCloseTo(-1 / Math.sqrt(33), within(1e-12));
    assertThat(EarlyWarnings.correlation(pi, x, new double[] {1, 3, 5})).isCloseTo(1,
        within(1e-12));
    assertThat(EarlyWarnings.correlation(pi, x, new double[] {0, -3, -6})).isCloseTo(-1,
        within(1e-12));
    assertThat(EarlyWarnings.correlation(pi, x, new double[] {2, 2, 2})).isNaN();
    assertThat(EarlyWarnings.correlation(new double[] {0, 1, 0}, x, x)).isNaN();
    // The burning building's reference: the proxy looks like a good measure (policy-lab.md, 6A).
    assertThat(EarlyWarnings.correlation(BUILDING.reference(), BUILDING.proxy(),
        BUILDING.truth())).isCloseTo(0.995, within(5e-4));
  }

  /** On the burning building, mass on the exploit turns the correlation negative. */
  @Test
  void correlationFallsWhenItDropsBelowTheThresholdAfterBeingAbove() {
    double[] reference = BUILDING.reference();
    double[] ladder = {0.2, 0.1, 0.7, 0.0};
    double[] exploiting = {0.2, 0.1, 0.5, 0.2};
    double[] proxy = BUILDING.proxy();
    double[] truth = BUILDING.truth();
    assertThat(EarlyWarnings.correlation(ladder, proxy, truth)).isGreaterThan(0.5);
    assertThat(EarlyWarnings.correlation(exploiting, proxy, truth)).isLessThan(0.5);
    assertThat(EarlyWarnings.correlationFall(policies(reference, ladder, exploiting, ladder),
        proxy, truth, 0.5)).isEqualTo(2);
    // Below from the start: never above, so nothing fell.
    assertThat(EarlyWarnings.correlationFall(policies(exploiting, exploiting), proxy, truth,
        0.5)).isEqualTo(-1);
    // A deterministic policy has no correlation; it neither arms nor fires the alarm.
    double[] door = {1, 0, 0, 0};
    assertThat(EarlyWarnings.correlationFall(policies(door, exploiting, reference, exploiting),
        proxy, truth, 0.5)).isEqualTo(3);
  }

  /**
   * The median of 0.01, 0.012, 0.011, 0.01 is 0.0105: 0.05 is more than three times it. Step 2's
   * jump has too little history to be judged, and linear growth stays within twice the median.
   */
  @Test
  void aKlSpikeIsThreeTimesTheRunningMedian() {
    double[] none = {NAN, NAN, NAN, NAN, NAN, NAN};
    assertThat(EarlyWarnings.klSpike(perUpdate(new double[] {0, 0.01, 0.012, 0.011, 0.01, 0.05},
        none), 3)).isEqualTo(5);
    // Between three times the median and three times its neighbours 0.01 and 0.011.
    assertThat(EarlyWarnings.klSpike(perUpdate(new double[] {0, 0.01, 0.012, 0.011, 0.01, 0.032},
        none), 3)).isEqualTo(5);
    assertThat(EarlyWarnings.klSpike(perUpdate(new double[] {0, 0.01, 0.012, 0.011, 0.01, 0.031},
        none), 3)).isEqualTo(-1);
    assertThat(EarlyWarnings.klSpike(perUpdate(new double[] {0, 0.01, 0.5, 0.5, 0.5, 0.5},
        none), 3)).isEqualTo(-1);
    double[] linear = new double[50];
    double[] noClip = new double[50];
    for (int t = 0; t < 50; t++) {
      linear[t] = 0.01 * t;
      noClip[t] = NAN;
    }
    assertThat(EarlyWarnings.klSpike(perUpdate(linear, noClip), 3)).isEqualTo(-1);
  }

  /** Clipping spikes against its median, but never against less than 2 %. */
  @Test
  void aClipSpikeIsThreeTimesTheRunningMedianAndAFloor() {
    double[] kl = {0, 0, 0, 0, 0, 0};
    assertThat(EarlyWarnings.clipSpike(perUpdate(kl, new double[] {NAN, 0.1, 0.1, 0.12, 0.1,
        0.4}), 3)).isEqualTo(5);
    assertThat(EarlyWarnings.clipSpike(perUpdate(kl, new double[] {NAN, 0, 0, 0, 0, 0.05}), 3))
        .isEqualTo(-1);
    assertThat(EarlyWarnings.clipSpike(perUpdate(kl, new double[] {NAN, 0, 0, 0, 0, 0.07}), 3))
        .isEqualTo(5);
    assertThat(EarlyWarnings.clipSpike(perUpdate(kl, new double[] {NAN, NAN, NAN, NAN, NAN,
        NAN}), 3)).isEqualTo(-1);
  }

  /**
   * Unanchored natural policy gradient on the burning building walks the tilt path to the
   * exploit: the true reward peaks at update 15 and collapses at 26. The exploit's log-ratio passes
   * 2 nats at update 8, 18 updates earlier; the other early signals also lead, by 10 to 14; the
   * per-update KL spikes only after the collapse (update 33), and NPG never clips.
   */
  @Test
  void onTheBurningBuildingTheLogRatioWarnsLongBeforeTheCollapse() {
    List<LabStep> run = NaturalPolicyGradient.run(BUILDING,
        new NaturalPolicyGradient.Config(0.5, 0, 200));
    EarlyWarnings.Report report = EarlyWarnings.detect(run, BUILDING);
    int peak = 0;
    for (LabStep s : run) {
      peak = s.trueReward() > run.get(peak).trueReward() ? s.step() : peak;
    }
    int collapse = report.collapse();
    assertThat(peak).isEqualTo(15);
    assertThat(collapse).isEqualTo(26);
    assertThat(run.get(200).trueReward()).isLessThan(-0.9); // the building is blown up

    EarlyWarnings.Signal exploit = report.signal(EarlyWarnings.EXPLOIT_LOG_RATIO);
    assertThat(exploit.firedAt()).isEqualTo(8);
    assertThat(exploit.leadTime()).isEqualTo(18.0);
    for (String early : List.of(EarlyWarnings.EXPLOIT_LOG_RATIO, EarlyWarnings.ENTROPY_TURN,
        EarlyWarnings.LOG_RATIO_TAIL, EarlyWarnings.CORRELATION)) {
      EarlyWarnings.Signal s = report.signal(early);
      assertThat(s.contrast()).as(early).isFalse();
      assertThat(s.leadTime()).as(early).isGreaterThanOrEqualTo(5);
    }
    EarlyWarnings.Signal kl = report.signal(EarlyWarnings.KL_SPIKE);
    assertThat(kl.contrast()).isTrue();
    assertThat(kl.firedAt() < 0 || kl.firedAt() >= collapse - 3).as("kl spike at %d",
        kl.firedAt()).isTrue();
    EarlyWarnings.Signal clip = report.signal(EarlyWarnings.CLIP_SPIKE);
    assertThat(clip.fired()).isFalse();
    assertThat(clip.leadTime()).isNaN();
    assertThat(report.signals()).extracting(EarlyWarnings.Signal::name).containsExactly(
        EarlyWarnings.EXPLOIT_LOG_RATIO, EarlyWarnings.ENTROPY_TURN, EarlyWarnings.LOG_RATIO_TAIL,
        EarlyWarnings.CORRELATION, EarlyWarnings.KL_SPIKE, EarlyWarnings.CLIP_SPIKE);
  }

  /**
   * Anchored at β = 0.1 the run settles on the tilt, 1.6 % below the true reward's peak: no
   * collapse, although the exploit's log-ratio (5.1 nats at the end) still raises its alarm, so
   * every lead time is NaN.
   */
  @Test
  void anAnchoredRunRaisesTheAlarmWithoutACollapse() {
    List<LabStep> run = NaturalPolicyGradient.run(BUILDING,
        new NaturalPolicyGradient.Config(0.5, 0.1, 200));
    EarlyWarnings.Report report = EarlyWarnings.detect(run, BUILDING);
    assertThat(report.collapse()).isEqualTo(-1);
    assertThat(report.signal(EarlyWarnings.EXPLOIT_LOG_RATIO).firedAt()).isEqualTo(9);
    assertThat(report.signal(EarlyWarnings.EXPLOIT_LOG_RATIO).leadTime()).isNaN();
  }

  /**
   * On the tiny language model the detectors read text laws: unanchored NPG collapses at update 9
   * and the exploit's log-ratio and the per-text correlation warn at update 3.
   */
  @Test
  void onTheTinyLanguageModelTheDetectorsReadTextLaws() {
    TinyLanguageModel model = new TinyLanguageModel(TinyLanguageModel.DEFAULT_BONUS);
    List<LabStep> run = NaturalPolicyGradient.run(model,
        new NaturalPolicyGradient.Config(0.5, 0, 40)).steps();
    EarlyWarnings.Report report = EarlyWarnings.detect(run, model);
    assertThat(report.collapse()).isEqualTo(9);
    assertThat(report.signal(EarlyWarnings.EXPLOIT_LOG_RATIO).firedAt()).isEqualTo(3);
    assertThat(report.signal(EarlyWarnings.CORRELATION).firedAt()).isEqualTo(3);
  }

  @Test
  void badSettingsAreRejectedNamingTheField() {
    assertField(() -> new EarlyWarnings.Config(0, 3, 2, 0.5, 3, 3, 10), "logRatio");
    assertField(() -> new EarlyWarnings.Config(2, 0, 2, 0.5, 3, 3, 10), "turn");
    assertField(() -> new EarlyWarnings.Config(2, 3, NAN, 0.5, 3, 3, 10), "tail");
    assertField(() -> new EarlyWarnings.Config(2, 3, 2, 1, 3, 3, 10), "correlation");
    assertField(() -> new EarlyWarnings.Config(2, 3, 2, 0.5, 1, 3, 10), "spike");
    assertField(() -> new EarlyWarnings.Config(2, 3, 2, 0.5, 3, 1, 10), "disagreement");
    assertField(() -> new EarlyWarnings.Config(2, 3, 2, 0.5, 3, 3, NAN), "outpace");
    List<LabStep> run = policies(BUILDING.reference());
    assertField(() -> EarlyWarnings.detect(run, BUILDING.reference(), new double[3],
        BUILDING.truth(), EarlyWarnings.Config.defaults()), "proxy");
    assertField(() -> EarlyWarnings.detect(run, new double[2], BUILDING.proxy(),
        BUILDING.truth(), EarlyWarnings.Config.defaults()), "ref");
    assertField(() -> EarlyWarnings.detect(run, BUILDING.reference(), BUILDING.proxy(),
        BUILDING.truth(), new double[2], EarlyWarnings.Config.defaults()), "secondProxy");
  }

  /**
   * Two proxies that agree on outcomes 0 and 1 and disagree by 2 on outcome 2, which the
   * reference never takes: under the reference they disagree by 0, so the floor (1 % of the
   * proxy's range 2, i.e. 0.02) decides, and π(2) = 0.01 reaches it. Proxies that agree
   * everywhere never fire, however far the policy moves.
   */
  @Test
  void proxyDisagreementFiresWhenThePolicyGoesWhereTheProxiesDiffer() {
    double[] reference = {0.5, 0.5, 0};
    double[] proxy = {0, 1, 2};
    double[] second = {0, 1, 0};
    List<LabStep> run = policies(reference, new double[] {0.5, 0.495, 0.005},
        new double[] {0.5, 0.49, 0.01}, new double[] {0.3, 0.3, 0.4});
    assertThat(EarlyWarnings.disagreement(run.get(3).pi(), reference, proxy, second))
        .isCloseTo(0.8, within(1e-12));
    assertThat(EarlyWarnings.disagreementRise(run, reference, proxy, second, 3)).isEqualTo(2);
    assertThat(EarlyWarnings.disagreementRise(run, reference, proxy, proxy, 3)).isEqualTo(-1);
    // Centring: a second proxy shifted by a constant agrees with the first.
    double[] shifted = {5, 6, 7};
    assertThat(EarlyWarnings.disagreementRise(run, reference, proxy, shifted, 3)).isEqualTo(-1);
    // Under a reference where they already disagree by 0.19, 3 times that (0.57) is needed.
    double[] wide = {0.45, 0.5, 0.05};
    assertThat(EarlyWarnings.disagreementRise(run, wide, proxy, second, 3)).isEqualTo(3);
    EarlyWarnings.Report report = EarlyWarnings.detect(run, reference, proxy, proxy, second,
        EarlyWarnings.Config.defaults());
    assertThat(report.signal(EarlyWarnings.PROXY_DISAGREEMENT).firedAt()).isEqualTo(2);
    assertThat(EarlyWarnings.detect(run, reference, proxy, proxy, EarlyWarnings.Config.defaults())
        .signals()).noneMatch(x -> x.name().equals(EarlyWarnings.PROXY_DISAGREEMENT));
  }

  /**
   * The gridworld shortcut without an anchor: the ratio of occupancy χ² to trajectory KL falls
   * while the policy sharpens the demonstrated routes, then doubles from its lowest once the
   * route through the vase grows, at the update the true reward collapses (update 17: not
   * early, but with it). In the teleport variant the cells visited barely change, and it comes
   * 9 updates after the collapse. A run that stays near the reference never fires.
   */
  @Test
  void occupancyOutpacingArrivesWithTheCollapseOnTheShortcut() {
    ShortcutTraining.Run run = ShortcutTraining.run(GridShortcut.vase(),
        new NaturalPolicyGradient.Config(0.05, 0, 60));
    EarlyWarnings.Report report = EarlyWarnings.detect(run, EarlyWarnings.Config.defaults());
    assertThat(report.collapse()).isEqualTo(17);
    assertThat(report.signal(EarlyWarnings.OCCUPANCY_OUTPACING).firedAt()).isEqualTo(17);
    ShortcutPolicy.Measures first = run.measures().get(1);
    assertThat(first.occupancyChiSquared()).isLessThan(first.kl());
    assertThat(report.signals()).extracting(EarlyWarnings.Signal::name).containsExactly(
        EarlyWarnings.EXPLOIT_LOG_RATIO, EarlyWarnings.ENTROPY_TURN,
        EarlyWarnings.OCCUPANCY_OUTPACING, EarlyWarnings.KL_SPIKE);
    EarlyWarnings.Report teleport = EarlyWarnings.detect(ShortcutTraining.run(
        GridShortcut.teleport(), new NaturalPolicyGradient.Config(0.05, 0, 60)),
        EarlyWarnings.Config.defaults());
    assertThat(teleport.signal(EarlyWarnings.OCCUPANCY_OUTPACING).leadTime()).isEqualTo(-9);
    ShortcutTraining.Run calm = ShortcutTraining.run(GridShortcut.vase(),
        new NaturalPolicyGradient.Config(0.05, 5, 20));
    assertThat(EarlyWarnings.occupancyOutpacing(calm, 2)).isEqualTo(-1);
  }

  private static void assertField(Runnable bad, String field) {
    assertThatThrownBy(bad::run).isInstanceOf(ParameterException.class)
        .hasMessageStartingWith(field)
        .satisfies(e -> assertThat(((ParameterException) e).field()).isEqualTo(field));
  }
}
