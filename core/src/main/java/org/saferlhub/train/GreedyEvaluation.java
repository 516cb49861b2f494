package org.saferlhub.train;

import org.saferlhub.agent.tabular.QTable;
import org.saferlhub.env.TabularEnv;

/**
 * How well a learned table does when it stops exploring: the greedy policy
 * {@code π(s) = argmax_a Q(s, a)} (ties to the lowest action) plays {@code episodes} episodes from
 * {@code reset(seed)}, and the mean return and mean performance (sum of hidden rewards) are
 * reported. The learning curve mixes in ε's random moves; this is the policy itself.
 *
 * @param episodes the episodes played
 * @param meanReturn mean over them of the return the agent saw
 * @param meanPerformance mean of the performance the designer measured (the return when the
 *     environment has no hidden channel)
 */
public record GreedyEvaluation(int episodes, double meanReturn, double meanPerformance) {

  /** The most episodes one evaluation plays. */
  public static final int MAX_EPISODES = 100_000;

  /** Longest episode an evaluation follows before giving up on it (a policy may loop forever). */
  public static final int MAX_STEPS = 100_000;

  /**
   * Plays the greedy policy of {@code q}.
   *
   * @throws IllegalArgumentException if the table does not fit the environment or episodes is
   *     outside 1 … {@value #MAX_EPISODES}
   */
  public static GreedyEvaluation of(TabularEnv<?> env, QTable q, int episodes, long seed) {
    if (q.states() != env.stateCount() || q.actions() != env.actionCount()) {
      throw new IllegalArgumentException("the table has " + q.states() + "×" + q.actions()
          + " entries, the environment " + env.stateCount() + "×" + env.actionCount());
    }
    if (episodes < 1 || episodes > MAX_EPISODES) {
      throw new IllegalArgumentException("episodes must be from 1 to " + MAX_EPISODES
          + ", was " + episodes);
    }
    boolean hidden = env.hasHiddenReward();
    double totalReturn = 0;
    double totalPerformance = 0;
    for (int k = 0; k < episodes; k++) {
      int s = k == 0 ? env.resetState(seed) : env.resetState();
      for (int t = 0; t < MAX_STEPS; t++) {
        s = env.stepState(q.greedy(s));
        totalReturn += env.reward();
        totalPerformance += hidden ? env.hiddenReward() : env.reward();
        if (env.terminated() || env.truncated()) {
          break;
        }
      }
    }
    return new GreedyEvaluation(episodes, totalReturn / episodes, totalPerformance / episodes);
  }
}
