/**
 * Procedurally generated levels for goal misgeneralization (issue 15): every episode is a new
 * level drawn from a training or a test distribution, and the agent sees it as board planes
 * ({@code Box}) through a small neural network. {@link org.saferlhub.env.procgen.LevelEnv} is the
 * contract, with an allocation-free path for training loops beside Gymnasium's
 * {@code reset}/{@code step}; {@link org.saferlhub.env.procgen.CheeseCorner} is Langosco et al.'s
 * maze with the cheese in the corner.
 */
@NullMarked
package org.saferlhub.env.procgen;

import org.jspecify.annotations.NullMarked;
