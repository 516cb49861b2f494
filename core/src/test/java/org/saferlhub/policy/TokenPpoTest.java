package org.saferlhub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.random.Rng;

/** PPO on the tiny language model: its per-token clipped surrogate, and where a run goes. */
class TokenPpoTest {

  private static final TinyLanguageModel MODEL = new TinyLanguageModel(1.0);
  private static final TokenPolicy LM = new TokenPolicy(MODEL);

  /** A token policy a little off the reference, so every token's gradient is non-trivial. */
  private static double[][] perturbed(long seed, double size) {
    double[][] theta = LM.referenceLogits();
    Rng noise = new Rng(seed);
    for (double[] row : theta) {
      for (int t = 0; t < row.length; t++) {
        row[t] += size * (noise.nextDouble() - 0.5);
      }
    }
    return theta;
  }

  /** Texts from π and an advantage for each of their tokens, uniform in [−1, 1). */
  private static double[][] batch(double[][] pi, int[] texts, Rng rng) {
    LM.sampleBatch(pi, rng, texts, new double[3]);
    double[][] advantage = new double[texts.length][TokenPolicy.MAX_DECISIONS];
    for (double[] row : advantage) {
      for (int d = 0; d < row.length; d++) {
        row[d] = 2 * rng.nextDouble() - 1;
      }
    }
    return advantage;
  }

  /**
   * At the first epoch π = π_old, every per-token ratio is 1, nothing is clipped, and ∇L^CLIP is
   * the plain policy gradient (1/N) Σ_n Σ_t Â_t ∇log π(y_t | s_t), to the last bit.
   */
  @Test
  void atTheFirstEpochEveryRatioIsOneAndTheGradientIsTheUnclippedOne() {
    double[][] piOld = TokenPolicy.softmax(perturbed(11, 1));
    Rng rng = new Rng(12);
    int[] texts = new int[32];
    double[][] advantage = batch(piOld, texts, rng);
    double[][] g = new double[85][5];
    assertThat(Ppo.clipGradient(LM, piOld, piOld, texts, advantage, 0.2, g)).isZero();
    double[][] vanilla = new double[85][5];
    for (int i = 0; i < texts.length; i++) {
      int[] states = LM.states(texts[i]);
      int[] tokens = LM.tokens(texts[i]);
      for (int d = 0; d < states.length; d++) {
        double[] p = piOld[states[d]];
        for (int c = 0; c < 5; c++) {
          // ∇_{θ_s,c} log π(y_t | s) = 1[c = y_t] − π(c | s)
          vanilla[states[d]][c] += advantage[i][d] * ((c == tokens[d] ? 1 : 0) - p[c])
              / texts.length;
        }
      }
    }
    int moved = 0;
    for (int s = 0; s < 85; s++) {
      for (int c = 0; c < 5; c++) {
        assertThat(g[s][c]).as("prefix '%s' token %d", MODEL.texts().get(s), c)
            .isEqualTo(vanilla[s][c]);
        moved += g[s][c] != 0 ? 1 : 0;
      }
    }
    assertThat(moved).isGreaterThan(50);
    assertThat(LabStep.maxRatioDeviation(LM, piOld, piOld, texts)).isZero();
  }

  /**
   * Away from π_old the gradient, masks included, is the derivative of L^CLIP (central
   * differences, h = 1e-6, agree to 1e-7), some tokens are clipped, and L^CLIP ≤ L^CPI.
   */
  @Test
  void theClippedGradientIsTheDerivativeOfTheClippedSurrogate() {
    double[][] piOld = TokenPolicy.softmax(perturbed(21, 1));
    Rng rng = new Rng(22);
    int[] texts = new int[24];
    double[][] advantage = batch(piOld, texts, rng);
    double[][] theta = perturbed(23, 1.2);
    double[][] pi = TokenPolicy.softmax(theta);
    double[][] g = new double[85][5];
    double clipped = Ppo.clipGradient(LM, pi, piOld, texts, advantage, 0.2, g);
    assertThat(clipped).as("some tokens clipped, some not").isStrictlyBetween(0.05, 0.95);
    double h = 1e-6;
    for (int s = 0; s < 85; s++) {
      for (int c = 0; c < 5; c++) {
        double keep = theta[s][c];
        theta[s][c] = keep + h;
        double up = Ppo.clipObjective(LM, TokenPolicy.softmax(theta), piOld, texts, advantage, 0.2);
        theta[s][c] = keep - h;
        double down = Ppo.clipObjective(LM, TokenPolicy.softmax(theta), piOld, texts, advantage,
            0.2);
        theta[s][c] = keep;
        assertThat(g[s][c]).as("prefix '%s' token %d", MODEL.texts().get(s), c)
            .isCloseTo((up - down) / (2 * h), within(1e-7));
      }
    }
    // L^CLIP ≤ L^CPI = (1/N) Σ ρ Â: the clip only ever takes the smaller term.
    double cpi = 0;
    for (int i = 0; i < texts.length; i++) {
      int[] states = LM.states(texts[i]);
      int[] tokens = LM.tokens(texts[i]);
      for (int d = 0; d < states.length; d++) {
        cpi += pi[states[d]][tokens[d]] / piOld[states[d]][tokens[d]] * advantage[i][d]
            / texts.length;
      }
    }
    assertThat(Ppo.clipObjective(LM, pi, piOld, texts, advantage, 0.2)).isLessThan(cpi);
  }

  private static TokenPolicy.Run ppo(double beta, long seed) {
    return Ppo.run(MODEL, new Ppo.Config(1, 32, 300, 4, 0.2, beta, KlPlacement.REWARD, seed));
  }

  /**
   * A weak anchor (β = 0.1): 300 updates of 32 texts raise the proxy by more than 0.5 and π(E) to
   * more than 20 times its reference probability (log-ratio above 3), while the true reward falls.
   */
  @Test
  void withAWeakAnchorPpoClimbsTheProxyTowardsTheExploit() {
    TokenPolicy.Run run = ppo(0.1, 1);
    LabStep first = run.steps().get(0);
    LabStep last = run.steps().get(300);
    assertThat(last.proxyReward()).isGreaterThan(first.proxyReward() + 0.5);
    assertThat(last.piExploit()).isGreaterThan(20 * first.piExploit());
    assertThat(last.logRatioExploit()).isGreaterThan(3);
    assertThat(last.trueReward()).isLessThan(first.trueReward() - 0.1);
    for (LabStep s : run.steps()) {
      assertThat(s.piExploit()).isLessThanOrEqualTo(s.exploitBound());
      if (s.step() > 0) {
        assertThat(s.clipFraction()).isBetween(0.0, 1.0);
        assertThat(s.maxRatioDeviation()).isGreaterThanOrEqualTo(0);
        assertThat(s.k3()).isGreaterThanOrEqualTo(0);
      }
    }
  }

  /** A strong anchor (β = 2) keeps PPO near the reference, close to the exact optimum at β. */
  @Test
  void withAStrongAnchorPpoStaysNearTheReference() {
    double optimumProxy = LM.proxyReward(LM.law(SoftValueIteration.solve(MODEL, 2, true)));
    TokenPolicy.Run run = ppo(2, 1);
    LabStep last = run.steps().get(300);
    assertThat(last.kl()).isLessThan(0.05);
    assertThat(Math.abs(last.logRatioExploit())).isLessThan(1);
    assertThat(last.proxyReward()).isCloseTo(optimumProxy, within(0.02));
    assertThat(last.trueReward()).isGreaterThan(run.steps().get(0).trueReward());
    // The clip was active along the way.
    double clipped = 0;
    for (LabStep s : run.steps().subList(1, 301)) {
      clipped = Math.max(clipped, s.clipFraction());
    }
    assertThat(clipped).isGreaterThan(0);
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    List<LabStep> one = ppo(0.1, 4).steps();
    List<LabStep> two = ppo(0.1, 4).steps();
    for (int t = 0; t <= 300; t++) {
      assertThat(two.get(t).pi()).isEqualTo(one.get(t).pi());
      assertThat(Double.compare(two.get(t).clipFraction(), one.get(t).clipFraction())).isZero();
      assertThat(Double.compare(two.get(t).k1(), one.get(t).k1())).isZero();
    }
    assertThat(ppo(0.1, 5).steps().get(300).pi()).isNotEqualTo(one.get(300).pi());
  }
}
