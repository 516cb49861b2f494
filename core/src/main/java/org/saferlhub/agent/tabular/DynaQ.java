package org.saferlhub.agent.tabular;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.saferlhub.config.Param;
import org.saferlhub.config.Check;

/**
 * Tabular Dyna-Q (Sutton, 1990): Q-learning that also learns a model of the world and replays
 * it. After each real step it makes the Q-learning update, remembers what that step did, then
 * makes n more Q-learning updates on remembered steps (planning):
 *
 * <pre>
 *   Q(S, A) ← Q(S, A) + α [ R + γ max_a Q(S′, a) − Q(S, A) ]      (direct RL)
 *   Model(S, A) ← R, S′                                          (model learning)
 *   repeat n times:                                              (planning)
 *     S, A ← a pair seen before, uniformly at random
 *     R, S′ ← Model(S, A)
 *     Q(S, A) ← Q(S, A) + α [ R + γ max_a Q(S′, a) − Q(S, A) ]
 * </pre>
 *
 * The model is deterministic: it keeps the last (R, S′, terminal) observed after each (S, A), so
 * in a stochastic world it replays one outcome until the pair is tried again. A terminal S′ is
 * worth 0; a truncated step is stored as non-terminal (truncation is not part of the world).
 * Sutton &amp; Barto draw a seen state, then an action taken in it; here a seen pair is drawn
 * uniformly, from the agent's own generator. With n = 0 it is exactly {@link QLearning}.
 * Only the real steps' TD errors go to {@link #tdErrors()}, so its curve compares with
 * Q-learning's. See Sutton &amp; Barto (2018), section 8.2.
 */
public final class DynaQ extends EpsilonGreedyLearner {

  /** Planning updates n per real step, 0 … 1,000. */
  /** Planning updates per real step, this algorithm's own parameter. */
  public static final Param PLANNING_STEPS = Param.integer("planningSteps", 10, 0, 1_000,
      "updates per step", "Simulated updates n that Dyna-Q replays from its model after each real step.");

  private final int planningSteps;

  // Model(s, a) for pair i = s * |A| + a: the last reward, next state and whether it ended.
  private final double[] modelReward;
  private final int[] modelNextState;
  private final boolean[] modelTerminal;
  // The pairs seen so far (each once), to draw planning steps from.
  private final int[] seen;
  private int seenCount;
  private int state;
  private int action;

  /**
   * @param states number of states
   * @param actions number of actions
   * @param alpha step size α in (0, 1]
   * @param gamma discount factor γ in [0, 1]
   * @param planningSteps planning updates n per real step, 0 … 1,000
   * @param rng the agent's generator, for exploration and for drawing planning steps
   */
  public DynaQ(int states, int actions, double alpha, double gamma, int planningSteps,
      RandomGenerator rng) {
    super(states, actions, alpha, gamma, rng);
    this.planningSteps = (int) PLANNING_STEPS.check((long) planningSteps);
    this.modelReward = new double[states * actions];
    this.modelNextState = new int[states * actions];
    Arrays.fill(modelNextState, -1);
    this.modelTerminal = new boolean[states * actions];
    this.seen = new int[states * actions];
  }

  @Override
  public int begin(int s0) {
    state = s0;
    action = act(s0);
    return action;
  }

  // tex: Q(S,A) \leftarrow Q(S,A) + \alpha \left[ R + \gamma \max_a Q(S',a) - Q(S,A) \right], \quad \text{Model}(S,A) \leftarrow (R, S')
  // tex: \text{repeat } n \text{ times: pick a remembered } (s,a),\ (r,s') = \text{Model}(s,a),\ Q(s,a) \leftarrow Q(s,a) + \alpha \left[ r + \gamma \max_{a'} Q(s',a') - Q(s,a) \right]
  // words: A Q-learning update from the real step, then n more from remembered steps replayed by its learned model: planning.
  @Override
  // region update
  public int observe(double reward, int nextState, boolean terminated, boolean truncated) {
    // Direct RL: Q(S, A) ← Q(S, A) + α [R + γ max_a Q(S′, a) − Q(S, A)].
    double tdTarget = terminated ? reward : reward + gamma * q.max(nextState); //@ tdTarget
    double oldValue = q.get(state, action); //@ oldValue
    double tdError = tdTarget - oldValue; //@ tdError
    q.add(state, action, alpha * tdError); //@ update

    // Model learning: Model(S, A) ← R, S′ (and whether S′ is terminal).
    int pair = state * q.actions() + action;
    if (modelNextState[pair] < 0) {
      seen[seenCount++] = pair;
    }
    modelReward[pair] = reward;
    modelNextState[pair] = nextState;
    modelTerminal[pair] = terminated;

    // Planning: n Q-learning updates on remembered steps.
    for (int i = 0; i < planningSteps; i++) { //@ planning
      int p = seen[rng.nextInt(seenCount)];
      int s = p / q.actions();
      int a = p % q.actions();
      double r = modelReward[p];
      int sNext = modelNextState[p];
      double target = modelTerminal[p] ? r : r + gamma * q.max(sNext);
      q.add(s, a, alpha * (target - q.get(s, a)));
    }
    // endregion
    tdErrors.add(tdError);
    // The direct update's new value, Q(S, A) before planning changed it again.
    traceUpdate(state, action, reward, nextState, -1, terminated, tdTarget, oldValue,
        oldValue + alpha * tdError);
    if (trace != null) {
      trace.alsoUpdated(planningSteps);
    }

    if (terminated || truncated) {
      return -1;
    }
    state = nextState;
    action = act(nextState);
    return action;
  }

  /** The model's next state for (s, a), or -1 if the pair has not been tried. */
  public int modelNextState(int s, int a) {
    return modelNextState[s * q.actions() + a];
  }

  /** The model's reward for (s, a) (0 if the pair has not been tried). */
  public double modelReward(int s, int a) {
    return modelReward[s * q.actions() + a];
  }

  /** Learns from the action the environment really executed (see {@link TabularAgent}). */
  @Override
  public void executed(int executedAction) {
    action = executedAction;
  }
}
