/** Dynamic programming on a known finite MDP: one algorithm per file, each written as its equation. */
@NullMarked
package org.saferlhub.agent.dp;

import org.jspecify.annotations.NullMarked;
