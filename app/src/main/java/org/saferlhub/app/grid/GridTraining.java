package org.saferlhub.app.grid;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.saferlhub.agent.tabular.QTable;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.GridWorld;
import org.saferlhub.train.EpisodeStats;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.Trainer;
import org.saferlhub.train.TrainingListener;
import org.saferlhub.train.TrainingResult;

/**
 * Trains an agent on a grid map with the engine's {@link Trainer} (so the same configuration gives
 * the same run as everywhere else) and keeps what a grid lesson shows: every episode's return and
 * length, the greedy policy and the path it walks.
 */
public final class GridTraining {

  /** The most episodes {@code POST /api/gridworld/train} may ask for. */
  public static final long MAX_WEB_EPISODES = 5_000;

  /** The most episodes {@code saferlhub train --env gridworld…} may ask for (all are printed). */
  public static final long MAX_CLI_EPISODES = 100_000;

  /**
   * A finished run.
   *
   * @param run the trainer's result (configuration, Q table, timing)
   * @param returns the return of every episode, in order
   * @param lengths the number of steps of every episode
   * @param greedy the greedy policy as rows ({@link GridViews#greedyRows})
   * @param path the states of the greedy walk from the start ({@link #greedyPath})
   */
  public record Result(TrainingResult run, double[] returns, int[] lengths, List<String> greedy,
      List<Integer> path) {

    /** {@code returns, lengths, greedy, path, q}: what the API and {@code train --json} print. */
    public Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("returns", returns);
      m.put("lengths", lengths);
      m.put("greedy", greedy);
      m.put("path", path);
      m.put("q", GridViews.q(run.q()));
      return m;
    }
  }

  /** Thrown when a run passes its wall-time limit. */
  public static final class TimeLimit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TimeLimit(Duration limit, long episodes) {
      super("training took longer than " + limit.toSeconds() + " s (stopped after " + episodes
          + " episodes); ask for fewer episodes or planning steps");
    }
  }

  private GridTraining() {}

  /**
   * Trains {@code config} on {@code map}.
   *
   * @param config the configuration; its {@code env} is only a label
   * @param stop polled by the trainer every 1,024 episodes; when it answers true the run ends
   *     early (the result then holds the episodes completed)
   * @param maxTime the wall-time limit, checked after every episode
   * @throws TimeLimit when the run takes longer than {@code maxTime}
   */
  public static Result train(GridMap map, RunConfig config, BooleanSupplier stop,
      Duration maxTime) {
    int planned = Math.toIntExact(config.episodes());
    double[] returns = new double[planned];
    int[] lengths = new int[planned];
    int[] done = new int[1];
    long deadline = System.nanoTime() + maxTime.toNanos();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onEpisode(EpisodeStats episode) {
        long k = episode.index();
        returns[(int) k] = episode.episodeReturn();
        lengths[(int) k] = episode.length();
        done[0] = (int) k + 1;
        if (System.nanoTime() - deadline > 0) {
          throw new TimeLimit(maxTime, k + 1);
        }
      }
    };
    // The listener enforces maxTime after every episode; the trainer's own check (every 1,024
    // episodes) gets a little slack so that the listener's clear message is the one users see.
    TrainingResult run = Trainer.train(config, new GridWorld(map), listener, stop,
        maxTime.plusSeconds(1));
    int n = done[0];
    return new Result(run, Arrays.copyOf(returns, n), Arrays.copyOf(lengths, n),
        GridViews.greedyRows(map, run.q()), greedyPath(map, run.q(), config.seed()));
  }

  /**
   * The states the greedy policy visits from the start, the start included: it follows
   * argmax_a Q(s, a) (no exploration) until the episode ends (goal, lava or the time limit) or,
   * on a map without slip, until it reaches a state for the second time (then it would loop
   * forever; that state ends the list). On a slippery map the moves are drawn from {@code seed}.
   */
  public static List<Integer> greedyPath(GridMap map, QTable q, long seed) {
    GridWorld env = new GridWorld(map);
    int s = env.resetState(seed);
    List<Integer> path = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    path.add(s);
    seen.add(s);
    while (true) {
      s = env.stepState(q.greedy(s));
      path.add(s);
      if (env.terminated() || env.truncated() || (map.slip() == 0 && !seen.add(s))) {
        return path;
      }
    }
  }
}
