/**
 * The policy-optimization lab (issue 13): problems with a known-good reference policy
 * ({@link org.saferlhub.policy.Bandit}: the burning building, or any bandit a user defines), the
 * exact optimum of the KL-regularised objective ({@link org.saferlhub.policy.Tilt}; for the
 * {@link org.saferlhub.policy.TinyLanguageModel}, {@link org.saferlhub.policy.SoftValueIteration}),
 * and the policy-optimization algorithms that approach it, one file each: natural policy gradient,
 * TRPO, REINFORCE, PPO, GRPO, DPO and best-of-n.
 */
@NullMarked
package org.saferlhub.policy;

import org.jspecify.annotations.NullMarked;
