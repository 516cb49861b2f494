package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;
import org.saferlhub.random.Rng;

class RewardModelTest {

  /** Many Bradley–Terry verdicts: the fitted differences are the true ones. */
  @Test
  void recoversTheRewardDifferencesFromManyPairs() {
    double[] reference = {0.25, 0.25, 0.25, 0.25};
    double[] proxy = {0, 0.5, 1, 2};
    int[][] pairs = RewardModel.comparisons(reference, proxy, 200_000, new Rng(3));
    double[] r = RewardModel.fit(4, pairs, 1e-3);
    for (int a = 1; a < 4; a++) {
      assertThat(r[a] - r[0]).as("r̂(%d) − r̂(0)", a).isCloseTo(proxy[a] - proxy[0],
          within(0.03));
    }
  }

  /**
   * The weight decay's gradient is the only one that does not cancel over answers, so at the
   * minimum the learned rewards sum to 0; an answer in no pair keeps 0.
   */
  @Test
  void anUnseenAnswerKeepsZeroAndTheRewardsSumToZero() {
    Bandit b = Bandit.burningBuilding();
    int[][] pairs = RewardModel.comparisons(b.reference(), b.proxy(), 300, new Rng(1));
    assertThat(RewardModel.pairsWith(pairs, b.exploit())).isZero();
    double[] r = RewardModel.fit(4, pairs, RewardModel.DEFAULT_LAMBDA);
    assertThat(r[b.exploit()]).isZero();
    assertThat(r[0] + r[1] + r[2] + r[3]).isCloseTo(0, within(1e-9));
    assertThat(r[2]).as("the ladder beats the door, which beats waiting").isGreaterThan(r[0]);
    assertThat(r[0]).isGreaterThan(r[1]);
  }

  /** A pair whose winner always won stays finite: the decay holds it. */
  @Test
  void aClearWinnerStaysFinite() {
    int[][] pairs = {{1, 0}, {1, 0}, {1, 0}};
    double[] r = RewardModel.fit(2, pairs, 0.01);
    assertThat(r[1] - r[0]).isFinite().isGreaterThan(3);
    double[] again = RewardModel.fit(2, pairs, 0.01);
    assertThat(again).containsExactly(r);
  }

  @Test
  void badSettingsNameTheField() {
    assertThatThrownBy(() -> RewardModel.fit(2, new int[][] {{0, 1}}, 0))
        .isInstanceOf(ParameterException.class).hasMessageContaining("lambda");
    assertThatThrownBy(() -> RewardModel.fit(2, new int[][] {{0, 2}}, 1e-3))
        .isInstanceOf(ParameterException.class).hasMessageContaining("pairs");
  }
}
