/** The SafeRLHub application: web server, command line and lessons over the core engine. */
@NullMarked
package org.saferlhub.app;

import org.jspecify.annotations.NullMarked;
