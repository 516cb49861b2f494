package org.saferlhub.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The engine's generator reproduces OpenJDK's {@link SplittableRandom} draw for draw, for every
 * draw the engine uses, across seeds, bounds and splits (seeded repeated tests: the seeds and
 * bounds themselves come from a fixed generator).
 */
class RngTest {

  private static final int SEEDS = 200;
  private static final int DRAWS = 2_000;

  @Test
  void everyDrawEqualsSplittableRandomsForManySeeds() {
    SplittableRandom pick = new SplittableRandom(20261204);
    for (int i = 0; i < SEEDS; i++) {
      long seed = i < 3 ? new long[] {0, 7, -1}[i] : pick.nextLong();
      SplittableRandom jdk = new SplittableRandom(seed);
      Rng ours = new Rng(seed);
      for (int d = 0; d < DRAWS; d++) {
        switch (d % 6) {
          case 0 -> assertThat(ours.nextLong()).as("seed %d draw %d", seed, d)
              .isEqualTo(jdk.nextLong());
          case 1 -> assertThat(ours.nextInt()).as("seed %d draw %d", seed, d)
              .isEqualTo(jdk.nextInt());
          case 2 -> assertThat(ours.nextDouble()).as("seed %d draw %d", seed, d)
              .isEqualTo(jdk.nextDouble());
          case 3 -> {
            int bound = bound(pick);
            assertThat(ours.nextInt(bound)).as("seed %d draw %d bound %d", seed, d, bound)
                .isEqualTo(jdk.nextInt(bound));
          }
          case 4 -> assertThat(ours.nextBoolean()).isEqualTo(jdk.nextBoolean());
          default -> assertThat(ours.nextFloat()).isEqualTo(jdk.nextFloat());
        }
      }
    }
  }

  /** Small bounds (as the engine draws: 2, 4, 13 …), powers of two, and huge ones that reject. */
  private static int bound(SplittableRandom pick) {
    return switch (pick.nextInt(4)) {
      case 0 -> 1 + pick.nextInt(20);
      case 1 -> 1 << pick.nextInt(31);
      case 2 -> Integer.MAX_VALUE - pick.nextInt(1000);
      default -> 1 + pick.nextInt(Integer.MAX_VALUE);
    };
  }

  @Test
  void splitsEqualSplittableRandomsSplitsAndStayIndependent() {
    for (long seed : new long[] {0, 1, 7, 42, -5, Long.MAX_VALUE}) {
      SplittableRandom jdk = new SplittableRandom(seed);
      Rng ours = new Rng(seed);
      // As a run seeds itself: the environment's seed first, then the agent's split stream,
      // then a split of a split.
      assertThat(ours.nextLong()).isEqualTo(jdk.nextLong());
      Rng agent = ours.split();
      SplittableRandom jdkAgent = jdk.split();
      Rng grandchild = agent.split();
      SplittableRandom jdkGrandchild = jdkAgent.split();
      for (int d = 0; d < 1_000; d++) {
        assertThat(agent.nextDouble()).isEqualTo(jdkAgent.nextDouble());
        assertThat(agent.nextInt(4)).isEqualTo(jdkAgent.nextInt(4));
        assertThat(grandchild.nextLong()).isEqualTo(jdkGrandchild.nextLong());
        assertThat(ours.nextInt(13)).isEqualTo(jdk.nextInt(13));
      }
    }
  }

  @Test
  void aNonPositiveBoundIsRefused() {
    assertThatThrownBy(() -> new Rng(1).nextInt(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bound must be positive, was 0");
  }
}
