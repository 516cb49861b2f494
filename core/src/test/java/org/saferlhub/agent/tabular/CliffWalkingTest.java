package org.saferlhub.agent.tabular;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.env.Envs;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.GridWorld;
import org.saferlhub.env.grid.Tile;
import org.saferlhub.train.Algorithm;
import org.saferlhub.train.EpisodeStats;
import org.saferlhub.train.EpsilonSchedule;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.Trainer;
import org.saferlhub.train.TrainingListener;
import org.saferlhub.train.TrainingResult;

/**
 * Sutton &amp; Barto's Example 6.6, Cliff Walking (4 × 12, −1 per step, −100 and back to the start
 * for the cliff along the bottom row), with the book's settings: ε = 0.1 constant, α = 0.5,
 * γ = 1, 500 episodes. Q-learning learns the optimal path along the cliff edge but, exploring,
 * falls in now and then; SARSA learns the value of its own exploring behaviour, takes the longer
 * safer way and earns more while it learns.
 */
class CliffWalkingTest {

  private static final int SEEDS = 10;
  private static final int EPISODES = 500;
  private static final GridMap CLIFF = GridMap.preset("cliff");
  private static final int ROWS = CLIFF.rows();
  private static final int COLS = CLIFF.cols();
  /** The row next to the cliff. */
  private static final int EDGE_ROW = ROWS - 2;

  /** One run: its Q and its mean online return (the return of every training episode). */
  private record Run(TrainingResult result, double meanOnlineReturn) {}

  private static Run train(Algorithm algorithm, long seed) {
    RunConfig config = new RunConfig("gridworld:cliff", algorithm, EPISODES, 0.5, 1.0,
        EpsilonSchedule.constant(0.1), seed);
    double[] sum = {0};
    TrainingResult result = Trainer.train(config, Envs.makeTabular("gridworld:cliff"),
        new TrainingListener() {
          @Override
          public void onEpisode(EpisodeStats episode) {
            sum[0] += episode.episodeReturn();
          }
        }, () -> false, Duration.ofMinutes(1));
    return new Run(result, sum[0] / EPISODES);
  }

  /** Mean online return over seeds 0 … SEEDS−1. */
  private static double meanOnlineReturn(Algorithm algorithm) {
    double sum = 0;
    for (long seed = 0; seed < SEEDS; seed++) {
      sum += train(algorithm, seed).meanOnlineReturn();
    }
    return sum / SEEDS;
  }

  /** The states the greedy policy walks from the start until the goal or a repeated state. */
  private static List<Integer> greedyPath(QTable q) {
    GridWorld env = new GridWorld(CLIFF);
    List<Integer> path = new ArrayList<>();
    int s = env.resetState(0);
    while (!path.contains(s)) {
      path.add(s);
      s = env.stepState(q.greedy(s));
      if (env.terminated()) {
        path.add(s);
        break;
      }
    }
    return path;
  }

  /** The map with an arrow for the greedy action on each cell of the greedy path. */
  private static List<String> arrows(QTable q) {
    char[][] rows = new char[ROWS][COLS];
    for (int r = 0; r < ROWS; r++) {
      for (int c = 0; c < COLS; c++) {
        Tile tile = CLIFF.tile(r, c);
        rows[r][c] = tile == Tile.START ? '.' : tile.symbol();
      }
    }
    for (int s : greedyPath(q)) {
      if (CLIFF.tile(s / COLS, s % COLS) != Tile.GOAL) {
        rows[s / COLS][s % COLS] = "^>v<".charAt(q.greedy(s));
      }
    }
    return Arrays.stream(rows).map(String::new).toList();
  }

  private static boolean reachesTheGoal(List<Integer> path) {
    int last = path.get(path.size() - 1);
    return CLIFF.tile(last / COLS, last % COLS) == Tile.GOAL;
  }

  /** Whether the path walks the row next to the cliff between the start and goal columns. */
  private static boolean walksTheEdge(List<Integer> path) {
    return path.stream().anyMatch(s -> s / COLS == EDGE_ROW && s % COLS > 0 && s % COLS < COLS - 1);
  }

  @Test
  void qLearningsGreedyPathRunsAlongTheCliffEdge() {
    assertThat(arrows(train(Algorithm.Q_LEARNING, 0).result().q())).containsExactly(
        "............",
        "............",
        ">>>>>>>>>>>v",
        "^CCCCCCCCCCG");
    for (long seed = 0; seed < SEEDS; seed++) {
      List<Integer> path = greedyPath(train(Algorithm.Q_LEARNING, seed).result().q());
      assertThat(path).as("seed %d: the optimal 13 steps", seed).hasSize(14);
      assertThat(walksTheEdge(path)).isTrue();
    }
  }

  @Test
  void sarsasGreedyPathKeepsOffTheRowNextToTheCliff() {
    assertThat(arrows(train(Algorithm.SARSA, 1).result().q())).containsExactly(
        ">>>>>>>>>>>v",
        "^..........v",
        "^..........v",
        "^CCCCCCCCCCG");
    int safeArrivals = 0;
    for (long seed = 0; seed < SEEDS; seed++) {
      List<Integer> path = greedyPath(train(Algorithm.SARSA, seed).result().q());
      assertThat(walksTheEdge(path)).as("seed %d", seed).isFalse();
      safeArrivals += reachesTheGoal(path) ? 1 : 0;
    }
    // With α = 0.5 the policy still moves after 500 episodes: at some seeds the greedy walk
    // loops (at the top-left) instead of reaching the goal, but it never walks the edge.
    assertThat(safeArrivals).isGreaterThanOrEqualTo(SEEDS - 2);
  }

  @Test
  void sarsaEarnsMoreOnlineThanQLearning() {
    double sarsa = meanOnlineReturn(Algorithm.SARSA);
    double qLearning = meanOnlineReturn(Algorithm.Q_LEARNING);
    // Measured: SARSA −37.05, Q-learning −55.13 (the book's figure: about −25 and −50 once
    // learning has settled; these means include the first, costly episodes).
    assertThat(sarsa).isGreaterThan(qLearning + 10);
    assertThat(qLearning).isBetween(-65.0, -45.0);
    assertThat(sarsa).isBetween(-45.0, -30.0);
  }

  @Test
  void expectedSarsaWalksTheMiddleRowAndEarnsMoreThanSarsa() {
    // van Seijen et al. (2009), Sutton & Barto Figure 6.3: at α = 0.5 Expected SARSA does better
    // online than SARSA, and it too learns a path away from the edge.
    for (long seed = 0; seed < SEEDS; seed++) {
      assertThat(arrows(train(Algorithm.EXPECTED_SARSA, seed).result().q())).containsExactly(
          "............",
          ">>>>>>>>>>>v",
          "^..........v",
          "^CCCCCCCCCCG");
    }
    // Measured: Expected SARSA −28.07, SARSA −37.05.
    assertThat(meanOnlineReturn(Algorithm.EXPECTED_SARSA))
        .isGreaterThan(meanOnlineReturn(Algorithm.SARSA) + 5);
  }

  @Test
  void sarsaLambdaIsOnPolicyToo() {
    // λ = 0.9 (the default option): it also learns the value of exploring, so earns more online
    // than Q-learning (measured: −38.10 against −55.13).
    assertThat(meanOnlineReturn(Algorithm.SARSA_LAMBDA))
        .isGreaterThan(meanOnlineReturn(Algorithm.Q_LEARNING) + 10);
    assertThat(walksTheEdge(greedyPath(train(Algorithm.SARSA_LAMBDA, 0).result().q()))).isFalse();
  }
}
