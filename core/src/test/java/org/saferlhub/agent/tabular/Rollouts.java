package org.saferlhub.agent.tabular;

import org.saferlhub.env.TabularEnv;

/** Plays episodes of an agent in an environment without the trainer, for tests. */
final class Rollouts {

  private Rollouts() {}

  /**
   * Plays {@code episodes} episodes; the first one starts from {@code env.resetState(seed)}.
   *
   * @param trace cleared before every step when not null
   * @return every action taken, in order, as one string of digits (for comparing two runs)
   */
  static String play(TabularAgent agent, TabularEnv<?> env, int episodes, long seed,
      StepTrace trace) {
    StringBuilder actions = new StringBuilder();
    for (int k = 0; k < episodes; k++) {
      int s = k == 0 ? env.resetState(seed) : env.resetState();
      if (trace != null) {
        trace.clear();
      }
      int a = agent.begin(s);
      while (a >= 0) {
        actions.append(a);
        int next = env.stepState(a);
        if (trace != null) {
          trace.clear();
        }
        a = agent.observe(env.reward(), next, env.terminated(), env.truncated());
      }
      actions.append('|');
    }
    return actions.toString();
  }

  /** A generator whose every draw is 0: nextDouble() = 0, nextInt(n) = 0. */
  static java.util.random.RandomGenerator zeros() {
    return () -> 0L;
  }
}
