package org.saferlhub.app.grid;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.saferlhub.agent.tabular.QTable;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.GridWorld;

/**
 * What grid runs share beside the run pipeline ({@link GridView}): their episode caps, the
 * greedy path a trained agent walks, and the error of a run that took too long.
 */
public final class GridTraining {

  /** The most episodes {@code POST /api/gridworld/train} may ask for. */
  public static final long MAX_WEB_EPISODES = 5_000;

  /** The most episodes {@code saferlhub train --env gridworld…} may ask for (all are printed). */
  public static final long MAX_CLI_EPISODES = 100_000;

  /** Thrown when a run passes its wall-time limit. */
  public static final class TimeLimit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TimeLimit(Duration limit, long episodes) {
      super("training took longer than " + limit.toSeconds() + " s (stopped after " + episodes
          + " episodes); ask for fewer episodes or planning steps");
    }
  }

  private GridTraining() {}

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
