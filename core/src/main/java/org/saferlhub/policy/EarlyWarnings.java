package org.saferlhub.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;
import org.saferlhub.config.ParameterException;

/**
 * Early warnings of overoptimization, read off a run's trace (one {@link LabStep} per update), and
 * the collapse they are meant to warn of (policy-lab.md, section 6, "Expected early warnings").
 *
 * <p>In plain words: when a policy starts to exploit its proxy, some quantities move long before
 * the true reward falls (the exploit's log-ratio climbs, entropy turns, the largest log-ratio
 * grows, proxy and truth stop agreeing under the policy), and others only move with the fall
 * itself (a spike in how far one update moves, a spike in clipping). Each detector reports the
 * first update at which its signal fires, or −1; the lead time is how many updates before the
 * collapse it came.
 *
 * <p><b>Collapse</b> ({@link #collapse}): the first update t with
 * <pre>
 *   R(t) &lt; M(t) − 0.1 · max(|M(t)|, range / 10),     M(t) = max_{s ≤ t} R(s)
 * </pre>
 * where R is the true reward and {@code range} = max R − min R over the whole trace: the true
 * reward is 10 % below its running maximum, and where that maximum is near 0 (so 10 % of it means
 * nothing) the fall must still be at least 1 % of the range the run spans. It is a label computed
 * after the fact, not an alarm. Lead time = collapse − fired: positive when the alarm came first.
 *
 * <p><b>Signals</b>, each with a setting in {@link Config} (defaults in brackets):
 * <ol>
 *   <li>{@code exploit-log-ratio}: log(π(E)/π_ref(E)) ≥ {@code logRatio} [2 nats: the exploit is
 *       e² ≈ 7.4 times likelier than under the reference, yet, for a 1e-4 exploit, still under
 *       1e-3]. It climbs about linearly in training time (slope ηΔ for NPG).
 *   <li>{@code entropy-turn}: entropy fell at update t − k, then rose at each of the k updates
 *       t − k + 1 … t [k = {@code turn} = 3], while the proxy still climbs: proxy(t) &gt;
 *       proxy(t − k). Changes under {@value #TOLERANCE} nats count as neither rise nor fall.
 *   <li>{@code log-ratio-tail}: the heavy tail of per-sample log-ratios, computed exactly:
 *       max_a log(π(a)/π_ref(a)) over the outcomes with π(a) ≥ {@value #TAIL_MASS} (those a batch
 *       of a thousand samples would show about once; {@link #maxLogRatio}) reaches {@code tail}
 *       [3 nats: only an outcome the reference gave less than e⁻³ ≈ 5 % can get there, so a
 *       policy settling on a good but unpopular action, such as the burning building's ladder
 *       (10 %, at most ln 10 = 2.3 nats), does not raise it]. The batch estimators in LabStep
 *       (k1, k3) are means, not maxima, and NaN in exact runs, so they cannot show a tail.
 *   <li>{@code proxy-true-correlation}: the on-policy correlation of proxy and true reward,
 *       corr_π(proxy, true) ({@link #correlation}), falls below {@code correlation} [0.5] after
 *       having been at or above it. Under the burning building's reference it is 0.995.
 *   <li>{@code proxy-disagreement}: two proxies that should agree stop agreeing under the policy.
 *       With a second proxy p₂ (in the lab: a reward model fitted to compared pairs from the
 *       reference, {@link RewardModel}), each centred under the reference (p̃ = p − E_{π_ref}[p],
 *       since a learned reward is only defined up to a constant), the disagreement
 *       D(π) = E_π|p̃₁ − p̃₂| ({@link #disagreement}) reaches {@code disagreement} [3] times its
 *       value under the reference, and at least {@value #DISAGREEMENT_FLOOR} of the first
 *       proxy's range. The two were fitted, or written, where the reference goes; where the
 *       policy goes next, nothing made them agree.
 *   <li>{@code occupancy-outpacing} (on the gridworld shortcut, {@link #detect(ShortcutTraining.Run,
 *       Config)}): the χ² divergence of the cells visited from the reference's starts growing
 *       faster than the trajectory (action) KL: their ratio χ²/KL, which falls while the policy
 *       only sharpens the routes the reference takes, has risen to {@code outpace} [2] times
 *       its lowest value so far. The policy's moves still look much like the reference's on
 *       average, but they are starting to take it where the reference hardly goes.
 *   <li>{@code kl-spike} and {@code clip-spike}, for contrast: the update's KL(π_old ‖ π_new), or
 *       its clip fraction, exceeds {@code spike} [3] times the median of the earlier updates'
 *       (and at least {@code spike} times {@value #KL_FLOOR} nats, or {@value #CLIP_FLOOR} for the
 *       clip fraction, so that a median of 0 does not make any movement a spike), once at least
 *       {@value #MIN_HISTORY} earlier updates are known. These are expected with the collapse,
 *       not before it. NaN values (no clipping in the algorithm) never fire.
 * </ol>
 *
 * <p>Updates are named by {@link LabStep#step()}; the reference (step 0) is no update and fires
 * no per-update spike. On the {@link TinyLanguageModel} everything is per whole text: π is the
 * law of the 341 texts and the proxy and true rewards are per text ({@link #detect(List,
 * TinyLanguageModel)}).
 */
public final class EarlyWarnings {

  /** Rises and falls of entropy smaller than this (nats) are rounding, not a turn. */
  public static final double TOLERANCE = 1e-12;
  /** The smallest probability an outcome needs to count in the log-ratio tail. */
  public static final double TAIL_MASS = 1e-3;
  /** The per-update KL (nats) below which a median counts as this for a spike. */
  public static final double KL_FLOOR = 1e-6;
  /** The clip fraction below which a median counts as this for a spike. */
  public static final double CLIP_FLOOR = 0.02;
  /** How many earlier updates a spike needs to be measured against. */
  public static final int MIN_HISTORY = 3;
  /** The least disagreement that counts, as a share of the first proxy's range. */
  public static final double DISAGREEMENT_FLOOR = 0.01;

  /** The exploit's log-ratio alarm. */
  public static final String EXPLOIT_LOG_RATIO = "exploit-log-ratio";
  /** Entropy turning from falling to rising while the proxy climbs. */
  public static final String ENTROPY_TURN = "entropy-turn";
  /** The largest log-ratio among outcomes a batch would see. */
  public static final String LOG_RATIO_TAIL = "log-ratio-tail";
  /** The on-policy proxy–true correlation falling. */
  public static final String CORRELATION = "proxy-true-correlation";
  /** Two proxies disagreeing under the policy. */
  public static final String PROXY_DISAGREEMENT = "proxy-disagreement";
  /** The cells visited diverging much faster than the actions (gridworld shortcut). */
  public static final String OCCUPANCY_OUTPACING = "occupancy-outpacing";
  /** A spike in the per-update KL (contrast). */
  public static final String KL_SPIKE = "kl-spike";
  /** A spike in the clip fraction (contrast). */
  public static final String CLIP_SPIKE = "clip-spike";

  /**
   * The detectors' thresholds.
   *
   * @param logRatio the exploit's log-ratio that raises the alarm, nats, more than 0
   * @param turn k, how many consecutive rises of entropy make a turn, 1 to 100
   * @param tail the largest log-ratio (over outcomes with π ≥ 1e-3) that raises the alarm, nats,
   *     more than 0
   * @param correlation the on-policy proxy–true correlation below which the alarm rises, more
   *     than −1 and less than 1
   * @param spike how many times the running median makes a spike, more than 1
   * @param disagreement how many times its value under the reference the proxies'
   *     disagreement must reach, more than 1
   * @param outpace how many times its lowest value the ratio of occupancy χ² to trajectory KL
   *     must reach, more than 1
   */
  public record Config(double logRatio, int turn, double tail, double correlation,
      double spike, double disagreement, double outpace) {

    /** Checks the ranges, naming the field. */
    public Config {
      if (!(logRatio > 0) || Double.isInfinite(logRatio)) {
        throw new ParameterException("logRatio", "logRatio must be more than 0, was " + logRatio);
      }
      if (turn < 1 || turn > 100) {
        throw new ParameterException("turn", "turn must be from 1 to 100, was " + turn);
      }
      if (!(tail > 0) || Double.isInfinite(tail)) {
        throw new ParameterException("tail", "tail must be more than 0, was " + tail);
      }
      if (!(correlation > -1 && correlation < 1)) {
        throw new ParameterException("correlation", "correlation must be more than -1 and less "
            + "than 1, was " + correlation);
      }
      if (!(spike > 1) || Double.isInfinite(spike)) {
        throw new ParameterException("spike", "spike must be more than 1, was " + spike);
      }
      if (!(disagreement > 1) || Double.isInfinite(disagreement)) {
        throw new ParameterException("disagreement", "disagreement must be more than 1, was "
            + disagreement);
      }
      if (!(outpace > 1) || Double.isInfinite(outpace)) {
        throw new ParameterException("outpace", "outpace must be more than 1, was " + outpace);
      }
    }

    /** 2 nats, 3 rises, 3 nats, 0.5, 3 times, 3 times, 2 times (the class comment says why). */
    public static Config defaults() {
      return new Config(2, 3, 3, 0.5, 3, 3, 2);
    }
  }

  /**
   * One signal's verdict on a run.
   *
   * @param name the signal's name ({@link #EXPLOIT_LOG_RATIO} …)
   * @param firedAt the update at which it first fired, or −1
   * @param leadTime collapse − firedAt, in updates (positive: the alarm came first); NaN unless
   *     both happened
   * @param contrast whether the signal is expected with the collapse rather than before it
   * @param description what it measures, in plain words
   */
  public record Signal(String name, int firedAt, double leadTime, boolean contrast,
      String description) {

    /** Whether it fired at all. */
    public boolean fired() {
      return firedAt >= 0;
    }
  }

  /**
   * Every signal's verdict on a run.
   *
   * @param collapse the update at which the true reward collapsed ({@link #collapse}), or −1
   * @param signals one per signal, early ones first, then the contrast ones
   */
  public record Report(int collapse, List<Signal> signals) {

    /** Copies the list. */
    public Report {
      signals = List.copyOf(signals);
    }

    /** The signal with this name. */
    public Signal signal(String name) {
      for (Signal s : signals) {
        if (s.name().equals(name)) {
          return s;
        }
      }
      throw new IllegalArgumentException("no signal named '" + name + "'");
    }
  }

  private EarlyWarnings() {}

  /** Every signal on a bandit run, with the default thresholds. */
  public static Report detect(List<LabStep> steps, Bandit bandit) {
    return detect(steps, bandit, null);
  }

  /**
   * Every signal on a bandit run, with the default thresholds; with {@code secondProxy} (one
   * reward per action) also the proxies' disagreement.
   */
  public static Report detect(List<LabStep> steps, Bandit bandit, double @Nullable [] secondProxy) {
    return detect(steps, bandit.reference(), bandit.proxy(), bandit.truth(), secondProxy,
        Config.defaults());
  }

  /** Every signal on a run on the tiny language model (per whole text), default thresholds. */
  public static Report detect(List<LabStep> steps, TinyLanguageModel model) {
    return detect(steps, model, null);
  }

  /**
   * Every signal on a run on the tiny language model (per whole text), default thresholds; with
   * {@code secondProxy} (one reward per text, in {@link TinyLanguageModel#texts()} order) also the
   * proxies' disagreement.
   */
  public static Report detect(List<LabStep> steps, TinyLanguageModel model,
      double @Nullable [] secondProxy) {
    List<String> texts = model.texts();
    double[] proxy = new double[texts.size()];
    double[] truth = new double[texts.size()];
    for (int y = 0; y < proxy.length; y++) {
      proxy[y] = model.proxyReward(texts.get(y));
      truth[y] = model.trueReward(texts.get(y));
    }
    return detect(steps, new TokenPolicy(model).referenceLaw(), proxy, truth, secondProxy,
        Config.defaults());
  }

  /**
   * The signals that apply on the gridworld shortcut, where a step's {@code pi} is the occupancy
   * of cells, not a law of outcomes: the exploit's log-ratio, the entropy turn, the occupancy
   * outpacing the action KL, and the per-update KL spike for contrast.
   */
  public static Report detect(ShortcutTraining.Run run, Config config) {
    List<LabStep> steps = run.steps();
    int collapse = collapse(steps);
    List<Signal> signals = new ArrayList<>();
    signals.add(exploitSignal(steps, config, collapse));
    signals.add(entropySignal(steps, config, collapse));
    signals.add(signal(OCCUPANCY_OUTPACING, occupancyOutpacing(run, config.outpace()), collapse,
        false, "the cells visited started to diverge from the reference's faster than the "
            + "moves did: chi-squared over KL rose to " + config.outpace() + " times its lowest"));
    signals.add(klSpikeSignal(steps, config, collapse));
    return new Report(collapse, signals);
  }

  /**
   * Every signal on a run.
   *
   * @param steps the run, one step per update (the reference, step 0, first)
   * @param reference π_ref, indexed like {@link LabStep#pi()}
   * @param proxyOf the proxy reward of each action or text, indexed like {@link LabStep#pi()}
   * @param trueOf the true reward of each, indexed likewise
   * @throws ParameterException naming {@code ref}, {@code proxy} or {@code true} when its length
   *     is not that of the steps' π
   */
  public static Report detect(List<LabStep> steps, double[] reference, double[] proxyOf,
      double[] trueOf, Config config) {
    return detect(steps, reference, proxyOf, trueOf, null, config);
  }

  /**
   * Every signal on a run; with {@code secondProxy}, also the proxies' disagreement.
   *
   * @throws ParameterException naming {@code ref}, {@code proxy}, {@code true} or {@code
   *     secondProxy} when its length is not that of the steps' π
   */
  public static Report detect(List<LabStep> steps, double[] reference, double[] proxyOf,
      double[] trueOf, double @Nullable [] secondProxy, Config config) {
    if (!steps.isEmpty()) {
      int k = steps.get(0).pi().length;
      sameLength("ref", reference, k);
      sameLength("proxy", proxyOf, k);
      sameLength("true", trueOf, k);
      if (secondProxy != null) {
        sameLength("secondProxy", secondProxy, k);
      }
    }
    int collapse = collapse(steps);
    List<Signal> signals = new ArrayList<>();
    signals.add(exploitSignal(steps, config, collapse));
    signals.add(entropySignal(steps, config, collapse));
    signals.add(signal(LOG_RATIO_TAIL, logRatioTail(steps, reference, config.tail()), collapse,
        false, "some outcome a batch would see (probability at least " + TAIL_MASS
            + ") became e^" + config.tail() + " times likelier than under the reference"));
    signals.add(signal(CORRELATION, correlationFall(steps, proxyOf, trueOf,
        config.correlation()), collapse, false, "under the policy, proxy and true reward "
            + "stopped agreeing (correlation below " + config.correlation() + ")"));
    if (secondProxy != null) {
      signals.add(signal(PROXY_DISAGREEMENT, disagreementRise(steps, reference, proxyOf,
          secondProxy, config.disagreement()), collapse, false, "under the policy, two proxies "
              + "disagreed " + config.disagreement() + " times as much as under the reference"));
    }
    signals.add(klSpikeSignal(steps, config, collapse));
    signals.add(signal(CLIP_SPIKE, clipSpike(steps, config.spike()), collapse, true,
        "one update clipped " + config.spike() + " times more samples than usual"));
    return new Report(collapse, signals);
  }

  private static Signal exploitSignal(List<LabStep> steps, Config config, int collapse) {
    return signal(EXPLOIT_LOG_RATIO, exploitLogRatio(steps, config.logRatio()), collapse,
        false, "the exploit's log-ratio to the reference reached " + config.logRatio()
            + " nats: it became e^" + config.logRatio() + " times likelier than under the "
            + "reference");
  }

  private static Signal entropySignal(List<LabStep> steps, Config config, int collapse) {
    return signal(ENTROPY_TURN, entropyTurn(steps, config.turn()), collapse, false,
        "entropy stopped falling and rose for " + config.turn() + " updates while the proxy "
            + "still climbed");
  }

  private static Signal klSpikeSignal(List<LabStep> steps, Config config, int collapse) {
    return signal(KL_SPIKE, klSpike(steps, config.spike()), collapse, true,
        "one update moved the policy " + config.spike() + " times further than usual");
  }

  /**
   * The first update at which the true reward is 10 % below its running maximum (see the class
   * comment), or −1.
   */
  public static int collapse(List<LabStep> steps) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (LabStep s : steps) {
      min = Math.min(min, s.trueReward());
      max = Math.max(max, s.trueReward());
    }
    double floor = (max - min) / 10;
    double runningMax = Double.NEGATIVE_INFINITY;
    for (LabStep s : steps) {
      runningMax = Math.max(runningMax, s.trueReward()); // M(t) = max_{s ≤ t} R(s)
      // R(t) < M(t) − 0.1 · max(|M(t)|, range / 10)
      if (s.trueReward() < runningMax - 0.1 * Math.max(Math.abs(runningMax), floor)) {
        return s.step();
      }
    }
    return -1;
  }

  /** The first update with log(π(E)/π_ref(E)) ≥ {@code threshold}, or −1. */
  public static int exploitLogRatio(List<LabStep> steps, double threshold) {
    for (LabStep s : steps) {
      if (s.logRatioExploit() >= threshold) {
        return s.step();
      }
    }
    return -1;
  }

  /**
   * The first update t at which entropy, having fallen at t − k, has risen at each of the k
   * updates since, while proxy(t) &gt; proxy(t − k); or −1.
   */
  public static int entropyTurn(List<LabStep> steps, int k) {
    for (int t = k + 1; t < steps.size(); t++) {
      boolean turned = change(steps, t - k) < -TOLERANCE; // it fell at t − k
      for (int j = t - k + 1; j <= t && turned; j++) {
        turned = change(steps, j) > TOLERANCE; // and rose at each update since
      }
      if (turned && steps.get(t).proxyReward() > steps.get(t - k).proxyReward()) {
        return steps.get(t).step();
      }
    }
    return -1;
  }

  /** The first update with {@link #maxLogRatio} ≥ {@code threshold}, or −1. */
  public static int logRatioTail(List<LabStep> steps, double[] reference, double threshold) {
    for (LabStep s : steps) {
      if (maxLogRatio(s.pi(), reference) >= threshold) {
        return s.step();
      }
    }
    return -1;
  }

  /**
   * The first update at which corr_π(proxy, true) is below {@code threshold} after an earlier
   * step's was at or above it, or −1. Steps where the correlation is undefined (NaN) are skipped.
   */
  public static int correlationFall(List<LabStep> steps, double[] proxyOf, double[] trueOf,
      double threshold) {
    boolean wasAbove = false;
    for (LabStep s : steps) {
      double c = correlation(s.pi(), proxyOf, trueOf);
      if (wasAbove && c < threshold) {
        return s.step();
      }
      wasAbove |= c >= threshold;
    }
    return -1;
  }

  /**
   * The first update at which {@link #disagreement} reaches {@code factor} times its value under
   * the reference and at least {@value #DISAGREEMENT_FLOOR} of the first proxy's range, or −1.
   */
  public static int disagreementRise(List<LabStep> steps, double[] reference, double[] proxy,
      double[] second, double factor) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double x : proxy) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    double atReference = disagreement(reference, reference, proxy, second);
    double threshold = Math.max(factor * atReference, DISAGREEMENT_FLOOR * (max - min));
    for (LabStep s : steps) {
      if (disagreement(s.pi(), reference, proxy, second) >= threshold) {
        return s.step();
      }
    }
    return -1;
  }

  /**
   * The proxies' on-policy disagreement, each centred under the reference:
   * <pre>
   *   D(π) = E_π |p̃₁ − p̃₂|,   p̃ = p − E_{π_ref}[p]
   * </pre>
   */
  public static double disagreement(double[] pi, double[] reference, double[] proxy,
      double[] second) {
    double mean1 = 0;
    double mean2 = 0;
    for (int a = 0; a < reference.length; a++) {
      mean1 += reference[a] * proxy[a];
      mean2 += reference[a] * second[a];
    }
    double d = 0;
    for (int a = 0; a < pi.length; a++) {
      d += pi[a] * Math.abs((proxy[a] - mean1) - (second[a] - mean2));
    }
    return d;
  }

  /**
   * The first update at which the ratio of the occupancy χ² to the trajectory KL (both from the
   * reference) reaches {@code factor} times its lowest value at earlier updates, or −1. Updates
   * whose KL is below {@value #KL_FLOOR} nats (the reference itself) are skipped.
   */
  public static int occupancyOutpacing(ShortcutTraining.Run run, double factor) {
    double lowest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < run.steps().size(); i++) {
      ShortcutPolicy.Measures m = run.measures().get(i);
      if (m.kl() < KL_FLOOR) {
        continue;
      }
      double ratio = m.occupancyChiSquared() / m.kl(); // χ²(d^π ‖ d^ref) / KL(π ‖ π_ref)
      if (ratio >= factor * lowest) {
        return run.steps().get(i).step();
      }
      lowest = Math.min(lowest, ratio);
    }
    return -1;
  }

  /** The first update whose KL(π_old ‖ π_new) is a spike (see the class comment), or −1. */
  public static int klSpike(List<LabStep> steps, double factor) {
    double[] kl = new double[steps.size()];
    for (int i = 0; i < kl.length; i++) {
      kl[i] = steps.get(i).klOldNew();
    }
    return spike(steps, kl, factor, KL_FLOOR);
  }

  /** The first update whose clip fraction is a spike (see the class comment), or −1. */
  public static int clipSpike(List<LabStep> steps, double factor) {
    double[] clip = new double[steps.size()];
    for (int i = 0; i < clip.length; i++) {
      clip[i] = steps.get(i).clipFraction();
    }
    return spike(steps, clip, factor, CLIP_FLOOR);
  }

  /**
   * The on-policy correlation of x and y:
   * <pre>
   *   corr_π(x, y) = Cov_π(x, y) / √(Var_π(x) Var_π(y))
   * </pre>
   * NaN when either has no variance under π.
   */
  public static double correlation(double[] pi, double[] x, double[] y) {
    double meanX = 0;
    double meanY = 0;
    for (int a = 0; a < pi.length; a++) {
      meanX += pi[a] * x[a];
      meanY += pi[a] * y[a];
    }
    double cov = 0;
    double varX = 0;
    double varY = 0;
    for (int a = 0; a < pi.length; a++) {
      double dx = x[a] - meanX;
      double dy = y[a] - meanY;
      cov += pi[a] * dx * dy;
      varX += pi[a] * dx * dx;
      varY += pi[a] * dy * dy;
    }
    if (!(varX > 0 && varY > 0)) {
      return Double.NaN;
    }
    return cov / Math.sqrt(varX * varY);
  }

  /**
   * max_a log(π(a)/π_ref(a)) over the outcomes with π(a) ≥ {@value #TAIL_MASS}: the largest
   * log-ratio a batch of about a thousand samples would show.
   */
  public static double maxLogRatio(double[] pi, double[] reference) {
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < pi.length; a++) {
      if (pi[a] >= TAIL_MASS) {
        max = Math.max(max, StrictMath.log(pi[a]) - StrictMath.log(reference[a]));
      }
    }
    return max;
  }

  /** x(t) − x(t − 1) of the entropy, by position in the list. */
  private static double change(List<LabStep> steps, int i) {
    return steps.get(i).entropy() - steps.get(i - 1).entropy();
  }

  /**
   * The first step (after the first entry, the reference) whose value exceeds factor ·
   * max(median of the earlier updates' finite values, floor), once {@value #MIN_HISTORY} are
   * known; or −1. The running median keeps two heaps: the lower half (largest on top) and the
   * upper half.
   */
  private static int spike(List<LabStep> steps, double[] x, double factor, double floor) {
    PriorityQueue<Double> lower = new PriorityQueue<>(Collections.reverseOrder());
    PriorityQueue<Double> upper = new PriorityQueue<>();
    for (int i = 1; i < x.length; i++) {
      if (Double.isNaN(x[i])) {
        continue;
      }
      if (lower.size() + upper.size() >= MIN_HISTORY) {
        double median = lower.size() > upper.size() ? lower.peek()
            : (lower.peek() + upper.peek()) / 2;
        if (x[i] > factor * Math.max(median, floor)) {
          return steps.get(i).step();
        }
      }
      lower.add(x[i]);
      upper.add(lower.poll()); // the largest of the lower half moves up
      if (upper.size() > lower.size()) {
        lower.add(upper.poll()); // the lower half keeps the extra one
      }
    }
    return -1;
  }

  private static Signal signal(String name, int firedAt, int collapse, boolean contrast,
      String description) {
    double lead = firedAt >= 0 && collapse >= 0 ? collapse - firedAt : Double.NaN;
    return new Signal(name, firedAt, lead, contrast, description);
  }

  private static void sameLength(String field, double[] values, int k) {
    if (values.length != k) {
      throw new ParameterException(field, field + " must have one entry per outcome (" + k
          + "), had " + values.length);
    }
  }
}
