package org.saferlhub.env.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.Env;
import org.saferlhub.env.Envs;
import org.saferlhub.env.Step;

/** Action scripts with exact returns: u = up, r = right, d = down, l = left. */
class GridWorldTest {

  /** How an episode played by a script ended. */
  private record Episode(double totalReturn, int steps, boolean terminated, boolean truncated,
      Cell position) {}

  private static Episode play(GridWorld env, String script) {
    env.reset(1);
    double total = 0;
    Step<Cell> step = null;
    for (char c : script.toCharArray()) {
      step = env.step("urdl".indexOf(c));
      total += step.reward();
    }
    assertThat(step).isNotNull();
    assertThat(step.observation()).isEqualTo(env.position());
    return new Episode(total, env.elapsedSteps(), step.terminated(), step.truncated(),
        step.observation());
  }

  private static GridWorld world(String preset) {
    return new GridWorld(GridMap.preset(preset));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      open  | rrrrdddd                       |   -8 |  8 | true  | 4 | 4
      open  | drdrdrdr                       |   -8 |  8 | true  | 4 | 4
      open  | uulldddd                       |   -8 |  8 | false | 4 | 0
      maze  | ddrrddllddrrrruuuurrddrrrddddd |  -30 | 30 | true  | 9 | 9
      maze  | rr                             |   -2 |  2 | false | 0 | 1
      cliff | urrrrrrrrrrrd                  |  -13 | 13 | true  | 3 | 11
      cliff | r                              | -100 |  1 | false | 3 | 0
      cliff | rrrrr                          | -500 |  5 | false | 3 | 0
      cliff | urrd                           | -103 |  4 | false | 3 | 0
      cliff | lurrrrrrrrrrrd                 |  -14 | 14 | true  | 3 | 11
      """)
  void scriptsOnPresetsHaveExactReturns(String preset, String script, double expectedReturn,
      int steps, boolean terminated, int row, int col) {
    Episode episode = play(world(preset), script);
    assertThat(episode.totalReturn()).isEqualTo(expectedReturn);
    assertThat(episode.steps()).isEqualTo(steps);
    assertThat(episode.terminated()).isEqualTo(terminated);
    assertThat(episode.truncated()).isFalse();
    assertThat(episode.position()).isEqualTo(new Cell(row, col));
  }

  @Test
  void theCliffSendsTheAgentBackToTheStartWithoutEndingTheEpisode() {
    GridWorld env = world("cliff");
    assertThat(env.reset(3).observation()).isEqualTo(new Cell(3, 0));
    Step<Cell> fall = env.step(GridWorld.RIGHT);
    assertThat(fall.reward()).isEqualTo(-100.0);
    assertThat(fall.observation()).isEqualTo(new Cell(3, 0));
    assertThat(fall.terminated()).isFalse();
    assertThat(fall.truncated()).isFalse();
    assertThat(env.stepState(GridWorld.UP)).isEqualTo(2 * 12);
    assertThat(env.reward()).isEqualTo(-1.0);
  }

  @Test
  void lavaEndsTheEpisodeWithItsPenalty() {
    GridWorld env = new GridWorld(GridMap.parse("S.L\n..G\nlava: -50\ngoal: 10"));
    assertThat(play(env, "rr")).isEqualTo(new Episode(-51, 2, true, false, new Cell(0, 2)));
    assertThat(play(env, "rdr")).isEqualTo(new Episode(8, 3, true, false, new Cell(1, 2)));
  }

  @Test
  void bumpingIntoAWallOrTheEdgeStaysAndPaysTheStepReward() {
    GridWorld env = new GridWorld(GridMap.parse("Sa#\n..G\na: 5\nstep: -2"));
    // Entering the +5 cell pays 5; bumping into the wall from it pays the step reward, -2.
    assertThat(play(env, "rrr")).isEqualTo(new Episode(1, 3, false, false, new Cell(0, 1)));
    assertThat(play(env, "ululu")).isEqualTo(new Episode(-10, 5, false, false, new Cell(0, 0)));
    // Stepping back and forth on the +5 cell collects it each time it is entered.
    assertThat(play(env, "rlrlr")).isEqualTo(new Episode(11, 5, false, false, new Cell(0, 1)));
  }

  @Test
  void episodesAreTruncatedAtMaxSteps() {
    GridWorld env = new GridWorld(GridMap.parse("S..\n..G\nmax-steps: 3"));
    assertThat(play(env, "uuu")).isEqualTo(new Episode(-3, 3, false, true, new Cell(0, 0)));
    assertThat(env.episodeOver()).isTrue();
    assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class)
        .hasMessage("the episode is over: call reset() before step()");
    // Reaching the goal on the last allowed step terminates; it is not a truncation.
    assertThat(play(env, "rrd")).isEqualTo(new Episode(-2, 3, true, false, new Cell(1, 2)));
    assertThat(play(env, "uu").truncated()).isFalse();
  }

  @Test
  void actionsAreCheckedAndNamed() {
    GridWorld env = world("open");
    assertThatThrownBy(() -> env.stepState(0)).isInstanceOf(IllegalStateException.class)
        .hasMessage("call reset(seed) before the first step()");
    env.reset(0);
    assertThatThrownBy(() -> env.stepState(4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("action must be in Discrete(4) (0 = up, 1 = right, 2 = down, 3 = left), was 4");
    assertThat(List.of(GridWorld.UP, GridWorld.RIGHT, GridWorld.DOWN, GridWorld.LEFT))
        .containsExactly(0, 1, 2, 3);
  }

  @Test
  void statesAreRowTimesColsPlusCol() {
    GridWorld env = world("cliff");
    assertThat(env.spec().id()).isEqualTo("gridworld:cliff");
    assertThat(env.stateCount()).isEqualTo(48);
    assertThat(env.actionCount()).isEqualTo(4);
    assertThat(env.encode(new Cell(2, 5))).isEqualTo(29);
    assertThat(env.decode(47)).isEqualTo(new Cell(3, 11));
    assertThat(env.resetState(0)).isEqualTo(36);
    assertThat(env.observationSpace()).hasToString("Grid(4×12)");
    assertThat(env.observationSpace().contains(new Cell(3, 11))).isTrue();
    assertThat(env.observationSpace().contains(new Cell(4, 0))).isFalse();
    assertThatThrownBy(() -> env.decode(48)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> env.encode(new Cell(0, 12)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void slipGoesSidewaysWithTheMapsProbability() {
    // From the middle of a 3×3 field, one step per episode (max-steps: 1).
    GridWorld env = new GridWorld(GridMap.parse("...\n.S.\n..G\nslip: 0.3\nmax-steps: 1"));
    int episodes = 100_000;
    int[] counts = new int[9];
    env.resetState(2024);
    for (int i = 0; i < episodes; i++) {
      if (i > 0) {
        env.resetState();
      }
      counts[env.stepState(GridWorld.UP)]++;
      assertThat(env.truncated()).isTrue();
    }
    // Up with 1 − slip = 0.7; right and left with slip/2 = 0.15 each; never down.
    assertThat(counts[1] / (double) episodes).isCloseTo(0.70, within(0.006));
    assertThat(counts[5] / (double) episodes).isCloseTo(0.15, within(0.005));
    assertThat(counts[3] / (double) episodes).isCloseTo(0.15, within(0.005));
    assertThat(counts[1] + counts[5] + counts[3]).isEqualTo(episodes);
  }

  @Test
  void theSeedDecidesTheSlipsAndResetContinuesTheStream() {
    GridMap slippery = GridMap.parse("S...\n....\n...G\nslip: 0.5\nmax-steps: 20");
    List<Integer> first = walk(new GridWorld(slippery), 7);
    assertThat(walk(new GridWorld(slippery), 7)).isEqualTo(first);
    assertThat(walk(new GridWorld(slippery), 8)).isNotEqualTo(first);
    // Without slip the seed has nothing to decide.
    assertThat(walk(world("open"), 7)).isEqualTo(walk(world("open"), 8));
  }

  /** Ten episodes of always "right, down" from one seed, the states visited. */
  private static List<Integer> walk(GridWorld env, long seed) {
    List<Integer> states = new ArrayList<>();
    for (int episode = 0; episode < 10; episode++) {
      states.add(episode == 0 ? env.resetState(seed) : env.resetState());
      for (int t = 0; !env.episodeOver(); t++) {
        states.add(env.stepState(t % 2 == 0 ? GridWorld.RIGHT : GridWorld.DOWN));
      }
    }
    return states;
  }

  @Test
  void liveEditsApplyFromTheNextStep() {
    GridWorld env = world("open");
    env.reset(0);
    env.step(GridWorld.RIGHT);
    env.step(GridWorld.RIGHT); // at (0, 2)
    env.setMap(env.map().withReward(0, 3, 10));
    assertThat(env.step(GridWorld.RIGHT).reward()).isEqualTo(10.0);
    // The agent's cell becomes a wall: it is moved to the start, the episode goes on.
    env.setMap(env.map().withTile(0, 3, Tile.WALL));
    assertThat(env.position()).isEqualTo(new Cell(0, 0));
    assertThat(env.elapsedSteps()).isEqualTo(3);
    Step<Cell> step = env.step(GridWorld.DOWN);
    assertThat(step.observation()).isEqualTo(new Cell(1, 0));
    assertThat(step.done()).isFalse();
    // A new goal next to the agent ends the episode when entered.
    env.setMap(env.map().withTile(1, 1, Tile.GOAL));
    assertThat(env.step(GridWorld.RIGHT).terminated()).isTrue();
    assertThat(env.map().tile(0, 3)).isEqualTo(Tile.WALL);
  }

  @Test
  void thePresetsAreRegistered() {
    assertThat(Envs.ids()).contains("gridworld:cliff", "gridworld:maze", "gridworld:open");
    for (String preset : GridMap.presets()) {
      Env<?, ?> env = Envs.make("gridworld:" + preset);
      assertThat(env).isInstanceOf(GridWorld.class);
      assertThat(((GridWorld) env).map()).isEqualTo(GridMap.preset(preset));
    }
    assertThatThrownBy(() -> Envs.make("gridworld:lake"))
        .hasMessage("unknown environment id 'gridworld:lake'; known gridworld ids: "
            + "[gridworld:cliff, gridworld:maze, gridworld:open] (\"blackjack\" means "
            + "\"blackjack:sab\")");
  }

  @Test
  void liveEditsKeepTheSize() {
    GridWorld env = world("open");
    assertThatThrownBy(() -> env.setMap(GridMap.preset("maze")))
        .isInstanceOf(ParameterException.class)
        .hasMessage("map must keep the size 5×5 of the grid being played, was 10×10");
  }
}
