package org.saferlhub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.saferlhub.agent.neural.PolicyNet;
import org.saferlhub.agent.neural.Ppo;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.env.procgen.LevelEnv;
import org.saferlhub.env.procgen.View;
import org.saferlhub.nn.Mlp;

/**
 * Goal misgeneralization's budgets (issue 15): one cheese-in-the-corner PPO agent of 300,000
 * steps (target: under 10 s on one core) and of 800,000 steps (under 20 s), in seconds per run;
 * and one forward and backward pass of the default network on an egocentric observation, in
 * microseconds, for the sparse-input speed.
 *
 * <pre>
 *   java -cp core/target/test-classes:core/target/classes:$(cat core/cp.txt) \
 *     org.openjdk.jmh.Main GoalBenchmark -wi 1 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
public class GoalBenchmark {

  @Param({"300000", "800000"})
  public long steps;

  @Param({"egocentric"})
  public String view;

  private double[] x;
  private Mlp net;
  private final double[] dOut = {0.1, -0.2, 0.05, 0.3, 0.5};

  /** The default network and one observation of a training level. */
  @org.openjdk.jmh.annotations.Setup
  public void setUp() {
    CheeseCorner env = new CheeseCorner(0, LevelEnv.Split.TRAIN, View.of(view));
    env.resetLevel(1);
    x = new double[env.observationSize()];
    env.observe(x);
    net = PolicyNet.create(x.length, 4, new int[] {32, 32}, 1).net();
  }

  /** A whole PPO run with the lesson's defaults, p = 0. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public PolicyNet ppoRun() {
    Ppo.Config c = Ppo.Config.defaults().withSteps(steps);
    List<LevelEnv> envs = new ArrayList<>();
    for (int i = 0; i < c.envs(); i++) {
      envs.add(new CheeseCorner(0, LevelEnv.Split.TRAIN, View.of(view)));
    }
    return Ppo.train(envs, c, u -> true).policy();
  }

  /** One forward and one backward pass (the weight gradients) of the 32 × 32 network. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 3, time = 1)
  @Measurement(iterations = 5, time = 1)
  public double forwardBackward() {
    double[] out = net.forward(x);
    net.backward(dOut);
    return out[0];
  }
}
