/**
 * Agents on a small neural network ({@link org.saferlhub.nn.Mlp}), for procedurally generated
 * levels where a table cannot carry what was learned from one level to the next (issue 15):
 * {@link org.saferlhub.agent.neural.Ppo} (clipped surrogate, GAE, value head, entropy bonus,
 * minibatch epochs; with one epoch of one minibatch it is the simple mode, A2C: REINFORCE with a
 * learned baseline) on {@link org.saferlhub.agent.neural.PolicyNet}, the test that sorts episodes
 * into outcomes ({@link org.saferlhub.agent.neural.LevelTest}), and the tabular control arm.
 */
@NullMarked
package org.saferlhub.agent.neural;

import org.jspecify.annotations.NullMarked;
