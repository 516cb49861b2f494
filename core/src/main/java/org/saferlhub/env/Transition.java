package org.saferlhub.env;

/**
 * One outcome of taking an action in a state of a {@link FiniteMdp}: the term
 * {@code p(s′, r | s, a)} of the dynamics.
 *
 * @param probability p(s′, r | s, a), in (0, 1]
 * @param next the next state s′
 * @param reward the reward r
 * @param terminal whether s′ is terminal (the episode ends there, so it is worth 0)
 */
public record Transition(double probability, int next, double reward, boolean terminal) {}
