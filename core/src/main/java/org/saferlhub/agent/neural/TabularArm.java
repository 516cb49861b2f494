package org.saferlhub.agent.neural;

import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.env.procgen.LevelEnv;
import org.saferlhub.random.Rng;

/**
 * The control arm of cheese in the corner: Q-learning with a table over (mouse cell, cheese
 * cell), the walls unseen (Watkins 1989).
 *
 * <pre>
 *   Q(s, a) ← Q(s, a) + α [r + γ max_b Q(s′, b) (1 − d) − Q(s, a)],   s = (mouse, cheese)
 * </pre>
 *
 * <p>In plain words: a table has one row per situation it has met and learns nothing about
 * situations it has not. Trained where the cheese sits in the corner, it has no row for "cheese
 * in the middle": at test its values there are all zero and it wanders at random. It fails by
 * <em>incompetence</em>, mostly reaching neither the cheese nor the corner, whereas a network
 * that generalises keeps its skill and walks, competently, to the wrong place. That difference is
 * the definition of goal misgeneralization.
 *
 * <p>Acting: ε-greedy, in training and at test (a greedy table that cannot see walls would bump
 * into the same wall for ever), ties broken uniformly at random.
 */
public final class TabularArm implements LevelPolicy {

  private static final int CELLS = CheeseCorner.SIZE * CheeseCorner.SIZE;
  private static final int ACTIONS = 4;

  private final double[] q = new double[CELLS * CELLS * ACTIONS];
  private final int[] best = new int[ACTIONS];
  private double epsilon;

  private TabularArm() {}

  /**
   * Trains a table for {@code steps} environment steps.
   *
   * @param env the training environment (reset by this call)
   * @param steps environment steps, 1 to {@value Ppo.Config#MAX_STEPS}
   * @param alpha the step size α in (0, 1]
   * @param gamma the discount γ in [0, 1]
   * @param epsilon the exploration rate ε in [0, 1]
   * @param seed the seed of the levels and the choices
   */
  public static TabularArm train(CheeseCorner env, long steps, double alpha, double gamma,
      double epsilon, long seed) {
    if (steps < 1 || steps > Ppo.Config.MAX_STEPS) {
      throw new ParameterException("steps", "steps must be from 1 to " + Ppo.Config.MAX_STEPS
          + ", was " + steps);
    }
    if (!(alpha > 0 && alpha <= 1) || !(gamma >= 0 && gamma <= 1)
        || !(epsilon >= 0 && epsilon <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], gamma and epsilon in [0, 1]");
    }
    TabularArm arm = new TabularArm();
    arm.epsilon = epsilon;
    Rng rng = new Rng(seed);
    env.resetLevel(rng.nextLong());
    for (long t = 0; t < steps; t++) {
      // tex: Q(s, a) \leftarrow Q(s, a) + \alpha\,\big[r + \gamma \max_b Q(s', b) - Q(s, a)\big], \qquad s = (\text{mouse}, \text{cheese})
      // words: A table with one row per pair of mouse square and cheese square, updated by Q-learning; it never sees walls and has no row for a cheese it never met.
      // region update
      int s = state(env);
      int a = arm.choose(s, rng);
      env.act(a);
      boolean ended = env.terminated() || env.truncated();
      double next = ended ? 0 : arm.max(state(env)); // max_b Q(s′, b) (1 − d)
      int k = s * ACTIONS + a;
      double tdError = env.reward() + gamma * next - arm.q[k]; // r + γ max Q(s′) − Q(s, a)
      arm.q[k] += alpha * tdError;
      // endregion
      if (ended) {
        env.resetLevel();
      }
    }
    return arm;
  }

  private static int state(LevelEnv env) {
    CheeseCorner c = (CheeseCorner) env;
    return c.mouse() * CELLS + c.cheese();
  }

  /** How many (mouse, cheese) rows were ever updated away from 0. */
  public int visitedStates() {
    int n = 0;
    for (int s = 0; s < CELLS * CELLS; s++) {
      for (int a = 0; a < ACTIONS; a++) {
        if (q[s * ACTIONS + a] != 0) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  private double max(int s) {
    double m = q[s * ACTIONS];
    for (int a = 1; a < ACTIONS; a++) {
      m = Math.max(m, q[s * ACTIONS + a]);
    }
    return m;
  }

  private int choose(int s, Rng rng) {
    if (epsilon > 0 && rng.nextDouble() < epsilon) {
      return rng.nextInt(ACTIONS);
    }
    double m = max(s);
    int n = 0;
    for (int a = 0; a < ACTIONS; a++) {
      if (q[s * ACTIONS + a] == m) {
        best[n++] = a;
      }
    }
    return best[rng.nextInt(n)];
  }

  /** The ε-greedy action at the environment's (mouse, cheese), ties at random. */
  @Override
  public int act(LevelEnv env, double[] x, Rng rng) {
    return choose(state(env), rng);
  }
}
