package org.saferlhub.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Natural policy gradient (Kakade 2001) on a bandit or the tiny language model, with exact
 * expectations, optionally anchored to the reference policy by a KL penalty in the reward.
 *
 * <p>In plain words: an ordinary gradient step on softmax logits moves a rare action's logit by
 * its tiny probability times its advantage, so outcome pumps are found slowly. The natural
 * gradient rescales by the Fisher information, the policy's own measure of distance, and moves
 * every logit by its advantage alone: rare or not.
 *
 * <p>For a softmax bandit the Fisher matrix is {@code F = diag π − π πᵀ} and the vanilla gradient
 * of the objective is {@code ∇J = π ⊙ (r_β − E_π r_β)}, so the natural direction is
 * {@code F†∇J = r_β − E_π r_β} (up to adding the same number to every logit, which changes
 * nothing). With the penalty in the reward, {@code r_β(a) = r(a) − β log(π(a)/π_ref(a))}
 * (k1 in the reward, as TRL's PPO puts it), the update of the logits θ is
 * <pre>
 *   θ ← θ + η (r − β (θ − θ_ref))        (θ_ref = log π_ref; constants dropped)
 * </pre>
 * Without the anchor (β = 0), after T steps from the reference, π_T = π_ref e^{ηT r}/Z: exactly
 * the tilt with β = 1/(ηT). With it, the fixed point is θ_ref + r/β: the tilt at β, reached in one
 * step when ηβ = 1 (policy-lab.md, section 2).
 *
 * <p><b>On the tiny language model</b> ({@link #run(TinyLanguageModel, Config)}) the policy is a
 * softmax per prefix, and for tabular softmax the natural direction at prefix s is the action
 * value Q^π(s, ·) (Agarwal et al. 2019, arXiv:1908.00261; γ = 1 here, and constants per prefix
 * change nothing). With k1 in the reward, the value is the KL-regularised Q^π_β of the current
 * policy ({@link TokenPolicy#softActionValues}: the text's proxy reward at its end, each later
 * token charged β log(π/π_ref)), computed exactly over the prefix tree:
 * <pre>
 *   θ_s ← θ_s + η (Q^π_β(s, ·) − β (θ_s − θ_ref,s))        for every prefix s
 * </pre>
 * Its fixed point is θ_ref,s + Q_β(s, ·)/β, π(t|s) ∝ π_ref(t|s) e^{Q_β(s,t)/β}: soft value
 * iteration's optimum ({@link SoftValueIteration#solve}). With ηβ = 1 each update is a soft
 * policy-iteration step, exact on prefixes of length 3 after one update and on the empty prefix
 * after four.
 */
public final class NaturalPolicyGradient {

  /**
   * The run's settings.
   *
   * @param eta the step size η, in (0, 100]
   * @param beta the anchor's weight β, 0 (none) to 100
   * @param steps how many updates, 1 to 100,000
   */
  public record Config(double eta, double beta, int steps) {

    /** Checks the ranges, naming the field. */
    public Config {
      Limits.lr(eta);
      Limits.beta(beta);
      Limits.steps(steps);
    }
  }

  private NaturalPolicyGradient() {}

  /** Runs {@code config.steps()} exact updates from the reference; the first entry is step 0. */
  public static List<LabStep> run(Bandit bandit, Config config) {
    int k = bandit.size();
    double[] thetaRef = LabStep.referenceLogits(bandit);
    double[] theta = thetaRef.clone();
    double[] pi = LabStep.softmax(theta);
    List<LabStep> out = new ArrayList<>();
    out.add(LabStep.exact(bandit, 0, pi, pi));
    // tex: F = \operatorname{diag}\pi - \pi\pi^\top, \qquad F^{\dagger}\nabla_\theta\big(\mathbb{E}_\pi r - \beta\,\mathrm{KL}(\pi \,\|\, \pi_{\text{ref}})\big) = r - \beta(\theta - \theta_{\text{ref}}) + \text{const}
    // tex: \theta \leftarrow \theta + \eta\,\big(r - \beta\,(\theta - \theta_{\text{ref}})\big)
    // words: Measured by the policy's own yardstick, the best direction moves every action's logit by its reward, rare or not, minus β times how far the logit has already moved from the base model's.
    for (int t = 1; t <= config.steps(); t++) {
      // region update
      for (int a = 0; a < k; a++) {
        // θ ← θ + η (r − β (θ − θ_ref)): the natural gradient of E r − β KL(π ‖ π_ref)
        double anchor = config.beta() * (theta[a] - thetaRef[a]);
        theta[a] += config.eta() * (bandit.proxy()[a] - anchor);
      }
      // endregion
      double[] next = LabStep.softmax(theta);
      out.add(LabStep.exact(bandit, t, pi, next));
      pi = next;
    }
    return out;
  }

  /**
   * Runs {@code config.steps()} exact updates on the tiny language model's proxy from the
   * reference; the first entry is step 0.
   */
  public static TokenPolicy.Run run(TinyLanguageModel model, Config config) {
    TokenPolicy lm = new TokenPolicy(model);
    double[][] thetaRef = lm.referenceLogits();
    double[][] theta = lm.referenceLogits();
    double[][] pi = TokenPolicy.softmax(theta);
    List<LabStep> out = new ArrayList<>();
    out.add(LabStep.exact(lm, 0, pi, pi));
    for (int t = 1; t <= config.steps(); t++) {
      double[][] q = lm.softActionValues(pi, config.beta()); // Q^π_β, by backward recursion
      for (int s = 0; s < theta.length; s++) {
        for (int a = 0; a < theta[s].length; a++) {
          // θ_s ← θ_s + η (Q^π_β(s, ·) − β (θ_s − θ_ref,s))
          double anchor = config.beta() * (theta[s][a] - thetaRef[s][a]);
          theta[s][a] += config.eta() * (q[s][a] - anchor);
        }
      }
      double[][] next = TokenPolicy.softmax(theta);
      out.add(LabStep.exact(lm, t, pi, next));
      pi = next;
    }
    return new TokenPolicy.Run(out, pi);
  }
}
