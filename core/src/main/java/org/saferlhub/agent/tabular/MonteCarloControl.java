package org.saferlhub.agent.tabular;

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


  // The episode so far: S_t, A_t and R_{t+1}, then G_t.
  private final Episode episode = new Episode();
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
    episode.clear();
    state = s0;
    action = act(s0);
    return action;
  }

  // tex: G_t = R_{t+1} + \gamma R_{t+2} + \gamma^2 R_{t+3} + \cdots
  // tex: Q(S_t,A_t) \leftarrow Q(S_t,A_t) + \alpha \left[ G_t - Q(S_t,A_t) \right]
  // words: After the whole episode: move the value of every situation and action it passed through towards the return that actually followed.
  @Override
  // region update
  public int observe(double reward, int nextState, boolean terminated, boolean truncated) {
    episode.add(state, action, reward);
    if (!terminated && !truncated) {
      state = nextState;
      action = act(nextState);
      return action;
    }
    // G_t = R_{t+1} + γ G_{t+1}; a truncated episode still has value beyond its last step, so
    // G_T starts from the estimate.
    episode.computeReturns(gamma, truncated ? q.max(nextState) : 0.0);
    for (int t = episode.length() - 1; t >= 0; t--) {
      int s = episode.state(t);
      int a = episode.action(t);
      double g = episode.returnAt(t);
      // Q(S_t, A_t) ← Q(S_t, A_t) + α [G_t − Q(S_t, A_t)]
      double oldValue = q.get(s, a);
      double error = g - oldValue;
      q.add(s, a, alpha * error);
      // endregion
      tdErrors.add(error);
      traceUpdate(s, a, episode.reward(t), episode.nextState(t, nextState), -1,
          t == episode.length() - 1 && terminated, g, oldValue);
    }
    episode.clear();
    return -1;
  }
}
