package org.saferlhub.train;

import org.saferlhub.config.Check;

/**
 * Hyperparameters only some algorithms use; the others ignore them.
 *
 * @param lambda the trace-decay rate λ in [0, 1] of eligibility-trace methods
 * @param planningSteps simulated updates per real step of Dyna-Q, 0 … 1,000
 */
public record AgentOptions(double lambda, int planningSteps) {

  /** Checks the ranges, naming the fields {@code lambda} and {@code planningSteps}. */
  public AgentOptions {
    Check.range("lambda", lambda, 0, false, 1, false);
    Check.range("planningSteps", planningSteps, 0, 1_000);
  }

  /** λ = 0.9, 10 planning steps. */
  public static AgentOptions defaults() {
    return new AgentOptions(0.9, 10);
  }
}
