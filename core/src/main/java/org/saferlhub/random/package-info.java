/** The engine's own random numbers: SplitMix64 with every draw written out, the same on every platform. */
@NullMarked
package org.saferlhub.random;

import org.jspecify.annotations.NullMarked;
