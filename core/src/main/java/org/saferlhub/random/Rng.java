package org.saferlhub.random;

import java.util.random.RandomGenerator;

/**
 * The engine's random numbers: the SplitMix64 generator of {@link java.util.SplittableRandom}
 * (Steele, Lea &amp; Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014), with
 * every draw the engine uses written out here, so that the same seed gives the same numbers on
 * every Java platform, a browser's (TeaVM) included. The default methods of
 * {@link RandomGenerator} are not relied on: their algorithms differ between class libraries.
 *
 * <p>Each draw reproduces OpenJDK's {@code SplittableRandom} exactly ({@code RngTest} checks it
 * draw for draw): the state advances by the odd constant γ, and each output is a mix of the new
 * state. {@link #split()} makes an independent generator, as environments and agents of one run
 * get theirs. Not thread-safe: one thread owns one generator.
 */
public final class Rng implements RandomGenerator {

  /** The golden-ratio increment of a generator made from a seed. */
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  /** 2^-53: a 53-bit integer times this is a double in [0, 1). */
  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private long seed;
  private final long gamma;

  /** A generator with the stream of a {@code SplittableRandom} made from the same seed. */
  public Rng(long seed) {
    this(seed, GOLDEN_GAMMA);
  }

  private Rng(long seed, long gamma) {
    this.seed = seed;
    this.gamma = gamma;
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser: 64 well-mixed bits. */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Stafford's variant 4, keeping the high 32 bits. */
  private static int mix32(long z) {
    z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
    return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
  }

  /** The increment of a split generator: odd, with enough bit transitions. */
  private static long mixGamma(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    z = (z ^ (z >>> 33)) | 1L;
    int transitions = Long.bitCount(z ^ (z >>> 1));
    return transitions < 24 ? z ^ 0xaaaaaaaaaaaaaaaaL : z;
  }

  private long nextSeed() {
    return seed += gamma;
  }

  /** An independent generator, as {@code SplittableRandom.split()}. */
  public Rng split() {
    return new Rng(nextLong(), mixGamma(nextSeed()));
  }

  /** 64 random bits. */
  @Override
  public long nextLong() {
    return mix64(nextSeed());
  }

  /** 32 random bits. */
  @Override
  public int nextInt() {
    return mix32(nextSeed());
  }

  /**
   * A uniform integer in [0, bound): the low bits for a power of two, else rejection of the
   * over-represented top of the range, as OpenJDK's {@code RandomSupport.boundedNextInt}.
   *
   * @throws IllegalArgumentException if {@code bound} is not positive
   */
  @Override
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, was " + bound);
    }
    int r = nextInt();
    int m = bound - 1;
    if ((bound & m) == 0) {
      return r & m; // a power of two
    }
    int u = r >>> 1;
    while (u + m - (r = u % bound) < 0) { // u is in the incomplete last block: draw again
      u = nextInt() >>> 1;
    }
    return r;
  }

  /** A uniform double in [0, 1): the top 53 of 64 random bits. */
  @Override
  public double nextDouble() {
    return (nextLong() >>> 11) * DOUBLE_UNIT;
  }

  /** A fair coin: the sign bit of 32 random bits. */
  @Override
  public boolean nextBoolean() {
    return nextInt() < 0;
  }

  /** A uniform float in [0, 1): the top 24 of 32 random bits. */
  @Override
  public float nextFloat() {
    return (nextInt() >>> 8) * 0x1.0p-24f;
  }
}
