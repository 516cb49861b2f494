package org.saferlhub.train;

import org.saferlhub.agent.tabular.DynaQ;
import org.saferlhub.agent.tabular.SarsaLambda;
import org.saferlhub.agent.tabular.VanillaPolicyGradient;

/**
 * Hyperparameters only some algorithms use; the others ignore them. Each is declared, with its
 * range and default, in the file of the algorithm that reads it.
 *
 * @param lambda the trace-decay rate λ in [0, 1] of eligibility-trace methods
 *     ({@link SarsaLambda#LAMBDA})
 * @param planningSteps simulated updates per real step of Dyna-Q, 0 … 1,000
 *     ({@link DynaQ#PLANNING_STEPS})
 * @param batchSize episodes per update of batch policy-gradient methods, 1 … 1,000
 *     ({@link VanillaPolicyGradient#BATCH_SIZE})
 */
public record AgentOptions(double lambda, int planningSteps, int batchSize) {

  /** Checks the ranges, naming the fields. */
  public AgentOptions {
    SarsaLambda.LAMBDA.check(lambda);
    DynaQ.PLANNING_STEPS.check((long) planningSteps);
    VanillaPolicyGradient.BATCH_SIZE.check((long) batchSize);
  }

  /** λ and planning steps given, the default batch size. */
  public AgentOptions(double lambda, int planningSteps) {
    this(lambda, planningSteps, (int) VanillaPolicyGradient.BATCH_SIZE.defaultNumber());
  }

  /** The defaults each algorithm declares: λ = 0.9, 10 planning steps, batches of 10 episodes. */
  public static AgentOptions defaults() {
    return new AgentOptions(SarsaLambda.LAMBDA.defaultNumber(),
        (int) DynaQ.PLANNING_STEPS.defaultNumber(),
        (int) VanillaPolicyGradient.BATCH_SIZE.defaultNumber());
  }
}
