/** Training-run configuration as users write it, shared by the CLI and the web API. */
@NullMarked
package org.saferlhub.app.run;

import org.jspecify.annotations.NullMarked;
