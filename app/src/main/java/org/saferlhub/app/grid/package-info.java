/**
 * GridWorld for the web API and the command line: maps read from presets or text, JSON-ready
 * views of maps, values, policies and traces, dynamic-programming operations, training runs and
 * live learning sessions.
 */
@NullMarked
package org.saferlhub.app.grid;

import org.jspecify.annotations.NullMarked;
