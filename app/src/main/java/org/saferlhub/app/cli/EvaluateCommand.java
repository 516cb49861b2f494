package org.saferlhub.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.blackjack.BlackjackEnv;
import org.saferlhub.env.blackjack.BlackjackPolicy;
import org.saferlhub.env.blackjack.BlackjackRules;
import org.saferlhub.env.blackjack.BlackjackSolver;
import org.saferlhub.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code saferlhub evaluate}: plays a saved policy and compares the sample mean with the exact value. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Play a saved policy (a run file from train --out, train --json output, or a",
        "{\"usable\":…,\"no_usable\":…} chart) and print its mean return and exact expected return."})
public final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--env", description = "Environment: blackjack (default: ${DEFAULT-VALUE}).")
  String env = "blackjack";

  @Option(names = "--rules", description = "Blackjack rules: sab, default or natural (default: ${DEFAULT-VALUE}).")
  String rules = "sab";

  @Option(names = "--policy", required = true, paramLabel = "FILE",
      description = "JSON file holding the policy.")
  Path policyFile;

  @Option(names = "--episodes", description = "Hands to play, 1 to 1,000,000,000 (default: ${DEFAULT-VALUE}).")
  long episodes = 100_000;

  @Option(names = "--seed", description = "Seed, 0 to 2^53-1 (default: ${DEFAULT-VALUE}).")
  long seed = 0;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    BlackjackRules r = RunConfigs.blackjackRules(env, rules);
    Check.range("episodes", episodes, 1, RunConfig.MAX_EPISODES);
    Check.range("seed", seed, 0, RunConfig.SEED_LIMIT - 1);
    BlackjackPolicy policy = readPolicy(policyFile);

    // Play: Welford's running mean and variance of the per-hand return.
    BlackjackEnv table = new BlackjackEnv(r);
    int s = table.resetState(seed);
    double mean = 0;
    double m2 = 0;
    for (long n = 1; n <= episodes; n++) {
      if (n > 1) {
        s = table.resetState();
      }
      double g = 0;
      while (!table.episodeOver()) {
        s = table.stepState(policy.action(s));
        g += table.reward();
      }
      double delta = g - mean;
      mean += delta / n;
      m2 += delta * (g - mean);
    }
    double standardError = episodes > 1 ? Math.sqrt(m2 / (episodes - 1) / episodes) : Double.NaN;

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", env);
    m.put("rules", r.id());
    m.put("episodes", episodes);
    m.put("seed", seed);
    m.put("meanReturn", mean);
    m.put("standardError", Double.isFinite(standardError) ? standardError : null);
    m.put("expectedReturn", BlackjackSolver.expectedReturn(r, policy));
    if (json) {
      System.out.println(Cli.json(m));
    } else {
      System.out.printf(Locale.ROOT, "%,d hands, seed %d: mean return %+.5f ± %.5f (1 s.e.); exact expected return %+.6f%n",
          episodes, seed, mean, standardError, (Double) m.get("expectedReturn"));
    }
    return 0;
  }

  /**
   * The policy in {@code --policy file}: a chart, or a run or solution holding one.
   *
   * @throws ParameterException naming {@code --policy}: an unreadable file (see
   *     {@link UserFiles#readText}), not JSON, or no policy chart
   */
  static BlackjackPolicy readPolicy(Path file) {
    String text = UserFiles.readText("--policy", file, "policy file");
    JsonNode root;
    try {
      root = Cli.JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new ParameterException("policy", "--policy " + file + " is not valid JSON");
    }
    JsonNode chart = root.has("policy") ? root.get("policy") : root;
    if (!chart.isObject() || !chart.has("usable") || !chart.has("no_usable")) {
      throw new ParameterException("policy", "--policy " + file + " must hold {\"usable\": "
          + "{…}, \"no_usable\": {…}} or a run with a \"policy\" field");
    }
    try {
      return BlackjackPolicy.fromChart(strings(chart.get("usable")), strings(chart.get("no_usable")));
    } catch (ParameterException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ParameterException("policy", e.getMessage());
    }
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> m = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    }
    return m;
  }
}
