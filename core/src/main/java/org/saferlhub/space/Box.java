package org.saferlhub.space;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A box of real vectors, as Gymnasium's {@code Box(low, high, shape, float32)}: every
 * {@code float[]} of the box's size whose element i lies in {@code [low[i], high[i]]}. The shape
 * says how the flat vector is read (for board planes {@code [channels, rows, cols]}, channel-major);
 * observations travel flat, so a network reads them without copying.
 */
public final class Box implements Space<float[]> {

  private final float[] low;
  private final float[] high;
  private final int[] shape;

  /**
   * @param low the lower bound of each element, finite
   * @param high the upper bound of each element, finite and at least {@code low}
   * @param shape the dimensions, whose product is the number of elements
   */
  public Box(float[] low, float[] high, int... shape) {
    int size = 1;
    for (int d : shape) {
      if (d < 1) {
        throw new IllegalArgumentException("every dimension must be at least 1, was "
            + Arrays.toString(shape));
      }
      size = Math.multiplyExact(size, d);
    }
    if (shape.length == 0 || low.length != size || high.length != size) {
      throw new IllegalArgumentException("low and high must have " + size + " elements (shape "
          + Arrays.toString(shape) + "), had " + low.length + " and " + high.length);
    }
    for (int i = 0; i < size; i++) {
      if (!Float.isFinite(low[i]) || !Float.isFinite(high[i]) || low[i] > high[i]) {
        throw new IllegalArgumentException("bounds of element " + i + " must be finite with low "
            + "<= high, were [" + low[i] + ", " + high[i] + "]");
      }
    }
    this.low = low.clone();
    this.high = high.clone();
    this.shape = shape.clone();
  }

  /** The box {@code [low, high]^size} of the given shape. */
  public static Box uniform(float low, float high, int... shape) {
    int size = 1;
    for (int d : shape) {
      size = Math.multiplyExact(size, Math.max(d, 0));
    }
    float[] lows = new float[size];
    float[] highs = new float[size];
    Arrays.fill(lows, low);
    Arrays.fill(highs, high);
    return new Box(lows, highs, shape);
  }

  /** The dimensions (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  /** The number of elements, the product of the shape. */
  public int size() {
    return low.length;
  }

  /** The lower bound of element {@code i}. */
  public float low(int i) {
    return low[i];
  }

  /** The upper bound of element {@code i}. */
  public float high(int i) {
    return high[i];
  }

  @Override
  public boolean contains(float[] x) {
    if (x == null || x.length != low.length) {
      return false;
    }
    for (int i = 0; i < x.length; i++) {
      if (!(x[i] >= low[i] && x[i] <= high[i])) { // also false for NaN
        return false;
      }
    }
    return true;
  }

  /** A uniform draw from the box. */
  @Override
  public float[] sample(RandomGenerator rng) {
    float[] x = new float[low.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.min(high[i], low[i] + rng.nextDouble() * ((double) high[i] - low[i]));
    }
    return x;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Box b && Arrays.equals(low, b.low) && Arrays.equals(high, b.high)
        && Arrays.equals(shape, b.shape);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(low) + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    boolean same = true;
    for (int i = 1; i < low.length && same; i++) {
      same = low[i] == low[0] && high[i] == high[0];
    }
    String shown = Arrays.toString(shape).replace('[', '(').replace(']', ')');
    return same ? "Box(" + low[0] + ", " + high[0] + ", " + shown + ")"
        : "Box(shape=" + shown + ")";
  }
}
