package org.saferlhub.train;

import java.util.ArrayList;
import java.util.List;
import org.saferlhub.agent.tabular.QTable;
import org.saferlhub.env.Termination;

/**
 * Turns a run's episodes into its learning curve and result, the same way for every algorithm:
 * the online {@link Trainer} and batch algorithms that own their loop ({@link BatchAlgorithm})
 * both hand each finished episode to {@link #episode} and end with {@link #finish}.
 *
 * <p>A point of the curve averages the episodes since the previous one, at most
 * {@value Trainer#MAX_POINTS} points per run; the run's mean return and performance are those of
 * the last tenth of the planned episodes. It allocates nothing per episode but the
 * {@link EpisodeStats} it passes to a listener that {@link TrainingListener#wantsEpisodes wants
 * them}.
 */
public final class CurveRecorder {

  private final RunConfig config;
  private final TrainingListener listener;
  private final boolean episodesWanted;
  private final long pointEvery;
  private final long tailStart;
  private final List<TrainingPoint> points = new ArrayList<>();
  private final long startNanos = System.nanoTime();

  private double chunkReturn;
  private double chunkPerformance;
  private long chunkLength;
  private long wins;
  private long draws;
  private long chunkEpisodes;
  private double tailReturn;
  private double tailPerformance;
  private long tailEpisodes;
  private double lastEpsilon;

  /** Starts recording a run of {@code config}; tells the listener the run starts. */
  public CurveRecorder(RunConfig config, TrainingListener listener) {
    this.config = config;
    this.listener = listener;
    this.episodesWanted = listener.wantsEpisodes();
    long episodes = config.episodes();
    this.pointEvery = Math.max(1, (episodes + Trainer.MAX_POINTS - 1) / Trainer.MAX_POINTS);
    this.tailStart = episodes - Math.max(1, episodes / 10);
    listener.onStart(config);
  }

  /**
   * Episode {@code k} ended.
   *
   * @param epsilon the exploration rate it used (0 for a softmax policy)
   * @param tdErrors drained into the curve point when one is due
   */
  public void episode(long k, double episodeReturn, double performance, int length,
      Termination termination, double epsilon, org.saferlhub.agent.tabular.TdErrorTally tdErrors) {
    if (episodesWanted) {
      listener.onEpisode(new EpisodeStats(k, episodeReturn, performance, length, termination));
    }
    lastEpsilon = epsilon;
    chunkReturn += episodeReturn;
    chunkPerformance += performance;
    chunkLength += length;
    chunkEpisodes++;
    if (episodeReturn > 0) {
      wins++;
    } else if (episodeReturn == 0) {
      draws++;
    }
    if (k >= tailStart) {
      tailReturn += episodeReturn;
      tailPerformance += performance;
      tailEpisodes++;
    }
    if (chunkEpisodes == pointEvery || k == config.episodes() - 1) {
      point(k + 1, tdErrors);
    }
  }

  private void point(long episode, org.saferlhub.agent.tabular.TdErrorTally tdErrors) {
    long n = chunkEpisodes;
    long losses = n - wins - draws;
    TrainingPoint point = new TrainingPoint(episode, chunkReturn / n, (double) wins / n,
        (double) draws / n, (double) losses / n, lastEpsilon, tdErrors.drain(),
        (double) chunkLength / n, chunkPerformance / n);
    points.add(point);
    listener.onPoint(point);
    chunkReturn = 0;
    chunkPerformance = 0;
    chunkLength = 0;
    wins = 0;
    draws = 0;
    chunkEpisodes = 0;
  }

  /**
   * The run ended after {@code episodesDone} episodes: reports a last partial point (a stopped
   * run), builds the result and tells the listener.
   */
  public TrainingResult finish(StopReason stopReason, long episodesDone, QTable q, long[] visits,
      org.saferlhub.agent.tabular.TdErrorTally tdErrors) {
    if (chunkEpisodes > 0) {
      point(episodesDone, tdErrors);
    }
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    double meanReturn = tailEpisodes > 0 ? tailReturn / tailEpisodes : Double.NaN;
    double meanPerformance = tailEpisodes > 0 ? tailPerformance / tailEpisodes : Double.NaN;
    TrainingResult result = new TrainingResult(config, stopReason, episodesDone, elapsed,
        meanReturn, points, q, visits, meanPerformance);
    listener.onFinish(result);
    return result;
  }
}
