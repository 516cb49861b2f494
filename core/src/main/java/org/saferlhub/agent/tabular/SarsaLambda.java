package org.saferlhub.agent.tabular;

import java.util.random.RandomGenerator;
import org.saferlhub.config.Check;
import org.saferlhub.config.Param;

/**
 * SARSA(λ) (Rummery &amp; Niranjan, 1994; Sutton &amp; Barto, 2018, section 12.7): SARSA whose TD
 * error also updates every pair visited earlier in the episode, in proportion to an eligibility
 * trace z(s, a) that fades by γλ per step.
 *
 * <pre>
 *   δ ← R + γ Q(S′, A′) − Q(S, A)
 *   z(S, A) ← 1                                       (replacing trace)
 *   for every pair (s, a):  Q(s, a) ← Q(s, a) + α δ z(s, a)
 *                           z(s, a) ← γ λ z(s, a)
 * </pre>
 *
 * λ = 0 is one-step SARSA; λ → 1 approaches Monte Carlo. A terminal S′ is worth 0.
 *
 * <p><b>Replacing traces</b> (Singh &amp; Sutton, 1996): a revisited pair's trace is reset to 1,
 * not increased by 1 as accumulating traces would, so a loop the agent runs round many times
 * cannot give one pair a trace above 1 and an update larger than α δ. A consequence the
 * step-by-step view relies on: Q(S, A) itself always moves by exactly α δ.
 *
 * <p>Traces are reset to 0 when an episode begins. Only pairs with a nonzero trace are swept: a
 * list of them ({@code touched}) makes a step cost O(touched pairs), not O(|S| |A|), and
 * allocates nothing. A trace that decays to exactly 0 (λ = 0 or γ = 0) leaves the list.
 */
public final class SarsaLambda extends EpsilonGreedyLearner {

  /** Trace-decay rate λ in [0, 1]. */
  /** The trace-decay rate λ, this algorithm's own parameter. */
  public static final Param LAMBDA = Param.number("lambda", 0.9, 0, false, 1, false, "",
      "Trace decay λ of SARSA(λ): 0 is one-step SARSA, 1 updates the whole episode like Monte Carlo.");

  private final double lambda;

  // Eligibility traces z(s, a), laid out as z[s * |A| + a], and the pairs whose trace is nonzero.
  private final double[] z;
  private final int[] touched;
  private int touchedCount;
  private int state;
  private int action;

  /**
   * @param states number of states
   * @param actions number of actions
   * @param alpha step size α in (0, 1]
   * @param gamma discount factor γ in [0, 1]
   * @param lambda trace-decay rate λ in [0, 1]
   * @param rng the agent's exploration generator
   */
  public SarsaLambda(int states, int actions, double alpha, double gamma, double lambda,
      RandomGenerator rng) {
    super(states, actions, alpha, gamma, rng);
    this.lambda = LAMBDA.check(lambda);
    this.z = new double[states * actions];
    this.touched = new int[states * actions];
  }

  @Override
  public int begin(int s0) {
    // A new episode: every trace back to 0.
    for (int i = 0; i < touchedCount; i++) {
      z[touched[i]] = 0;
    }
    touchedCount = 0;
    state = s0;
    action = act(s0);
    return action;
  }

  // tex: \delta = R + \gamma\, Q(S',A') - Q(S,A), \qquad z(S,A) \leftarrow 1
  // tex: \text{for every pair: } Q(s,a) \leftarrow Q(s,a) + \alpha\, \delta\, z(s,a), \quad z(s,a) \leftarrow \gamma \lambda\, z(s,a)
  // words: One TD error updates the whole recent trail, each pair in proportion to its fading eligibility trace z.
  @Override
  // region update
  public int observe(double reward, int nextState, boolean terminated, boolean truncated) {
    boolean over = terminated || truncated;
    // A′: the action the agent will actually take in S′ (none after the episode ends).
    int nextAction = over ? -1 : act(nextState); //@ nextAction
    // TD target: R + γ Q(S′, A′), or just R when S′ is terminal.
    double tdTarget;
    if (terminated) {
      tdTarget = reward; //@ tdTargetTerminal
    } else if (truncated) {
      tdTarget = reward + gamma * q.max(nextState); // no A′ follows: bootstrap on the greedy value //@ tdTargetTruncated
    } else {
      tdTarget = reward + gamma * q.get(nextState, nextAction); //@ tdTargetBootstrap
    }
    // TD error δ = target − Q(S, A).
    double oldValue = q.get(state, action); //@ oldValue
    double tdError = tdTarget - oldValue; //@ tdError
    // z(S, A) ← 1: the replacing trace of the pair just left.
    int visited = state * q.actions() + action;
    if (z[visited] == 0) {
      touched[touchedCount++] = visited;
    }
    z[visited] = 1;
    // For every pair with a trace: Q(s, a) ← Q(s, a) + α δ z(s, a);  z(s, a) ← γ λ z(s, a).
    double decay = gamma * lambda;
    int swept = touchedCount;
    for (int i = touchedCount - 1; i >= 0; i--) {
      int pair = touched[i];
      q.add(pair / q.actions(), pair % q.actions(), alpha * tdError * z[pair]); //@ trailUpdate
      z[pair] *= decay;
      if (z[pair] == 0) { // faded out: drop it from the list
        touched[i] = touched[--touchedCount];
      }
    }
    // endregion
    tdErrors.add(tdError);
    traceUpdate(state, action, reward, nextState, nextAction, terminated, tdTarget, oldValue);
    if (trace != null) {
      trace.alsoUpdated(swept - 1);
    }

    state = nextState;
    action = nextAction;
    return nextAction;
  }

  /** The eligibility trace z(s, a) now. */
  public double eligibility(int s, int a) {
    return z[s * q.actions() + a];
  }

  /** Learns from the action the environment really executed (see {@link TabularAgent}). */
  @Override
  public void executed(int executedAction) {
    action = executedAction;
  }
}
