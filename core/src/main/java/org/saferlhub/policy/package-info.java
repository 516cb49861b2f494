/**
 * The policy-optimization lab (issue 13): problems with a known-good reference policy
 * ({@link org.saferlhub.policy.Bandit}: the burning building, or any bandit a user defines; its
 * reference fitted to demonstrations by {@link org.saferlhub.policy.BehaviourCloning}), the exact
 * optimum of the KL-regularised objective ({@link org.saferlhub.policy.Tilt}; for the
 * {@link org.saferlhub.policy.TinyLanguageModel}, {@link org.saferlhub.policy.SoftValueIteration}),
 * and the policy-optimization algorithms that approach it, one file each: natural policy gradient,
 * TRPO, REINFORCE, actor-critic with GAE(λ), PPO, GRPO, DPO and best-of-n.
 *
 * <p>Each algorithm's {@code run(Bandit, Config)} returns one {@link org.saferlhub.policy.LabStep}
 * per update. Natural policy gradient, TRPO, REINFORCE, actor-critic, PPO and DPO also train token
 * policies on the tiny language model: {@code run(TinyLanguageModel, Config)} in the same file,
 * with the same settings (GRPO: {@code run(TinyLanguageModel, double[] reward, Config)}, a reward
 * per text, as its bandit version takes one per action), returns a
 * {@link org.saferlhub.policy.TokenPolicy.Run} (the steps, each describing the law of the 341
 * texts, and the final token policy); {@link org.saferlhub.policy.TokenPolicy} evaluates token
 * policies exactly, and {@code BestOfN.textLaw} gives best-of-n's law of texts. PPO's adaptive variants ({@code Ppo.runKlPenalty},
 * {@code Ppo.runKlController}) return a {@link org.saferlhub.policy.Ppo.Run}: the steps and the β
 * in force after each.
 *
 * <p>Reading a run: {@link org.saferlhub.policy.EarlyWarnings} finds in its steps when the true
 * reward collapsed and when each early-warning signal fired; {@link
 * org.saferlhub.policy.OveroptimizationFit} fits Gao et al.'s curves of true reward against
 * √KL(π ‖ π_ref).
 *
 * <p>The gridworld shortcut (issue 14, policy-lab.md section 6C): {@link
 * org.saferlhub.policy.GridShortcut} is a 5×5 grid whose short way to the goal breaks a vase that
 * the 249 demonstrations walk around (the reference, cloned from them, steps into it one time in a
 * thousand), with a variant whose rare action at the start teleports the agent next to the goal.
 * {@link org.saferlhub.policy.ShortcutPolicy} evaluates time-indexed policies on it exactly (the
 * proxy and the truth, π(exploit), the trajectory KL beside the occupancy KL and χ²) and gives the
 * optimum by soft value iteration; {@link org.saferlhub.policy.ShortcutTraining} runs the anchored
 * natural policy gradient on it ({@code run(GridShortcut, NaturalPolicyGradient.Config)}), its
 * steps' {@code pi} being the occupancy of the 25 cells.
 */
@NullMarked
package org.saferlhub.policy;

import org.jspecify.annotations.NullMarked;
