package org.saferlhub.agent.tabular;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * On-policy every-visit Monte Carlo control with a constant step size.
 *
 * <p>It plays a whole episode ε-greedily, remembering each (S_t, A_t, R_{t+1}). When the episode
 * ends it walks back from the last step, building the return G_t = R_{t+1} + γ G_{t+1}, and moves
 * every visited Q(S_t, A_t) towards the return that really followed it:
 *
 * <pre>
 *   G_t ← R_{t+1} + γ G_{t+1}          (G_T = 0)
 *   Q(S_t, A_t) ← Q(S_t, A_t) + α [ G_t − Q(S_t, A_t) ]
 * </pre>
 *
 * Unlike the TD methods it does not bootstrap: no estimate enters the target, only rewards. See
 * Sutton &amp; Barto (2018), section 5.4, and equation 6.1 for the constant-α form.
 */
public final class MonteCarloControl extends EpsilonGreedyLearner {


  // The episode so far: S_t, A_t and R_{t+1} for t = 0 … length-1. Grown when needed, then reused.
  private int[] states = new int[64];
  private int[] actions = new int[64];
  private double[] rewards = new double[64];
  private int length;
  private int state;
  private int action;

  /**
   * @param states number of states
   * @param actions number of actions
   * @param alpha step size α in (0, 1]
   * @param gamma discount factor γ in [0, 1]
   * @param rng the agent's exploration generator
   */
  public MonteCarloControl(int states, int actions, double alpha, double gamma,
      RandomGenerator rng) {
    super(states, actions, alpha, gamma, rng);
  }

  @Override
  public int begin(int s0) {
    length = 0;
    state = s0;
    action = act(s0);
    return action;
  }

  @Override
  public int observe(double reward, int nextState, boolean terminated, boolean truncated) {
    remember(state, action, reward);
    if (!terminated && !truncated) {
      state = nextState;
      action = act(nextState);
      return action;
    }
    // A truncated episode still has value beyond its last step: start G from the estimate.
    double g = truncated ? q.max(nextState) : 0.0;
    for (int t = length - 1; t >= 0; t--) {
      // G_t = R_{t+1} + γ G_{t+1}
      g = rewards[t] + gamma * g;
      // Q(S_t, A_t) ← Q(S_t, A_t) + α [G_t − Q(S_t, A_t)]
      double oldValue = q.get(states[t], actions[t]);
      double error = g - oldValue;
      q.add(states[t], actions[t], alpha * error);
      tdErrors.add(error);
      traceUpdate(states[t], actions[t], rewards[t], t + 1 < length ? states[t + 1] : nextState,
          -1, t == length - 1 && terminated, g, oldValue);
    }
    length = 0;
    return -1;
  }

  private void remember(int s, int a, double r) {
    if (length == states.length) {
      states = Arrays.copyOf(states, length * 2);
      actions = Arrays.copyOf(actions, length * 2);
      rewards = Arrays.copyOf(rewards, length * 2);
    }
    states[length] = s;
    actions[length] = a;
    rewards[length] = r;
    length++;
  }
}
