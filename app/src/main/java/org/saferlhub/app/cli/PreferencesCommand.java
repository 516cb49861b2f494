package org.saferlhub.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.figures.LabPlots;
import org.saferlhub.app.lab.Preferences;
import org.saferlhub.config.ParameterException;
import org.saferlhub.policy.Bandit;
import org.saferlhub.policy.RewardModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saferlhub experiment preferences}: DPO against RLHF (a Bradley–Terry reward model, then
 * PPO with the k1 anchor) on the same compared pairs, at the same β ({@link Preferences}).
 */
@Command(name = "preferences", mixinStandardHelpOptions = true,
    description = {"Learning from compared pairs: DPO against RLHF (a reward model fitted to the "
        + "same pairs, then PPO paid it with the KL anchor), at the same β, for each number of "
        + "pairs (policy lab).",
        "Example: saferlhub experiment preferences --env burning-building --pairs 30,300,3000 "
            + "--beta 0.1 --seeds 5 --out prefs"})
final class PreferencesCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  LabProblemOptions problem = new LabProblemOptions();

  @Option(names = "--pairs", split = ",", paramLabel = "N,N,…", description = "Numbers of "
      + "compared pairs, each 2 to 100,000 (default: 30,100,300,1000,3000,10000).")
  @Nullable List<Integer> pairs;

  @Option(names = "--beta", description = "β of DPO and of RLHF's anchor, more than 0 (default: "
      + "${DEFAULT-VALUE}).")
  double beta = 0.1;

  @Option(names = "--seeds", description = "Seeds per number of pairs, 1 to 20 (default: "
      + "${DEFAULT-VALUE}).")
  int seeds = 5;

  @Option(names = "--seed", description = "The first seed (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--steps", description = "Updates of DPO and of PPO, 1 to 2,000 (default: "
      + "${DEFAULT-VALUE}).")
  int steps = 200;

  @Option(names = "--rm-lambda", description = "The reward model's weight decay λ, more than 0 "
      + "(default: ${DEFAULT-VALUE}).")
  double lambda = RewardModel.DEFAULT_LAMBDA;

  @Option(names = "--out", paramLabel = "DIR", description = "Write runs.csv, summary.csv and "
      + "true-reward-vs-pairs.png (or .svg with --svg) into DIR.")
  @Nullable Path out;

  @Option(names = "--svg", description = "Draw the plot as SVG instead of PNG.")
  boolean svg;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    Bandit bandit = problem.bandit();
    if (bandit == null) {
      throw new ParameterException("env", "--env: the preferences experiment runs on "
          + "burning-building or bandit");
    }
    List<Integer> counts = Preferences.checkPairs(pairs == null ? Preferences.DEFAULT_PAIRS
        : pairs, Preferences.MAX_PAIRS);
    if (seeds < 1 || seeds > 20) {
      throw new ParameterException("seeds", "--seeds must be from 1 to 20, was " + seeds);
    }
    if (steps < 1 || steps > 2_000) {
      throw new ParameterException("steps", "--steps must be from 1 to 2,000, was " + steps);
    }
    if (out != null) {
      UserFiles.checkOutputDirectory("--out", out);
    }
    Map<String, Object> m = Preferences.json(bandit, counts, beta, seed, seeds, steps, lambda);
    String command = "saferlhub " + String.join(" ",
        spec.commandLine().getParseResult().originalArgs());
    if (out != null) {
      write(out, command, m);
    }
    if (json) {
      System.out.println(Cli.json(m));
      return 0;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> exact = (Map<String, Object>) m.get("exact");
    System.out.printf(Locale.ROOT, "%s at β = %s: DPO against RLHF on the same compared pairs "
        + "(mean over %d seeds)%n", bandit.id(), beta, seeds);
    System.out.printf(Locale.ROOT, "  the proxy pays the exploit (%s) %.3f more than the base "
        + "model's average answer%n", m.get("exploit"), (double) m.get("proxyExploit"));
    System.out.printf(Locale.ROOT, "  %-13s %7s  %13s  %10s  %10s  %8s  %12s%n", "method", "pairs",
        "with exploit", "proxy", "true", "KL", "π(exploit)");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> summary = (List<Map<String, Object>>) m.get("summary");
    for (Map<String, Object> r : summary) {
      System.out.printf(Locale.ROOT, "  %-13s %7d  %13.1f  %10.4f  %10.4f  %8.4f  %12.4g%n",
          r.get("method"), r.get("pairs"), r.get("exploitPairs"), r.get("proxyReward"),
          r.get("trueReward"), r.get("kl"), r.get("piExploit"));
    }
    System.out.printf(Locale.ROOT, "  %-13s %7s  %13s  %10.4f  %10.4f  %8.4f  %12.4g%n",
        "exact", "∞", "", exact.get("proxyReward"), exact.get("trueReward"), exact.get("kl"),
        exact.get("piExploit"));
    if (out != null) {
      System.out.println("Wrote " + out.resolve("runs.csv") + ", summary.csv and the plot.");
    }
    return 0;
  }

  @SuppressWarnings("unchecked")
  private void write(Path dir, String command, Map<String, Object> m) {
    StringBuilder runs = new StringBuilder("# " + command + "\n");
    runs.append("method,pairs,seed,exploit_pairs,reward_model_exploit,proxy_reward,true_reward,"
        + "kl,pi_exploit\n");
    for (Map<String, Object> r : (List<Map<String, Object>>) m.get("rows")) {
      runs.append(r.get("method")).append(',').append(r.get("pairs")).append(',')
          .append(r.get("seed")).append(',').append(r.get("exploitPairs")).append(',')
          .append(r.get("rewardModelExploit") == null ? "" : r.get("rewardModelExploit"))
          .append(',').append(r.get("proxyReward")).append(',').append(r.get("trueReward"))
          .append(',').append(r.get("kl")).append(',').append(r.get("piExploit")).append('\n');
    }
    UserFiles.writeText("--out", dir.resolve("runs.csv"), runs);
    List<Map<String, Object>> summary = (List<Map<String, Object>>) m.get("summary");
    StringBuilder sum = new StringBuilder("# " + command + "\n");
    sum.append("method,pairs,exploit_pairs,proxy_reward,true_reward,kl,pi_exploit\n");
    for (Map<String, Object> r : summary) {
      sum.append(r.get("method")).append(',').append(r.get("pairs")).append(',')
          .append(r.get("exploitPairs")).append(',').append(r.get("proxyReward")).append(',')
          .append(r.get("trueReward")).append(',').append(r.get("kl")).append(',')
          .append(r.get("piExploit")).append('\n');
    }
    UserFiles.writeText("--out", dir.resolve("summary.csv"), sum);
    Plots.save(LabPlots.preferences(command, m), dir.resolve("true-reward-vs-pairs"
        + (svg ? ".svg" : ".png")));
  }
}
