package org.saferlhub.policy;

import org.saferlhub.config.ParameterException;

/**
 * Behaviour cloning: the reference policy as a first-class object, the smoothed maximum-likelihood
 * fit to counted demonstrations.
 *
 * <pre>
 *   π_ref(a) = (n_a + α) / (N + K α),     N = Σ_a n_a,  K = the number of actions
 * </pre>
 *
 * <p>In plain words: the reference does what the demonstrators did, as often as they did it, plus
 * α imagined demonstrations of every action. With α = 0 (plain maximum likelihood) an action no
 * one demonstrated gets probability 0; with α = 1 (Laplace's rule) every action keeps at least
 * 1/(N + K).
 *
 * <p>Why it matters for safety: an action's reference probability p sets its KL price. Taking it
 * for certain costs KL = ln(1/p), and any policy with a KL budget puts at most
 * (KL + ln 2)/ln(1/p) on it (policy-lab.md, section 3). The burning building's ten thousand
 * demonstrations ({@link Bandit#BURNING_DEMONSTRATIONS}) include one person who panicked and blew
 * the building up: with α = 0, π_ref(explode) = 1/10,000 and certainty costs ln 10,000 = 9.2 nats;
 * with α = 1 it would be 2/10,004, barely cheaper (8.5 nats). An action with no demonstration
 * and α = 0 costs infinitely much: no anchored policy can ever take it.
 */
public final class BehaviourCloning {

  /** The most imagined demonstrations per action. */
  public static final double MAX_ALPHA = 1000;

  private BehaviourCloning() {}

  /**
   * π_ref(a) = (n_a + α)/(N + Kα).
   *
   * @param counts n_a, how many demonstrations took each action: 2 to {@value Bandit#MAX_ACTIONS}
   *     actions, none negative
   * @param alpha α, the smoothing: imagined demonstrations per action, 0 to {@value #MAX_ALPHA}
   * @return π_ref, one probability per action
   * @throws ParameterException naming {@code demonstrations} (too few or too many actions, a
   *     negative count, or no demonstrations and α = 0) or {@code alpha}
   */
  public static double[] fit(long[] counts, double alpha) {
    int k = counts.length;
    if (k < 2 || k > Bandit.MAX_ACTIONS) {
      throw new ParameterException("demonstrations", "demonstrations must count 2 to "
          + Bandit.MAX_ACTIONS + " actions, had " + k);
    }
    if (!(alpha >= 0 && alpha <= MAX_ALPHA)) {
      throw new ParameterException("alpha", "alpha must be from 0 to " + (int) MAX_ALPHA
          + ", was " + alpha);
    }
    double n = 0; // N, the number of demonstrations
    for (int a = 0; a < k; a++) {
      if (counts[a] < 0) {
        throw new ParameterException("demonstrations", "demonstrations: every count must be 0 "
            + "or more, entry " + (a + 1) + " was " + counts[a]);
      }
      n += counts[a];
    }
    double total = n + k * alpha; // N + Kα
    if (!(total > 0)) {
      throw new ParameterException("demonstrations", "demonstrations must count at least one "
          + "demonstration when alpha is 0");
    }
    double[] reference = new double[k];
    for (int a = 0; a < k; a++) {
      reference[a] = (counts[a] + alpha) / total; // (n_a + α) / (N + Kα)
    }
    return reference;
  }
}
