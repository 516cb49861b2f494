/** Grid worlds drawn as text: the map format, the environment and its exact model for DP. */
@NullMarked
package org.saferlhub.env.grid;

import org.jspecify.annotations.NullMarked;
