package org.saferlhub.agent.tabular;

/**
 * Running sum of |TD error| (or |Monte Carlo error|) since the last {@link #drain()}, so a
 * trainer can report the mean size of the updates without a per-step allocation.
 */
public final class TdErrorTally {

  private double sumAbs;
  private long count;

  /** Records one update's error. */
  public void add(double error) {
    sumAbs += Math.abs(error);
    count++;
  }

  /** The mean |error| since the last drain (0 if none), and starts a new tally. */
  public double drain() {
    double mean = count == 0 ? 0.0 : sumAbs / count;
    sumAbs = 0;
    count = 0;
    return mean;
  }
}
