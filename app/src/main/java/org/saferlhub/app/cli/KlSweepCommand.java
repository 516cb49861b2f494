package org.saferlhub.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.figures.LabPlots;
import org.saferlhub.app.lab.KlSweep;
import org.saferlhub.app.lab.LabTilts;
import org.saferlhub.config.ParameterException;
import org.saferlhub.policy.Bandit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saferlhub experiment kl-sweep}: every agent at every β over seeds, from the base model
 * (policy lab, issue 14), on all cores; the final proxy and true reward, KL and π(exploit) of each
 * run beside the exact optimum at the same β, as CSV, JSON and two plots.
 */
@Command(name = "kl-sweep", mixinStandardHelpOptions = true,
    description = {"Every agent at every β over seeds, from the base model: final proxy and true "
        + "reward, KL to the base model and π(exploit), beside the exact optimum (policy lab).",
        "Example: saferlhub experiment kl-sweep --env burning-building --agents npg,trpo,ppo,grpo,dpo "
            + "--seeds 5 --out sweep"})
public final class KlSweepCommand implements Callable<Integer> {

  /** Most seeds per cell. */
  static final int MAX_SEEDS = 20;
  /** Most β values. */
  static final int MAX_BETAS = 50;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin
  LabProblemOptions problem = new LabProblemOptions();

  @Option(names = "--agents", split = ",", paramLabel = "A,A,…",
      description = "Agents: npg, trpo, reinforce, actor-critic, ppo, grpo, dpo (default: npg,trpo,ppo,grpo,dpo).")
  List<String> agents = new ArrayList<>(KlSweep.DEFAULT_AGENTS);

  @Option(names = "--betas", split = ",", paramLabel = "B,B,…",
      description = "The anchor's weights (default: 12 values from 1 to 0.02).")
  List<Double> betas = new ArrayList<>(KlSweep.DEFAULT_BETAS);

  @Option(names = "--seeds", description = "Seeds per agent and β, 1 to " + MAX_SEEDS + " (default: ${DEFAULT-VALUE}).")
  int seeds = 5;

  @Option(names = "--seed", description = "The first seed (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--steps", description = "Updates per run, 1 to 2,000 (default: ${DEFAULT-VALUE}).")
  int steps = 200;

  @Option(names = "--threads", description = "Runs at once (default: one per core).")
  @Nullable Integer threads;

  @Option(names = "--out", paramLabel = "DIR", description = "Write runs.csv, exact.csv, "
      + "reward-vs-sqrt-kl.png and exploit-vs-beta.png (.svg with --svg) here.")
  @Nullable Path out;

  @Option(names = "--svg", description = "Draw the plots as SVG instead of PNG.")
  boolean svg;

  @Option(names = "--json", description = "Print {\"rows\": [...], \"exact\": [...]}.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Bandit bandit = problem.bandit();
    double bonus = problem.bonus;
    List<String> chosen = KlSweep.agents(agents);
    LabTilts.checkBetas(betas, MAX_BETAS);
    if (seeds < 1 || seeds > MAX_SEEDS) {
      throw new ParameterException("seeds", "--seeds must be from 1 to " + MAX_SEEDS + ", was "
          + seeds);
    }
    if (steps < 1 || steps > 2_000) {
      throw new ParameterException("steps", "--steps must be from 1 to 2,000, was " + steps);
    }
    if (seed < 0 || seed > Long.MAX_VALUE / 4) {
      throw new ParameterException("seed", "--seed must be 0 or more, was " + seed);
    }
    int cores = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (cores < 1 || cores > 64) {
      throw new ParameterException("threads", "--threads must be from 1 to 64, was " + cores);
    }
    if (out != null) {
      UserFiles.checkOutputDirectory("--out", out);
    }
    String command = "saferlhub " + String.join(" ",
        spec.commandLine().getParseResult().originalArgs());
    List<KlSweep.Row> rows = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(cores);
    long started = System.nanoTime();
    try (CtrlC ctrlC = CtrlC.listen();
        ProgressBar bar = json ? null : new ProgressBarBuilder().setTaskName("Runs")
            .setInitialMax((long) chosen.size() * betas.size() * seeds)
            .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).build()) {
      List<Future<KlSweep.Row>> cells = new ArrayList<>();
      for (KlSweep.Cell c : KlSweep.cells(chosen, betas, seed, seeds)) {
        cells.add(pool.submit(() -> {
          if (ctrlC.pressed()) {
            return null;
          }
          KlSweep.Row row = KlSweep.run(bandit, bonus, c.agent(), c.beta(), c.seed(), steps);
          if (bar != null) {
            bar.step();
          }
          return row;
        }));
      }
      for (Future<KlSweep.Row> cell : cells) {
        KlSweep.Row row = cell.get();
        if (row == null) {
          System.err.println("Stopped: Ctrl-C.");
          return 130;
        }
        rows.add(row);
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ParameterException bad) {
        throw bad;
      }
      throw e;
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    KlSweep.Result result = KlSweep.result(bandit, bonus, betas, rows);
    List<KlSweep.Exact> exact = result.exact();
    String envId = problem.id(bandit);
    double referenceTrue = result.referenceTrue();
    var fits = result.fits();
    if (out != null) {
      write(out, command, result);
    }
    if (json) {
      System.out.println(Cli.json(KlSweep.json(envId, rows, exact, fits, referenceTrue)));
      return 0;
    }
    System.out.printf(Locale.ROOT, "%s: %d runs (%d agents × %d β × %d seeds) in %.1f s on %d "
        + "threads%n", envId, rows.size(), chosen.size(), betas.size(), seeds, seconds, cores);
    System.out.printf(Locale.ROOT, "  %-13s %8s  %12s  %12s  %10s  (mean over seeds)%n", "agent",
        "β", "π(exploit)", "true", "KL (nats)");
    for (String agent : chosen) {
      for (int b = 0; b < betas.size(); b++) {
        double pi = 0;
        double t = 0;
        double kl = 0;
        for (KlSweep.Row r : rows) {
          if (r.agent().equals(agent) && r.beta() == betas.get(b)) {
            pi += r.piExploit() / seeds;
            t += r.trueReward() / seeds;
            kl += r.kl() / seeds;
          }
        }
        System.out.printf(Locale.ROOT, "  %-13s %8.4g  %12.4g  %12.4f  %10.4f%n", agent,
            betas.get(b), pi, t, kl);
      }
    }
    for (KlSweep.Exact e : exact) {
      System.out.printf(Locale.ROOT, "  %-13s %8.4g  %12.4g  %12.4f  %10.4f%n", "exact", e.beta(),
          e.piExploit(), e.trueReward(), e.kl());
    }
    System.out.println("  Gao et al.'s forms, true reward gained against d = √KL: best-of-n d(α − βd), "
        + "RL d(α − β log d)");
    fits.forEach((agent, list) -> {
      for (org.saferlhub.policy.OveroptimizationFit.Fit f : list) {
        System.out.printf(Locale.ROOT, "  %-13s %-10s α %8.4f  β %8.4f  R² %7.4f  (%d runs)%n",
            agent, f.form() == org.saferlhub.policy.OveroptimizationFit.Form.RL ? "RL" : "best-of-n",
            f.alpha(), f.beta(), f.rSquared(), f.points());
      }
    });
    if (out != null) {
      System.out.println("Wrote " + out.resolve("runs.csv") + ", exact.csv, fits.csv and the plots.");
    }
    return 0;
  }

  private void write(Path dir, String command, KlSweep.Result result) {
    StringBuilder csv = new StringBuilder("# " + command + "\n");
    csv.append("agent,beta,seed,proxy_reward,true_reward,kl,pi_exploit\n");
    for (KlSweep.Row r : result.rows()) {
      csv.append(r.agent()).append(',').append(r.beta()).append(',').append(r.seed()).append(',')
          .append(r.proxyReward()).append(',').append(r.trueReward()).append(',').append(r.kl())
          .append(',').append(r.piExploit()).append('\n');
    }
    UserFiles.writeText("--out", dir.resolve("runs.csv"), csv);
    StringBuilder ex = new StringBuilder("# " + command + "\n");
    ex.append("beta,pi_exploit,proxy_reward,true_reward,kl\n");
    for (KlSweep.Exact e : result.exact()) {
      ex.append(e.beta()).append(',').append(e.piExploit()).append(',').append(e.proxyReward())
          .append(',').append(e.trueReward()).append(',').append(e.kl()).append('\n');
    }
    UserFiles.writeText("--out", dir.resolve("exact.csv"), ex);
    StringBuilder fitCsv = new StringBuilder("# " + command + "\n");
    fitCsv.append("agent,form,alpha,beta,r_squared,points\n");
    result.fits().forEach((agent, list) -> list.forEach(f -> fitCsv.append(agent).append(',')
        .append(f.form() == org.saferlhub.policy.OveroptimizationFit.Form.RL ? "rl" : "best-of-n")
        .append(',').append(f.alpha()).append(',').append(f.beta()).append(',')
        .append(f.rSquared()).append(',').append(f.points()).append('\n')));
    UserFiles.writeText("--out", dir.resolve("fits.csv"), fitCsv);
    String ext = svg ? ".svg" : ".png";
    Plots.save(LabPlots.rewardAgainstSqrtKl(command, result),
        dir.resolve("reward-vs-sqrt-kl" + ext));
    Plots.save(LabPlots.exploitAgainstBeta(command, result), dir.resolve("exploit-vs-beta" + ext));
  }
}
