/** Parameter checks whose errors name the field and its allowed range. */
@NullMarked
package org.saferlhub.config;

import org.jspecify.annotations.NullMarked;
