package org.saferlhub.agent.dp;

/**
 * What solving an MDP, or evaluating a policy to convergence, gives.
 *
 * @param values V, indexed by state: V* when solving, V^π when evaluating
 * @param policy a policy greedy in {@code values} (ties share probability) when solving, the
 *     evaluated policy when evaluating; laid out {@code pi[s * actions + a]}
 * @param sweeps how many sweeps over the states were made (all evaluation sweeps, for policy
 *     iteration)
 * @param improvements how many times the policy was improved (policy iteration only, else 0)
 * @param converged whether the last sweep changed no value by θ or more (and, for policy
 *     iteration, the policy came out stable) before the sweep budget ran out
 */
public record Solution(
    double[] values, double[] policy, int sweeps, int improvements, boolean converged) {}
