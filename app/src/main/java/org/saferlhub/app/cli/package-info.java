/** The command line: serve, train, solve, evaluate and bench. */
@NullMarked
package org.saferlhub.app.cli;

import org.jspecify.annotations.NullMarked;
