package org.saferlhub.agent.dp;

import org.saferlhub.env.FiniteMdp;

import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;

/** Argument checks shared by the algorithms; errors name the field and its allowed range. */
final class DpChecks {

  /** How far a policy row's sum may be from 1. */
  private static final double SUM_TOLERANCE = 1e-9;

  private DpChecks() {}

  static void gamma(double gamma) {
    Check.range("gamma", gamma, 0, false, 1, false);
  }

  static void theta(double theta) {
    if (!(theta > 0 && theta < Double.POSITIVE_INFINITY)) {
      throw new ParameterException("theta", "theta must be a number > 0, was " + theta);
    }
  }

  static void maxSweeps(int maxSweeps) {
    Check.range("maxSweeps", maxSweeps, 1, Integer.MAX_VALUE);
  }

  static void values(FiniteMdp mdp, double[] v) {
    if (v.length != mdp.stateCount()) {
      throw new ParameterException("values", "values must hold one number per state ("
          + mdp.stateCount() + "), had " + v.length);
    }
    for (int s = 0; s < v.length; s++) {
      if (!Double.isFinite(v[s])) {
        throw new ParameterException("values", "values must be finite numbers, value of state "
            + s + " was " + v[s]);
      }
    }
  }

  static void policy(FiniteMdp mdp, double[] pi) {
    int actions = mdp.actionCount();
    if (pi.length != mdp.stateCount() * actions) {
      throw new ParameterException("policy", "policy must hold " + actions
          + " probabilities per state, pi[s * " + actions + " + a], " + mdp.stateCount() * actions
          + " in all, had " + pi.length);
    }
    for (int s = 0; s < mdp.stateCount(); s++) {
      if (mdp.isTerminal(s)) {
        continue; // never acted in
      }
      double sum = 0;
      for (int a = 0; a < actions; a++) {
        double p = pi[s * actions + a];
        if (!(p >= 0 && p <= 1)) {
          throw new ParameterException("policy", "policy probabilities must be from 0 to 1, "
              + "π(" + a + "|" + s + ") was " + p);
        }
        sum += p;
      }
      if (Math.abs(sum - 1) > SUM_TOLERANCE) {
        throw new ParameterException("policy", "policy probabilities of state " + s
            + " must sum to 1, summed to " + sum);
      }
    }
  }
}
