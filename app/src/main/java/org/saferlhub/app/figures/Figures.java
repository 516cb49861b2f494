package org.saferlhub.app.figures;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.lab.KlSweep;
import org.saferlhub.app.lab.PathExperiments;
import org.saferlhub.app.lab.Preferences;
import org.saferlhub.app.lab.Warnings;
import org.saferlhub.policy.Bandit;
import org.saferlhub.policy.RewardModel;
import org.saferlhub.policy.TinyLanguageModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures of the answer page ({@code /kl-answer}), drawn from the project's own runs: each
 * is computed by the code its CLI command runs, drawn by {@link LabPlots} as that command draws
 * it, and served as SVG at {@code /figures/<name>.svg} (and written there by {@code export-site}).
 *
 * <p>Every experiment is seeded, so a figure is the same picture each time. The server computes
 * each one once, on its first request, and keeps the bytes: {@link #svg} runs at most one
 * computation per figure for the life of the process, and one figure at a time, so a burst of
 * requests costs one core for a few seconds once.
 */
public final class Figures {

  private static final Logger LOG = LoggerFactory.getLogger(Figures.class);

  /** The problem every figure is drawn on: the burning building, with the CLI's defaults. */
  private static final double BONUS = TinyLanguageModel.DEFAULT_BONUS;

  /** Seeds and updates of the sweep behind the first two figures. */
  private static final int SWEEP_SEEDS = 5;
  private static final int SWEEP_STEPS = 200;

  /** Updates, NPG's step size and TRPO's trust region of the trust-region figure (CLI defaults). */
  private static final int TRUST_STEPS = 300;
  private static final double TRUST_LR = 0.05;
  private static final double TRUST_DELTA = 0.002;

  /** Seeds and updates of the early-warning figure. */
  private static final int WARNING_SEEDS = 5;
  private static final int WARNING_STEPS = 200;

  /** Seeds of the preferences figure (the CLI's defaults otherwise). */
  private static final int PREFERENCE_SEEDS = 5;

  /** One figure at a time computes, whichever request asked for it. */
  private static final Object COMPUTING = new Object();

  /**
   * What a figure is drawn from: an experiment, computed fresh by {@link #compute()} or once for
   * the process by {@link #get()}. Two figures of one experiment share it.
   *
   * @param <D> the experiment's answer
   */
  public static final class Source<D> {
    private final Supplier<D> experiment;
    private final Once<D> once;

    Source(Supplier<D> experiment) {
      this.experiment = experiment;
      this.once = new Once<>(experiment);
    }

    /** Runs the experiment now. */
    public D compute() {
      return experiment.get();
    }

    /** The experiment's answer, computed on the first call only. */
    public D get() {
      return once.get();
    }
  }

  /**
   * One figure.
   *
   * @param name its name: it is served at {@code /figures/<name>.svg}
   * @param alt what it shows, in words, for the page's {@code alt} text
   * @param args the CLI arguments that draw the same picture ({@link #command()})
   * @param source the experiment it is drawn from, by the code that command runs
   * @param draw draws it from the experiment's answer and the command
   * @param <D> the experiment's answer
   */
  public record Figure<D>(String name, String alt, List<String> args, Source<D> source,
      BiFunction<D, String, Plot> draw) {

    /** Copies the arguments. */
    public Figure {
      args = List.copyOf(args);
    }

    /** The command that reproduces it: {@code saferlhub experiment …}. */
    public String command() {
      return "saferlhub " + String.join(" ", args);
    }

    /** Its address on the site: {@code /figures/<name>.svg}. */
    public String path() {
      return "/figures/" + name + ".svg";
    }

    /** Computes the experiment afresh and draws it, as SVG. */
    public byte[] render() {
      return draw.apply(source.compute(), command()).svg();
    }

    private byte[] renderShared() {
      return draw.apply(source.get(), command()).svg();
    }
  }

  private static final Source<KlSweep.Result> SWEEP = new Source<>(() -> KlSweep.sweep(
      Bandit.burningBuilding(), BONUS, KlSweep.DEFAULT_AGENTS, KlSweep.DEFAULT_BETAS, 1,
      SWEEP_SEEDS, SWEEP_STEPS));

  private static final List<String> SWEEP_ARGS = List.of("experiment", "kl-sweep", "--env",
      "burning-building", "--agents", String.join(",", KlSweep.DEFAULT_AGENTS), "--seeds",
      Integer.toString(SWEEP_SEEDS), "--steps", Integer.toString(SWEEP_STEPS), "--out",
      "kl-sweep", "--svg");

  private static final List<Figure<?>> ALL = List.of(
      new Figure<>("kl-sweep-true-vs-sqrt-kl",
          "True reward against the square root of the KL divergence from the base model, "
              + "for every run of NPG, TRPO, PPO, GRPO and DPO on the burning building at "
              + "twelve values of β, with a fitted curve per algorithm and the exact optimum as "
              + "a dashed curve. The NPG and TRPO runs sit on the exact optimum's curve, which "
              + "rises to about 0.8 and then falls to −1 as √KL grows to 3; the PPO, GRPO and "
              + "DPO runs stay between 0.7 and 0.9, at √KL below 1.5.",
          SWEEP_ARGS, SWEEP, (sweep, command) -> LabPlots.rewardAgainstSqrtKl(command, sweep)),
      new Figure<>("kl-sweep-exploit-vs-beta",
          "Log–log plot of the probability of the exploit against β for the same runs, mean "
              + "over seeds. The exact optimum, NPG and TRPO climb from about 10⁻⁴ at β = 1 to "
              + "above 0.9 at β = 0.04 and below; PPO, GRPO and DPO stay near or below the base "
              + "model's 10⁻⁴ at every β.",
          SWEEP_ARGS, SWEEP, (sweep, command) -> LabPlots.exploitAgainstBeta(command, sweep)),
      new Figure<>("preferences",
          "True reward against the number of compared pairs, from 30 to 10,000 on a log "
              + "scale, mean over five seeds at β = 0.1 on the burning building. DPO stays near "
              + "0.79 and RLHF with PPO between 0.81 and 0.87, both keeping the explosion near "
              + "the base model's one in 10,000; RLHF's exact optimum follows its reward model "
              + "and falls to 0.77 at 10,000 pairs, where one seed's reward model overrates the "
              + "explosion; the dashed line is the exact optimum of the real proxy, 0.80.",
          List.of("experiment", "preferences", "--env", "burning-building", "--seeds",
              Integer.toString(PREFERENCE_SEEDS), "--out", "preferences", "--svg"),
          new Source<>(() -> Preferences.json(Bandit.burningBuilding(), Preferences.DEFAULT_PAIRS,
              0.1, 1, PREFERENCE_SEEDS, 200, RewardModel.DEFAULT_LAMBDA)),
          (m, command) -> LabPlots.preferences(command, m)),
      new Figure<>("trust-region",
          "Log–log plot, against the update number T, of the β whose exact optimum is as "
              + "far from the base model as unanchored NPG and TRPO are after T updates. NPG's "
              + "points lie on the dashed line 1/(ηT) with η = 0.05, falling from 20 to about "
              + "0.07 by update 300; TRPO's fall faster and stop near 0.014 once the exploit is "
              + "certain, after about 80 updates.",
          List.of("experiment", "trust-region", "--env", "burning-building", "--steps",
              Integer.toString(TRUST_STEPS), "--beta-plot", "trust-region.svg"),
          new Source<>(() -> PathExperiments.trustRegion(Bandit.burningBuilding(), BONUS,
              TRUST_STEPS, TRUST_LR, TRUST_DELTA)),
          (m, command) -> LabPlots.trustRegion(command, m)),
      new Figure<>("best-of-n",
          "True reward against KL from the base model for exact best-of-n, n from 1 to "
              + "65,536, and for the exact optimum at the same KL. Best-of-n climbs to 0.89 "
              + "near 2.3 nats, where the optimum has already fallen to about 0.37; both end at "
              + "−1 near 9.2 nats.",
          List.of("experiment", "best-of-n", "--env", "burning-building", "--plot",
              "best-of-n.svg"),
          new Source<>(() -> PathExperiments.bestOfN(Bandit.burningBuilding(), BONUS,
              PathExperiments.defaultNs())),
          (m, command) -> LabPlots.bestOfN(command, m)),
      new Figure<>("warnings",
          "Horizontal bars, one per early-warning signal, as long as its median lead over "
              + "the collapse in five runs of unanchored NPG on the burning building: the "
              + "exploit's log-ratio 18 updates, the log-ratio tail and the proxy–true "
              + "correlation 14, the entropy turn 10, the disagreement between the proxy and a "
              + "reward model 1 (in 3 of 5 runs); the two contrast signals, the KL spike and the "
              + "clip spike, never fired before the collapse and have no bar.",
          List.of("experiment", "warnings", "--env", "burning-building", "--agent", "npg",
              "--seeds", Integer.toString(WARNING_SEEDS), "--steps",
              Integer.toString(WARNING_STEPS), "--out", "warnings", "--svg"),
          new Source<>(() -> Warnings.run(Bandit.burningBuilding(), BONUS, "npg", 0, 1,
              WARNING_SEEDS, WARNING_STEPS)),
          (m, command) -> LabPlots.warningLeads(command, m)));

  private static final java.util.Map<String, Once<byte[]>> SVGS = svgs();

  private Figures() {}

  /** Every figure, in the order the page shows them. */
  public static List<Figure<?>> all() {
    return ALL;
  }

  /** The figure called {@code name}, if there is one. */
  public static Optional<Figure<?>> named(@Nullable String name) {
    return ALL.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /**
   * The SVG of the figure called {@code name}, computed on the first call for it and kept for the
   * life of the process; empty for an unknown name (which computes nothing).
   */
  public static Optional<byte[]> svg(@Nullable String name) {
    Once<byte[]> once = name == null ? null : SVGS.get(name);
    return once == null ? Optional.empty() : Optional.of(once.get());
  }

  /** Computes every figure not yet computed, one after another (the server's warm-up). */
  public static void computeAll() {
    for (Figure<?> f : ALL) {
      svg(f.name());
    }
  }

  private static java.util.Map<String, Once<byte[]>> svgs() {
    java.util.Map<String, Once<byte[]>> out = new java.util.LinkedHashMap<>();
    for (Figure<?> f : ALL) {
      out.put(f.name(), new Once<>(() -> {
        synchronized (COMPUTING) {
          long started = System.nanoTime();
          byte[] svg = f.renderShared();
          LOG.info("figure {}: computed and drawn in {} ms ({} bytes)", f.name(),
              (System.nanoTime() - started) / 1_000_000, svg.length);
          return svg;
        }
      }));
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * A value computed on the first {@link #get()} and kept; concurrent first calls wait for the
   * one computation. A computation that throws keeps nothing, so a later call tries again.
   */
  static final class Once<T> implements Supplier<T> {
    private final Supplier<T> compute;
    private volatile @Nullable T value;

    Once(Supplier<T> compute) {
      this.compute = compute;
    }

    @Override
    public T get() {
      T v = value;
      if (v != null) {
        return v;
      }
      synchronized (this) {
        v = value;
        if (v == null) {
          v = compute.get();
          value = v;
        }
        return v;
      }
    }
  }
}
