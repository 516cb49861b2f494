package org.saferlhub.env.blackjack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The environment and the exact solver agree: playing a fixed policy through {@link BlackjackEnv}
 * gives mean returns consistent with the exact values, overall and state by state.
 *
 * <p>With gamma = 1 and a reward only at the end, the return from any visited state is the
 * episode's final reward. No observation repeats within an episode (the total rises, or a soft
 * hand turns hard), so each episode gives at most one independent sample per state. A natural
 * start is tallied apart from the drawn soft 21 that shares its observation, and compared with
 * the solver's natural-start value.
 */
class BlackjackStatisticsTest {

  private static final int EPISODES = 400_000;
  private static final int MIN_VISITS = 2_000;
  private static final int SLOTS = BlackjackObservation.COUNT + 11; // + a natural start per card

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (BlackjackRules rules : BlackjackRules.values()) {
      cases.add(Arguments.of(rules, "optimal", BlackjackSolver.solve(rules).policy()));
      cases.add(Arguments.of(rules, "stick on 20", BlackjackPolicy.stickOn(20)));
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("cases")
  void sampledReturnsAgreeWithTheExactValues(
      BlackjackRules rules, String name, BlackjackPolicy policy) {
    BlackjackValues exact = BlackjackSolver.evaluate(rules, policy);
    long[] visits = new long[SLOTS];
    double[] sum = new double[SLOTS];
    double[] sumOfSquares = new double[SLOTS];
    int[] visited = new int[24];
    double totalReturn = 0;
    double totalSquares = 0;

    BlackjackEnv env = new BlackjackEnv(rules);
    env.resetState(20_240_601L + rules.ordinal());
    for (int episode = 0; episode < EPISODES; episode++) {
      int s = env.resetState();
      int length = 0;
      visited[length++] = env.playerNatural()
          ? BlackjackObservation.COUNT + env.dealerCards()[0]
          : s;
      while (true) {
        s = env.stepState(policy.action(s));
        if (env.terminated()) {
          break;
        }
        visited[length++] = s;
      }
      double g = env.reward(); // G = the final reward, from every visited state
      totalReturn += g;
      totalSquares += g * g;
      for (int i = 0; i < length; i++) {
        visits[visited[i]]++;
        sum[visited[i]] += g;
        sumOfSquares[visited[i]] += g * g;
      }
    }

    // (a) The mean return is within 4 standard errors of the exact E[G0].
    double mean = totalReturn / EPISODES;
    double standardError = Math.sqrt((totalSquares / EPISODES - mean * mean) / EPISODES);
    assertThat(Math.abs(mean - exact.expectedReturn()) / standardError)
        .as("%s %s: mean %.5f vs exact %.5f", rules, name, mean, exact.expectedReturn())
        .isLessThan(4.0);

    // (b) Per state: z = (mean − V^π) / SE, and the mean of z² over well-visited states is near 1.
    double zSquared = 0;
    int states = 0;
    for (int slot = 0; slot < SLOTS; slot++) {
      long n = visits[slot];
      if (n < MIN_VISITS) {
        continue;
      }
      double stateMean = sum[slot] / n;
      double variance = (sumOfSquares[slot] - n * stateMean * stateMean) / (n - 1);
      double v = slot < BlackjackObservation.COUNT
          ? exact.v(slot)
          : exact.naturalValue(slot - BlackjackObservation.COUNT);
      double z = (stateMean - v) / Math.sqrt(variance / n);
      String state = slot < BlackjackObservation.COUNT
          ? BlackjackObservation.ofIndex(slot).toString()
          : "natural start vs " + (slot - BlackjackObservation.COUNT);
      assertThat(Math.abs(z)).as("%s %s, %s: mean %.4f vs V %.4f over %d visits", rules, name,
          state, stateMean, v, n).isLessThan(5.0);
      zSquared += z * z;
      states++;
    }
    assertThat(states).as("well-visited states").isGreaterThanOrEqualTo(80);
    assertThat(zSquared / states).as("%s %s: mean z² over %d states", rules, name, states)
        .isBetween(0.5, 1.6);
  }
}
