package org.saferlhub.env.safety;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.saferlhub.config.ParameterException;

/**
 * An impact penalty: relative reachability (Krakovna, Orseau, Martic, Legg 2018, "Penalizing side
 * effects using stepwise relative reachability", arXiv:1806.01186), computed exactly on a small
 * deterministic gridworld.
 *
 * <p>In plain words: a side effect is something that takes options away. After every step we ask
 * which states of the world the agent could still reach, and how quickly, and compare that with
 * what it could have reached in a <i>baseline</i> state: what the world would look like had the
 * agent done something harmless instead. Every state it can no longer reach (or reach only more
 * slowly) costs a little; the cost is taken from the reward it sees.
 *
 * <p>The equations. The discounted reachability of state {@code y} from state {@code x} is
 * <pre>
 *   R(x; y) = gammaR ^ N(x, y)
 * </pre>
 * where {@code N(x, y)} is the fewest steps from {@code x} to {@code y} (so {@code R = 1} for
 * {@code y = x} and {@code R = 0} when {@code y} cannot be reached). The deviation of the current
 * state {@code s_t} from the baseline state {@code s'_t} is the reachability lost, averaged over
 * every state of the world:
 * <pre>
 *   d(s_t; s'_t) = (1 / |S|) · Σ_y max(R(s'_t; y) − R(s_t; y), 0)
 * </pre>
 * and the reward the agent sees on step {@code t} becomes
 * <pre>
 *   r'_t = r_t − beta · d(s_t; s'_t)
 * </pre>
 * Only reachability that is lost counts: a state the agent can reach and the baseline cannot is
 * no penalty (the "relative" in the name).
 *
 * <h2>Baselines</h2>
 * <ul>
 *   <li>{@link Baseline#START}: {@code s'_t = s_0}, the state the episode started in. Any change
 *       to the world counts, including changes that would have happened anyway (the belt moving).
 *   <li>{@link Baseline#INACTION}: {@code s'_t} is the state reached by doing nothing (the no-op)
 *       for {@code t} steps from {@code s_0}: the world left alone.
 *   <li>{@link Baseline#STEPWISE}: {@code s'_t} is the state reached by one no-op from the
 *       previous state {@code s_{t-1}}: only this step's own effect counts.
 * </ul>
 *
 * <h2>Exactly, on a model</h2>
 * The states are found by breadth-first search from the start, replaying each state's shortest
 * action sequence on a copy of the world (which must be deterministic), and {@code N} by a
 * breadth-first search from every state. A terminal state (the goal reached) has no successors,
 * so it reaches only itself; for that reason no penalty is charged on the step that ends an
 * episode, since the episode ending is not a side effect. Worlds of more than {@value
 * #MAX_STATES} reachable states are refused.
 */
public final class RelativeReachability {

  /** What the current state is compared with. */
  public enum Baseline {
    /** The episode's first state. */
    START("start"),
    /** Doing nothing from the first state for as many steps as the episode has taken. */
    INACTION("inaction"),
    /** Doing nothing for one step from the previous state. */
    STEPWISE("stepwise");

    private final String id;

    Baseline(String id) {
      this.id = id;
    }

    /** Its name in parameters: {@code start}, {@code inaction}, {@code stepwise}. */
    public String id() {
      return id;
    }

    /** The baseline called {@code id}. */
    public static Baseline of(String id) {
      for (Baseline b : values()) {
        if (b.id.equals(id)) {
          return b;
        }
      }
      throw new IllegalArgumentException("no baseline '" + id + "'");
    }
  }

  /** The most reachable states a world may have for the penalty to be computed. */
  public static final int MAX_STATES = 3000;

  /** The reachability discount {@code gammaR} used unless another is given. */
  public static final double DEFAULT_GAMMA_R = 0.95;

  private static final short UNREACHABLE = Short.MAX_VALUE;

  private final double beta;
  private final Baseline baseline;
  /** State index of the world → compact number, or −1 for a state that cannot occur. */
  private final int[] id;
  /** {@code next[i * actions + a]}: the compact state after action a in state i (i if terminal). */
  private final int[] next;
  private final int actions;
  private final int noop;
  /** {@code steps[i * n + j] = N(i, j)}, or {@link #UNREACHABLE}. */
  private final short[] steps;
  /** {@code gammaR ^ k} for k = 0 … the longest shortest path; 0 for unreachable. */
  private final double[] power;
  private final int n;
  /** {@code deviation[b][i] = d(i; b)}, filled on first use (NaN until then). */
  private final double[][] deviation;

  /** The baseline state of the current step, compact. */
  private int baselineState;

  private RelativeReachability(double beta, Baseline baseline, int[] id, int[] next, int actions,
      int noop, short[] steps, double[] power, int n) {
    this.beta = beta;
    this.baseline = baseline;
    this.id = id;
    this.next = next;
    this.actions = actions;
    this.noop = noop;
    this.steps = steps;
    this.power = power;
    this.n = n;
    this.deviation = new double[n][];
  }

  /**
   * Builds the penalty for a world by exploring {@code model}, a copy of it that is used for
   * nothing else.
   *
   * @param model a deterministic world, freshly made
   * @param beta the penalty's weight, at least 0
   * @param baseline what to compare with; the inaction baselines need a no-op action
   * @param gammaR the reachability discount, in (0, 1]
   * @throws ParameterException naming {@code penalty} when the world is random, has no no-op for
   *     an inaction baseline, or has more than {@value #MAX_STATES} states
   */
  public static RelativeReachability of(SafetyGridWorld model, double beta, Baseline baseline,
      double gammaR) {
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw new ParameterException("beta", "beta must be 0 or more, was " + beta);
    }
    if (!(gammaR > 0 && gammaR <= 1)) {
      throw new IllegalArgumentException("gammaR must be in (0, 1], was " + gammaR);
    }
    String world = model.spec().id();
    if (model.stochastic()) {
      throw new ParameterException("penalty", "the impact penalty is computed exactly on a "
          + "deterministic world; " + world + " draws random numbers");
    }
    int actions = model.actionCount();
    int noop = actions > SafetyGridWorld.NOOP ? SafetyGridWorld.NOOP : -1;
    if (baseline != Baseline.START && noop < 0) {
      throw new ParameterException("baseline", "the " + baseline.id() + " baseline needs a "
          + "no-op action, which " + world + " does not have; use start");
    }
    // 1. Every reachable state, by breadth-first search from the start, each reached again by
    //    replaying its shortest action sequence on the model.
    int[] id = new int[model.stateCount()];
    Arrays.fill(id, -1);
    List<int[]> paths = new ArrayList<>();
    List<Boolean> terminal = new ArrayList<>();
    int s0 = model.resetState(0);
    id[s0] = 0;
    paths.add(new int[0]);
    terminal.add(false);
    int[] nextGrowing = new int[64];
    for (int i = 0; i < paths.size(); i++) {
      int[] path = paths.get(i);
      for (int a = 0; a < actions; a++) {
        int s = model.resetState(0);
        for (int step : path) {
          s = model.stepState(step);
        }
        int target = i;
        if (!terminal.get(i)) {
          s = model.stepState(a);
          if (model.truncated() && !model.terminated()) {
            throw new ParameterException("penalty", world + " has states more than "
                + SafetyGridWorld.MAX_STEPS + " steps from the start; the penalty cannot be "
                + "computed exactly");
          }
          if (id[s] < 0) {
            if (paths.size() >= MAX_STATES) {
              throw new ParameterException("penalty", world + " has more than " + MAX_STATES
                  + " states; the impact penalty is computed exactly only on smaller worlds");
            }
            id[s] = paths.size();
            int[] longer = Arrays.copyOf(path, path.length + 1);
            longer[path.length] = a;
            paths.add(longer);
            terminal.add(model.terminated());
          }
          target = id[s];
        }
        if (i * actions + a >= nextGrowing.length) {
          nextGrowing = Arrays.copyOf(nextGrowing, nextGrowing.length * 2);
        }
        nextGrowing[i * actions + a] = target;
      }
    }
    int n = paths.size();
    int[] next = Arrays.copyOf(nextGrowing, n * actions);
    // 2. N(x, y) for every pair, by breadth-first search from every x.
    short[] steps = new short[n * n];
    Arrays.fill(steps, UNREACHABLE);
    int[] queue = new int[n];
    int longest = 0;
    for (int x = 0; x < n; x++) {
      int head = 0;
      int tail = 0;
      steps[x * n + x] = 0;
      queue[tail++] = x;
      while (head < tail) {
        int u = queue[head++];
        short d = steps[x * n + u];
        for (int a = 0; a < actions; a++) {
          int v = next[u * actions + a];
          if (steps[x * n + v] == UNREACHABLE) {
            steps[x * n + v] = (short) (d + 1);
            longest = Math.max(longest, d + 1);
            queue[tail++] = v;
          }
        }
      }
    }
    double[] power = new double[longest + 1];
    power[0] = 1;
    for (int k = 1; k <= longest; k++) {
      power[k] = power[k - 1] * gammaR; // by multiplication: the same bits in every browser
    }
    return new RelativeReachability(beta, baseline, id, next, actions, noop, steps, power, n);
  }

  /** How many states the world can reach from its start (the {@code |S|} of the average). */
  public int states() {
    return n;
  }

  /** How many state indices the world has (reachable or not): to check it fits a world. */
  int stateCount() {
    return id.length;
  }

  /** The penalty's weight {@code beta}. */
  public double beta() {
    return beta;
  }

  /** What the current state is compared with. */
  public Baseline baseline() {
    return baseline;
  }

  /** {@code R(x; y)} for two state indices of the world (0 when {@code y} is out of reach). */
  public double reachability(int x, int y) {
    return reach(compact(x), compact(y));
  }

  /** {@code d(s; baseline)} for two state indices of the world. */
  public double deviation(int state, int baselineState) {
    return deviationCompact(compact(state), compact(baselineState));
  }

  /** Starts an episode in state {@code s0} (a state index of the world). */
  void start(int s0) {
    baselineState = compact(s0);
  }

  /**
   * The penalty {@code beta · d(s_t; s'_t)} for the step from {@code previous} to {@code current}
   * (state indices of the world), moving the baseline on first; 0 on the step that ends the
   * episode.
   */
  double charge(int previous, int current, boolean ended) {
    switch (baseline) {
      case START -> { }
      case INACTION -> baselineState = next[baselineState * actions + noop];
      case STEPWISE -> baselineState = next[compact(previous) * actions + noop];
      default -> throw new IllegalStateException();
    }
    if (ended || beta == 0) {
      return 0;
    }
    return beta * deviationCompact(compact(current), baselineState);
  }

  private int compact(int state) {
    int c = state >= 0 && state < id.length ? id[state] : -1;
    if (c < 0) {
      throw new IllegalArgumentException("state " + state + " cannot be reached from the start");
    }
    return c;
  }

  private double reach(int x, int y) {
    short k = steps[x * n + y];
    return k == UNREACHABLE ? 0 : power[k];
  }

  /** d(s; b) = (1/|S|) Σ_y max(R(b; y) − R(s; y), 0), remembered per (b, s). */
  private double deviationCompact(int s, int b) {
    double[] row = deviation[b];
    if (row == null) {
      row = new double[n];
      Arrays.fill(row, Double.NaN);
      deviation[b] = row;
    }
    double d = row[s];
    if (Double.isNaN(d)) {
      d = lostReachability(s, b);
      row[s] = d;
    }
    return d;
  }

  // tex: R(x; y) = \gamma_r^{\,N(x, y)} \qquad d(s_t; s'_t) = \frac{1}{|S|} \sum_{y} \max\big(R(s'_t; y) - R(s_t; y),\ 0\big) \qquad r'_t = r_t - \beta\, d(s_t; s'_t)
  // words: For every state y of the world, compare how easily it can be reached from the baseline state and from the agent's state; add up only what the agent lost, and average over all states.
  // region update
  private double lostReachability(int s, int baseline) {
    double lost = 0;
    for (int y = 0; y < n; y++) {
      // R(s'_t; y) − R(s_t; y): how much easier y is to reach from the baseline than from s_t
      double difference = reach(baseline, y) - reach(s, y);
      lost += Math.max(difference, 0); // only reachability lost counts, never gained
    }
    return lost / n; // d(s_t; s'_t): the mean over all |S| states
  }
  // endregion
}
