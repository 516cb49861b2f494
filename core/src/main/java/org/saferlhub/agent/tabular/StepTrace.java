package org.saferlhub.agent.tabular;

/**
 * The numbers of one interaction, for showing the RL loop step by step: how the action was chosen
 * (the ε-greedy coin flip) and what the update computed (target, error, old and new value).
 *
 * <p>An agent fills the trace it was given with {@link TabularAgent#trace(StepTrace)} on every
 * call, overwriting it; training loops pass none, so tracing costs them nothing. Not thread-safe.
 */
public final class StepTrace {

  // How the last action was chosen.
  int chosenState = -1;
  int chosenAction = -1;
  double epsilon;
  double coin = Double.NaN;
  boolean explored;

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

  void chose(int s, int a, double epsilon, double coin, boolean explored) {
    this.chosenState = s;
    this.chosenAction = a;
    this.epsilon = epsilon;
    this.coin = coin;
    this.explored = explored;
  }

  void updated(int s, int a, double reward, int nextState, int nextAction, boolean terminated,
      double target, double oldValue, double newValue) {
    this.state = s;
    this.action = a;
    this.reward = reward;
    this.nextState = nextState;
    this.nextAction = nextAction;
    this.terminated = terminated;
    this.target = target;
    this.tdError = target - oldValue;
    this.oldValue = oldValue;
    this.newValue = newValue;
    this.updates++;
  }

  /** State in which the last action was chosen, or -1. */
  public int chosenState() {
    return chosenState;
  }

  /** The last action chosen, or -1. */
  public int chosenAction() {
    return chosenAction;
  }

  /** ε at that choice. */
  public double epsilon() {
    return epsilon;
  }

  /** The uniform draw in [0, 1) compared with ε (NaN if ε was 0 and no draw was made). */
  public double coin() {
    return coin;
  }

  /** Whether the coin said explore (a uniformly random action) rather than exploit. */
  public boolean explored() {
    return explored;
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

  /** target − old value. */
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

  /** How many updates the last call made (Monte Carlo and planning make several). */
  public int updates() {
    return updates;
  }
}
