/** Training runs: configuration, the training loop, listeners and results. */
@NullMarked
package org.saferlhub.train;

import org.jspecify.annotations.NullMarked;
