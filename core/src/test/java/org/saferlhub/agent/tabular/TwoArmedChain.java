package org.saferlhub.agent.tabular;

import java.util.SplittableRandom;
import org.saferlhub.env.EnvSpec;
import org.saferlhub.env.TabularEnv;
import org.saferlhub.space.Discrete;
import org.saferlhub.space.Space;

/**
 * A tiny MDP with a known answer, for agent tests. Two states, two actions:
 * in state 0, action 0 ends the episode with reward +1 and action 1 moves to state 1 with reward
 * 0; in state 1, action 0 ends with reward +2 and action 1 ends with reward −1 with probability
 * 1/2 and +0 otherwise. With γ = 0.9: Q*(1,0) = 2, Q*(1,1) = −0.5, Q*(0,1) = 1.8, Q*(0,0) = 1.
 */
final class TwoArmedChain implements TabularEnv<Integer> {

  private SplittableRandom rng = new SplittableRandom(0);
  private int state;
  private double reward;
  private boolean terminated;
  private boolean running;

  @Override
  public EnvSpec spec() {
    return new EnvSpec("test:chain", "a two-state chain");
  }

  @Override
  public Space<Integer> observationSpace() {
    return new Discrete(2);
  }

  @Override
  public int stateCount() {
    return 2;
  }

  @Override
  public int actionCount() {
    return 2;
  }

  @Override
  public int encode(Integer observation) {
    return observation;
  }

  @Override
  public Integer decode(int s) {
    return s;
  }

  @Override
  public int resetState(long seed) {
    rng = new SplittableRandom(seed);
    return resetState();
  }

  @Override
  public int resetState() {
    state = 0;
    reward = 0;
    terminated = false;
    running = true;
    return state;
  }

  @Override
  public int stepState(int action) {
    if (!running) {
      throw new IllegalStateException("reset first");
    }
    if (state == 0 && action == 1) {
      state = 1;
      reward = 0;
      return state;
    }
    reward = state == 0 ? 1 : action == 0 ? 2 : (rng.nextBoolean() ? -1 : 0);
    terminated = true;
    running = false;
    return state;
  }

  @Override
  public double reward() {
    return reward;
  }

  @Override
  public boolean terminated() {
    return terminated;
  }

  @Override
  public boolean truncated() {
    return false;
  }

  @Override
  public void close() {}
}
