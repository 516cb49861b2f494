package org.saferlhub.policy;

import org.saferlhub.config.ParameterException;

/**
 * The exact optimum of the KL-regularised objective on a bandit: the reference policy tilted
 * towards reward.
 *
 * <p>In plain words: the best policy that is paid the proxy but charged β for every nat it moves
 * away from the reference multiplies each action's reference probability by e^{r/β} and
 * renormalises. A large β keeps it close to the reference; as β shrinks, it follows the proxy, and
 * an action the reference almost never takes takes over once its proxy advantage outweighs
 * β·ln(1/p).
 *
 * <pre>
 *   π*_β = argmax_π  E_π[r] − β KL(π ‖ π_ref)  =  π_ref · exp(r / β) / Z,   Z = E_{π_ref}[exp(r / β)]
 * </pre>
 *
 * computed in log space (log π_ref + r/β, then log-sum-exp), so probabilities near 1e-9 stay exact
 * and a small β never overflows.
 */
public final class Tilt {

  private Tilt() {}

  /**
   * The optimum at one β.
   *
   * @param beta β
   * @param pi π*_β, per action
   * @param piExploit π*_β(exploit)
   * @param proxyReward E_{π*}[proxy]
   * @param trueReward E_{π*}[true reward]
   * @param kl KL(π* ‖ π_ref), nats
   */
  public record Point(double beta, double[] pi, double piExploit, double proxyReward,
      double trueReward, double kl) {}

  /**
   * π*_β for the bandit's proxy.
   *
   * @throws ParameterException naming {@code beta} unless it is more than 0 and finite
   */
  public static Point at(Bandit bandit, double beta) {
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new ParameterException("beta", "beta must be more than 0, was " + beta);
    }
    int k = bandit.size();
    // tex: \pi^*_\beta(a) = \frac{\pi_{\text{ref}}(a)\, e^{r(a)/\beta}}{Z}, \qquad Z = \sum_b \pi_{\text{ref}}(b)\, e^{r(b)/\beta}
    // words: Multiply each action's base-model probability by e to the power reward over β, then divide by the total so the probabilities sum to one; done in logarithms, so tiny probabilities stay exact.
    // region update
    double[] logit = new double[k];
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < k; a++) {
      // log π_ref(a) + r(a)/β: the tilted logit
      logit[a] = StrictMath.log(bandit.reference()[a]) + bandit.proxy()[a] / beta;
      max = Math.max(max, logit[a]);
    }
    double z = 0; // Z, scaled by e^{−max}
    for (int a = 0; a < k; a++) {
      z += StrictMath.exp(logit[a] - max);
    }
    double logZ = max + StrictMath.log(z);
    double[] pi = new double[k];
    double kl = 0;
    for (int a = 0; a < k; a++) {
      double logPi = logit[a] - logZ;
      pi[a] = StrictMath.exp(logPi);
      kl += pi[a] * (logPi - StrictMath.log(bandit.reference()[a])); // π log(π / π_ref)
    }
    // endregion
    return new Point(beta, pi, pi[bandit.exploit()], bandit.proxyReward(pi),
        bandit.trueReward(pi), Math.max(kl, 0));
  }
}
