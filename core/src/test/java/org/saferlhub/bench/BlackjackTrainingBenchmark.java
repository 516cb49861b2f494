package org.saferlhub.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.saferlhub.Rl;
import org.saferlhub.train.Algorithm;
import org.saferlhub.train.EpsilonSchedule;
import org.saferlhub.train.RunConfig;

/**
 * Training throughput through the public API, in episodes per second (one thread).
 * How to run it: docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BlackjackTrainingBenchmark {

  private static final int EPISODES = 1_000_000;

  @Param({"q-learning", "sarsa", "monte-carlo"})
  public String algorithm;

  private RunConfig config;

  @org.openjdk.jmh.annotations.Setup
  public void setup() {
    config = new RunConfig("blackjack:sab", Algorithm.fromId("algorithm", algorithm), EPISODES,
        0.01, 1.0, EpsilonSchedule.constant(0.1), 7);
  }

  /** One million training episodes; JMH reports operations (episodes) per second. */
  @Benchmark
  @OperationsPerInvocation(EPISODES)
  public double train() {
    return Rl.train(config).q().get(0, 0);
  }
}
