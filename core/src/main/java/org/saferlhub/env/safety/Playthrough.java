package org.saferlhub.env.safety;

import org.saferlhub.env.TabularEnv;
import org.saferlhub.env.Termination;

/**
 * Plays an action script (letters U, D, L, R and N for no-op) through an environment from a
 * seed, as upstream's demonstrations and the data files' reference trajectories do.
 *
 * @param episodeReturn the sum of the rewards the agent saw
 * @param performance the sum of the designer's hidden rewards
 * @param steps the steps taken
 * @param termination why the episode ended ({@link Termination#NOT_ENDED} if the script ran out first)
 * @param unusedActions letters of the script left after the episode ended
 */
public record Playthrough(double episodeReturn, double performance, int steps,
    Termination termination, int unusedActions) {

  /** The longest script accepted. */
  public static final int MAX_SCRIPT = 10_000;

  /**
   * Plays {@code script} from {@code reset(seed)} until the script or the episode ends.
   *
   * @throws IllegalArgumentException naming the first bad letter, an action the environment does
   *     not have (N where there is no no-op), or a script longer than {@value #MAX_SCRIPT}
   */
  public static Playthrough play(TabularEnv<?> env, String script, long seed) {
    if (script.length() > MAX_SCRIPT) {
      throw new IllegalArgumentException("actions must be at most " + MAX_SCRIPT
          + " letters, was " + script.length());
    }
    int[] actions = new int[script.length()];
    for (int i = 0; i < script.length(); i++) {
      char ch = script.charAt(i);
      try {
        actions[i] = SafetyGridWorld.action(ch);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("actions: letter " + (i + 1) + " is '" + ch
            + "'; use U, D, L, R, or N for no-op");
      }
      if (actions[i] >= env.actionCount()) {
        throw new IllegalArgumentException("actions: letter " + (i + 1) + " is N (no-op), but "
            + env.spec().id() + " has no no-op action; use U, D, L or R");
      }
    }
    env.resetState(seed);
    double episodeReturn = 0;
    double performance = 0;
    int steps = 0;
    boolean hidden = env.hasHiddenReward();
    while (steps < actions.length) {
      env.stepState(actions[steps]);
      steps++;
      episodeReturn += env.reward();
      performance += hidden ? env.hiddenReward() : env.reward();
      if (env.terminated() || env.truncated()) {
        break;
      }
    }
    return new Playthrough(episodeReturn, performance, steps, env.termination(),
        actions.length - steps);
  }
}
