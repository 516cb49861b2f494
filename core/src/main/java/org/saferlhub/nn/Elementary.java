package org.saferlhub.nn;

/**
 * e^x and ln x in plain double arithmetic, so that a network trained in the learner's browser is
 * the network the server trains, bit for bit.
 *
 * <p>Why not {@link StrictMath}: in the browser build (TeaVM) {@code StrictMath.exp} and
 * {@code StrictMath.log} become the host's {@code Math.exp} and {@code Math.log}, whose last bit
 * differs from Java's on some arguments and between browsers (the natural log of 3 is
 * 1.0986122886681098 in Chromium, 1.0986122886681096 in Node 20). A PPO run of 300,000 steps turns one such bit
 * into a different network. Additions, multiplications, divisions and the bit-level conversions
 * used here are exact IEEE 754 operations everywhere, so these functions give the same bits on
 * every platform. They are accurate to about one unit in the last place.
 *
 * <pre>
 *   exp(x) = 2^k · exp(r),   k = round(x / ln 2),  r = x − k·ln 2 (|r| ≤ ln 2 / 2),
 *            exp(r) by its Taylor series to r^15
 *   ln(x)  = e·ln 2 + ln m,  x = m · 2^e with m in [√½, √2),
 *            ln m = 2 atanh(s) = 2 (s + s³/3 + s⁵/5 + …),  s = (m − 1)/(m + 1),  |s| ≤ 0.172
 * </pre>
 */
public final class Elementary {

  /** ln 2, split: the high part has trailing zero bits, so k·LN2_HI is exact for |k| < 2^11. */
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  private static final double INV_LN2 = 1.44269504088896338700e+00;
  private static final double SQRT_HALF = 0.7071067811865476;
  /** Beyond these, e^x overflows to infinity or underflows to 0. */
  private static final double EXP_MAX = 709.782712893384;
  private static final double EXP_MIN = -745.1332191019412;
  private static final double TWO_54 = 18014398509481984.0;

  private Elementary() {}

  /** e^x, to about one ulp; exp(NaN) is NaN, exp(∞) is ∞, exp(−∞) is 0. */
  public static double exp(double x) {
    if (x != x) {
      return x; // NaN
    }
    if (x > EXP_MAX) {
      return Double.POSITIVE_INFINITY;
    }
    if (x < EXP_MIN) {
      return 0;
    }
    // k = round(x / ln 2), r = x − k ln 2 in two parts (Cody and Waite)
    double kd = x * INV_LN2;
    int k = (int) (kd < 0 ? kd - 0.5 : kd + 0.5);
    double r = (x - k * LN2_HI) - k * LN2_LO;
    // exp(r) = 1 + r + r²/2! + … + r^15/15!, by Horner's rule from the smallest term
    double sum = 1;
    for (int n = 15; n >= 1; n--) {
      sum = 1 + sum * r / n;
    }
    return scale(sum, k);
  }

  /** ln x, to about one ulp; ln of a negative number or NaN is NaN, ln 0 is −∞, ln ∞ is ∞. */
  public static double log(double x) {
    if (x != x || x < 0) {
      return Double.NaN;
    }
    if (x == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return x;
    }
    int e = 0;
    if (x < Double.MIN_NORMAL) {
      x *= TWO_54; // subnormal: make it normal first
      e = -54;
    }
    long bits = Double.doubleToRawLongBits(x);
    e += (int) ((bits >>> 52) & 0x7ff) - 1023;
    double m = Double.longBitsToDouble((bits & 0x000fffffffffffffL) | 0x3ff0000000000000L);
    if (m >= 2 * SQRT_HALF) { // m in [1, 2): bring it to [√½, √2)
      m /= 2;
      e++;
    }
    double s = (m - 1) / (m + 1);
    double s2 = s * s;
    // 2 atanh(s) = 2s (1 + s²/3 + s⁴/5 + … + s^22/23)
    double series = 0;
    for (int n = 23; n >= 3; n -= 2) {
      series = (1.0 / n + series) * s2;
    }
    double lnM = 2 * s + 2 * s * series;
    return e * LN2_HI + (e * LN2_LO + lnM);
  }

  /** y · 2^k, exactly, for the k exp can reach (also into the subnormal range). */
  private static double scale(double y, int k) {
    if (k > 1023) {
      return y * twoTo(1023) * twoTo(k - 1023);
    }
    if (k < -1022) {
      return y * twoTo(-1022) * twoTo(k + 1022);
    }
    return y * twoTo(k);
  }

  /** 2^k for a normal power, −1022 ≤ k ≤ 1023. */
  private static double twoTo(int k) {
    return Double.longBitsToDouble((long) (k + 1023) << 52);
  }
}
