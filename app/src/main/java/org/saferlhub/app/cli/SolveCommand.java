package org.saferlhub.app.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saferlhub.app.blackjack.BlackjackReport;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.env.blackjack.BlackjackRules;
import org.saferlhub.env.blackjack.BlackjackSolution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code saferlhub solve}: the exact optimal policy by dynamic programming on the known rules. */
@Command(name = "solve", mixinStandardHelpOptions = true,
    description = "Print the exact optimal policy and its expected return (dynamic programming).")
public final class SolveCommand implements Callable<Integer> {

  @Option(names = "--env", description = "Environment: blackjack (default: ${DEFAULT-VALUE}).")
  String env = "blackjack";

  @Option(names = "--rules", description = "Blackjack rules: sab, default or natural (default: ${DEFAULT-VALUE}).")
  String rules = "sab";

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    BlackjackRules r = RunConfigs.blackjackRules(env, rules);
    BlackjackSolution solution = BlackjackReport.solution(r);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", env);
    m.put("rules", r.id());
    m.put("optimalExpectedReturn", solution.optimalExpectedReturn());
    m.put("policy", BlackjackReport.policy(solution.policy()));
    m.put("q", BlackjackReport.q(solution.q()));
    if (json) {
      System.out.println(Cli.json(m));
    } else {
      System.out.printf(Locale.ROOT, "Optimal policy for Blackjack (%s rules): expected return %+.10f per hand%n%n",
          r.id(), solution.optimalExpectedReturn());
      Charts.print(BlackjackReport.policy(solution.policy()), System.out);
    }
    return 0;
  }
}
