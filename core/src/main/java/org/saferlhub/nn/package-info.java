/**
 * Function approximation for the engine (issue 15): a small multilayer perceptron on plain
 * arrays with a hand-written backward pass and activation hooks ({@link org.saferlhub.nn.Mlp}),
 * and the Adam optimiser ({@link org.saferlhub.nn.Adam}). No dependency: it runs where the engine
 * runs, in the browser too. Same seed, same network, bit for bit.
 */
@NullMarked
package org.saferlhub.nn;

import org.jspecify.annotations.NullMarked;
