/** The AI Safety Gridworlds in runs and reports: reward beside hidden performance. */
@NullMarked
package org.saferlhub.app.safety;

import org.jspecify.annotations.NullMarked;
