package org.saferlhub.agent.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.saferlhub.env.TabularEnv;
import org.saferlhub.env.TimeLimit;

/**
 * A step cut by a time limit is not terminal: every algorithm that bootstraps still bootstraps
 * from S′ there. Each test trains on {@link LoopForever} (one state, one action, reward 1 per
 * step) cut after 2 steps, with α = 0.5 and γ = 0.9, and checks the exact value that the
 * algorithm's update gives, worked out by hand in the comments, beside the value it would give
 * if it wrongly treated the cut as the end of the task.
 */
class TruncationTest {

  private static final double ALPHA = 0.5;
  private static final double GAMMA = 0.9;
  private static final double EXACT = 1e-12;

  /** Runs {@code episodes} episodes of the time-limited loop with {@code agent} (ε = 0). */
  private static TabularAgent train(TabularAgent agent, int episodes) {
    TabularEnv<Integer> env = new TimeLimit<>(new LoopForever(), 2);
    agent.epsilon(0);
    for (int k = 0; k < episodes; k++) {
      int s = k == 0 ? env.resetState(1) : env.resetState();
      int a = agent.begin(s);
      while (a >= 0) {
        int next = env.stepState(a);
        a = agent.observe(env.reward(), next, env.terminated(), env.truncated());
      }
      assertThat(env.truncated()).isTrue();
      assertThat(env.terminated()).isFalse();
    }
    return agent;
  }

  private static SplittableRandom rng() {
    return new SplittableRandom(3);
  }

  @Test
  void qLearningBootstrapsFromTheCutOffState() {
    // step 1: Q = 0 + 0.5 (1 + 0.9·0 − 0) = 0.5
    // step 2 (cut): Q = 0.5 + 0.5 (1 + 0.9·0.5 − 0.5) = 0.975   (as terminal: 0.75)
    double q = train(new QLearning(1, 1, ALPHA, GAMMA, rng()), 1).q().get(0, 0);
    assertThat(q).isCloseTo(0.975, within(EXACT));
  }

  /**
   * SARSA's documented choice: after a cut no A′ is taken, so the target bootstraps on the greedy
   * value max_a Q(S′, a). With one action that is Q(S′, A′) as well.
   */
  @Test
  void sarsaBootstrapsOnTheGreedyValueOfTheCutOffState() {
    double q = train(new Sarsa(1, 1, ALPHA, GAMMA, rng()), 1).q().get(0, 0);
    assertThat(q).isCloseTo(0.975, within(EXACT));
  }

  @Test
  void expectedSarsaBootstrapsFromTheCutOffState() {
    double q = train(new ExpectedSarsa(1, 1, ALPHA, GAMMA, rng()), 1).q().get(0, 0);
    assertThat(q).isCloseTo(0.975, within(EXACT));
  }

  @Test
  void sarsaLambdaBootstrapsFromTheCutOffState() {
    // step 1: δ = 1, z = 1, Q = 0.5, z ← γλ = 0.45
    // step 2 (cut): δ = 1 + 0.9·0.5 − 0.5 = 0.95, z ← 1 (replacing), Q = 0.5 + 0.5·0.95 = 0.975
    double q = train(new SarsaLambda(1, 1, ALPHA, GAMMA, 0.5, rng()), 1).q().get(0, 0);
    assertThat(q).isCloseTo(0.975, within(EXACT));
  }

  @Test
  void dynaQBootstrapsAndItsModelRemembersTheCutAsNotTerminal() {
    // step 1: direct Q = 0.5; model: (0,0) → r 1, S′ 0, not terminal;
    //         planning: Q = 0.5 + 0.5 (1 + 0.9·0.5 − 0.5) = 0.975
    // step 2 (cut): direct Q = 0.975 + 0.5 (1 + 0.9·0.975 − 0.975) = 1.42625
    //         planning: Q = 1.42625 + 0.5 (1 + 0.9·1.42625 − 1.42625) = 1.8549375
    // (treating the cut as terminal, directly or in the model, gives less)
    DynaQ agent = new DynaQ(1, 1, ALPHA, GAMMA, 1, rng());
    double q = train(agent, 1).q().get(0, 0);
    assertThat(q).isCloseTo(1.8549375, within(EXACT));
  }

  @Test
  void monteCarloStartsTheReturnOfACutEpisodeFromTheEstimate() {
    // episode 1: G_T = max Q(S_T) = 0, G_1 = 1, G_0 = 1.9;
    //   backwards: Q = 0.5·1 = 0.5, then Q = 0.5 + 0.5 (1.9 − 0.5) = 1.2
    // episode 2: G_T = 1.2, G_1 = 1 + 0.9·1.2 = 2.08, G_0 = 1 + 0.9·2.08 = 2.872;
    //   Q = 1.2 + 0.5 (2.08 − 1.2) = 1.64, then Q = 1.64 + 0.5 (2.872 − 1.64) = 2.256
    // (with G_T = 0, as if terminal, episode 2 gives 1.5)
    double q = train(new MonteCarloControl(1, 1, ALPHA, GAMMA, rng()), 2).q().get(0, 0);
    assertThat(q).isCloseTo(2.256, within(EXACT));
  }

  @Test
  void reinforceWithBaselineStartsTheReturnOfACutEpisodeFromTheBaseline() {
    // With one action π = 1 and the preferences never move; the baseline b learns the value.
    // episode 1: G_T = b = 0, G = (1.9, 1): b = 0.5·1.9 = 0.95, then b = 0.95 + 0.5·0.05 = 0.975
    // episode 2: G_T = 0.975, G_1 = 1.8775, G_0 = 2.68975:
    //   b = 0.975 + 0.5 (2.68975 − 0.975) = 1.832375, then b = 1.8549375
    // (with G_T = 0 episode 2 gives 1.21875)
    Reinforce agent = new Reinforce(1, 1, ALPHA, GAMMA, true, rng());
    train(agent, 2);
    assertThat(agent.baseline(0)).isCloseTo(1.8549375, within(EXACT));
  }

  /**
   * Documented choice: REINFORCE without a baseline has no value estimate to bootstrap from, so a
   * cut episode's return starts from 0. With one action its preferences never move, and its
   * |δ| tally shows the returns it used: G_0 = 1.9 and G_1 = 1.
   */
  @Test
  void reinforceWithoutBaselineStartsTheReturnOfACutEpisodeFromZero() {
    Reinforce agent = new Reinforce(1, 1, ALPHA, GAMMA, false, rng());
    train(agent, 1);
    assertThat(agent.tdErrors().drain()).isCloseTo((1.9 + 1) / 2, within(EXACT));
  }
}
