/** SafeRLHub's RL engine: the {@link org.saferlhub.Rl} facade. */
@NullMarked
package org.saferlhub;

import org.jspecify.annotations.NullMarked;
