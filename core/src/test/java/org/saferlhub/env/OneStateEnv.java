package org.saferlhub.env;

import org.saferlhub.space.Discrete;
import org.saferlhub.space.Space;

/**
 * A test environment with one state and one action: every choice is forced, so tests can work
 * out exact numbers by hand. Subclasses say what a step pays and when an episode ends.
 */
public abstract class OneStateEnv extends TabularEnvBase<Integer> {

  private final EnvSpec spec;

  /** An environment with this id and description. */
  protected OneStateEnv(String id, String description) {
    this.spec = new EnvSpec(id, description);
  }

  @Override
  protected String actionMeanings() {
    return "0 = go";
  }

  @Override
  public boolean stochastic() {
    return false;
  }

  @Override
  public EnvSpec spec() {
    return spec;
  }

  @Override
  public Space<Integer> observationSpace() {
    return new Discrete(1);
  }

  @Override
  public int stateCount() {
    return 1;
  }

  @Override
  public int actionCount() {
    return 1;
  }

  @Override
  public int encode(Integer observation) {
    return observation;
  }

  @Override
  public Integer decode(int state) {
    return state;
  }
}
