package org.saferlhub.agent.tabular;

import java.util.random.RandomGenerator;

/**
 * A softmax policy over a finite set of states and actions, with one logit (preference)
 * H(s, a) per pair:
 *
 * <pre>
 *   π(a|s) = exp(H(s, a)) / Σ_b exp(H(s, b))
 * </pre>
 *
 * The policy-gradient algorithms share it (REINFORCE today; actor-critic, NPG, TRPO, PPO and the
 * policy lab next), and the reference ("known-good base") policy of a KL penalty is one too:
 * take a {@link #copy()} and it never changes again. Its owner moves the logits with
 * {@link #addLogit}; everything else reads.
 *
 * <p>Every method that a training loop calls ({@link #probabilities(int, double[])},
 * {@link #sample}, {@link #logProb}) allocates nothing. Probabilities are computed with the
 * largest logit subtracted first, so large logits never overflow.
 */
public final class TabularPolicy {

  private final QTable logits;

  private TabularPolicy(QTable logits) {
    this.logits = logits;
  }

  /** The uniform policy: every logit 0, π(a|s) = 1/|A|. */
  public static TabularPolicy uniform(int states, int actions) {
    return new TabularPolicy(new QTable(states, actions));
  }

  /**
   * A policy with the given logits, laid out {@code logits[s * actions + a]}.
   *
   * @throws IllegalArgumentException if the length is not {@code states × actions} or a logit is
   *     not finite
   */
  public static TabularPolicy ofLogits(int states, int actions, double[] logits) {
    if (logits.length != (long) states * actions) {
      throw new IllegalArgumentException("logits must have " + states + " × " + actions
          + " entries, had " + logits.length);
    }
    TabularPolicy policy = uniform(states, actions);
    for (int i = 0; i < logits.length; i++) {
      if (!Double.isFinite(logits[i])) {
        throw new IllegalArgumentException("logit " + i + " must be finite, was " + logits[i]);
      }
      policy.logits.add(i / actions, i % actions, logits[i]);
    }
    return policy;
  }

  /** An independent copy: later changes to either do not touch the other. */
  public TabularPolicy copy() {
    return ofLogits(states(), actions(), logits.toArray());
  }

  /** Number of states. */
  public int states() {
    return logits.states();
  }

  /** Number of actions. */
  public int actions() {
    return logits.actions();
  }

  /** H(s, a). */
  public double logit(int s, int a) {
    return logits.get(s, a);
  }

  /** H(s, a) ← H(s, a) + delta: the one way the policy changes. */
  public void addLogit(int s, int a, double delta) {
    logits.add(s, a, delta);
  }

  /** The logits as a table (read it, do not write it: use {@link #addLogit}). */
  public QTable logits() {
    return logits;
  }

  /** The most likely action in s: argmax_a H(s, a), ties to the lowest index. */
  public int greedy(int s) {
    return logits.greedy(s);
  }

  /** into ← π(·|s) = exp(H(s, ·) − max H(s, ·)) / Σ exp(H(s, ·) − max H(s, ·)). */
  public void probabilities(int s, double[] into) {
    double max = logits.max(s);
    double sum = 0;
    for (int x = 0; x < into.length; x++) {
      into[x] = StrictMath.exp(logits.get(s, x) - max);
      sum += into[x];
    }
    for (int x = 0; x < into.length; x++) {
      into[x] /= sum;
    }
  }

  /** π(·|s) as a fresh array. */
  public double[] probabilities(int s) {
    double[] pi = new double[actions()];
    probabilities(s, pi);
    return pi;
  }

  /** π(a|s). */
  public double probability(int s, int a) {
    return StrictMath.exp(logProb(s, a));
  }

  /** log π(a|s) = H(s, a) − log Σ_b exp H(s, b), computed stably. */
  public double logProb(int s, int a) {
    double max = logits.max(s);
    double sum = 0;
    for (int x = 0; x < actions(); x++) {
      sum += StrictMath.exp(logits.get(s, x) - max);
    }
    return logits.get(s, a) - max - StrictMath.log(sum);
  }

  /**
   * Samples A ~ π(·|s) with one uniform draw u: the first action whose cumulative probability
   * exceeds u (the last action if rounding leaves the sum a hair below u).
   *
   * @param scratch an array of {@link #actions()} doubles, overwritten with π(·|s)
   */
  public int sample(int s, RandomGenerator rng, double[] scratch) {
    return sample(scratch, rng.nextDouble(), s);
  }

  /** {@link #sample(int, RandomGenerator, double[])} with the uniform draw {@code u} given. */
  int sample(double[] scratch, double u, int s) {
    probabilities(s, scratch);
    double cumulative = 0;
    for (int x = 0; x < scratch.length; x++) {
      cumulative += scratch[x];
      if (u < cumulative) {
        return x;
      }
    }
    return scratch.length - 1;
  }

  /** The entropy H(π(·|s)) = −Σ_a π(a|s) log π(a|s), in nats. */
  public double entropy(int s) {
    double h = 0;
    for (int a = 0; a < actions(); a++) {
      double lp = logProb(s, a);
      h -= StrictMath.exp(lp) * lp;
    }
    return h;
  }

  /** KL(π(·|s) ‖ other(·|s)) = Σ_a π(a|s) [log π(a|s) − log other(a|s)], in nats. */
  public double kl(TabularPolicy other, int s) {
    checkSameShape(other);
    double kl = 0;
    for (int a = 0; a < actions(); a++) {
      double lp = logProb(s, a);
      kl += StrictMath.exp(lp) * (lp - other.logProb(s, a));
    }
    return kl;
  }

  /**
   * The KL divergence from {@code other}, averaged over states with the given weights (for
   * instance how often each state was visited):
   *
   * <pre>
   *   KL_w(π ‖ π′) = Σ_s w(s) KL(π(·|s) ‖ π′(·|s)) / Σ_s w(s)
   * </pre>
   *
   * This is the quantity a KL penalty or trust region bounds (TRPO's mean KL over visited states).
   *
   * @param stateWeights one non-negative weight per state, not all zero
   */
  public double kl(TabularPolicy other, double[] stateWeights) {
    checkSameShape(other);
    if (stateWeights.length != states()) {
      throw new IllegalArgumentException("stateWeights must have " + states() + " entries, had "
          + stateWeights.length);
    }
    double total = 0;
    double weighted = 0;
    for (int s = 0; s < states(); s++) {
      double w = stateWeights[s];
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("state weight " + s + " must be finite and >= 0, was "
            + w);
      }
      if (w > 0) {
        total += w;
        weighted += w * kl(other, s);
      }
    }
    if (total == 0) {
      throw new IllegalArgumentException("state weights must not all be 0");
    }
    return weighted / total;
  }

  private void checkSameShape(TabularPolicy other) {
    if (other.states() != states() || other.actions() != actions()) {
      throw new IllegalArgumentException("policies must have the same shape, were "
          + states() + " × " + actions() + " and " + other.states() + " × " + other.actions());
    }
  }
}
