/**
 * Procedurally generated levels for goal misgeneralization (issue 15): every episode is a new
 * level drawn from a training or a test distribution, and the agent sees it as board planes
 * ({@code Box}) through a small neural network. {@link org.saferlhub.env.procgen.LevelEnv} is the
 * contract, with an allocation-free path for training loops beside Gymnasium's
 * {@code reset}/{@code step}. Three families, after Langosco et al.'s experiments:
 * {@link org.saferlhub.env.procgen.CheeseCorner}, the maze with the cheese in the corner;
 * {@link org.saferlhub.env.procgen.CoinAtEnd}, a CoinRun-like corridor whose coin waits at the
 * end in training and is moved in the test; and {@link org.saferlhub.env.procgen.KeysAndChests},
 * keys scarce and chests many in training, the other way round in the test.
 */
@NullMarked
package org.saferlhub.env.procgen;

import org.jspecify.annotations.NullMarked;
