package org.saferlhub.app.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.saferlhub.Rl;
import org.saferlhub.app.run.FamilyView;
import org.saferlhub.app.run.FamilyViews;
import org.saferlhub.app.run.RunReports;
import org.saferlhub.config.ParameterException;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.TrainingListener;
import org.saferlhub.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code saferlhub train}: trains an agent exactly as the lesson page does, through the same run
 * pipeline and the same report ({@link RunReports}) for every environment.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train an agent; same options and seed as the page, same result.",
        "Example: saferlhub train --env blackjack --rules sab --agent q-learning "
            + "--episodes 500000 --alpha 0.01 --gamma 1 --epsilon 0.1 --seed 7",
        "GridWorld: saferlhub train --env gridworld:cliff --agent sarsa --episodes 500 --seed 1 "
            + "--json (or --env gridworld --map FILE)"})
public final class TrainCommand implements Callable<Integer> {

  @Mixin
  RunOptions run = new RunOptions();

  @Option(names = "--json", description = "Print one JSON object (the short report) instead of a summary.")
  boolean json;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Also save the whole report (config, curve, Q table, policy…: what the web API answers) as JSON to this file.")
  Path out;

  @Option(names = "--plot", paramLabel = "FILE",
      description = "Write the learning curve to this .png or .svg file.")
  Path plot;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nPolicy lab (--env burning-building, bandit or tiny-lm):%n")
  LabOptions lab;

  @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nGoal misgeneralization (--env "
      + "cheese-corner, coin-at-end or keys-and-chests; also --agent ppo|a2c|table, --steps N, "
      + "--view allocentric|egocentric, --seed, --out FILE for the network):%n")
  GoalOptions goal;

  /** The level families' own options. */
  static final class GoalOptions {

    @Option(names = "--p", description = "The share of training levels whose goal is moved, in "
        + "[0, 1] (default: ${DEFAULT-VALUE}).")
    double p;

    @Option(names = "--test-levels", description = "Levels played to measure training success "
        + "and the test split, 1 to 5,000 (default: ${DEFAULT-VALUE}).")
    int testLevels = 500;
  }

  /**
   * The policy lab's options; --beta is the anchor's weight, --baseline REINFORCE's and --lambda
   * actor-critic's GAE λ there.
   */
  static final class LabOptions {

    @Option(names = "--steps", description = "Updates (default: ${DEFAULT-VALUE}).")
    int steps = 200;

    @Option(names = "--lr", description = "Learning rate η (default: ${DEFAULT-VALUE}).")
    double lr = 0.5;

    @Option(names = "--kl", description = "Where the KL anchor goes: none, reward (k1 in the reward) "
        + "or loss (k3 in the loss) (default: ${DEFAULT-VALUE}).")
    String kl = "none";

    @Option(names = "--batch", description = "Samples per update (default: ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = "--epochs", description = "PPO's gradient steps per batch (default: ${DEFAULT-VALUE}).")
    int epochs = 4;

    @Option(names = "--clip", description = "PPO's ε (default: ${DEFAULT-VALUE}).")
    double clip = 0.2;

    @Option(names = "--exact", description = "REINFORCE with expected gradients instead of batches.")
    boolean exact;

    @Option(names = "--n", description = "best-of-n's n (default: ${DEFAULT-VALUE}).")
    long n = 64;

    @Option(names = "--delta", description = "TRPO's trust region δ, in nats (default: ${DEFAULT-VALUE}).")
    double delta = 0.01;

    @Option(names = "--critic-lr", description = "Actor-critic's critic learning rate (default: ${DEFAULT-VALUE}).")
    double criticLr = 0.1;

    @Option(names = "--kl-target", description = "ppo with --kl reward: Ziegler's controller holds "
        + "the KL to the reference at this many nats; ppo-kl: the KL per update its β aims at "
        + "(default: none; ppo-kl 0.01).")
    double klTarget;

    @Option(names = "--kl-penalty", description = "ppo-kl: the initial weight of its KL(π_old ‖ π) "
        + "penalty (default: ${DEFAULT-VALUE}).")
    double penalty = 1;

    @Option(names = "--bonus", description = "--env tiny-lm: the proxy's bonus per \"!\" (default: ${DEFAULT-VALUE}).")
    double bonus = org.saferlhub.policy.TinyLanguageModel.DEFAULT_BONUS;

    @Option(names = "--sparse", description = "--env tiny-lm: pay the bonus only to \"!!!!\".")
    boolean sparse;

    @Option(names = "--ref", paramLabel = "P,P,…", split = ",", description = "--env bandit: the reference policy.")
    java.util.List<Double> ref;

    @Option(names = "--proxy", paramLabel = "R,R,…", split = ",", description = "--env bandit: the proxy reward.")
    java.util.List<Double> proxy;

    @Option(names = "--true", paramLabel = "R,R,…", split = ",", description = "--env bandit: the true reward.")
    java.util.List<Double> truth;

    @Option(names = "--bandit", paramLabel = "FILE",
        description = "--env bandit from a JSON file: {\"ref\": [...], \"proxy\": [...], \"true\": [...]}.")
    Path banditFile;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write every update's metrics, one row each.")
    Path csv;
  }

  @Override
  public Integer call() {
    if (org.saferlhub.app.goal.GoalTraining.isLevelEnv(run.env)) {
      return goal(goal == null ? new GoalOptions() : goal);
    }
    if (goal != null) {
      throw new ParameterException("p", "--p and --test-levels go with cheese-corner, "
          + "coin-at-end and keys-and-chests");
    }
    if (org.saferlhub.app.lab.LabRuns.isLabEnv(run.env)) {
      return lab(lab == null ? new LabOptions() : lab);
    }
    if (lab != null) {
      throw new ParameterException("steps", "--steps, --lr, --kl, --batch, --epochs, --clip, "
          + "--exact, --n, --delta, --critic-lr, --kl-target, --kl-penalty, --bonus, --sparse, --ref, --proxy, --true, "
          + "--bandit and --csv go with the policy lab (--env burning-building, bandit or tiny-lm)");
    }
    if (out != null) {
      UserFiles.checkOutput("--out", out);
    }
    if (plot != null) {
      Plots.check(plot);
    }
    RunConfig config = run.toConfig();
    if (plot != null && run.gridworld()) {
      throw new ParameterException("plot", "--plot draws Blackjack runs only; for a grid world "
          + "use --json (returns and lengths of every episode)");
    }
    FamilyView.Collector family = FamilyViews.of(config.env()).collect(config);
    TrainingResult result;
    try (CtrlC ctrlC = CtrlC.listen();
        ProgressBar bar = quiet || json ? null : new ProgressBarBuilder()
        .setTaskName("Training").setInitialMax(config.episodes()).setUnit(" ep", 1)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).showSpeed().build()) {
      TrainingListener listener = family.alsoTo(p -> {
        if (bar != null) {
          bar.stepTo(p.episode());
        }
      });
      result = Rl.train(config, listener, ctrlC::pressed, java.time.Duration.ofDays(365));
    }

    Map<String, Object> summary = RunReports.summary(result, family);
    if (run.map != null) {
      summary.put("mapFile", run.map.toString());
    }
    if (out != null) {
      UserFiles.writeText("--out", out, Cli.json(RunReports.full(result, family, true)) + "\n");
    }
    if (plot != null) {
      Plots.learningCurve(result, family.optimum(), plot);
    }
    if (json) {
      System.out.println(Cli.json(summary));
    } else {
      printSummary(summary, family);
    }
    return 0;
  }

  private static void printSummary(Map<String, Object> s, FamilyView.Collector family) {
    Object rules = s.get("rules");
    System.out.printf(Locale.ROOT, "%s on %s%s, %,d episodes, seed %d: %.2f s, %,d episodes/s%n",
        s.get("agent"), s.get("env"), rules == null ? "" : " (" + rules + " rules)",
        ((Number) s.get("episodes")).longValue(), ((Number) s.get("seed")).longValue(),
        ((Number) s.get("elapsedSeconds")).doubleValue(),
        ((Number) s.get("episodesPerSecond")).longValue());
    Object mean = s.get("meanReturn");
    System.out.printf(Locale.ROOT, "  mean return, last 10%% of training: %s%n",
        mean == null ? "n/a (stopped early)"
            : String.format(Locale.ROOT, "%+.4f", ((Number) mean).doubleValue()));
    Object performance = s.get("meanPerformance");
    if (performance != null) {
      System.out.printf(Locale.ROOT, "  mean performance (hidden from the agent): %+.4f%n",
          ((Number) performance).doubleValue());
    }
    family.print(s, System.out);
  }

  /**
   * A goal-misgeneralization run: PPO (or A2C, or the tabular arm) on a level family's training
   * levels, then training success and the test split over fresh levels.
   */
  private int goal(GoalOptions o) {
    if (lab != null && (lab.lr != 0.5 || lab.kl.equals("none") == false || lab.batch != 64
        || lab.epochs != 4 || lab.clip != 0.2 || lab.exact || lab.csv != null)) {
      throw new ParameterException("steps", "of the policy lab's options only --steps goes with "
          + run.env.trim() + "; the network's settings are documented in docs/cli.md");
    }
    if (plot != null) {
      throw new ParameterException("plot", "--plot draws Blackjack and policy-lab runs; for "
          + run.env.trim() + " use --json (the curve) or experiment diversity --plot");
    }
    if (out != null) {
      UserFiles.checkOutput("--out", out);
    }
    String agent = run.agent.equals("q-learning") ? "ppo" : run.agent;
    org.saferlhub.env.procgen.View view;
    try {
      view = org.saferlhub.env.procgen.View.of(run.world.view == null ? "egocentric"
          : run.world.view);
    } catch (IllegalArgumentException bad) {
      throw new ParameterException("view", "--view must be allocentric or egocentric for "
          + run.env.trim() + ", was '" + run.world.view + "'");
    }
    long steps = lab == null ? 300_000 : lab.steps;
    var settings = new org.saferlhub.app.goal.GoalTraining.Settings(run.env, agent, o.p, view,
        steps, run.seed, o.testLevels);
    org.saferlhub.app.goal.GoalTraining.Outcome outcome;
    try (CtrlC ctrlC = CtrlC.listen();
        ProgressBar bar = quiet || json || agent.equals("table") ? null : new ProgressBarBuilder()
            .setTaskName("Training").setInitialMax(steps).setUnit(" steps", 1)
            .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).showSpeed().build()) {
      outcome = org.saferlhub.app.goal.GoalTraining.run(settings, u -> {
        if (bar != null) {
          bar.stepTo(u.steps());
        }
        return !ctrlC.pressed();
      });
    }
    Map<String, Object> summary = org.saferlhub.app.goal.GoalTraining.summary(outcome);
    if (out != null) {
      Map<String, Object> file = org.saferlhub.app.goal.PolicyFile.content(outcome);
      UserFiles.writeText("--out", out, Cli.json(file) + "\n");
      summary.put("out", out.toString());
    }
    if (json) {
      summary.put("curve", org.saferlhub.app.goal.GoalTraining.curve(outcome));
      System.out.println(Cli.json(summary));
      return 0;
    }
    System.out.printf(Locale.ROOT, "%s on %s (p = %s, %s view), %,d steps, seed %d: %.1f s%n",
        agent, settings.env(), o.p, view.id(), steps, run.seed, outcome.seconds());
    System.out.printf(Locale.ROOT, "  training success: %.1f %% of %d fresh training levels%n",
        100 * outcome.train().share(0), o.testLevels);
    System.out.printf(Locale.ROOT, "  test levels (%d):", o.testLevels);
    for (int i = 0; i < outcome.test().outcomes().size(); i++) {
      System.out.printf(Locale.ROOT, "%s %s %.1f %%", i == 0 ? "" : ",",
          outcome.test().outcomes().get(i), 100 * outcome.test().share(i));
    }
    System.out.println();
    if (out != null) {
      System.out.println("  network saved to " + out + " (format: docs/policy-file.md)");
    }
    return 0;
  }

  /** A policy-lab run: the final policy, the exact optimum at its β, every update's metrics. */
  private int lab(LabOptions o) {
    if (o.csv != null) {
      UserFiles.checkOutput("--csv", o.csv);
    }
    if (plot != null) {
      Plots.check(plot);
    }
    if (run.agent.equals("q-learning")) {
      throw new ParameterException("agent", "the policy lab's agents are "
          + String.join(", ", org.saferlhub.app.lab.LabRuns.AGENTS) + ": give --agent");
    }
    boolean tiny = run.env.trim().equalsIgnoreCase("tiny-lm");
    boolean grid = run.env.trim().equalsIgnoreCase("grid-shortcut");
    if ((tiny || grid) && (o.ref != null || o.proxy != null || o.truth != null
        || o.banditFile != null)) {
      throw new ParameterException("ref", "--ref, --proxy, --true and --bandit go with --env "
          + "bandit");
    }
    double beta = run.world.beta == null ? 0 : run.world.beta;
    String baseline = run.world.baseline == null ? "mean" : run.world.baseline;
    org.saferlhub.app.lab.LabRuns.Settings settings = new org.saferlhub.app.lab.LabRuns.Settings(
        run.agent, o.steps, o.lr, beta, o.kl, o.batch, o.epochs, o.clip, baseline, o.exact, o.n,
        o.delta, run.seed, o.criticLr, run.lambda, o.klTarget, o.penalty);
    Map<String, Object> m = grid
        ? org.saferlhub.app.lab.LabRuns.runShortcut(run.world.variant == null ? "vase"
            : run.world.variant, settings)
        : tiny ? org.saferlhub.app.lab.LabRuns.runTinyLm(
            new org.saferlhub.policy.TinyLanguageModel(o.bonus, o.sparse), o.bonus, settings)
        : org.saferlhub.app.lab.LabRuns.run(TiltCommand.bandit(run.env, o.ref, o.proxy,
            o.truth, o.banditFile), settings);
    java.util.List<String> actions = tiny || grid ? java.util.List.of()
        : TiltCommand.bandit(run.env, o.ref, o.proxy, o.truth, o.banditFile).actions();
    @SuppressWarnings("unchecked")
    java.util.List<Map<String, Object>> history = (java.util.List<Map<String, Object>>) m.get(
        "history");
    if (o.csv != null && history != null) {
      java.util.List<String> keys = new java.util.ArrayList<>(java.util.List.of("step",
          "proxyReward", "trueReward", "kl", "k1", "k2", "k3", "piExploit", "logRatioExploit",
          "entropy", "klOldNew", "klNewOld", "exploitBound", "clipFraction", "maxRatioDeviation"));
      StringBuilder csv = new StringBuilder(String.join(",", keys));
      actions.forEach(a -> csv.append(",pi_").append(a));
      csv.append('\n');
      for (Map<String, Object> row : history) {
        for (int i = 0; i < keys.size(); i++) {
          Object v = row.get(keys.get(i));
          csv.append(i == 0 ? "" : ",").append(v == null ? "" : v.toString());
        }
        if (!actions.isEmpty() && row.get("pi") instanceof double[] pi) {
          for (double p : pi) {
            csv.append(',').append(p);
          }
        }
        csv.append('\n');
      }
      UserFiles.writeText("--csv", o.csv, csv);
    }
    if (plot != null) {
      if (history == null) {
        throw new ParameterException("plot", "--plot draws a run's updates; best-of-n has none");
      }
      Plots.labRun(m.get("agent") + " on " + m.get("env") + ": rewards, π(" + m.get("exploit")
          + ") and KL over updates", history, (Map<?, ?>) m.get("exactOptimum"), plot);
    }
    if (json) {
      System.out.println(Cli.json(m));
      return 0;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> last = m.containsKey("final") ? (Map<String, Object>) m.get("final") : m;
    System.out.printf(Locale.ROOT, "%s on %s: π(%s) = %.4g, proxy %.4f, true %.4f, KL %.4f nats%n",
        m.get("agent"), m.get("env"), m.get("exploit"), ((Number) last.get("piExploit"))
            .doubleValue(), ((Number) last.get("proxyReward")).doubleValue(),
        ((Number) last.get("trueReward")).doubleValue(), ((Number) last.get("kl")).doubleValue());
    if (m.get("exactOptimum") instanceof Map<?, ?> target) {
      System.out.printf(Locale.ROOT, "  exact optimum at β = %s: π(%s) = %.4g, true %.4f, KL %.4f%n",
          m.get("beta"), m.get("exploit"), ((Number) target.get("piExploit")).doubleValue(),
          ((Number) target.get("trueReward")).doubleValue(),
          ((Number) target.get("kl")).doubleValue());
    }
    return 0;
  }
}
