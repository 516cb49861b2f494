/** The environment contract (Gymnasium's, in Java idioms) and the environment registry. */
@NullMarked
package org.saferlhub.env;

import org.jspecify.annotations.NullMarked;
