/**
 * Looking inside the learner's own agents (issue 16, part A): interventions on a trained
 * network's hidden activations through {@link org.saferlhub.nn.Mlp}'s hooks, starting with the
 * cheese vector ({@link org.saferlhub.interp.CheeseVector}).
 */
@NullMarked
package org.saferlhub.interp;

import org.jspecify.annotations.NullMarked;
