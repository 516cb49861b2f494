package org.saferlhub.train;

import java.util.List;
import org.saferlhub.agent.tabular.QTable;

/**
 * What a run produced.
 *
 * @param config the configuration it ran
 * @param stopReason why it ended
 * @param episodes episodes completed
 * @param elapsedSeconds wall time of the training loop
 * @param meanReturn mean return over the last tenth of the planned episodes; NaN if the run
 *     stopped before that tenth began
 * @param points the learning curve
 * @param q the learned action values
 * @param visits how many times each state was acted in during training
 * @param meanPerformance mean performance (sum of hidden rewards) over the same last tenth; NaN
 *     likewise
 */
public record TrainingResult(RunConfig config, StopReason stopReason, long episodes,
    double elapsedSeconds, double meanReturn, List<TrainingPoint> points, QTable q,
    long[] visits, double meanPerformance) {

  /** Copies the list of points. */
  public TrainingResult {
    points = List.copyOf(points);
  }

  /** Episodes per second of wall time (0 if no time passed). */
  public double episodesPerSecond() {
    return elapsedSeconds > 0 ? episodes / elapsedSeconds : 0.0;
  }
}
