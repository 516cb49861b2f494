/** Spaces: the sets of valid observations and actions an environment declares and checks. */
@NullMarked
package org.saferlhub.space;

import org.jspecify.annotations.NullMarked;
