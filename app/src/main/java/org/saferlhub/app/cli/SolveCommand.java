package org.saferlhub.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saferlhub.app.blackjack.BlackjackReport;
import org.saferlhub.app.grid.GridDp;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.blackjack.BlackjackRules;
import org.saferlhub.env.blackjack.BlackjackSolution;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.Tile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code saferlhub solve}: the exact optimal policy by dynamic programming on the known rules. */
@Command(name = "solve", mixinStandardHelpOptions = true,
    description = {"Print the exact optimal policy and its expected return (dynamic programming).",
        "GridWorld: saferlhub solve --env gridworld:maze --json (or --env gridworld --map FILE)"})
public final class SolveCommand implements Callable<Integer> {

  @Option(names = "--env", description = "Environment: blackjack, gridworld:open, gridworld:maze, "
      + "gridworld:cliff, or gridworld with --map FILE (default: ${DEFAULT-VALUE}).")
  String env = "blackjack";

  @Option(names = "--rules", description = "Blackjack rules: sab, default or natural (default: sab).")
  String rules;

  @Option(names = "--map", paramLabel = "FILE",
      description = "A GridWorld map file (format: docs/gridworld-maps.md), with --env gridworld.")
  Path map;

  @Option(names = "--gamma",
      description = "GridWorld discount factor γ, in [0, 1] (default: 1).")
  Double gamma;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    if (RunConfigs.isGridworld(env)) {
      return solveGrid();
    }
    if (map != null) {
      throw new ParameterException("map", "--map goes with --env gridworld, not " + env);
    }
    if (gamma != null) {
      throw new ParameterException("gamma", "--gamma is for grid worlds; Blackjack's return is "
          + "undiscounted");
    }
    BlackjackRules r = RunConfigs.blackjackRules(env, rules == null ? "sab" : rules);
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

  /** Value iteration on the grid's exact model: optimal values, policy and sweeps. */
  @SuppressWarnings("unchecked")
  private int solveGrid() {
    if (rules != null) {
      throw new ParameterException("rules", "--rules is for Blackjack, not " + env);
    }
    GridMap grid = RunOptions.readMap(env, map);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", env.trim().toLowerCase(Locale.ROOT));
    m.put("map", grid.id());
    if (map != null) {
      m.put("mapFile", map.toString());
    }
    m.put("rows", grid.rows());
    m.put("cols", grid.cols());
    m.putAll(GridDp.solve(grid, gamma == null ? 1.0 : gamma));
    if (json) {
      System.out.println(Cli.json(m));
      return 0;
    }
    System.out.printf(Locale.ROOT, "Optimal policy for %s (%d×%d, γ = %s) by value iteration: "
            + "%d sweeps%s%n%n", grid.name(), grid.rows(), grid.cols(), m.get("gamma"),
        (Integer) m.get("sweeps"), (Boolean) m.get("converged") ? "" : " (not converged)");
    System.out.println("Policy (↑ → ↓ ← the best action, ties to the first; # wall, G goal, "
        + "L lava, C cliff):");
    for (String row : (List<String>) m.get("policy")) {
      System.out.println("  " + row);
    }
    System.out.println();
    System.out.println("Optimal values V*(s):");
    List<List<Double>> values = (List<List<Double>>) m.get("values");
    for (int r = 0; r < values.size(); r++) {
      StringBuilder line = new StringBuilder(" ");
      for (int c = 0; c < values.get(r).size(); c++) {
        line.append(grid.tile(r, c) == Tile.WALL ? "        #"
            : String.format(Locale.ROOT, " %8.2f", values.get(r).get(c)));
      }
      System.out.println(line);
    }
    return 0;
  }
}
