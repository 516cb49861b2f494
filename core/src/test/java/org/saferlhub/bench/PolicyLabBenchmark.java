package org.saferlhub.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.saferlhub.policy.Bandit;
import org.saferlhub.policy.KlPlacement;
import org.saferlhub.policy.LabStep;
import org.saferlhub.policy.NaturalPolicyGradient;
import org.saferlhub.policy.Ppo;
import org.saferlhub.policy.Tilt;

/**
 * The policy lab's budgets (issue 13): the exact tilt at 100 values of β on the burning building
 * (target: under 50 ms), and a whole 200-update NPG or PPO run with every update's metrics
 * (target: under a second on one core), each as milliseconds per operation.
 *
 * <pre>
 *   java -cp core/target/test-classes:core/target/classes:$(cat core/cp.txt) \
 *     org.openjdk.jmh.Main PolicyLabBenchmark -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PolicyLabBenchmark {

  private final Bandit building = Bandit.burningBuilding();

  /** The tilt at 100 β from 2 down to 0.02, evenly spaced on a log scale. */
  @Benchmark
  public double tilt100Betas() {
    double sum = 0;
    for (int i = 0; i < 100; i++) {
      double beta = 2 * StrictMath.pow(0.01, i / 99.0);
      sum += Tilt.at(building, beta).trueReward();
    }
    return sum;
  }

  /** 200 exact NPG updates with the anchor in the reward (β 0.1, η 0.5). */
  @Benchmark
  public List<LabStep> npg200Updates() {
    return NaturalPolicyGradient.run(building, new NaturalPolicyGradient.Config(0.5, 0.1, 200));
  }

  /** 200 PPO updates of 64 samples and 4 epochs each, k1 in the reward (β 0.1). */
  @Benchmark
  public List<LabStep> ppo200Updates() {
    return Ppo.run(building, new Ppo.Config(1.0, 64, 200, 4, 0.2, 0.1, KlPlacement.REWARD, 1));
  }
}
