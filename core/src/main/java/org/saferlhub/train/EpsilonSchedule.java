package org.saferlhub.train;

import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;

/**
 * How the exploration rate ε changes over a run of N episodes, episode k = 0 … N−1 at
 * x = k / (N − 1):
 *
 * <pre>
 *   constant     ε_k = ε
 *   linear       ε_k = ε + (ε_final − ε) x
 *   exponential  ε_k = ε (ε_final / ε)^x
 * </pre>
 *
 * @param kind the shape
 * @param start ε at the first episode, in [0, 1]
 * @param end ε_final at the last episode, in [0, 1] (ignored by {@link Kind#CONSTANT})
 */
public record EpsilonSchedule(Kind kind, double start, double end) {

  /** The shape of a schedule. */
  public enum Kind {
    /** ε never changes. */
    CONSTANT,
    /** ε moves in a straight line to ε_final. */
    LINEAR,
    /** ε shrinks by the same factor every episode, reaching ε_final. */
    EXPONENTIAL;

    /** The id: {@code constant}, {@code linear} or {@code exponential}. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses an id, throwing a {@link ParameterException} naming {@code field}. */
    public static Kind fromId(String field, String id) {
      return Check.oneOf(field, id, values(), Kind::id);
    }
  }

  /** Checks the ranges, naming the fields {@code epsilon} and {@code epsilonFinal}. */
  public EpsilonSchedule {
    Hyperparameters.EPSILON.check(start);
    Hyperparameters.EPSILON_FINAL.check(end);
    if (kind == Kind.EXPONENTIAL && (start == 0 || end == 0)) {
      throw new ParameterException(start == 0 ? "epsilon" : "epsilonFinal",
          (start == 0 ? "epsilon" : "epsilonFinal")
              + " must be more than 0 and at most 1 for an exponential schedule, was 0");
    }
  }

  /** A constant ε. */
  public static EpsilonSchedule constant(double epsilon) {
    return new EpsilonSchedule(Kind.CONSTANT, epsilon, epsilon);
  }

  /** ε for episode {@code k} of {@code episodes}. */
  public double at(long k, long episodes) {
    if (kind == Kind.CONSTANT || episodes <= 1) {
      return start;
    }
    double x = (double) k / (episodes - 1);
    return switch (kind) {
      case CONSTANT -> start;
      case LINEAR -> start + (end - start) * x;
      // (end/start)^x through exp and log: StrictMath has them as fdlibm, which browsers share;
      // pow has no such twin, so Math.pow would give other numbers in the page.
      case EXPONENTIAL -> start * StrictMath.exp(x * StrictMath.log(end / start));
    };
  }
}
