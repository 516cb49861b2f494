package org.saferlhub.app.grid;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.saferlhub.app.run.FamilyView;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.env.Envs;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.GridWorld;
import org.saferlhub.env.grid.Tile;
import org.saferlhub.train.EpisodeStats;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.TrainingResult;

/**
 * A grid world's part of a run report (lesson 2): the return and length of every episode, the
 * greedy policy as arrow rows, the path it walks from the start, and the Q table.
 */
public final class GridView implements FamilyView {

  @Override
  public String family() {
    return RunConfigs.GRIDWORLD;
  }

  /** Sutton &amp; Barto's Cliff Walking settings: 500 episodes, α = 0.5. */
  @Override
  public Map<String, Object> defaults() {
    return Map.of("episodes", 500L, "alpha", 0.5);
  }

  /** Every episode's return is reported, so web runs stay short. */
  @Override
  public long maxWebEpisodes() {
    return GridTraining.MAX_WEB_EPISODES;
  }

  @Override
  public long maxCliEpisodes() {
    return GridTraining.MAX_CLI_EPISODES;
  }

  @Override
  public Collector collect(RunConfig config) {
    GridWorld env = (GridWorld) Envs.make(config.env(), config.envParams());
    return new Report(env.map(), config);
  }

  /** Keeps every episode's return and length. */
  private static final class Report implements Collector {
    private final GridMap map;
    private final RunConfig config;
    private final double[] returns;
    private final int[] lengths;
    private int done;

    Report(GridMap map, RunConfig config) {
      this.map = map;
      this.config = config;
      int planned = Math.toIntExact(Math.min(config.episodes(), GridTraining.MAX_CLI_EPISODES));
      this.returns = new double[planned];
      this.lengths = new int[planned];
    }

    @Override
    public void onEpisode(EpisodeStats episode) {
      if (done < returns.length) {
        returns[done] = episode.episodeReturn();
        lengths[done] = episode.length();
        done++;
      }
    }

    private void add(Map<String, Object> m, TrainingResult run) {
      m.put("returns", Arrays.copyOf(returns, done));
      m.put("lengths", Arrays.copyOf(lengths, done));
      m.put("greedy", GridViews.greedyRows(map, run.q()));
      m.put("path", GridTraining.greedyPath(map, run.q(), config.seed()));
      m.put("q", GridViews.q(run.q()));
    }

    @Override
    public void addFull(Map<String, Object> report, TrainingResult run) {
      add(report, run);
    }

    @Override
    public void addSummary(Map<String, Object> s, TrainingResult run) {
      s.put("map", map.id());
      s.put("rows", map.rows());
      s.put("cols", map.cols());
      add(s, run);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void print(Map<String, Object> s, PrintStream out) {
      List<Integer> path = (List<Integer>) s.get("path");
      int last = path.get(path.size() - 1);
      Tile tile = map.tile(last / map.cols(), last % map.cols());
      String end = tile.terminal() ? "reaches the " + tile.id()
          : path.size() > 1 && path.subList(0, path.size() - 1).contains(last) ? "loops"
          : "stops at the time limit";
      out.printf(Locale.ROOT, "  map: %s, %d×%d%n", map.name(), map.rows(), map.cols());
      out.printf("  greedy path from the start: %d steps, %s%n", path.size() - 1, end);
      out.println();
      out.println("Greedy policy (↑ → ↓ ← the best action; # wall, G goal, L lava, C cliff):");
      for (String row : (List<String>) s.get("greedy")) {
        out.println("  " + row);
      }
    }
  }
}
