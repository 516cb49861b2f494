/**
 * DeepMind's AI Safety Gridworlds (Leike et al. 2017, arXiv:1711.09883, code version 1.5), ported
 * one file per environment onto the shared mechanics of {@link SafetyGridWorld}: the board, moves
 * that stop at walls, the 100-step limit, the reward the agent sees and the hidden reward the
 * designer measures, and a state index covering everything that changes.
 */
@NullMarked
package org.saferlhub.env.safety;

import org.jspecify.annotations.NullMarked;
