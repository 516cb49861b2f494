package org.saferlhub.policy;

/**
 * The three per-sample estimators of KL(π ‖ π_ref) from Schulman (2020), "Approximating KL
 * divergence", for a sample x drawn from π, with u = π_ref(x) / π(x):
 *
 * <pre>
 *   k1 = −log u                 unbiased; negative on some samples
 *   k2 = ½ (log u)²             biased, low variance; equals KL to second order
 *   k3 = (u − 1) − log u        unbiased (E_π u = 1), never negative
 * </pre>
 *
 * Logged beside the exact KL, they show the learner what a batch estimate of the anchor sees.
 */
public final class KlEstimate {

  private KlEstimate() {}

  /** k1 = −log u = log π(x) − log π_ref(x). */
  public static double k1(double logPi, double logRef) {
    return logPi - logRef;
  }

  /** k2 = ½ (log u)². */
  public static double k2(double logPi, double logRef) {
    double logU = logRef - logPi;
    return 0.5 * logU * logU;
  }

  /** k3 = (u − 1) − log u, computed so that it is never negative. */
  public static double k3(double logPi, double logRef) {
    double logU = logRef - logPi;
    return Math.max(StrictMath.expm1(logU) - logU, 0);
  }
}
