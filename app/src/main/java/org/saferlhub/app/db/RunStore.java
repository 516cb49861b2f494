package org.saferlhub.app.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Finished training runs, kept so a link can show them again without retraining. */
public interface RunStore {

  /**
   * A stored run.
   *
   * @param id the run's id (12 hex characters)
   * @param learnerId the anonymous learner who started it, or null
   * @param createdAt when it finished
   * @param algorithm algorithm id, e.g. {@code q-learning}
   * @param rules Blackjack rules id
   * @param episodes episodes completed
   * @param seed the seed
   * @param stopReason {@code completed}, {@code cancelled} or {@code time_limit}
   * @param meanReturn mean return of the last tenth, or null when the run stopped before it
   * @param expectedReturn exact expected return of the learned greedy policy (Blackjack; null
   *     for other families)
   * @param optimalExpectedReturn exact optimum for the rules (Blackjack; null otherwise)
   * @param configJson the configuration as JSON (the fields of docs/api.md)
   * @param resultJson the whole result object of docs/api.md as JSON, curve included
   * @param env the environment id, such as {@code blackjack:sab} or {@code gridworld:cliff}
   */
  record StoredRun(String id, @Nullable String learnerId, Instant createdAt, String algorithm,
      @Nullable String rules, long episodes, long seed, String stopReason,
      @Nullable Double meanReturn, @Nullable Double expectedReturn,
      @Nullable Double optimalExpectedReturn, String configJson, String resultJson, String env) {

    /** A Blackjack run: its environment is {@code blackjack:<rules>}. */
    public StoredRun(String id, @Nullable String learnerId, Instant createdAt, String algorithm,
        String rules, long episodes, long seed, String stopReason, @Nullable Double meanReturn,
        double expectedReturn, double optimalExpectedReturn, String configJson,
        String resultJson) {
      this(id, learnerId, createdAt, algorithm, rules, episodes, seed, stopReason, meanReturn,
          (Double) expectedReturn, (Double) optimalExpectedReturn, configJson, resultJson,
          "blackjack:" + rules);
    }
  }

  /** Stores a run; storing the same id twice is an error. */
  void save(StoredRun run);

  /** The run with this id. */
  Optional<StoredRun> find(String id);

  /** The learner's runs, newest first, at most {@code limit}; {@code resultJson} may be empty. */
  List<StoredRun> byLearner(String learnerId, int limit);

  /** How many runs are stored. */
  long count();

  /** Marks a run as wanted at {@code at} (opened, or saved on purpose): retention keeps it. */
  void keep(String id, java.time.Instant at);

  /**
   * Deletes the runs that nobody saved or opened since {@code cutoff} (kept before it, or never
   * and created before it).
   *
   * @return how many were deleted
   */
  int deleteUnkeptBefore(java.time.Instant cutoff);
}
