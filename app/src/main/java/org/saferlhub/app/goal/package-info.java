/**
 * Goal misgeneralization (issue 15), for the CLI, the web API and the page's engine alike:
 * training an agent on procedurally generated levels and testing it where the goal moved
 * ({@link org.saferlhub.app.goal.GoalTraining}), the JSON API
 * ({@link org.saferlhub.app.goal.GoalApi}), the diversity experiment
 * ({@link org.saferlhub.app.goal.Diversity}) and the network file format
 * ({@link org.saferlhub.app.goal.PolicyFile}).
 */
@NullMarked
package org.saferlhub.app.goal;

import org.jspecify.annotations.NullMarked;
