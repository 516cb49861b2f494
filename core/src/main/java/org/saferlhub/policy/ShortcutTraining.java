package org.saferlhub.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Natural policy gradient (Kakade 2001) on the {@link GridShortcut}, with exact expectations and
 * the KL anchor in the reward: the tiny language model's run
 * ({@code NaturalPolicyGradient.run(TinyLanguageModel, Config)}) on the time-indexed states of
 * {@link ShortcutPolicy}, with the same settings ({@link NaturalPolicyGradient.Config}).
 *
 * <p>For tabular softmax the natural direction at state s is the action value Q^π(s, ·), up to a
 * constant per state (Agarwal et al. 2019, arXiv:1908.00261; γ = 1 here). With k1 in the reward
 * the value is the KL-regularised Q^π_β of the current policy ({@link
 * ShortcutPolicy#softActionValues}: the proxy per move, every later move charged
 * β log(π/π_ref)), computed exactly by one backward pass over the 12 moves:
 * <pre>
 *   θ_s ← θ_s + η (Q^π_β(s, ·) − β (θ_s − θ_ref,s))        for every state s = (t, cell)
 * </pre>
 * Its fixed point is θ_ref,s + Q_β(s, ·)/β: soft value iteration's optimum ({@link
 * ShortcutPolicy#optimum}). With ηβ = 1 each update is a soft policy-iteration step, exact at the
 * last move after one update and at the first after twelve. Without the anchor (β = 0) nothing
 * holds the policy back: it walks to the proxy's favourite route, through the vase, or the bug.
 *
 * <p>In plain words: every update looks, for each time and cell, at how much each move is worth
 * from there on, paid the proxy and charged for straying from the reference, and moves the
 * policy's logits by that, pulling them back towards the reference's in proportion to β.
 */
public final class ShortcutTraining {

  /**
   * A run on the grid.
   *
   * @param steps each update's metrics, from step 0 (the reference): {@code pi} is the occupancy
   *     d^π(c), the expected number of moves made from each of the 25 cells (it sums to the
   *     expected episode length, not to 1); {@code kl}, {@code klOldNew} and {@code klNewOld} are
   *     trajectory KLs; {@code entropy} the trajectory entropy; the exploit is entering the vase
   *     (or using the bug in the teleport variant); no batch is drawn, so k1, k2, k3, the clip
   *     fraction and the ratio deviation are NaN
   * @param measures the same updates measured in full, one per step, in the same order: beside
   *     the action KL, the occupancy divergences (KL and χ², over cells and over cell-action pairs)
   * @param policy the final policy, {@code policy[state][action]}
   */
  public record Run(List<LabStep> steps, List<ShortcutPolicy.Measures> measures,
      double[][] policy) {}

  private ShortcutTraining() {}

  /**
   * Runs {@code config.steps()} exact updates on the grid's proxy from the reference; the first
   * entry is step 0.
   */
  public static Run run(GridShortcut grid, NaturalPolicyGradient.Config config) {
    ShortcutPolicy lab = new ShortcutPolicy(grid);
    double[][] thetaRef = lab.referenceLogits();
    double[][] theta = lab.referenceLogits();
    double[][] pi = ShortcutPolicy.softmax(theta);
    List<LabStep> steps = new ArrayList<>();
    List<ShortcutPolicy.Measures> measures = new ArrayList<>();
    record(lab, 0, pi, pi, steps, measures);
    for (int t = 1; t <= config.steps(); t++) {
      double[][] q = lab.softActionValues(pi, config.beta()); // Q^π_β, by backward recursion
      for (int s = 0; s < theta.length; s++) {
        for (int a = 0; a < theta[s].length; a++) {
          // θ_s ← θ_s + η (Q^π_β(s, ·) − β (θ_s − θ_ref,s))
          double anchor = config.beta() * (theta[s][a] - thetaRef[s][a]);
          theta[s][a] += config.eta() * (q[s][a] - anchor);
        }
      }
      double[][] next = ShortcutPolicy.softmax(theta);
      record(lab, t, pi, next, steps, measures);
      pi = next;
    }
    return new Run(steps, measures, pi);
  }

  /** Measures the policy after an update and adds its step. */
  private static void record(ShortcutPolicy lab, int step, double[][] old, double[][] pi,
      List<LabStep> steps, List<ShortcutPolicy.Measures> measures) {
    ShortcutPolicy.Measures m = lab.measure(pi);
    double pe = lab.referenceExploit();
    steps.add(new LabStep(step, m.occupancy(), m.proxyReward(), m.trueReward(), m.kl(),
        Double.NaN, Double.NaN, Double.NaN, m.piExploit(),
        StrictMath.log(m.piExploit()) - StrictMath.log(pe), m.entropy(),
        lab.trajectoryKl(old, pi), lab.trajectoryKl(pi, old), lab.exploitBound(m.kl()),
        Double.NaN, Double.NaN));
    measures.add(m);
  }
}
