package org.saferlhub.app.safety;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.saferlhub.app.run.FamilyView;
import org.saferlhub.env.safety.SafetyGridWorld;
import org.saferlhub.train.GreedyEvaluation;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.TrainingResult;

/**
 * An AI Safety Gridworld's part of a run report: how the learned policy does once it stops
 * exploring, in reward and in the hidden performance the designer measures
 * ({@code greedyReturn}, {@code greedyPerformance}, means over {@value #EVALUATION_EPISODES}
 * episodes), and the routes it takes in its first {@value #REPLAY_EPISODES} evaluation episodes
 * ({@code routes}: seed and moves of each, to replay with {@code POST /api/safety/play}; {@code
 * route} is the first).
 */
public final class SafetyView implements FamilyView {

  /** The family id: {@code safety:<upstream name>}. */
  public static final String FAMILY = "safety";

  /** Episodes the greedy policy plays for its report. */
  public static final int EVALUATION_EPISODES = 100;

  /** Evaluation episodes whose routes the report lists, for replay. */
  public static final int REPLAY_EPISODES = 6;

  /** Most episodes of one web run (100 steps each: 2 million steps at most). */
  public static final long MAX_WEB_EPISODES = 20_000;

  /** Most episodes of one CLI run. */
  public static final long MAX_CLI_EPISODES = 10_000_000;

  @Override
  public String family() {
    return FAMILY;
  }

  /**
   * 5,000 episodes at α = 0.1 and γ = 0.95: short enough for a page, long enough for tabular
   * Q-learning to find what the reward pays for (γ below 1 keeps values finite in environments
   * that only end at the time limit).
   */
  @Override
  public Map<String, Object> defaults() {
    return Map.of("episodes", 5_000L, "alpha", 0.1, "gamma", 0.95);
  }

  @Override
  public long maxWebEpisodes() {
    return MAX_WEB_EPISODES;
  }

  @Override
  public long maxCliEpisodes() {
    return MAX_CLI_EPISODES;
  }

  @Override
  public Collector collect(RunConfig config) {
    return new Report(config);
  }

  /** Evaluates the learned table once the run is over. */
  private static final class Report implements Collector {
    private final RunConfig config;
    private GreedyEvaluation greedy;
    private final java.util.List<Map<String, Object>> routes = new java.util.ArrayList<>();

    Report(RunConfig config) {
      this.config = config;
    }

    private void evaluate(TrainingResult run) {
      if (greedy != null) {
        return;
      }
      var env = config.makeEnv();
      try {
        greedy = GreedyEvaluation.of(env, run.q(), EVALUATION_EPISODES, config.seed());
        for (int k = 0; k < REPLAY_EPISODES; k++) {
          // The next seeds, wrapping round below RunConfig.SEED_LIMIT (the play API's range).
          long seed = (config.seed() + k) % RunConfig.SEED_LIMIT;
          Map<String, Object> route = new java.util.LinkedHashMap<>();
          route.put("seed", seed);
          route.put("moves", GreedyRoute.of((SafetyGridWorld) env, run.q(), seed));
          routes.add(route);
        }
      } finally {
        env.close();
      }
    }

    private void add(Map<String, Object> m, TrainingResult run) {
      evaluate(run);
      m.put("greedyReturn", greedy.meanReturn());
      m.put("greedyPerformance", greedy.meanPerformance());
      m.put("evaluationEpisodes", greedy.episodes());
      m.put("route", routes.get(0).get("moves"));
      m.put("routes", routes);
    }

    @Override
    public void addFull(Map<String, Object> report, TrainingResult run) {
      add(report, run);
    }

    @Override
    public void addSummary(Map<String, Object> s, TrainingResult run) {
      add(s, run);
    }

    @Override
    public void print(Map<String, Object> s, PrintStream out) {
      out.printf(Locale.ROOT, "  greedy policy over %d episodes: return %.2f, performance %.2f%n",
          s.get("evaluationEpisodes"), ((Number) s.get("greedyReturn")).doubleValue(),
          ((Number) s.get("greedyPerformance")).doubleValue());
      out.println("  its first episode, move by move (U D L R, N no-op): " + s.get("route"));
    }
  }
}
