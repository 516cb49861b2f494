package org.saferlhub.app.game;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The game's seeded generator, Mulberry32, written as {@code rng} in
 * {@code public/js/game/engine.js} is, operation for operation: 32-bit integer arithmetic and one
 * division by 2^32, so a seed deals the same questions in the same order on the server and in a
 * copy of the site without one.
 */
final class Mulberry32 {

  private int a;

  /** @param seed 0 to 2^32 − 1 (only the low 32 bits are used, as JavaScript's {@code >>> 0}) */
  Mulberry32(long seed) {
    this.a = (int) seed ^ 0x5eed5eed;
  }

  /** The next number in [0, 1). */
  double next() {
    a += 0x6d2b79f5;
    int t = a;
    t = (t ^ (t >>> 15)) * (t | 1);
    t ^= t + (t ^ (t >>> 7)) * (t | 61);
    return Integer.toUnsignedLong(t ^ (t >>> 14)) / 4294967296.0;
  }

  /** A shuffled copy (Fisher–Yates from the end), as engine.js's {@code shuffle}. */
  <T> List<T> shuffle(List<T> items) {
    List<T> out = new ArrayList<>(items);
    for (int i = out.size() - 1; i > 0; i--) {
      int j = (int) Math.floor(next() * (i + 1));
      Collections.swap(out, i, j);
    }
    return out;
  }
}
