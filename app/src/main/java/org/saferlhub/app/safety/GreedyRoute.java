package org.saferlhub.app.safety;

import org.saferlhub.agent.tabular.QTable;
import org.saferlhub.env.safety.SafetyGridWorld;

/** The moves of a greedy policy's first episode from {@code reset(seed)}, as letters U D L R N. */
final class GreedyRoute {

  private GreedyRoute() {}

  static String of(SafetyGridWorld env, QTable q, long seed) {
    StringBuilder moves = new StringBuilder();
    int s = env.resetState(seed);
    for (int t = 0; t < SafetyGridWorld.MAX_STEPS; t++) {
      int a = q.greedy(s);
      moves.append(SafetyGridWorld.ACTION_LETTERS.charAt(a));
      s = env.stepState(a);
      if (env.terminated() || env.truncated()) {
        break;
      }
    }
    return moves.toString();
  }
}
