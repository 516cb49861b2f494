package org.saferlhub.agent.neural;

import org.saferlhub.env.procgen.LevelEnv;
import org.saferlhub.random.Rng;

/** Something that acts in a level: a trained network, or the tabular control arm. */
@FunctionalInterface
public interface LevelPolicy {

  /**
   * Chooses the next action.
   *
   * @param env the environment, in the state to act in
   * @param x the current observation, {@link LevelEnv#observe(double[]) observed} by the caller
   * @param rng the generator for any random choice
   */
  int act(LevelEnv env, double[] x, Rng rng);
}
