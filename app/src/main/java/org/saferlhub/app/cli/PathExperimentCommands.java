package org.saferlhub.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.saferlhub.app.figures.LabPlots;
import org.saferlhub.app.lab.PathExperiments;
import org.saferlhub.config.ParameterException;
import org.saferlhub.policy.Bandit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The policy lab's experiments against the exact optimum's path (issue 14). */
final class PathExperimentCommands {

  private PathExperimentCommands() {}

  /**
   * {@code saferlhub experiment trust-region}: NPG and TRPO with no anchor, each update matched
   * with the optimum at the same KL.
   */
  @Command(name = "trust-region", mixinStandardHelpOptions = true,
      description = {"A trust region sets speed, not destination: natural policy gradient and TRPO "
          + "with no anchor, each update beside the exact optimum at the same KL (policy lab).",
          "Example: saferlhub experiment trust-region --env burning-building --steps 300"})
  static final class TrustRegion implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    LabProblemOptions problem = new LabProblemOptions();

    @Option(names = "--steps", description = "Updates, 1 to 2,000 (default: ${DEFAULT-VALUE}).")
    int steps = 300;

    @Option(names = "--lr", description = "NPG's step size η (default: ${DEFAULT-VALUE}).")
    double lr = 0.05;

    @Option(names = "--delta", description = "TRPO's trust region δ, nats (default: ${DEFAULT-VALUE}).")
    double delta = 0.002;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one row per agent and update.")
    @Nullable Path csv;

    @Option(names = "--plot", paramLabel = "FILE", description = "Draw π(exploit) and true reward against KL (.png or .svg).")
    @Nullable Path plot;

    @Option(names = "--beta-plot", paramLabel = "FILE", description = "Draw, per update, the β "
        + "of the optimum at the same KL beside 1/(ηT) (.png or .svg).")
    @Nullable Path betaPlot;

    @Override
    public Integer call() {
      Bandit bandit = problem.bandit();
      if (steps < 1 || steps > 2_000) {
        throw new ParameterException("steps", "--steps must be from 1 to 2,000, was " + steps);
      }
      if (csv != null) {
        UserFiles.checkOutput("--csv", csv);
      }
      if (plot != null) {
        Plots.check(plot);
      }
      if (betaPlot != null) {
        Plots.check(betaPlot, "--beta-plot");
      }
      Map<String, Object> m = PathExperiments.trustRegion(bandit, problem.bonus, steps, lr, delta);
      String command = "saferlhub " + String.join(" ",
          spec.commandLine().getParseResult().originalArgs());
      @SuppressWarnings("unchecked")
      Map<String, List<Map<String, Object>>> agents =
          (Map<String, List<Map<String, Object>>>) m.get("agents");
      if (csv != null) {
        StringBuilder out = new StringBuilder("# " + command + "\n");
        out.append("agent,step,kl,pi_exploit,proxy_reward,true_reward,beta_on_path,kl_from_path\n");
        agents.forEach((agent, rows) -> rows.forEach(r -> out.append(agent).append(',')
            .append(r.get("step")).append(',').append(r.get("kl")).append(',')
            .append(r.get("piExploit")).append(',').append(r.get("proxyReward")).append(',')
            .append(r.get("trueReward")).append(',').append(blank(r.get("betaOnPath")))
            .append(',').append(blank(r.get("klFromPath"))).append('\n')));
        UserFiles.writeText("--csv", csv, out);
      }
      if (plot != null) {
        XYChart chart = new XYChartBuilder().width(900).height(560)
            .title("No anchor: NPG and TRPO walk the optimum's path, " + problem.id(bandit))
            .xAxisTitle("KL(π ‖ π_ref), nats      [" + command + "]")
            .yAxisTitle("true reward, π(exploit)").build();
        chart.getStyler().setMarkerSize(0);
        agents.forEach((agent, rows) -> {
          double[] x = new double[rows.size()];
          double[] t = new double[rows.size()];
          double[] e = new double[rows.size()];
          for (int i = 0; i < x.length; i++) {
            x[i] = ((Number) rows.get(i).get("kl")).doubleValue();
            t[i] = ((Number) rows.get(i).get("trueReward")).doubleValue();
            e[i] = ((Number) rows.get(i).get("piExploit")).doubleValue();
          }
          chart.addSeries(agent + ": true reward", x, t)
              .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
          chart.addSeries(agent + ": π(exploit)", x, e)
              .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        });
        Plots.save(chart, plot);
      }
      if (betaPlot != null) {
        Plots.save(LabPlots.trustRegion(command, m), betaPlot);
      }
      if (json) {
        System.out.println(Cli.json(m));
        return 0;
      }
      System.out.printf(Locale.ROOT, "%s, no anchor: each update beside the optimum at the same "
          + "KL%n", problem.id(bandit));
      System.out.printf(Locale.ROOT, "  %-5s %6s  %10s  %12s  %10s  %12s  %12s%n", "agent", "update",
          "KL", "π(exploit)", "true", "β on path", "KL from it");
      agents.forEach((agent, rows) -> {
        for (int i = 0; i < rows.size(); i += Math.max(1, rows.size() / 10)) {
          Map<String, Object> r = rows.get(i);
          System.out.printf(Locale.ROOT, "  %-5s %6s  %10.4f  %12.4g  %10.4f  %12s  %12s%n", agent,
              r.get("step"), r.get("kl"), r.get("piExploit"), r.get("trueReward"),
              shortNumber(r.get("betaOnPath")), shortNumber(r.get("klFromPath")));
        }
      });
      return 0;
    }
  }

  /** {@code saferlhub experiment best-of-n}: exact best-of-n beside the optimum at equal KL. */
  @Command(name = "best-of-n", mixinStandardHelpOptions = true,
      description = {"Exact best-of-n for each n, beside the KL-regularised optimum at the same KL "
          + "(policy lab).",
          "Example: saferlhub experiment best-of-n --env burning-building --n 1,2,4,16,64,256,4096"})
  static final class BestOfN implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    LabProblemOptions problem = new LabProblemOptions();

    @Option(names = "--n", split = ",", paramLabel = "N,N,…",
        description = "The n values, 1 to 2^40 (default: powers of 2 from 1 to 65,536).")
    List<Long> ns = PathExperiments.defaultNs();

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one row per n.")
    @Nullable Path csv;

    @Option(names = "--plot", paramLabel = "FILE", description = "Draw true reward against KL "
        + "for best-of-n and for the optimum at the same KL (.png or .svg).")
    @Nullable Path plot;

    @Override
    public Integer call() {
      Bandit bandit = problem.bandit();
      if (ns.isEmpty() || ns.size() > 64) {
        throw new ParameterException("n", "--n must list 1 to 64 values, had " + ns.size());
      }
      if (csv != null) {
        UserFiles.checkOutput("--csv", csv);
      }
      if (plot != null) {
        Plots.check(plot);
      }
      Map<String, Object> m = PathExperiments.bestOfN(bandit, problem.bonus, ns);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> rows = (List<Map<String, Object>>) m.get("rows");
      String command = "saferlhub " + String.join(" ",
          spec.commandLine().getParseResult().originalArgs());
      if (plot != null) {
        Plots.save(LabPlots.bestOfN(command, m), plot);
      }
      if (csv != null) {
        StringBuilder out = new StringBuilder("# " + command + "\n");
        out.append("n,kl,kl_bound,pi_exploit,proxy_reward,true_reward,optimum_beta,"
            + "optimum_pi_exploit,optimum_true_reward\n");
        for (Map<String, Object> r : rows) {
          @SuppressWarnings("unchecked")
          Map<String, Object> o = (Map<String, Object>) r.get("optimumAtSameKl");
          out.append(r.get("n")).append(',').append(r.get("kl")).append(',')
              .append(r.get("klBound")).append(',').append(r.get("piExploit")).append(',')
              .append(r.get("proxyReward")).append(',').append(r.get("trueReward")).append(',')
              .append(o == null ? "" : o.get("beta")).append(',')
              .append(o == null ? "" : o.get("piExploit")).append(',')
              .append(o == null ? "" : o.get("trueReward")).append('\n');
        }
        UserFiles.writeText("--csv", csv, out);
      }
      if (json) {
        System.out.println(Cli.json(m));
        return 0;
      }
      System.out.printf(Locale.ROOT, "%s: exact best-of-n beside the optimum at the same KL%n",
          problem.id(bandit));
      System.out.printf(Locale.ROOT, "  %8s  %8s  %8s  %12s  %8s   | %8s  %12s  %8s%n", "n", "KL",
          "bound", "π(exploit)", "true", "β", "π(exploit)", "true");
      for (Map<String, Object> r : rows) {
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) r.get("optimumAtSameKl");
        System.out.printf(Locale.ROOT, "  %8s  %8.4f  %8.4f  %12.4g  %8.4f   | %8s  %12s  %8s%n",
            r.get("n"), r.get("kl"), r.get("klBound"), r.get("piExploit"), r.get("trueReward"),
            o == null ? "–" : shortNumber(o.get("beta")),
            o == null ? "–" : shortNumber(o.get("piExploit")),
            o == null ? "–" : shortNumber(o.get("trueReward")));
      }
      return 0;
    }
  }

  /** {@code saferlhub experiment warnings}: the early-warning detectors on every run. */
  @Command(name = "warnings", mixinStandardHelpOptions = true,
      description = {"Early warnings: one agent over seeds; per signal, how often it fired before "
          + "true reward fell 10 % below its running maximum, and the median lead in updates "
          + "(policy lab).",
          "Example: saferlhub experiment warnings --env burning-building --agent npg --seeds 5",
          "On --env grid-shortcut (exact natural policy gradient, one run) the occupancy signal "
              + "replaces the per-outcome ones."})
  static final class Warnings implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    LabProblemOptions problem = new LabProblemOptions();

    @Option(names = "--agent", description = "npg (default), trpo, reinforce, actor-critic, ppo, grpo or dpo.")
    String agent = "npg";

    @Option(names = "--beta", description = "The anchor's weight; 0 (default) is no anchor.")
    double beta;

    @Option(names = "--seeds", description = "Runs, 1 to 100 (default: ${DEFAULT-VALUE}).")
    int seeds = 5;

    @Option(names = "--seed", description = "The first seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--steps", description = "Updates per run, 1 to 2,000 (default: ${DEFAULT-VALUE}).")
    int steps = 200;

    @Option(names = "--variant", description = "--env grid-shortcut: vase (default) or teleport.")
    String variant = "vase";

    @Option(names = "--lr", description = "--env grid-shortcut: NPG's step size η (default: "
        + "${DEFAULT-VALUE}).")
    double lr = 0.05;

    @Option(names = "--out", paramLabel = "DIR", description = "Write summary.csv, runs.csv and "
        + "lead-times.png (.svg with --svg) here.")
    @Nullable Path out;

    @Option(names = "--svg", description = "Draw the plot as SVG instead of PNG.")
    boolean svg;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      boolean grid = problem.env.trim().equalsIgnoreCase("grid-shortcut");
      Bandit bandit = grid ? null : problem.bandit();
      String id = org.saferlhub.app.lab.KlSweep.agents(List.of(agent)).get(0);
      if (grid && !id.equals("npg")) {
        throw new ParameterException("agent", "--env grid-shortcut runs --agent npg, was '"
            + id + "'");
      }
      if (grid && !(lr > 0 && lr <= 100)) {
        throw new ParameterException("lr", "--lr must be more than 0 and at most 100, was " + lr);
      }
      if (seeds < 1 || seeds > 100) {
        throw new ParameterException("seeds", "--seeds must be from 1 to 100, was " + seeds);
      }
      if (steps < 1 || steps > 2_000) {
        throw new ParameterException("steps", "--steps must be from 1 to 2,000, was " + steps);
      }
      if (out != null) {
        UserFiles.checkOutputDirectory("--out", out);
      }
      Map<String, Object> m = grid
          ? org.saferlhub.app.lab.Warnings.runShortcut(variant, lr, beta, steps)
          : org.saferlhub.app.lab.Warnings.run(bandit, problem.bonus, id, beta, seed, seeds,
              steps);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> summary = (List<Map<String, Object>>) m.get("summary");
      if (out != null) {
        String made = "saferlhub " + String.join(" ",
            spec.commandLine().getParseResult().originalArgs());
        String command = "# " + made + "\n";
        StringBuilder sum = new StringBuilder(command);
        sum.append("signal,contrast,fired,runs_with_collapse,fired_before_collapse,median_lead\n");
        for (Map<String, Object> r : summary) {
          sum.append(r.get("signal")).append(',').append(r.get("contrast")).append(',')
              .append(r.get("fired")).append(',').append(r.get("runsWithCollapse")).append(',')
              .append(r.get("firedBeforeCollapse")).append(',').append(blank(r.get("medianLead")))
              .append('\n');
        }
        UserFiles.writeText("--out", out.resolve("summary.csv"), sum);
        StringBuilder runs = new StringBuilder(command);
        runs.append("seed,collapse,signal,fired_at,lead_time\n");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> all = (List<Map<String, Object>>) m.get("runs");
        for (Map<String, Object> run : all) {
          @SuppressWarnings("unchecked")
          List<Map<String, Object>> signals = (List<Map<String, Object>>) run.get("signals");
          for (Map<String, Object> sig : signals) {
            runs.append(run.get("seed")).append(',').append(blank(run.get("collapse"))).append(',')
                .append(sig.get("signal")).append(',').append(blank(sig.get("firedAt")))
                .append(',').append(blank(sig.get("leadTime"))).append('\n');
          }
        }
        UserFiles.writeText("--out", out.resolve("runs.csv"), runs);
        Plots.save(LabPlots.warningLeads(made, m), out.resolve("lead-times" + (svg ? ".svg"
            : ".png")));
      }
      if (json) {
        System.out.println(Cli.json(m));
        return 0;
      }
      System.out.printf(Locale.ROOT, "%s, %s, β = %s, %s of %d updates%n",
          grid ? "grid-shortcut (" + variant + ")" : problem.id(bandit), id, beta,
          grid ? "one exact run" : seeds + " seeds", steps);
      System.out.printf(Locale.ROOT, "  %-24s %8s  %18s  %12s%n", "signal", "fired",
          "before collapse", "median lead");
      for (Map<String, Object> r : summary) {
        System.out.printf(Locale.ROOT, "  %-24s %8s  %18s  %12s%n", r.get("signal")
            + (Boolean.TRUE.equals(r.get("contrast")) ? " (contrast)" : ""), r.get("fired"),
            r.get("firedBeforeCollapse") + " of " + r.get("runsWithCollapse"),
            shortNumber(r.get("medianLead")));
      }
      return 0;
    }
  }

  private static String blank(@Nullable Object x) {
    return x == null ? "" : x.toString();
  }

  private static String shortNumber(@Nullable Object x) {
    return x instanceof Number n ? String.format(Locale.ROOT, "%.4g", n.doubleValue()) : "–";
  }
}
