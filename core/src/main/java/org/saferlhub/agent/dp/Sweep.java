package org.saferlhub.agent.dp;

/**
 * The result of one sweep over every state: V_{k+1} and how far it moved from V_k.
 *
 * @param values V_{k+1}, indexed by state (a new array, owned by the caller)
 * @param maxChange Δ = max_s |V_{k+1}(s) − V_k(s)|
 */
public record Sweep(double[] values, double maxChange) {}
