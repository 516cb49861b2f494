package org.saferlhub.agent.tabular;

/**
 * The numbers of one interaction, for showing the RL loop step by step: how the action was chosen
 * (the ε-greedy coin flip, or the uniform draw of a softmax policy) and what the update computed
 * (target, error, old and new value).
 *
 * <p>An agent fills the trace it was given with {@link TabularAgent#trace(StepTrace)} on every
 * call, overwriting it; training loops pass none, so tracing costs them nothing. Not thread-safe.
 *
 * <p>What "the update" is, per algorithm: the one update of Q(S, A) for Q-learning, SARSA and
 * Expected SARSA; for SARSA(λ) the update of Q(S, A) itself, while {@link #updates()} counts
 * every pair its eligibility traces reached; for Dyna-Q the real update, while {@link #updates()}
 * adds the n planning updates; for Monte Carlo control the last one made (t = 0); for REINFORCE the last
 * one made (t = T − 1), an update of the preference H(S_t, A_t), with {@link #target()} = G_t,
 * {@link #tdError()} = G_t − b(S_t) (just G_t without a baseline) and old and new values that
 * are preferences, not action values.
 */
public final class StepTrace {

  // How the last action was chosen.
  int chosenState = -1;
  int chosenAction = -1;
  double epsilon;
  double coin = Double.NaN;
  boolean explored;
  double probability = Double.NaN;

  // The last update: Q(state, action) moved from oldValue towards target.
  int state = -1;
  int action = -1;
  double reward;
  int nextState = -1;
  int nextAction = -1;
  boolean terminated;
  double target = Double.NaN;
  double tdError = Double.NaN;
  double oldValue = Double.NaN;
  double newValue = Double.NaN;
  int updates;

  /** Forgets everything (before a new step). */
  public void clear() {
    chosenState = -1;
    chosenAction = -1;
    coin = Double.NaN;
    explored = false;
    probability = Double.NaN;
    state = -1;
    action = -1;
    reward = 0;
    nextState = -1;
    nextAction = -1;
    terminated = false;
    target = Double.NaN;
    tdError = Double.NaN;
    oldValue = Double.NaN;
    newValue = Double.NaN;
    updates = 0;
  }

  void chose(int s, int a, double epsilon, double coin, boolean explored, double probability) {
    this.chosenState = s;
    this.chosenAction = a;
    this.epsilon = epsilon;
    this.coin = coin;
    this.explored = explored;
    this.probability = probability;
  }

  void updated(int s, int a, double reward, int nextState, int nextAction, boolean terminated,
      double target, double oldValue, double newValue) {
    updated(s, a, reward, nextState, nextAction, terminated, target, target - oldValue, oldValue,
        newValue);
  }

  /** An update whose error is not target − old value (REINFORCE: G − b(S)). */
  void updated(int s, int a, double reward, int nextState, int nextAction, boolean terminated,
      double target, double error, double oldValue, double newValue) {
    this.state = s;
    this.action = a;
    this.reward = reward;
    this.nextState = nextState;
    this.nextAction = nextAction;
    this.terminated = terminated;
    this.target = target;
    this.tdError = error;
    this.oldValue = oldValue;
    this.newValue = newValue;
    this.updates++;
  }

  /** Counts {@code n} more updates without recording them (planning, trace sweeps). */
  void alsoUpdated(int n) {
    this.updates += n;
  }

  /** State in which the last action was chosen, or -1. */
  public int chosenState() {
    return chosenState;
  }

  /** The last action chosen, or -1. */
  public int chosenAction() {
    return chosenAction;
  }

  /** ε at that choice (0 for REINFORCE, which does not use ε). */
  public double epsilon() {
    return epsilon;
  }

  /**
   * The uniform draw in [0, 1) compared with ε (NaN if ε was 0 and no draw was made); for
   * REINFORCE, the draw that picked the action from the softmax's cumulative probabilities.
   */
  public double coin() {
    return coin;
  }

  /**
   * Whether the coin said explore (a uniformly random action) rather than exploit; for REINFORCE,
   * whether the sampled action differs from the one with the highest preference.
   */
  public boolean explored() {
    return explored;
  }

  /** π(A|S): the probability the policy gave the chosen action at that choice, or NaN. */
  public double probability() {
    return probability;
  }

  /** S of the last update, or -1 if there was none. */
  public int state() {
    return state;
  }

  /** A of the last update. */
  public int action() {
    return action;
  }

  /** R of the last update. */
  public double reward() {
    return reward;
  }

  /** S′ of the last update. */
  public int nextState() {
    return nextState;
  }

  /** A′ used by the last update (SARSA), or -1. */
  public int nextAction() {
    return nextAction;
  }

  /** Whether S′ was terminal. */
  public boolean terminated() {
    return terminated;
  }

  /** The target the estimate moved towards. */
  public double target() {
    return target;
  }

  /** target − old value (REINFORCE: G − b(S), see the class comment). */
  public double tdError() {
    return tdError;
  }

  /** The estimate before the update. */
  public double oldValue() {
    return oldValue;
  }

  /** The estimate after the update. */
  public double newValue() {
    return newValue;
  }

  /**
   * How many updates the last call made (Monte Carlo, REINFORCE, eligibility traces and planning
   * make several).
   */
  public int updates() {
    return updates;
  }
}
