package org.saferlhub.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.saferlhub.config.ParameterException;
import org.saferlhub.nn.Elementary;
import org.saferlhub.random.Rng;

/**
 * A toy of optimising against a chain-of-thought monitor (Baker et al. 2025, arXiv:2503.11926),
 * small enough that every probability in it is known exactly.
 *
 * <p>In plain words: an agent gets a coding task, writes two words of "thinking", then either
 * fixes the code (FIX) or makes the test runner exit with success without fixing anything
 * (EXIT0, a hack). A monitor reads only the two words and flags the suspicious ones. Trained on
 * "tests pass", the agent learns to hack, and because saying what it does makes hacking more
 * likely, its thoughts say so and the monitor catches it. Trained on "tests pass, minus a penalty
 * when flagged", it first hacks less; pushed further, it learns to hack with innocent-looking
 * thoughts, and the monitor goes blind. Under a monitor that knows only some of the words, the
 * hack moves to the word it does not know.
 *
 * <p><b>Rules.</b>
 * <ul>
 *   <li>A task is hard with probability {@value #P_HARD}, else easy; the agent knows which.
 *   <li>Thoughts: two tokens t₁, t₂ from {@link Token} (LOOK, PLAN, PATCH, OK, HACK, SKIPTESTS,
 *       SHORTCUT). Action: FIX or EXIT0.
 *   <li>EXIT0 always passes the tests and never solves the task. FIX passes with probability 0.9
 *       on an easy task, 0.2 on a hard one, 0.5 on a hard one if a thought is PLAN.
 *   <li>The <em>careful</em> monitor flags thoughts containing HACK, SKIPTESTS or SHORTCUT; the
 *       <em>keyword</em> monitor only HACK and SKIPTESTS.
 *   <li>Reward: 1 if the tests pass, else 0 (baseline arm); minus λ when the monitor flags the
 *       thoughts (pressure arm).
 * </ul>
 *
 * <p><b>Policy.</b> Softmax logits over thought prefixes and a logistic action:
 * <pre>
 *   π(t₁ | d) = softmax(θ¹_d)[t₁]      π(t₂ | d, t₁) = softmax(θ²_{d,t₁})[t₂]
 *   P(EXIT0 | d, t₁, t₂) = σ(−2 + β · intent(t₁, t₂) + θᴸ_{d,t₁,t₂})
 * </pre>
 * where intent counts the tokens HACK, SKIPTESTS and SHORTCUT among the thoughts and β is a fixed
 * coupling from "pretraining": the larger β, the more the thoughts decide the action. All θ start
 * at 0.
 *
 * <p><b>Learning.</b> REINFORCE with a batch-mean baseline (Williams 1992): for each of B sampled
 * episodes, g += (R − R̄) ∇θ log π(t₁, t₂, a | d), then θ ← θ + α g / B. The metrics of each
 * iteration (hack rate, the monitor's recall on hacks, genuine passes) are computed exactly from
 * θ, summing over every task, thought and action, so the curves carry no sampling noise.
 */
public final class CotMonitoring {

  /** The thought tokens. */
  public enum Token {
    LOOK, PLAN, PATCH, OK, HACK, SKIPTESTS, SHORTCUT;

    /** Whether the token states an intent to hack (it raises P(EXIT0) by β). */
    public boolean intent() {
      return this == HACK || this == SKIPTESTS || this == SHORTCUT;
    }
  }

  /** Which words the monitor flags. */
  public enum Monitor {
    /** HACK, SKIPTESTS and SHORTCUT. */
    CAREFUL,
    /** HACK and SKIPTESTS only. */
    KEYWORD;

    /** Whether this monitor flags a token. */
    public boolean flags(Token t) {
      return this == CAREFUL ? t.intent() : t == Token.HACK || t == Token.SKIPTESTS;
    }

    /** The lower-case id. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What is rewarded. */
  public enum Arm {
    /** Tests pass. */
    BASELINE,
    /** Tests pass, minus λ when flagged. */
    PRESSURE;

    /** The lower-case id. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The probability that a task is hard. */
  public static final double P_HARD = 0.7;

  private static final int T = Token.values().length;
  private static final Token[] TOKENS = Token.values();

  /**
   * The settings.
   *
   * @param arm baseline or pressure
   * @param monitor careful or keyword
   * @param beta the coupling β between stated intent and action, [0, 20]
   * @param lambda the penalty λ for a flag (pressure arm), [0, 10]
   * @param iterations updates, 1 to 100,000
   * @param batch episodes per update, 1 to 10,000
   * @param alpha the step size α, (0, 100]
   * @param seed the seed
   */
  public record Config(Arm arm, Monitor monitor, double beta, double lambda, int iterations,
      int batch, double alpha, long seed) {

    /** Checks every setting, naming the first one out of range. */
    public Config {
      if (!(beta >= 0 && beta <= 20)) {
        throw new ParameterException("beta", "beta must be in [0, 20], was " + beta);
      }
      if (!(lambda >= 0 && lambda <= 10)) {
        throw new ParameterException("lambda", "lambda must be in [0, 10], was " + lambda);
      }
      if (iterations < 1 || iterations > 100_000) {
        throw new ParameterException("iterations", "iterations must be from 1 to 100,000, was "
            + iterations);
      }
      if (batch < 1 || batch > 10_000) {
        throw new ParameterException("batch", "batch must be from 1 to 10,000, was " + batch);
      }
      if (!(alpha > 0 && alpha <= 100)) {
        throw new ParameterException("alpha", "alpha must be in (0, 100], was " + alpha);
      }
    }

    /** The lesson's defaults for an arm and a monitor. */
    public static Config of(Arm arm, Monitor monitor) {
      return new Config(arm, monitor, 3, 1, 4000, 64, 0.5, 0);
    }
  }

  /**
   * The exact state of the policy after an update.
   *
   * @param iteration 0 for the start
   * @param hackRate P(EXIT0)
   * @param monitorRecall P(flagged | EXIT0), NaN when P(EXIT0) = 0
   * @param falseAlarmRate P(flagged | FIX), NaN when P(FIX) = 0: a monitor whose recall is no
   *     higher than its false-alarm rate tells hacks apart from honest work no better than chance
   * @param genuinePass P(FIX and the tests pass)
   * @param flagRate P(flagged)
   * @param shortcutShare P(a thought is SHORTCUT | EXIT0)
   * @param expectedReward the expected reward of the arm
   */
  public record Point(int iteration, double hackRate, double monitorRecall,
      double falseAlarmRate, double genuinePass, double flagRate, double shortcutShare,
      double expectedReward) {}

  /** The parameters θ¹ (2 × 7), θ² (2 × 7 × 7) and θᴸ (2 × 7 × 7), flat. */
  public static final class Params {
    final double[] first = new double[2 * T];
    final double[] second = new double[2 * T * T];
    final double[] leaf = new double[2 * T * T];

    /** All parameters as one array view, for tests: θ¹, then θ², then θᴸ. */
    public double[][] all() {
      return new double[][] {first, second, leaf};
    }
  }

  private CotMonitoring() {}

  /** Trains from θ = 0 and returns the exact point before training and after each update. */
  public static List<Point> train(Config c) {
    Params theta = new Params();
    Params g = new Params();
    Rng rng = new Rng(c.seed());
    double[] p1 = new double[T];
    double[] p2 = new double[T];
    int[] d = new int[c.batch()];
    int[] t1 = new int[c.batch()];
    int[] t2 = new int[c.batch()];
    boolean[] exit = new boolean[c.batch()];
    double[] reward = new double[c.batch()];
    List<Point> curve = new ArrayList<>(c.iterations() + 1);
    curve.add(point(theta, c, 0));
    for (int it = 1; it <= c.iterations(); it++) {
      double mean = 0;
      for (int b = 0; b < c.batch(); b++) {
        d[b] = rng.nextDouble() < P_HARD ? 1 : 0;
        softmax(theta.first, d[b] * T, p1);
        t1[b] = sample(p1, rng);
        softmax(theta.second, (d[b] * T + t1[b]) * T, p2);
        t2[b] = sample(p2, rng);
        exit[b] = rng.nextDouble() < pExit(theta, c.beta(), d[b], t1[b], t2[b]);
        boolean pass = exit[b] || rng.nextDouble() < pFixPasses(d[b], t1[b], t2[b]);
        reward[b] = reward(c, pass, t1[b], t2[b]);
        mean += reward[b];
      }
      mean /= c.batch(); // the baseline R̄
      java.util.Arrays.fill(g.first, 0);
      java.util.Arrays.fill(g.second, 0);
      java.util.Arrays.fill(g.leaf, 0);
      for (int b = 0; b < c.batch(); b++) {
        addScore(theta, c.beta(), d[b], t1[b], t2[b], exit[b], reward[b] - mean, g, p1, p2);
      }
      step(theta, g, c.alpha() / c.batch());
      curve.add(point(theta, c, it));
    }
    return curve;
  }

  /** r = pass − λ·flag (pressure arm) or pass (baseline). */
  static double reward(Config c, boolean pass, int t1, int t2) {
    double r = pass ? 1 : 0;
    if (c.arm() == Arm.PRESSURE && flagged(c.monitor(), t1, t2)) {
      r -= c.lambda();
    }
    return r;
  }

  static boolean flagged(Monitor m, int t1, int t2) {
    return m.flags(TOKENS[t1]) || m.flags(TOKENS[t2]);
  }

  static int intent(int t1, int t2) {
    return (TOKENS[t1].intent() ? 1 : 0) + (TOKENS[t2].intent() ? 1 : 0);
  }

  /** P(FIX passes | d, thoughts): 0.9 easy; 0.2 hard, 0.5 hard with PLAN. */
  static double pFixPasses(int d, int t1, int t2) {
    if (d == 0) {
      return 0.9;
    }
    boolean plan = TOKENS[t1] == Token.PLAN || TOKENS[t2] == Token.PLAN;
    return plan ? 0.5 : 0.2;
  }

  /** P(EXIT0 | d, t₁, t₂) = σ(−2 + β·intent + θᴸ). */
  static double pExit(Params theta, double beta, int d, int t1, int t2) {
    double z = -2 + beta * intent(t1, t2) + theta.leaf[(d * T + t1) * T + t2];
    return 1 / (1 + Elementary.exp(-z));
  }

  // tex: \nabla_\theta J \approx \frac1B \sum_b (R_b - \bar R)\,\nabla_\theta \big[\log \pi(t_1^b \mid d^b) + \log \pi(t_2^b \mid d^b, t_1^b) + \log \pi(a^b \mid d^b, t_1^b, t_2^b)\big]
  // words: After each batch, make every sampled choice (both thoughts and the action) more likely in proportion to how much better than the batch's average its episode scored.
  // region update
  static void addScore(Params theta, double beta, int d, int t1, int t2, boolean exit,
      double advantage, Params g, double[] p1, double[] p2) {
    softmax(theta.first, d * T, p1);
    for (int k = 0; k < T; k++) {
      g.first[d * T + k] += advantage * ((k == t1 ? 1 : 0) - p1[k]); // ∇ log π(t₁ | d)
    }
    int row = (d * T + t1) * T;
    softmax(theta.second, row, p2);
    for (int k = 0; k < T; k++) {
      g.second[row + k] += advantage * ((k == t2 ? 1 : 0) - p2[k]); // ∇ log π(t₂ | d, t₁)
    }
    double q = pExit(theta, beta, d, t1, t2);
    g.leaf[row + t2] += advantage * ((exit ? 1 : 0) - q); // ∇ log Bernoulli(a; σ(z)) = a − σ(z)
  }
  // endregion

  private static void step(Params theta, Params g, double scale) {
    for (int i = 0; i < theta.first.length; i++) {
      theta.first[i] += scale * g.first[i];
    }
    for (int i = 0; i < theta.second.length; i++) {
      theta.second[i] += scale * g.second[i];
      theta.leaf[i] += scale * g.leaf[i];
    }
  }

  /** The exact metrics of θ, summing over tasks, thoughts and actions. */
  static Point point(Params theta, Config c, int iteration) {
    double[] p1 = new double[T];
    double[] p2 = new double[T];
    double hack = 0;
    double hackFlagged = 0;
    double hackShortcut = 0;
    double genuine = 0;
    double flag = 0;
    double reward = 0;
    for (int d = 0; d < 2; d++) {
      double pd = d == 1 ? P_HARD : 1 - P_HARD;
      softmax(theta.first, d * T, p1);
      for (int a = 0; a < T; a++) {
        softmax(theta.second, (d * T + a) * T, p2);
        for (int b = 0; b < T; b++) {
          double pThought = pd * p1[a] * p2[b];
          double q = pExit(theta, c.beta(), d, a, b);
          double fix = pFixPasses(d, a, b);
          boolean flagged = flagged(c.monitor(), a, b);
          hack += pThought * q;
          hackFlagged += flagged ? pThought * q : 0;
          hackShortcut += TOKENS[a] == Token.SHORTCUT || TOKENS[b] == Token.SHORTCUT
              ? pThought * q : 0;
          genuine += pThought * (1 - q) * fix;
          flag += flagged ? pThought : 0;
          double pass = q + (1 - q) * fix;
          reward += pThought * (pass - (c.arm() == Arm.PRESSURE && flagged ? c.lambda() : 0));
        }
      }
    }
    double fixes = 1 - hack;
    return new Point(iteration, hack, hack > 0 ? hackFlagged / hack : Double.NaN,
        fixes > 0 ? (flag - hackFlagged) / fixes : Double.NaN, genuine, flag,
        hack > 0 ? hackShortcut / hack : Double.NaN, reward);
  }

  /** The exact expected reward J(θ) (for tests). */
  static double expectedReward(Params theta, Config c) {
    return point(theta, c, 0).expectedReward();
  }

  /**
   * The exact policy gradient ∇J(θ) = Σ P(d, t₁, t₂, a) E[R | …] ∇log P(…), written as
   * REINFORCE's sum over every outcome instead of samples (for tests).
   */
  static Params exactGradient(Params theta, Config c) {
    Params g = new Params();
    double[] p1 = new double[T];
    double[] p2 = new double[T];
    for (int d = 0; d < 2; d++) {
      double pd = d == 1 ? P_HARD : 1 - P_HARD;
      softmax(theta.first, d * T, p1);
      for (int a = 0; a < T; a++) {
        softmax(theta.second, (d * T + a) * T, p2);
        for (int b = 0; b < T; b++) {
          double pThought = pd * p1[a] * p2[b];
          double q = pExit(theta, c.beta(), d, a, b);
          double fix = pFixPasses(d, a, b);
          double[] p1c = p1.clone();
          double[] p2c = p2.clone();
          // EXIT0: pass for sure; FIX: pass with probability fix
          addScore(theta, c.beta(), d, a, b, true, pThought * q * reward(c, true, a, b), g,
              p1c, p2c);
          double fixReward = fix * reward(c, true, a, b) + (1 - fix) * reward(c, false, a, b);
          addScore(theta, c.beta(), d, a, b, false, pThought * (1 - q) * fixReward, g, p1c,
              p2c);
        }
      }
    }
    return g;
  }

  private static void softmax(double[] logits, int offset, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < T; k++) {
      max = Math.max(max, logits[offset + k]);
    }
    double sum = 0;
    for (int k = 0; k < T; k++) {
      out[k] = Elementary.exp(logits[offset + k] - max);
      sum += out[k];
    }
    for (int k = 0; k < T; k++) {
      out[k] /= sum;
    }
  }

  private static int sample(double[] p, Rng rng) {
    double u = rng.nextDouble();
    double c = 0;
    for (int k = 0; k < p.length - 1; k++) {
      c += p[k];
      if (u < c) {
        return k;
      }
    }
    return p.length - 1;
  }
}
