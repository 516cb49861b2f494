/**
 * Rewards written by learners: a small, safe expression language over named facts about each
 * step ({@link org.saferlhub.reward.RewardExpression}), read once and evaluated every step
 * without allocating.
 */
@NullMarked
package org.saferlhub.reward;

import org.jspecify.annotations.NullMarked;
