package org.saferlhub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.saferlhub.train.Algorithm;
import org.saferlhub.train.EpsilonSchedule;
import org.saferlhub.train.RunConfig;

class CheckTest {

  @Test
  void errorsNameTheFieldTheRangeAndTheValue() {
    assertThatThrownBy(() -> Check.range("epsilon", 1.5, 0, false, 1, false))
        .isInstanceOf(ParameterException.class)
        .hasMessage("epsilon must be from 0 to 1, was 1.5")
        .extracting(e -> ((ParameterException) e).field()).isEqualTo("epsilon");
    assertThatThrownBy(() -> Check.range("episodes", -3, 1, 1_000_000))
        .hasMessage("episodes must be an integer from 1 to 1,000,000, was -3");
    assertThatThrownBy(() -> Algorithm.fromId("algorithm", "dqn"))
        .hasMessage("algorithm must be one of q-learning, sarsa, monte-carlo, expected-sarsa, "
            + "sarsa-lambda, dyna-q, reinforce, reinforce-baseline, vpg, was 'dqn'");
  }

  @Test
  void validValuesPassThrough() {
    assertThat(Check.range("alpha", 1.0, 0, true, 1, false)).isEqualTo(1.0);
    assertThat(Algorithm.fromId("algorithm", " SARSA ")).isEqualTo(Algorithm.SARSA);
  }

  @Test
  void runConfigRejectsEverythingOutOfRange() {
    RunConfig d = RunConfig.defaults();
    assertThatThrownBy(() -> new RunConfig(d.env(), d.algorithm(), 0, 0.1, 1, d.epsilon(), 1))
        .hasMessageStartingWith("episodes must be");
    assertThatThrownBy(() -> new RunConfig(d.env(), d.algorithm(), 10, 0.1, 1, d.epsilon(), -1))
        .hasMessageStartingWith("seed must be");
    assertThatThrownBy(() -> new RunConfig(d.env(), d.algorithm(), 10, 0.1, 1, d.epsilon(),
        RunConfig.SEED_LIMIT)).hasMessageStartingWith("seed must be");
    assertThatThrownBy(() -> new EpsilonSchedule(EpsilonSchedule.Kind.EXPONENTIAL, 0.1, 0))
        .hasMessage("epsilonFinal must be more than 0 and at most 1 for an exponential schedule, was 0");
  }

  @Test
  void theLargestSeedIsPrintedAsAWholeNumber() {
    org.assertj.core.api.Assertions.assertThat(Check.format(9_007_199_254_740_991d))
        .isEqualTo("9,007,199,254,740,991");
    org.assertj.core.api.Assertions.assertThat(Check.format(0.5)).isEqualTo("0.5");
  }
}
