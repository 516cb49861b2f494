package org.saferlhub.policy;

import org.saferlhub.config.ParameterException;

/**
 * The exact optimum of E_π[r(y)] − β KL(π ‖ π_ref) for the tiny language model, token by token:
 * soft value iteration with the reference as prior (Geist, Scherrer, Pietquin 2019), one backup
 * from the longest prefixes to the empty one.
 *
 * <p>In plain words: at the end of a text, its value is its reward. One step earlier, the value
 * of a prefix is a "soft maximum" of its continuations' values, weighted by how likely the
 * reference is to take each: high where a likely continuation is good, never higher than the best
 * one. The optimal policy tilts each token's reference probability by how much better than the
 * prefix's value that token makes things.
 *
 * <pre>
 *   Q(s, t) = r(s + t) if t ends the text, else V(s + t)
 *   V(s) = β log Σ_t π_ref(t | s) exp(Q(s, t) / β)
 *   π*(t | s) = π_ref(t | s) exp((Q(s, t) − V(s)) / β)
 * </pre>
 *
 * Because texts are sequences, the law this gives a whole text is exactly π_ref(y) e^{r(y)/β}/Z:
 * the bandit's tilt over all 341 texts (an exact test).
 */
public final class SoftValueIteration {

  private SoftValueIteration() {}

  /**
   * π*(token | prefix) for every prefix, {@code out[prefix][token]}.
   *
   * @param proxy whether to optimise the proxy (true) or the true reward (false)
   * @throws ParameterException naming {@code beta} unless it is more than 0
   */
  public static double[][] solve(TinyLanguageModel model, double beta, boolean proxy) {
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new ParameterException("beta", "beta must be more than 0, was " + beta);
    }
    int tokens = TinyLanguageModel.TOKENS.size();
    int prefixes = TinyLanguageModel.PREFIXES;
    double[] value = new double[prefixes];
    double[][] pi = new double[prefixes][tokens];
    double[] q = new double[tokens];
    // The prefixes are numbered shortest first, so every child is solved before its parent.
    for (int s = prefixes - 1; s >= 0; s--) {
      String text = model.texts().get(s);
      double max = Double.NEGATIVE_INFINITY;
      for (int t = 0; t < tokens; t++) {
        if (t == TinyLanguageModel.EOS) {
          q[t] = reward(model, text, proxy); // the text ends here
        } else if (text.length() + 1 == TinyLanguageModel.MAX_LENGTH) {
          q[t] = reward(model, text + TinyLanguageModel.TOKENS.get(t), proxy); // forced end
        } else {
          q[t] = value[model.child(s, t)];
        }
        max = Math.max(max, StrictMath.log(model.reference(s, t)) + q[t] / beta);
      }
      double z = 0;
      for (int t = 0; t < tokens; t++) {
        z += StrictMath.exp(StrictMath.log(model.reference(s, t)) + q[t] / beta - max);
      }
      // V(s) = β log Σ_t π_ref(t|s) e^{Q/β}, in log-sum-exp form
      value[s] = beta * (max + StrictMath.log(z));
      for (int t = 0; t < tokens; t++) {
        pi[s][t] = model.reference(s, t) * StrictMath.exp((q[t] - value[s]) / beta);
      }
    }
    return pi;
  }

  /** The probability a token policy {@code pi} gives the whole text. */
  public static double probabilityOf(TinyLanguageModel model, double[][] pi, String text) {
    double p = 1;
    int prefix = 0;
    for (int i = 0; i < text.length(); i++) {
      int token = TinyLanguageModel.TOKENS.indexOf(String.valueOf(text.charAt(i)));
      p *= pi[prefix][token];
      if (i + 1 < TinyLanguageModel.MAX_LENGTH) {
        prefix = model.child(prefix, token);
      }
    }
    if (text.length() < TinyLanguageModel.MAX_LENGTH) {
      p *= pi[prefix][TinyLanguageModel.EOS];
    }
    return p;
  }

  private static double reward(TinyLanguageModel model, String text, boolean proxy) {
    return proxy ? model.proxyReward(text) : model.trueReward(text);
  }
}
