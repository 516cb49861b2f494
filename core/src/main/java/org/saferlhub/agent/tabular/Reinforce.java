package org.saferlhub.agent.tabular;

import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.saferlhub.config.Check;

/**
 * REINFORCE (Williams, 1992): Monte Carlo policy gradient with a tabular softmax policy, with or
 * without a learned state-value baseline.
 *
 * <p>The policy is π(a|s) = exp(H(s, a)) / Σ_b exp(H(s, b)) over action preferences H. It plays a
 * whole episode by sampling from π, then for t = 0 … T−1 moves the preferences of S_t along the
 * gradient of log π(A_t|S_t), scaled by how much better than expected the return was:
 *
 * <pre>
 *   G_t ← R_{t+1} + γ G_{t+1}                          (G_T = 0)
 *   δ   ← G_t − b(S_t)                                 (b ≡ 0 without a baseline)
 *   b(S_t) ← b(S_t) + α_w δ                            (with a baseline)
 *   H(S_t, a) ← H(S_t, a) + α γ^t δ ∇ log π(A_t|S_t)   for every action a,
 *   ∇_{H(S_t, a)} log π(A_t|S_t) = 1[a = A_t] − π(a|S_t)
 * </pre>
 *
 * The baseline b(s) is a learned estimate of the state's value; subtracting it leaves the
 * gradient's expectation unchanged and reduces its variance. Its step size α_w is the same α as
 * the policy's. π is recomputed from H at each t, so a state visited twice sees its first update.
 * A truncated episode starts G from b(S_T) (from 0 without a baseline). See Sutton &amp; Barto
 * (2018), sections 13.3 and 13.4.
 *
 * <p>No ε: exploration comes from the softmax itself, and {@link #epsilon(double)} is ignored.
 * {@link #q()} holds the preferences H, not action values; their argmax is the most likely action.
 * |δ| of every update goes to {@link #tdErrors()}.
 */
public final class Reinforce implements TabularAgent {

  /** Step size α in (0, 1], also the baseline's α_w. */
  private final double alpha;

  /** Discount factor γ in [0, 1]. */
  private final double gamma;

  /** Whether a baseline b(s) is learned and subtracted. */
  private final boolean baseline;

  /** The softmax policy π over action preferences H(s, a), starting at 0 (uniform). */
  private final TabularPolicy policy;

  /** The baseline b(s), starting at 0. */
  private final double[] b;

  /** The generator actions are sampled with, owned by this agent. */
  private final RandomGenerator rng;

  private final TdErrorTally tdErrors = new TdErrorTally();
  private @Nullable StepTrace trace;

  // π(·|s) of the state being acted in, reused.
  private final double[] pi;
  // The episode so far: S_t, A_t and R_{t+1}, then G_t.
  private final Episode episode = new Episode();
  private int state;
  private int action;

  /**
   * @param states number of states
   * @param actions number of actions
   * @param alpha step size α in (0, 1], also the baseline's α_w
   * @param gamma discount factor γ in [0, 1]
   * @param baseline whether to learn and subtract a state-value baseline b(s)
   * @param rng the agent's generator, for sampling actions
   */
  public Reinforce(int states, int actions, double alpha, double gamma, boolean baseline,
      RandomGenerator rng) {
    this.alpha = Check.range("alpha", alpha, 0, true, 1, false);
    this.gamma = Check.range("gamma", gamma, 0, false, 1, false);
    this.baseline = baseline;
    this.policy = TabularPolicy.uniform(states, actions);
    this.b = new double[states];
    this.rng = rng;
    this.pi = new double[actions];
  }

  @Override
  public int begin(int s0) {
    episode.clear();
    state = s0;
    action = act(s0);
    return action;
  }

  // tex: G_t = R_{t+1} + \gamma G_{t+1}, \qquad \delta = G_t - b(S_t)
  // tex: H(S_t,a) \leftarrow H(S_t,a) + \alpha\, \gamma^t\, \delta \left( \mathbb{1}[a = A_t] - \pi(a \mid S_t) \right), \qquad \pi(a \mid s) = \frac{e^{H(s,a)}}{\sum_b e^{H(s,b)}}
  // words: After the whole episode, make each action taken more likely if the return that followed beat the baseline b (0 without one), less likely if not.
  @Override
  // region update
  public int observe(double reward, int nextState, boolean terminated, boolean truncated) {
    episode.add(state, action, reward);
    if (!terminated && !truncated) {
      state = nextState;
      action = act(nextState);
      return action;
    }
    // G_t = R_{t+1} + γ G_{t+1}, from the end back (G_T = 0, or b(S_T) if cut short).
    episode.computeReturns(gamma, truncated && baseline ? b[nextState] : 0.0);
    double gammaT = 1; // γ^t
    for (int t = 0; t < episode.length(); t++) {
      int s = episode.state(t);
      int a = episode.action(t);
      double g = episode.returnAt(t);
      // δ = G_t − b(S_t)
      double delta = baseline ? g - b[s] : g;
      // b(S_t) ← b(S_t) + α_w δ
      if (baseline) {
        b[s] += alpha * delta;
      }
      // H(S_t, x) ← H(S_t, x) + α γ^t δ (1[x = A_t] − π(x|S_t)) for every action x
      policy.probabilities(s, pi);
      double oldValue = policy.logit(s, a); //@ oldValue
      for (int x = 0; x < pi.length; x++) {
        double gradLogPi = (x == a ? 1 : 0) - pi[x];
        policy.addLogit(s, x, alpha * gammaT * delta * gradLogPi);
      }
      gammaT *= gamma;
      // endregion
      tdErrors.add(delta);
      if (trace != null) {
        trace.updated(s, a, episode.reward(t), episode.nextState(t, nextState), -1,
            t == episode.length() - 1 && terminated, g, delta, oldValue, policy.logit(s, a));
      }
    }
    episode.clear();
    return -1;
  }

  /** Samples A ~ π(·|s) with one uniform draw ({@link TabularPolicy#sample}). */
  private int act(int s) {
    double u = rng.nextDouble();
    int a = policy.sample(pi, u, s);
    if (trace != null) {
      trace.chose(s, a, 0, u, a != policy.greedy(s), pi[a]);
    }
    return a;
  }

  /** The softmax policy π(·|s) = exp(H(s, ·)) / Σ_b exp(H(s, b)), as a fresh array. */
  @Override
  public double[] probabilities(int s) {
    return policy.probabilities(s);
  }

  /** The policy being learned (read it; this agent alone changes it). */
  public TabularPolicy policy() {
    return policy;
  }

  /** The learned baseline b(s) (0 everywhere without a baseline). */
  public double baseline(int s) {
    return b[s];
  }

  /** Whether this agent learns and subtracts a baseline. */
  public boolean hasBaseline() {
    return baseline;
  }

  /** Ignored: REINFORCE explores through its softmax, not with ε. */
  @Override
  public void epsilon(double epsilon) {}

  /** The preferences H(s, a) (not action values). */
  @Override
  public QTable q() {
    return policy.logits();
  }

  @Override
  public TdErrorTally tdErrors() {
    return tdErrors;
  }

  @Override
  public void trace(@Nullable StepTrace trace) {
    this.trace = trace;
  }
}
