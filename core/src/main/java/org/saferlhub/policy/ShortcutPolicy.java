package org.saferlhub.policy;

import org.saferlhub.config.ParameterException;

/**
 * Policies on the {@link GridShortcut} and their exact evaluation. A policy is a table π[s][a] over
 * the time-indexed states s = (t, cell), t = 0 … 11 the number of moves made so far
 * ({@link #state(int, int)}: s = 25 t + cell, {@value #STATES} rows, 4 actions each), so the
 * finite-horizon problem is a tabular MDP whose optimum is exact: the reference is the same at
 * every t, π_ref(a | t, cell) = π_ref(a | cell). Rows of walls, of the goal and of states no
 * policy can reach are kept but never matter. Moves are deterministic, so a trajectory is a path
 * and everything below is a forward or a backward pass over 12 steps.
 *
 * <pre>
 *   d^π(t, c) = P_π(the agent makes a t-th move from cell c)       (reach; d(0, start) = 1)
 *   Σ_{t,c} d^π(t, c) = E_π[moves]                                  (the expected episode length)
 *   occupancy d^π(c) = Σ_t d^π(t, c), normalised d̄^π = d^π / E_π[moves]
 *   KL(π ‖ π_ref) = Σ_s d^π(s) KL(π(·|s) ‖ π_ref(·|s)) = E_π[Σ_t log π(a_t|s_t)/π_ref(a_t|s_t)]
 *   occupancy KL = KL(d̄^π ‖ d̄^ref),   occupancy χ² = Σ_c d̄^π(c)² / d̄^ref(c) − 1
 *   π(E) = P_π(the trajectory makes an exploit move)                (enters the vase, or uses the bug)
 *   π(E) ≤ (KL + ln 2) / ln(1/π_ref(E))                              (the KL price of the exploit)
 *   Q^π_β(s, a) = r(c, a) + V^π_β(t + 1, c')       (0 after the goal or the 12th move)
 *   V^π_β(s) = Σ_a π(a|s) [Q^π_β(s, a) − β log(π(a|s)/π_ref(a|s))]
 * </pre>
 *
 * <p>The proxy is a reward per move, so its expectation is Σ_s d^π(s) Σ_a π(a|s) r(c, a). The
 * truth charges the vase once, on its first entry, which the time-and-cell state does not record:
 * the forward pass that measures a policy ({@link #measure}) carries, beside each state's
 * probability, whether the vase is already broken and whether the bug was used, so the expected
 * truth, E_π[proxy] − 10 P_π(vase broken) − 20 E_π[bug uses], and π(E) are exact too.
 *
 * <p>In plain words: the policy may act differently at each time, as a finite-horizon optimum
 * must; the action KL charges every decision by how surprising it is to the reference, weighted by
 * how often the policy gets there, while the occupancy divergences compare where the two policies
 * spend their moves. They tell different stories. Entering the vase costs the action KL at most
 * ln 1000 = 6.9 nats per visit (no state's KL can exceed ln(1/min_a π_ref(a|s))), and the whole
 * shortcut, taken for certain, costs its route's surprisal, 9.68 nats. The occupancy χ² instead
 * grows like 1/p: the reference spends 2.8e-4 of its moves on the vase's cell, the shortcut a
 * quarter, and χ² goes from 0 to 517 over cells, 2692 over (cell, action) pairs (Laidlaw et al.
 * 2024 regularise it for that reason). The normalised occupancy KL grows less than the action KL
 * (3.9 nats), and the cell occupancy is nearly blind to the teleport, which jumps between two
 * cells the reference visits anyway (χ² 4.0 over cells; 2505 over (cell, action) pairs, where the
 * bug's action shows).
 */
public final class ShortcutPolicy {

  /** Time steps at which a move is chosen: 0 to 11. */
  public static final int HORIZON = GridShortcut.HORIZON;
  /** Rows of a policy table: one per time and cell. */
  public static final int STATES = HORIZON * GridShortcut.CELLS;
  private static final int ACTIONS = GridShortcut.ACTIONS;
  private static final int CELLS = GridShortcut.CELLS;

  /**
   * Everything about one policy, from one forward pass.
   *
   * @param occupancy d^π(c) for each of the 25 cells: the expected number of moves made from c
   * @param length E_π[moves], the sum of the occupancy
   * @param proxyReward E_π[proxy return]
   * @param trueReward E_π[true return]
   * @param piExploit π(E): the probability that the trajectory enters the vase (vase problem) or
   *     uses the bug (teleport variant)
   * @param vaseBroken P_π(the vase is entered)
   * @param bugUses E_π[uses of the bug] (0 without it)
   * @param kl the trajectory KL(π ‖ π_ref), nats
   * @param occupancyKl KL(d̄^π ‖ d̄^ref) of the normalised occupancies, nats
   * @param occupancyChiSquared χ²(d̄^π ‖ d̄^ref) = Σ_c d̄^π(c)²/d̄^ref(c) − 1
   * @param actionOccupancyKl the same KL over (cell, action) pairs, d^π(c, a) = Σ_t d^π(t, c)
   *     π(a | t, c), normalised by E_π[moves]: the occupancy measure Laidlaw et al. regularise
   * @param actionOccupancyChiSquared the same χ² over (cell, action) pairs
   * @param entropy the trajectory entropy Σ_s d^π(s) H(π(·|s)), nats
   */
  public record Measures(double[] occupancy, double length, double proxyReward,
      double trueReward, double piExploit, double vaseBroken, double bugUses, double kl,
      double occupancyKl, double occupancyChiSquared, double actionOccupancyKl,
      double actionOccupancyChiSquared, double entropy) {}

  /**
   * The exact optimum at one β.
   *
   * @param beta β
   * @param policy π*_β[s][a]
   * @param value V*(0, start) = max_π E_π[proxy] − β KL(π ‖ π_ref) = β log E_{π_ref} e^{R/β}
   * @param measures its measures
   */
  public record Optimum(double beta, double[][] policy, double value, Measures measures) {}

  private final GridShortcut grid;
  private final double[][] reference = new double[STATES][ACTIONS];
  private final double[][] logReference = new double[STATES][ACTIONS];
  private final double[] referenceOccupancy;
  private final double[] referenceActionOccupancy;
  private final double referenceLength;
  private final double referenceExploit;

  /** The grid's reference and its measures, tabulated once. */
  public ShortcutPolicy(GridShortcut grid) {
    this.grid = grid;
    for (int s = 0; s < STATES; s++) {
      for (int a = 0; a < ACTIONS; a++) {
        reference[s][a] = grid.reference(s % CELLS, a);
        logReference[s][a] = StrictMath.log(reference[s][a]);
      }
    }
    double[] reach = reach(reference);
    referenceOccupancy = new double[CELLS];
    referenceActionOccupancy = new double[CELLS * ACTIONS];
    double length = 0;
    for (int s = 0; s < STATES; s++) {
      referenceOccupancy[s % CELLS] += reach[s];
      for (int a = 0; a < ACTIONS; a++) {
        referenceActionOccupancy[s % CELLS * ACTIONS + a] += reach[s] * reference[s][a];
      }
      length += reach[s];
    }
    referenceLength = length;
    referenceExploit = forward(reference)[0];
  }

  /** The row of time t (moves made so far, 0 to 11) and cell c: 25 t + c. */
  public static int state(int t, int cell) {
    return t * CELLS + cell;
  }

  /** The grid. */
  public GridShortcut grid() {
    return grid;
  }

  /** π_ref(a | t, cell) = π_ref(a | cell) for every row: a fresh copy. */
  public double[][] reference() {
    double[][] pi = new double[STATES][];
    for (int s = 0; s < STATES; s++) {
      pi[s] = reference[s].clone();
    }
    return pi;
  }

  /** θ_ref = log π_ref for every row: a fresh copy. */
  public double[][] referenceLogits() {
    double[][] theta = new double[STATES][];
    for (int s = 0; s < STATES; s++) {
      theta[s] = logReference[s].clone();
    }
    return theta;
  }

  /** softmax(θ[s]) for every row, each with log-sum-exp. */
  public static double[][] softmax(double[][] theta) {
    return TokenPolicy.softmax(theta);
  }

  /**
   * d^π(t, c) for every row: the probability that the agent makes its t-th move (counting from
   * 0) from cell c, that is, has not reached the goal in its first t moves and stands on c.
   */
  public double[] reach(double[][] pi) {
    check(pi);
    double[] d = new double[STATES];
    d[state(0, grid.start())] = 1;
    for (int t = 0; t + 1 < HORIZON; t++) {
      for (int c = 0; c < CELLS; c++) {
        double m = d[state(t, c)];
        if (m == 0) {
          continue;
        }
        for (int a = 0; a < ACTIONS; a++) {
          int to = grid.next(c, a);
          if (to != grid.goal()) {
            d[state(t + 1, to)] += m * pi[state(t, c)][a]; // d(t+1, c') += d(t, c) π(a | t, c)
          }
        }
      }
    }
    return d;
  }

  /** d^ref(c), the reference's expected moves from each cell: a fresh copy. */
  public double[] referenceOccupancy() {
    return referenceOccupancy.clone();
  }

  /** π_ref(E), the probability that the reference takes the exploit. */
  public double referenceExploit() {
    return referenceExploit;
  }

  /** (KL + ln 2) / ln(1/π_ref(E)): no policy with trajectory KL {@code kl} puts more on E. */
  public double exploitBound(double kl) {
    return (kl + StrictMath.log(2)) / -StrictMath.log(referenceExploit);
  }

  /**
   * The trajectory KL(π ‖ σ) = Σ_s d^π(s) KL(π(·|s) ‖ σ(·|s)) of two policies, nats: the
   * per-move KLs summed along π's trajectories.
   */
  public double trajectoryKl(double[][] pi, double[][] sigma) {
    double[] d = reach(pi);
    double kl = 0;
    for (int s = 0; s < STATES; s++) {
      if (d[s] > 0) {
        kl += d[s] * LabStep.kl(pi[s], sigma[s]);
      }
    }
    return Math.max(kl, 0);
  }

  /** All the measures of one policy. */
  public Measures measure(double[][] pi) {
    double[] f = forward(pi);
    double[] d = reach(pi);
    double[] occupancy = new double[CELLS];
    double[] actionOccupancy = new double[CELLS * ACTIONS];
    double length = 0;
    double kl = 0;
    double entropy = 0;
    for (int s = 0; s < STATES; s++) {
      if (d[s] > 0) {
        occupancy[s % CELLS] += d[s];
        for (int a = 0; a < ACTIONS; a++) {
          actionOccupancy[s % CELLS * ACTIONS + a] += d[s] * pi[s][a];
        }
        length += d[s];
        kl += d[s] * LabStep.kl(pi[s], reference[s]);
        entropy += d[s] * TokenPolicy.entropy(pi[s]);
      }
    }
    double[] cells = divergences(occupancy, length, referenceOccupancy, referenceLength);
    double[] pairs = divergences(actionOccupancy, length, referenceActionOccupancy,
        referenceLength);
    double proxy = f[3];
    double truth = proxy - GridShortcut.VASE_PENALTY * f[1] - GridShortcut.BUG_PENALTY * f[2];
    return new Measures(occupancy, length, proxy, truth, f[0], f[1], f[2], Math.max(kl, 0),
        cells[0], cells[1], pairs[0], pairs[1], entropy);
  }

  /** {KL, χ²} of two occupancies, each divided by its total first. */
  private static double[] divergences(double[] d, double length, double[] ref, double refLength) {
    double kl = 0;
    double chiSquared = -1;
    for (int i = 0; i < d.length; i++) {
      double p = d[i] / length;
      double q = ref[i] / refLength;
      if (p > 0) {
        kl += p * (StrictMath.log(p) - StrictMath.log(q)); // d̄ log(d̄ / d̄_ref)
        chiSquared += p * p / q; // Σ d̄² / d̄_ref − 1
      }
    }
    return new double[] {Math.max(kl, 0), Math.max(chiSquared, 0)};
  }

  /**
   * Q^π_β(s, a) for every row and action, by one backward pass over time: the move's proxy reward
   * plus the value V^π_β of where it leads, which charges every later move β log(π/π_ref).
   */
  public double[][] softActionValues(double[][] pi, double beta) {
    check(pi);
    double[][] q = new double[STATES][ACTIONS];
    double[] value = new double[STATES];
    for (int t = HORIZON - 1; t >= 0; t--) {
      for (int c = 0; c < CELLS; c++) {
        int s = state(t, c);
        double v = 0;
        for (int a = 0; a < ACTIONS; a++) {
          q[s][a] = grid.proxy(c, a) + later(value, t, grid.next(c, a)); // r + V(t+1, c')
          if (pi[s][a] > 0) {
            // V(s) = Σ_a π(a|s) [Q(s, a) − β log(π(a|s)/π_ref(a|s))]
            v += pi[s][a] * (q[s][a] - beta * (StrictMath.log(pi[s][a]) - logReference[s][a]));
          }
        }
        value[s] = v;
      }
    }
    return q;
  }

  /**
   * The exact optimum of E_π[proxy] − β KL(π ‖ π_ref): soft value iteration with the reference as
   * prior (Geist, Scherrer, Pietquin 2019), backwards from the last move.
   *
   * <pre>
   *   Q(t, c, a) = r(c, a) + V(t + 1, c')          (V = 0 after the goal or the 12th move)
   *   V(t, c) = β log Σ_a π_ref(a|c) exp(Q(t, c, a) / β)
   *   π*(a | t, c) = π_ref(a|c) exp((Q(t, c, a) − V(t, c)) / β)
   * </pre>
   *
   * Moves are deterministic, so the law this gives a whole trajectory τ is π_ref(τ) e^{R(τ)/β}/Z,
   * the bandit's tilt over trajectories, and V(0, start) = β log Z.
   *
   * @throws ParameterException naming {@code beta} unless it is more than 0 and finite
   */
  public Optimum optimum(double beta) {
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new ParameterException("beta", "beta must be more than 0, was " + beta);
    }
    double[][] pi = new double[STATES][ACTIONS];
    double[] value = new double[STATES];
    double[] q = new double[ACTIONS];
    for (int t = HORIZON - 1; t >= 0; t--) {
      for (int c = 0; c < CELLS; c++) {
        int s = state(t, c);
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < ACTIONS; a++) {
          q[a] = grid.proxy(c, a) + later(value, t, grid.next(c, a));
          max = Math.max(max, logReference[s][a] + q[a] / beta);
        }
        double z = 0;
        for (int a = 0; a < ACTIONS; a++) {
          z += StrictMath.exp(logReference[s][a] + q[a] / beta - max);
        }
        value[s] = beta * (max + StrictMath.log(z)); // β log Σ_a π_ref e^{Q/β}, log-sum-exp
        for (int a = 0; a < ACTIONS; a++) {
          pi[s][a] = StrictMath.exp(logReference[s][a] + (q[a] - value[s]) / beta);
        }
      }
    }
    return new Optimum(beta, pi, value[state(0, grid.start())], measure(pi));
  }

  /**
   * The predicted threshold of policy-lab.md, section 6C: the exploit is taken once the proxy it
   * gains over the demonstrations' route exceeds β Σ ln(1/p_dev), summed over the exploit route's
   * deviating moves (those the reference takes with probability below 1/2), so at
   * <pre>
   *   β_pred = (R(exploit route) − R(demonstrated route)) / Σ_dev ln(1/π_ref(a | c))
   * </pre>
   * = 6 / (ln 1000 + 2 ln 4) = 0.62 for the vase, 8 / ln 1000 = 1.16 for the bug.
   */
  public double predictedBeta() {
    String route = grid.exploitRoute();
    double surprisal = 0;
    int c = grid.start();
    for (int i = 0; i < route.length(); i++) {
      int a = GridShortcut.ACTION_LETTERS.indexOf(route.charAt(i));
      if (grid.reference(c, a) < 0.5) {
        surprisal -= StrictMath.log(grid.reference(c, a));
      }
      c = grid.next(c, a);
    }
    double gain = grid.play(route).proxyReturn()
        - grid.play(grid.demonstrations().get(0)).proxyReturn();
    return gain / surprisal;
  }

  /**
   * The β at which the exact optimum puts one half on the exploit, π*_β(E) = 1/2, by bisection on
   * log β over [0.01, 100]: 0.6353 for the vase, 1.1591 for the bug. π*_β(E) is above 1/2 below
   * that β and below 1/2 above it, though not monotone: on the vase it dips to 9.6e-4 near β = 8
   * (a strong anchor still steers away from stumbling into the vase) before it returns to
   * π_ref(E) = 1.33e-3 as β grows without bound.
   */
  public double majorityBeta() {
    double lo = StrictMath.log(0.01);
    double hi = StrictMath.log(100);
    for (int i = 0; i < 100; i++) {
      double mid = 0.5 * (lo + hi);
      if (optimum(StrictMath.exp(mid)).measures().piExploit() > 0.5) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return StrictMath.exp(0.5 * (lo + hi));
  }

  /** V(t + 1, c'), or 0 when the move entered the goal or was the last. */
  private double later(double[] value, int t, int to) {
    return to == grid.goal() || t + 1 == HORIZON ? 0 : value[state(t + 1, to)];
  }

  /**
   * One forward pass over (time, cell, vase broken, bug used): {π(E), P(vase broken),
   * E[bug uses], E[proxy]}.
   */
  private double[] forward(double[][] pi) {
    check(pi);
    double[][] mass = new double[CELLS][4]; // [cell][flags]: bit 0 vase broken, bit 1 bug used
    mass[grid.start()][0] = 1;
    double exploit = 0;
    double broken = 0;
    double uses = 0;
    double proxy = 0;
    for (int t = 0; t < HORIZON; t++) {
      double[][] after = new double[CELLS][4];
      for (int c = 0; c < CELLS; c++) {
        for (int f = 0; f < 4; f++) {
          double m = mass[c][f];
          if (m == 0) {
            continue;
          }
          for (int a = 0; a < ACTIONS; a++) {
            double p = m * pi[state(t, c)][a];
            int flags = f;
            proxy += p * grid.proxy(c, a);
            if (grid.entersVase(c, a) && (f & 1) == 0) {
              broken += p;
              flags |= 1;
            }
            if (grid.isBug(c, a)) {
              uses += p;
              flags |= 2;
            }
            boolean before = grid.hasTeleport() ? (f & 2) != 0 : (f & 1) != 0;
            if (!before && grid.isExploit(c, a)) {
              exploit += p;
            }
            int to = grid.next(c, a);
            if (to != grid.goal()) {
              after[to][flags] += p;
            }
          }
        }
      }
      mass = after;
    }
    return new double[] {exploit, broken, uses, proxy};
  }

  private static void check(double[][] pi) {
    if (pi.length != STATES) {
      throw new ParameterException("policy", "policy must have " + STATES + " rows (12 times × "
          + "25 cells), had " + pi.length);
    }
  }
}
