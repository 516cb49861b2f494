package org.saferlhub.space;

import java.util.random.RandomGenerator;

/**
 * The integers {@code start, start + 1, …, start + n - 1}, as Gymnasium's {@code Discrete(n, start)}.
 *
 * @param n the number of elements, at least 1
 * @param start the smallest element
 */
public record Discrete(int n, int start) implements Space<Integer> {

  /** Checks that the space is not empty. */
  public Discrete {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, was " + n);
    }
  }

  /** The integers {@code 0 … n-1}. */
  public Discrete(int n) {
    this(n, 0);
  }

  @Override
  public boolean contains(Integer x) {
    return x != null && x >= start && x < start + n;
  }

  /** Primitive form of {@link #contains(Integer)}, for hot loops. */
  public boolean contains(int x) {
    return x >= start && x < start + n;
  }

  @Override
  public Integer sample(RandomGenerator rng) {
    return start + rng.nextInt(n);
  }

  @Override
  public String toString() {
    return start == 0 ? "Discrete(" + n + ")" : "Discrete(" + n + ", start=" + start + ")";
  }
}
