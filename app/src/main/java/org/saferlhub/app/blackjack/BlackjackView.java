package org.saferlhub.app.blackjack;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.saferlhub.app.cli.Charts;
import org.saferlhub.app.run.FamilyView;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.env.blackjack.BlackjackPolicy;
import org.saferlhub.env.blackjack.BlackjackRules;
import org.saferlhub.env.blackjack.BlackjackSolution;
import org.saferlhub.env.blackjack.BlackjackSolver;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.TrainingResult;

/**
 * Blackjack's part of a run report: the exact expected return of the learned greedy policy beside
 * the optimum's, the cells where they differ, both policy charts, both Q grids and the visit
 * counts (lesson 1).
 */
public final class BlackjackView implements FamilyView {

  @Override
  public String family() {
    return RunConfigs.BLACKJACK;
  }

  /** The engine's defaults are the lesson's. */
  @Override
  public Map<String, Object> defaults() {
    return Map.of();
  }

  @Override
  public long maxWebEpisodes() {
    return 10_000_000;
  }

  @Override
  public long maxCliEpisodes() {
    return RunConfig.MAX_EPISODES;
  }

  @Override
  public long minWebEpisodes() {
    return 100;
  }

  @Override
  public Collector collect(RunConfig config) {
    return new Report(RunConfigs.rules(config));
  }

  /** Needs nothing during the run: everything comes from the learned Q table. */
  private record Report(BlackjackRules rules) implements Collector {

    @Override
    public boolean wantsEpisodes() {
      return false;
    }

    @Override
    public void addFull(Map<String, Object> m, TrainingResult run) {
      BlackjackSolution best = BlackjackReport.solution(rules);
      double[] q = run.q().toArray();
      BlackjackPolicy learned = BlackjackPolicy.greedy(q);
      m.put("expectedReturn", BlackjackSolver.expectedReturn(rules, learned));
      m.put("optimalExpectedReturn", best.optimalExpectedReturn());
      m.put("differingCells", learned.differences(best.policy()));
      m.put("policy", BlackjackReport.policy(learned));
      m.put("optimalPolicy", BlackjackReport.policy(best.policy()));
      m.put("q", BlackjackReport.q(q));
      m.put("optimalQ", BlackjackReport.q(best.q()));
      m.put("visits", BlackjackReport.visits(run.visits()));
    }

    @Override
    public void addSummary(Map<String, Object> s, TrainingResult run) {
      BlackjackSolution best = BlackjackReport.solution(rules);
      BlackjackPolicy learned = BlackjackPolicy.greedy(run.q().toArray());
      s.put("expectedReturn", BlackjackSolver.expectedReturn(rules, learned));
      s.put("optimalExpectedReturn", best.optimalExpectedReturn());
      s.put("differingCells", learned.differences(best.policy()));
      s.put("policy", BlackjackReport.policy(learned));
    }

    @Override
    public double optimum() {
      return BlackjackReport.solution(rules).optimalExpectedReturn();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void print(Map<String, Object> s, PrintStream out) {
      double expected = ((Number) s.get("expectedReturn")).doubleValue();
      double optimal = ((Number) s.get("optimalExpectedReturn")).doubleValue();
      out.printf(Locale.ROOT,
          "  exact expected return of the greedy policy: %+.6f (optimal %+.6f, gap %.6f)%n",
          expected, optimal, optimal - expected);
      out.printf("  cells that differ from the optimal policy: %s%n", s.get("differingCells"));
      out.println();
      Charts.print((Map<String, Object>) s.get("policy"), out);
    }
  }
}
