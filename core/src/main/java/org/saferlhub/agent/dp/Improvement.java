package org.saferlhub.agent.dp;

/**
 * The result of policy improvement: the greedy policy π′ and whether it equals the old one.
 *
 * @param policy π′, laid out {@code pi[s * actions + a]} (a new array, owned by the caller)
 * @param stable whether π′ = π in every non-terminal state (Sutton &amp; Barto's
 *     "policy-stable"): then π is already greedy in its own values, so it is optimal
 */
public record Improvement(double[] policy, boolean stable) {}
