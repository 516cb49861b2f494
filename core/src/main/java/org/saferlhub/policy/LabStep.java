package org.saferlhub.policy;

/**
 * What one update of a policy-lab run left behind: the exact quantities (the bandit is small
 * enough to enumerate) beside the batch estimates a real run would see. Fields an algorithm does
 * not have are NaN (an exact-expectation run has no batch; only PPO and GRPO clip).
 *
 * <p>On the {@link TinyLanguageModel} a step describes whole texts, enumerated exactly by
 * {@link TokenPolicy}: {@code pi} is the law of the 341 texts (in {@link TinyLanguageModel#texts()}
 * order), the rewards are its expectations, {@code kl}, {@code klOldNew} and {@code klNewOld} are
 * sequence KLs (the per-token KLs summed along the texts), {@code entropy} is the text law's, the
 * exploit is the set of texts of maximal proxy reward, and k1, k2, k3 are the batch means of the
 * estimators applied to whole sampled texts (u = π_ref(y)/π(y)).
 *
 * @param step the update's number, from 1 (0: the reference, before any update)
 * @param pi π after it
 * @param proxyReward E_π[proxy]
 * @param trueReward E_π[true reward]
 * @param kl the exact KL(π ‖ π_ref), nats
 * @param k1 the batch mean of k1 over the update's samples (drawn from π before the update)
 * @param k2 the batch mean of k2
 * @param k3 the batch mean of k3
 * @param piExploit π(exploit)
 * @param logRatioExploit log(π(exploit) / π_ref(exploit)): the early warning that climbs first
 * @param entropy H(π), nats
 * @param klOldNew KL(π_old ‖ π_new) of this update
 * @param klNewOld KL(π_new ‖ π_old) of this update
 * @param exploitBound (KL + ln 2) / ln(1/π_ref(exploit)), which π(exploit) never exceeds
 * @param clipFraction the share of samples whose ratio was clipped in the last epoch (PPO, GRPO;
 *     on the tiny language model, the share of the batch's tokens)
 * @param maxRatioDeviation max |π(a)/π_old(a) − 1| over the samples after the update (PPO, GRPO;
 *     on the tiny language model, over the batch's tokens, per-token ratios)
 */
public record LabStep(int step, double[] pi, double proxyReward, double trueReward, double kl,
    double k1, double k2, double k3, double piExploit, double logRatioExploit, double entropy,
    double klOldNew, double klNewOld, double exploitBound, double clipFraction,
    double maxRatioDeviation) {

  /** The exact part of a step; the batch fields as given (NaN for none). */
  static LabStep measure(Bandit bandit, int step, double[] old, double[] pi, double k1,
      double k2, double k3, double clipFraction, double maxRatioDeviation) {
    double entropy = 0;
    for (double p : pi) {
      if (p > 0) {
        entropy -= p * StrictMath.log(p);
      }
    }
    int e = bandit.exploit();
    double kl = bandit.klToReference(pi);
    return new LabStep(step, pi.clone(), bandit.proxyReward(pi), bandit.trueReward(pi), kl, k1,
        k2, k3, pi[e], StrictMath.log(pi[e]) - StrictMath.log(bandit.reference()[e]), entropy,
        kl(old, pi), kl(pi, old), bandit.exploitBound(kl), clipFraction, maxRatioDeviation);
  }

  /** A step with the exact quantities only: no batch was drawn and nothing was clipped. */
  static LabStep exact(Bandit bandit, int step, double[] old, double[] pi) {
    return measure(bandit, step, old, pi, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN);
  }

  /**
   * The exact part of a step on the tiny language model, from the token policies before
   * ({@code old}) and after ({@code pi}) the update; the batch fields as given (NaN for none).
   */
  static LabStep measure(TokenPolicy lm, int step, double[][] old, double[][] pi, double k1,
      double k2, double k3, double clipFraction, double maxRatioDeviation) {
    double[] law = lm.law(pi);
    double kl = lm.sequenceKl(pi, lm.referenceTable());
    double piExploit = lm.exploit(law);
    return new LabStep(step, law, lm.proxyReward(law), lm.trueReward(law), kl, k1, k2, k3,
        piExploit, StrictMath.log(piExploit) - StrictMath.log(lm.referenceExploit()),
        TokenPolicy.entropy(law), lm.sequenceKl(old, pi), lm.sequenceKl(pi, old),
        lm.exploitBound(kl), clipFraction, maxRatioDeviation);
  }

  /** A step on the tiny language model with the exact quantities only. */
  static LabStep exact(TokenPolicy lm, int step, double[][] old, double[][] pi) {
    return measure(lm, step, old, pi, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN);
  }

  /** softmax(θ), with the largest logit subtracted first. */
  static double[] softmax(double[] theta) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : theta) {
      max = Math.max(max, x);
    }
    double z = 0;
    for (double x : theta) {
      z += StrictMath.exp(x - max);
    }
    double logZ = max + StrictMath.log(z);
    double[] pi = new double[theta.length];
    for (int a = 0; a < theta.length; a++) {
      pi[a] = StrictMath.exp(theta[a] - logZ);
    }
    return pi;
  }

  /** KL(p ‖ q), nats. */
  static double kl(double[] p, double[] q) {
    double s = 0;
    for (int a = 0; a < p.length; a++) {
      if (p[a] > 0) {
        s += p[a] * (StrictMath.log(p[a]) - StrictMath.log(q[a]));
      }
    }
    return Math.max(s, 0);
  }

  /** θ_ref = log π_ref. */
  static double[] referenceLogits(Bandit bandit) {
    double[] theta = new double[bandit.size()];
    for (int a = 0; a < theta.length; a++) {
      theta[a] = StrictMath.log(bandit.reference()[a]);
    }
    return theta;
  }

  /** Draws an action from π by inversion. */
  static int sample(double[] pi, double u) {
    double c = 0;
    for (int a = 0; a < pi.length - 1; a++) {
      c += pi[a];
      if (u < c) {
        return a;
      }
    }
    return pi.length - 1;
  }

  /**
   * Draws {@code actions.length} actions from π into {@code actions} and writes the batch means of
   * k1, k2 and k3 against the reference into {@code kl}.
   */
  static void sampleBatch(double[] pi, double[] thetaRef, org.saferlhub.random.Rng rng,
      int[] actions, double[] kl) {
    int n = actions.length;
    kl[0] = kl[1] = kl[2] = 0;
    for (int i = 0; i < n; i++) {
      int a = sample(pi, rng.nextDouble());
      actions[i] = a;
      double logPi = StrictMath.log(pi[a]);
      kl[0] += KlEstimate.k1(logPi, thetaRef[a]) / n;
      kl[1] += KlEstimate.k2(logPi, thetaRef[a]) / n;
      kl[2] += KlEstimate.k3(logPi, thetaRef[a]) / n;
    }
  }

  /** max |π_new(a)/π_old(a) − 1| over the sampled actions. */
  static double maxRatioDeviation(double[] next, double[] old, int[] actions) {
    double max = 0;
    for (int a : actions) {
      max = Math.max(max, Math.abs(next[a] / old[a] - 1));
    }
    return max;
  }

  /**
   * max |π_new(t|s)/π_old(t|s) − 1| over every token of the sampled texts of the tiny language
   * model.
   */
  static double maxRatioDeviation(TokenPolicy lm, double[][] next, double[][] old, int[] texts) {
    double max = 0;
    for (int y : texts) {
      int[] states = lm.states(y);
      int[] tokens = lm.tokens(y);
      for (int d = 0; d < states.length; d++) {
        int s = states[d];
        int a = tokens[d];
        max = Math.max(max, Math.abs(next[s][a] / old[s][a] - 1));
      }
    }
    return max;
  }
}
