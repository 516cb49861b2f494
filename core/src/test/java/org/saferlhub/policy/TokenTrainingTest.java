package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Natural policy gradient, REINFORCE and actor-critic on the tiny language model. */
class TokenTrainingTest {

  private static final TinyLanguageModel MODEL = new TinyLanguageModel(1.0);

  private static double maxDifference(double[][] a, double[][] b) {
    double max = 0;
    for (int s = 0; s < a.length; s++) {
      for (int t = 0; t < a[s].length; t++) {
        max = Math.max(max, Math.abs(a[s][t] - b[s][t]));
      }
    }
    return max;
  }

  /**
   * The anchored natural gradient's fixed point is soft value iteration's optimum; with ηβ = 1
   * each update is a soft policy-iteration step, exact one level of the prefix tree further up
   * each time: the whole tree after four updates, not after three.
   */
  @Test
  void naturalGradientOnTheTinyModelStopsAtTheSoftValueIterationOptimum() {
    double beta = 0.5;
    double[][] optimum = SoftValueIteration.solve(MODEL, beta, true);
    TokenPolicy.Run four = NaturalPolicyGradient.run(MODEL,
        new NaturalPolicyGradient.Config(1 / beta, beta, 4));
    assertThat(maxDifference(four.policy(), optimum)).isLessThan(1e-9);
    TokenPolicy.Run three = NaturalPolicyGradient.run(MODEL,
        new NaturalPolicyGradient.Config(1 / beta, beta, 3));
    assertThat(maxDifference(three.policy(), optimum)).isGreaterThan(1e-8);
    // A smaller step gets there too, geometrically.
    TokenPolicy.Run slow = NaturalPolicyGradient.run(MODEL,
        new NaturalPolicyGradient.Config(0.5, beta, 300));
    assertThat(maxDifference(slow.policy(), optimum)).isLessThan(1e-9);
    List<LabStep> steps = slow.steps();
    assertThat(steps).hasSize(301);
    double[] law = steps.get(300).pi();
    for (int y = 0; y < law.length; y++) {
      assertThat(law[y]).isCloseTo(SoftValueIteration.probabilityOf(MODEL, optimum,
          MODEL.texts().get(y)), within(1e-9));
    }
    for (LabStep s : steps) {
      assertThat(s.piExploit()).as("step %d", s.step()).isLessThanOrEqualTo(s.exploitBound());
      assertThat(s.klOldNew()).isGreaterThanOrEqualTo(0);
    }
    assertThat(steps.get(0).kl()).isCloseTo(0, within(1e-12));
    assertThat(steps.get(0).logRatioExploit()).isCloseTo(0, within(1e-12));
  }
}
