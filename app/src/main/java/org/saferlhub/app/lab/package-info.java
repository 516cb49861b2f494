/**
 * The policy-optimization lab's runs as the CLI (and later the web) ask for them: the problem,
 * the algorithm and its settings in, the final policy and every update's metrics out.
 */
@NullMarked
package org.saferlhub.app.lab;

import org.jspecify.annotations.NullMarked;
