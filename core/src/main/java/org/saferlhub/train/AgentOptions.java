package org.saferlhub.train;

import org.saferlhub.agent.tabular.DynaQ;
import org.saferlhub.agent.tabular.SarsaLambda;

/**
 * Hyperparameters only some algorithms use; the others ignore them.
 *
 * @param lambda the trace-decay rate λ in [0, 1] of eligibility-trace methods
 * @param planningSteps simulated updates per real step of Dyna-Q, 0 … 1,000
 */
public record AgentOptions(double lambda, int planningSteps) {

  /** Checks the ranges, naming the fields {@code lambda} and {@code planningSteps}. */
  public AgentOptions {
    SarsaLambda.LAMBDA.check(lambda);
    DynaQ.PLANNING_STEPS.check((long) planningSteps);
  }

  /** λ = 0.9, 10 planning steps: the defaults {@link SarsaLambda#LAMBDA} and {@link DynaQ#PLANNING_STEPS} declare. */
  public static AgentOptions defaults() {
    return new AgentOptions(SarsaLambda.LAMBDA.defaultNumber(),
        (int) DynaQ.PLANNING_STEPS.defaultNumber());
  }
}
