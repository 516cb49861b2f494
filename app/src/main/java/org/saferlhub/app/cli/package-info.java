/** The command line: serve, train, solve, evaluate, bench, feedback and export-site. */
@NullMarked
package org.saferlhub.app.cli;

import org.jspecify.annotations.NullMarked;
