package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.random.Rng;

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

  private static TokenPolicy.Run reinforce(double beta, long seed) {
    return Reinforce.run(MODEL, new Reinforce.Config(2, 32, 300, beta, KlPlacement.REWARD,
        Reinforce.Baseline.LEAVE_ONE_OUT, false, seed));
  }

  private static TokenPolicy.Run actorCritic(double beta, long seed) {
    return ActorCritic.run(MODEL, new ActorCritic.Config(2, 0.5, 0.95, 32, 300, beta,
        KlPlacement.REWARD, seed));
  }

  /**
   * A weak anchor (β = 0.1) lets sampled training find the exclamation marks: in 300 updates of 32
   * texts the proxy climbs by more than 0.5, the exploit's log-ratio passes 3 (20 times its
   * reference probability, on the way to the optimum's 0.61) and the true reward falls.
   */
  @Test
  void withAWeakAnchorSampledTrainingClimbsTheProxyTowardsTheExploit() {
    for (TokenPolicy.Run run : List.of(reinforce(0.1, 1), actorCritic(0.1, 1))) {
      LabStep first = run.steps().get(0);
      LabStep last = run.steps().get(300);
      assertThat(last.proxyReward()).isGreaterThan(first.proxyReward() + 0.5);
      assertThat(last.logRatioExploit()).isGreaterThan(3);
      assertThat(last.piExploit()).isGreaterThan(20 * first.piExploit());
      assertThat(last.trueReward()).isLessThan(first.trueReward() - 0.1);
      for (LabStep s : run.steps()) {
        assertThat(s.piExploit()).isLessThanOrEqualTo(s.exploitBound());
      }
    }
  }

  /** A strong anchor (β = 2) keeps the policy near the reference, close to its exact optimum. */
  @Test
  void withAStrongAnchorSampledTrainingStaysNearTheReference() {
    TokenPolicy lm = new TokenPolicy(MODEL);
    double optimumProxy = lm.proxyReward(lm.law(SoftValueIteration.solve(MODEL, 2, true)));
    for (TokenPolicy.Run run : List.of(reinforce(2, 1), actorCritic(2, 1))) {
      LabStep last = run.steps().get(300);
      assertThat(last.kl()).isLessThan(0.05);
      assertThat(Math.abs(last.logRatioExploit())).isLessThan(1);
      assertThat(last.proxyReward()).isCloseTo(optimumProxy, within(0.02));
      assertThat(last.trueReward()).isGreaterThan(run.steps().get(0).trueReward());
    }
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    List<LabStep> one = actorCritic(0.1, 4).steps();
    List<LabStep> two = actorCritic(0.1, 4).steps();
    List<LabStep> other = actorCritic(0.1, 5).steps();
    for (int t = 0; t <= 300; t++) {
      assertThat(two.get(t).pi()).isEqualTo(one.get(t).pi());
      assertThat(Double.compare(two.get(t).k3(), one.get(t).k3())).isZero();
    }
    assertThat(other.get(300).pi()).isNotEqualTo(one.get(300).pi());
    assertThat(reinforce(0.1, 4).policy()).isDeepEqualTo(reinforce(0.1, 4).policy());
  }

  /**
   * REINFORCE's batch gradient on texts (leave-one-out baseline) is unbiased for the exact one,
   * d^π(s) π(t|s) (Q^π_β − β log(π/π_ref) − V^π_β), or −β d^π(s)(π − π_ref) for the k3 loss: the
   * means of 20,000 batches lie within 4 standard errors, on every prefix a text reaches at least
   * one time in twenty.
   */
  @Test
  void batchGradientsOnTextsAreUnbiased() {
    TokenPolicy lm = new TokenPolicy(MODEL);
    double[][] theta = lm.referenceLogits();
    Rng noise = new Rng(6);
    for (double[] row : theta) {
      for (int t = 0; t < row.length; t++) {
        row[t] += noise.nextDouble() - 0.5;
      }
    }
    double[][] pi = TokenPolicy.softmax(theta);
    double[] reach = lm.reach(pi);
    Rng rng = new Rng(7);
    for (KlPlacement kl : KlPlacement.values()) {
      Reinforce.Config c = new Reinforce.Config(0.1, 8, 1, 0.3, kl,
          Reinforce.Baseline.LEAVE_ONE_OUT, false, 1);
      double[][] exact = new double[85][5];
      Reinforce.exactGradient(lm, pi, c, exact);
      int batches = 20_000;
      double[][] sum = new double[85][5];
      double[][] sumSq = new double[85][5];
      int[] texts = new int[8];
      double[][] g = new double[85][5];
      for (int b = 0; b < batches; b++) {
        lm.sampleBatch(pi, rng, texts, new double[3]);
        Reinforce.gradient(lm, pi, texts, c, 0, g);
        for (int s = 0; s < 85; s++) {
          for (int t = 0; t < 5; t++) {
            sum[s][t] += g[s][t];
            sumSq[s][t] += g[s][t] * g[s][t];
          }
        }
      }
      int checked = 0;
      for (int s = 0; s < 85; s++) {
        if (reach[s] < 0.05) {
          continue;
        }
        for (int t = 0; t < 5; t++) {
          double mean = sum[s][t] / batches;
          double se = Math.sqrt((sumSq[s][t] / batches - mean * mean) / batches);
          assertThat(mean).as("%s prefix '%s' token %d", kl, MODEL.texts().get(s), t)
              .isCloseTo(exact[s][t], within(4 * se + 1e-12));
          checked++;
        }
      }
      assertThat(checked).isGreaterThanOrEqualTo(20);
    }
  }
}
