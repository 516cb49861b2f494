package org.saferlhub.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saferlhub.app.lab.LabTilts;
import org.saferlhub.config.ParameterException;
import org.saferlhub.policy.Bandit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code saferlhub experiment tilt}: the exact optimum of E_π[proxy] − β KL(π ‖ π_ref) for each β,
 * on the burning building or a bandit the user defines: no training, just the closed form.
 */
@Command(name = "tilt", mixinStandardHelpOptions = true,
    description = {"The exact KL-regularised optimum π_ref·exp(proxy/β)/Z for each β: π per action,",
        "π(exploit), proxy and true reward, KL to the reference (policy lab).",
        "Example: saferlhub experiment tilt --env burning-building --betas 0.5,0.2,0.1,0.05 --json"})
public final class TiltCommand implements Callable<Integer> {

  /** Most β values at once. */
  static final int MAX_BETAS = 10_000;

  @Option(names = "--env", description = "burning-building (default), bandit (with --ref, --proxy, --true), tiny-lm or grid-shortcut.")
  String env = "burning-building";

  @Option(names = "--ref", paramLabel = "P,P,…", split = ",",
      description = "The reference policy of --env bandit: probabilities summing to 1.")
  List<Double> ref;

  @Option(names = "--proxy", paramLabel = "R,R,…", split = ",",
      description = "The proxy reward of each action (--env bandit).")
  List<Double> proxy;

  @Option(names = "--true", paramLabel = "R,R,…", split = ",",
      description = "The true reward of each action (--env bandit).")
  List<Double> truth;

  @Option(names = "--bandit", paramLabel = "FILE",
      description = "--env bandit from a JSON file: {\"ref\": [...], \"proxy\": [...], \"true\": [...]}.")
  Path banditFile;

  @Option(names = "--betas", paramLabel = "B,B,…", split = ",",
      description = "The β values, each more than 0 (default: the lab's table, 0.5 to 0.04).")
  List<Double> betas = new ArrayList<>(List.of(0.5, 0.2, 0.135, 0.1, 0.08, 0.06, 0.05, 0.04));

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(names = "--csv", paramLabel = "FILE", description = "Write one row per β.")
  Path csv;

  @Option(names = "--variant", description = "--env grid-shortcut: vase (default) or teleport.")
  String variant = "vase";

  @Option(names = "--bonus", description = "--env tiny-lm: the proxy's bonus b per \"!\" (default: ${DEFAULT-VALUE}).")
  double bonus = org.saferlhub.policy.TinyLanguageModel.DEFAULT_BONUS;

  @Option(names = "--sparse", description = "--env tiny-lm: pay the bonus only to \"!!!!\" (4b at "
      + "once), with no partial credit: the ablation of the incremental proxy.")
  boolean sparse;

  @Override
  public Integer call() {
    if (env.trim().equalsIgnoreCase("grid-shortcut")) {
      return gridShortcut();
    }
    boolean tiny = env.trim().equalsIgnoreCase("tiny-lm");
    Bandit bandit = tiny ? null : bandit(env, ref, proxy, truth, banditFile);
    LabTilts.checkBetas(betas, MAX_BETAS);
    if (csv != null) {
      UserFiles.checkOutput("--csv", csv);
    }
    Map<String, Object> m = tiny ? LabTilts.tinyLm(
        new org.saferlhub.policy.TinyLanguageModel(bonus, sparse), betas) : LabTilts.bandit(bandit, betas);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) m.get("rows");
    if (csv != null) {
      StringBuilder out = new StringBuilder("beta");
      if (!tiny) {
        bandit.actions().forEach(a -> out.append(",pi_").append(a));
      }
      out.append(",pi_exploit,proxy_reward,true_reward,kl").append(tiny ? ",expected_exclamations"
          : "").append('\n');
      for (Map<String, Object> row : rows) {
        out.append(row.get("beta"));
        if (!tiny) {
          for (double x : (double[]) row.get("pi")) {
            out.append(',').append(x);
          }
        }
        out.append(',').append(row.get("piExploit")).append(',').append(row.get("proxyReward"))
            .append(',').append(row.get("trueReward")).append(',').append(row.get("kl"));
        if (tiny) {
          out.append(',').append(row.get("expectedExclamations"));
        }
        out.append('\n');
      }
      UserFiles.writeText("--csv", csv, out);
    }
    if (json) {
      System.out.println(Cli.json(m));
      return 0;
    }
    if (tiny) {
      @SuppressWarnings("unchecked")
      List<String> exploit = (List<String>) m.get("exploit");
      System.out.printf(Locale.ROOT, "tiny-lm (%s): the exact optimum by soft value "
          + "iteration; exploit: %s%n", sparse ? "bonus " + 4 * bonus + " for \"!!!!\" only"
          : "bonus " + bonus + " per \"!\"", String.join(", ", exploit));
      System.out.printf(Locale.ROOT, "  %8s  %12s  %8s  %12s  %12s  %10s%n", "β", "π(exploit)",
          "E[#!]", "proxy", "true", "KL (nats)");
      for (Map<String, Object> r : rows) {
        System.out.printf(Locale.ROOT, "  %8.4g  %12.4g  %8.3f  %12.4f  %12.4f  %10.4f%n",
            r.get("beta"), r.get("piExploit"), r.get("expectedExclamations"), r.get("proxyReward"),
            r.get("trueReward"), r.get("kl"));
      }
      return 0;
    }
    System.out.printf(Locale.ROOT, "%s: the exact optimum of E[proxy] − β KL(π ‖ π_ref); "
        + "exploit: %s%n", bandit.id(), bandit.actions().get(bandit.exploit()));
    System.out.printf(Locale.ROOT, "  %8s  %12s  %12s  %12s  %10s%n", "β", "π(exploit)", "proxy",
        "true", "KL (nats)");
    for (Map<String, Object> r : rows) {
      System.out.printf(Locale.ROOT, "  %8.4g  %12.4g  %12.4f  %12.4f  %10.4f%n", r.get("beta"),
          r.get("piExploit"), r.get("proxyReward"), r.get("trueReward"), r.get("kl"));
    }
    return 0;
  }

  /** The gridworld shortcut's optimum per β, with the occupancy divergences beside the KL. */
  private int gridShortcut() {
    LabTilts.checkBetas(betas, MAX_BETAS);
    if (csv != null) {
      UserFiles.checkOutput("--csv", csv);
    }
    Map<String, Object> m = LabTilts.gridShortcut(variant, betas);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) m.get("rows");
    if (csv != null) {
      StringBuilder out = new StringBuilder("beta,pi_exploit,proxy_reward,true_reward,kl,"
          + "occupancy_kl,occupancy_chi_squared,action_occupancy_chi_squared,length\n");
      for (Map<String, Object> r : rows) {
        out.append(String.join(",", r.values().stream().map(String::valueOf).toList()))
            .append('\n');
      }
      UserFiles.writeText("--csv", csv, out);
    }
    if (json) {
      System.out.println(Cli.json(m));
      return 0;
    }
    System.out.printf(Locale.ROOT, "grid-shortcut (%s): the exact optimum by soft value iteration; "
        + "exploit: %s, π_ref = %.4g; predicted threshold β %.4f, majority below β %.4f%n",
        m.get("variant"), m.get("exploit"), m.get("referenceExploit"), m.get("predictedBeta"),
        m.get("majorityBeta"));
    System.out.printf(Locale.ROOT, "  %8s  %12s  %9s  %9s  %10s  %12s  %12s%n", "β", "π(exploit)",
        "proxy", "true", "KL (nats)", "occupancy KL", "occupancy χ²");
    for (Map<String, Object> r : rows) {
      System.out.printf(Locale.ROOT, "  %8.4g  %12.4g  %9.4f  %9.4f  %10.4f  %12.4f  %12.4g%n",
          r.get("beta"), r.get("piExploit"), r.get("proxyReward"), r.get("trueReward"),
          r.get("kl"), r.get("occupancyKl"), r.get("occupancyChiSquared"));
    }
    return 0;
  }

  /**
   * The burning building, or a bandit from the three lists or from a JSON file
   * ({@code {"ref": [...], "proxy": [...], "true": [...]}}, nothing else).
   */
  static Bandit bandit(String env, List<Double> ref, List<Double> proxy, List<Double> truth,
      Path file) {
    if (file != null) {
      if (ref != null || proxy != null || truth != null) {
        throw new ParameterException("bandit", "--bandit FILE replaces --ref, --proxy and --true");
      }
      String id = env.trim().toLowerCase(Locale.ROOT);
      if (!id.equals("bandit") && !id.equals("burning-building")) {
        throw new ParameterException("bandit", "--bandit goes with --env bandit");
      }
      String text = UserFiles.readText("--bandit", file, "bandit file");
      com.fasterxml.jackson.databind.JsonNode node;
      try {
        node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new ParameterException("bandit", "--bandit " + file + " is not JSON: "
            + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw new ParameterException("bandit", "--bandit " + file + " must hold one JSON object "
            + "with \"ref\", \"proxy\" and \"true\"");
      }
      for (var names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!List.of("ref", "proxy", "true").contains(name)) {
          throw new ParameterException("bandit", "--bandit " + file + ": unknown field '"
              + (name.length() > 20 ? name.substring(0, 20) + "…" : name)
              + "'; allowed: ref, proxy, true");
        }
      }
      return bandit("bandit", numbers(node, "ref", file), numbers(node, "proxy", file),
          numbers(node, "true", file), null);
    }
    String id = env.trim().toLowerCase(Locale.ROOT);
    if (id.equals("burning-building")) {
      if (ref != null || proxy != null || truth != null) {
        throw new ParameterException("ref", "--ref, --proxy and --true go with --env bandit");
      }
      return Bandit.burningBuilding();
    }
    if (id.equals("bandit")) {
      if (ref == null || proxy == null || truth == null) {
        throw new ParameterException(ref == null ? "ref" : proxy == null ? "proxy" : "true",
            "--env bandit needs --ref, --proxy and --true");
      }
      return Bandit.of(toArray(ref), toArray(proxy), toArray(truth));
    }
    throw new ParameterException("env", "env must be burning-building, bandit or tiny-lm, was '"
        + (env.length() > 40 ? env.substring(0, 40) + "…" : env) + "'");
  }

  private static List<Double> numbers(com.fasterxml.jackson.databind.JsonNode node, String field,
      Path file) {
    com.fasterxml.jackson.databind.JsonNode list = node.get(field);
    if (list == null || !list.isArray()) {
      throw new ParameterException("bandit", "--bandit " + file + ": \"" + field + "\" must be a "
          + "list of numbers");
    }
    List<Double> out = new ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode x : list) {
      if (!x.isNumber()) {
        throw new ParameterException("bandit", "--bandit " + file + ": \"" + field + "\" must "
            + "be a list of numbers");
      }
      out.add(x.asDouble());
    }
    return out;
  }

  private static double[] toArray(List<Double> xs) {
    double[] out = new double[xs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = xs.get(i);
    }
    return out;
  }
}
