package org.saferlhub.agent.tabular;

import org.saferlhub.env.OneStateEnv;

/**
 * One state, one action, reward 1 per step, and no end: only a time limit stops it. Its true
 * value is 1 / (1 − γ), so a learner that treats the cut-off step as terminal learns a different
 * number from one that bootstraps, and with one action every choice is forced (no random draws
 * decide anything).
 */
final class LoopForever extends OneStateEnv {

  LoopForever() {
    super("test:loop", "one state that pays 1 forever");
  }

  @Override
  protected int start() {
    return 0;
  }

  @Override
  protected int transition(int action) {
    pay(1.0);
    return 0;
  }
}
