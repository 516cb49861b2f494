package org.saferlhub.policy;

import java.util.List;
import org.saferlhub.random.Rng;

/**
 * Token policies on the {@link TinyLanguageModel} and their exact evaluation: a policy is a table
 * π[s][t] of next-token probabilities for the 85 prefixes s and 5 tokens t (softmax of logits
 * θ[s][t], one row per prefix), and everything about it follows by enumerating the 341 texts.
 *
 * <pre>
 *   π(y) = Π_t π(y_t | y_&lt;t)                   the law of whole texts (end-of-text included)
 *   d^π(s) = P_π(the text starts with s)       how often the policy reaches prefix s
 *   KL(π ‖ π_ref) = Σ_y π(y) log(π(y)/π_ref(y)) = Σ_s d^π(s) KL(π(·|s) ‖ π_ref(·|s))
 *   E = the texts of maximal proxy reward      the exploit ("a!!!", "!b!!", ...)
 *   π(E) ≤ (KL + ln 2) / ln(1/π_ref(E))        the KL price of the exploit
 *   Q^π_β(s, t) = r(s + t) if t ends the text, else V^π_β(s + t)
 *   V^π_β(s) = Σ_t π(t|s) [Q^π_β(s, t) − β log(π(t|s)/π_ref(t|s))]
 * </pre>
 *
 * <p>In plain words: a text is a path down a tree of prefixes, so its probability is the product
 * of its tokens' probabilities, and the sequence KL, a sum over 341 texts, is also the per-token
 * KL summed over the prefixes, each weighted by how often the policy gets there. Q^π_β is what a
 * token is worth to π when the text's proxy reward comes at its end and every later token is
 * charged β log(π/π_ref) on the way (the RLHF reward); the natural policy gradient, TRPO,
 * REINFORCE, actor-critic and PPO runs on the tiny model ({@code run(TinyLanguageModel, Config)}
 * in each of their files) are all paid this way, on the proxy (GRPO puts its β in the loss
 * instead, and DPO learns from compared pairs).
 *
 * <p>Texts are numbered as {@link TinyLanguageModel#texts()} numbers them, and prefixes are the
 * first {@value TinyLanguageModel#PREFIXES} texts.
 */
public final class TokenPolicy {

  /** Tokens per prefix: a, b, c, ! and end-of-text. */
  static final int TOKENS = TinyLanguageModel.TOKENS.size();
  /** Most decisions in one text: four content tokens, or fewer and end-of-text. */
  static final int MAX_DECISIONS = TinyLanguageModel.MAX_LENGTH;

  /**
   * A run on the tiny model.
   *
   * @param steps each update's metrics, from step 0 (the reference); their {@code pi} is the law
   *     of the 341 texts, in {@link TinyLanguageModel#texts()} order (see {@link LabStep})
   * @param policy the final token policy, {@code policy[prefix][token]}
   */
  public record Run(List<LabStep> steps, double[][] policy) {}

  private final TinyLanguageModel model;
  /** π_ref(t | s) and log π_ref(t | s). */
  private final double[][] reference;
  private final double[][] logReference;
  /** The text after prefix s and token t: s itself for end-of-text, else s + t. */
  private final int[][] next;
  /** The prefixes and tokens of each text's path, {@code states[y][i]}, {@code tokens[y][i]}. */
  private final int[][] states;
  private final int[][] tokens;
  private final double[] proxy;
  private final double[] truth;
  private final boolean[] exploit;
  private final double[] referenceLaw;
  private final double referenceExploit;

  /** The tiny model's texts, rewards, reference and exploit set, tabulated once. */
  public TokenPolicy(TinyLanguageModel model) {
    this.model = model;
    int prefixes = TinyLanguageModel.PREFIXES;
    int texts = model.texts().size();
    reference = new double[prefixes][TOKENS];
    logReference = new double[prefixes][TOKENS];
    next = new int[prefixes][TOKENS];
    for (int s = 0; s < prefixes; s++) {
      for (int t = 0; t < TOKENS; t++) {
        reference[s][t] = model.reference(s, t);
        logReference[s][t] = StrictMath.log(reference[s][t]);
        next[s][t] = t == TinyLanguageModel.EOS ? s : model.child(s, t);
      }
    }
    states = new int[texts][];
    tokens = new int[texts][];
    proxy = new double[texts];
    truth = new double[texts];
    exploit = new boolean[texts];
    double best = Double.NEGATIVE_INFINITY;
    for (int y = 0; y < texts; y++) {
      String text = model.texts().get(y);
      proxy[y] = model.proxyReward(text);
      truth[y] = model.trueReward(text);
      best = Math.max(best, proxy[y]);
      int length = text.length() < MAX_DECISIONS ? text.length() + 1 : text.length();
      states[y] = new int[length];
      tokens[y] = new int[length];
      int s = 0;
      for (int i = 0; i < length; i++) {
        states[y][i] = s;
        tokens[y][i] = i < text.length()
            ? TinyLanguageModel.TOKENS.indexOf(String.valueOf(text.charAt(i)))
            : TinyLanguageModel.EOS;
        if (i + 1 < length) {
          s = next[s][tokens[y][i]];
        }
      }
    }
    referenceLaw = law(reference);
    double pe = 0;
    for (int y = 0; y < texts; y++) {
      exploit[y] = proxy[y] >= best - 1e-12;
      pe += exploit[y] ? referenceLaw[y] : 0;
    }
    referenceExploit = pe;
  }

  /** The model. */
  public TinyLanguageModel model() {
    return model;
  }

  /** π_ref(token | prefix), {@code [prefix][token]}: a fresh copy. */
  public double[][] reference() {
    double[][] pi = new double[reference.length][];
    for (int s = 0; s < pi.length; s++) {
      pi[s] = reference[s].clone();
    }
    return pi;
  }

  /** θ_ref = log π_ref, {@code [prefix][token]}: a fresh copy. */
  public double[][] referenceLogits() {
    double[][] theta = new double[logReference.length][];
    for (int s = 0; s < theta.length; s++) {
      theta[s] = logReference[s].clone();
    }
    return theta;
  }

  /** softmax(θ[s]) for every prefix s, each with log-sum-exp. */
  public static double[][] softmax(double[][] theta) {
    double[][] pi = new double[theta.length][];
    for (int s = 0; s < theta.length; s++) {
      pi[s] = LabStep.softmax(theta[s]);
    }
    return pi;
  }

  /** d^π(s), the probability that a text drawn from π starts with prefix s. */
  public double[] reach(double[][] pi) {
    double[] reach = new double[TinyLanguageModel.PREFIXES];
    reach[0] = 1;
    // Prefixes are numbered shortest first, so a parent is done before its children.
    for (int s = 0; s < reach.length; s++) {
      for (int t = 0; t < TinyLanguageModel.EOS; t++) {
        if (next[s][t] < reach.length) {
          reach[next[s][t]] = reach[s] * pi[s][t]; // d(s + t) = d(s) π(t | s)
        }
      }
    }
    return reach;
  }

  /** π(y) for every text y: the product of its tokens' probabilities. */
  public double[] law(double[][] pi) {
    double[] law = new double[states.length];
    for (int y = 0; y < law.length; y++) {
      double p = 1;
      for (int i = 0; i < states[y].length; i++) {
        p *= pi[states[y][i]][tokens[y][i]];
      }
      law[y] = p;
    }
    return law;
  }

  /** π_ref(y) for every text: a fresh copy. */
  public double[] referenceLaw() {
    return referenceLaw.clone();
  }

  /**
   * The sequence KL(π ‖ σ) = Σ_s d^π(s) KL(π(·|s) ‖ σ(·|s)) of two token policies, in nats: the
   * per-token KLs summed along π's texts.
   */
  public double sequenceKl(double[][] pi, double[][] sigma) {
    double[] reach = reach(pi);
    double kl = 0;
    for (int s = 0; s < reach.length; s++) {
      kl += reach[s] * LabStep.kl(pi[s], sigma[s]);
    }
    return Math.max(kl, 0);
  }

  /** KL(p ‖ q) = Σ_y p(y) log(p(y)/q(y)) of two laws over texts, nats (0 log 0 = 0). */
  public static double textKl(double[] p, double[] q) {
    return LabStep.kl(p, q);
  }

  /** H(law) = −Σ_y π(y) log π(y), the entropy of the text law, nats. */
  public static double entropy(double[] law) {
    double h = 0;
    for (double p : law) {
      if (p > 0) {
        h -= p * StrictMath.log(p);
      }
    }
    return h;
  }

  /** E_π[proxy] under a text law. */
  public double proxyReward(double[] law) {
    return expect(law, proxy);
  }

  /** E_π[true reward] under a text law. */
  public double trueReward(double[] law) {
    return expect(law, truth);
  }

  /** Whether text y has the maximal proxy reward: belongs to the exploit set E. */
  public boolean isExploit(int text) {
    return exploit[text];
  }

  /** π(E), the probability of the exploit set under a text law. */
  public double exploit(double[] law) {
    double p = 0;
    for (int y = 0; y < law.length; y++) {
      p += exploit[y] ? law[y] : 0;
    }
    return p;
  }

  /** π_ref(E). */
  public double referenceExploit() {
    return referenceExploit;
  }

  /** (KL + ln 2) / ln(1/π_ref(E)): no policy with sequence KL {@code kl} puts more on E. */
  public double exploitBound(double kl) {
    return (kl + StrictMath.log(2)) / -StrictMath.log(referenceExploit);
  }

  /**
   * Q^π_β(s, t) for every prefix and token, by one backward pass over the prefix tree: the
   * proxy reward where t ends the text, else the value V^π_β of the longer prefix, which charges
   * each later token β log(π/π_ref).
   */
  public double[][] softActionValues(double[][] pi, double beta) {
    int prefixes = TinyLanguageModel.PREFIXES;
    double[][] q = new double[prefixes][TOKENS];
    double[] value = new double[prefixes];
    // Children are numbered after their parents: go from the last prefix back to the empty one.
    for (int s = prefixes - 1; s >= 0; s--) {
      double v = 0;
      for (int t = 0; t < TOKENS; t++) {
        int y = next[s][t];
        boolean ends = t == TinyLanguageModel.EOS || y >= prefixes;
        q[s][t] = ends ? proxy[y] : value[y]; // Q(s, t) = r(s + t) at the end, else V(s + t)
        if (pi[s][t] > 0) {
          // V(s) = Σ_t π(t|s) [Q(s, t) − β log(π(t|s)/π_ref(t|s))]
          v += pi[s][t] * (q[s][t] - beta * (StrictMath.log(pi[s][t]) - logReference[s][t]));
        }
      }
      value[s] = v;
    }
    return q;
  }

  /** The prefixes text y passes through, one per decision (do not modify). */
  int[] states(int text) {
    return states[text];
  }

  /** The tokens text y chooses, one per decision, end-of-text included (do not modify). */
  int[] tokens(int text) {
    return tokens[text];
  }

  /** The proxy reward of text y. */
  double proxy(int text) {
    return proxy[text];
  }

  /** log π_ref(t | s). */
  double logReference(int prefix, int token) {
    return logReference[prefix][token];
  }

  /** π_ref(· | s) for every prefix (do not modify). */
  double[][] referenceTable() {
    return reference;
  }

  /**
   * Draws {@code texts.length} texts from π, token by token, into {@code texts}, and writes the
   * batch means of k1, k2 and k3 of the whole texts (u = π_ref(y)/π(y)) into {@code kl}: three
   * estimates of the sequence KL.
   */
  void sampleBatch(double[][] pi, Rng rng, int[] texts, double[] kl) {
    int n = texts.length;
    kl[0] = kl[1] = kl[2] = 0;
    for (int i = 0; i < n; i++) {
      int s = 0;
      int y;
      while (true) {
        int t = LabStep.sample(pi[s], rng.nextDouble());
        y = next[s][t];
        if (t == TinyLanguageModel.EOS || y >= TinyLanguageModel.PREFIXES) {
          break; // the text ends
        }
        s = y;
      }
      texts[i] = y;
      double logPi = 0; // log π(y)
      double logRef = 0; // log π_ref(y)
      for (int d = 0; d < states[y].length; d++) {
        logPi += StrictMath.log(pi[states[y][d]][tokens[y][d]]);
        logRef += logReference[states[y][d]][tokens[y][d]];
      }
      kl[0] += KlEstimate.k1(logPi, logRef) / n;
      kl[1] += KlEstimate.k2(logPi, logRef) / n;
      kl[2] += KlEstimate.k3(logPi, logRef) / n;
    }
  }

  private static double expect(double[] law, double[] r) {
    double s = 0;
    for (int y = 0; y < law.length; y++) {
      s += law[y] * r[y];
    }
    return s;
  }
}
