/** Tabular agents: one algorithm per file, each update written as its equation. */
@NullMarked
package org.saferlhub.agent.tabular;

import org.jspecify.annotations.NullMarked;
