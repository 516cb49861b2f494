package org.saferlhub.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.GridWorld;
import org.saferlhub.train.Algorithm;
import org.saferlhub.train.EpsilonSchedule;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.Trainer;
import org.saferlhub.train.TrainingListener;
import org.saferlhub.train.TrainingResult;

/**
 * The engine's environment layer: termination reasons, the {@link TimeLimit} wrapper, parameters
 * at {@link Envs#make(String, Map)}, the hidden-reward channel through the trainer, and the rule
 * that environment code does not depend on agents.
 */
class EngineShapeTest {

  private static final String MAP = """
      step: -1
      goal: 10
      max-steps: 5
      S.L
      ..G
      """;

  @Test
  void aGridWorldSaysWhyItsEpisodeEnded() {
    GridWorld grid = (GridWorld) Envs.make(Envs.CUSTOM_GRID, Map.of(Envs.MAP, MAP));
    grid.resetState(0);
    grid.stepState(GridWorld.RIGHT);
    assertThat(grid.termination()).isEqualTo(Termination.NOT_ENDED);
    grid.stepState(GridWorld.RIGHT); // into lava
    assertThat(grid.termination()).isEqualTo(Termination.HAZARD);
    assertThat(grid.terminated()).isTrue();

    grid.resetState();
    grid.stepState(GridWorld.DOWN);
    grid.stepState(GridWorld.RIGHT);
    grid.stepState(GridWorld.RIGHT); // onto the goal
    assertThat(grid.termination()).isEqualTo(Termination.GOAL);
    assertThat(grid.reward()).isEqualTo(10.0);

    grid.resetState();
    for (int t = 0; t < 5; t++) {
      grid.stepState(GridWorld.UP); // bump the edge until the map's time limit
    }
    assertThat(grid.termination()).isEqualTo(Termination.TIME_LIMIT);
    assertThat(grid.truncated()).isTrue();
    assertThat(grid.terminated()).isFalse();
  }

  @Test
  void timeLimitCutsAfterMaxStepsUnlessTheTaskEndedOnThatStep() {
    TimeLimit<?> limited = new TimeLimit<>(Envs.makeTabular("gridworld:open"), 3);
    limited.resetState(0);
    limited.stepState(GridWorld.RIGHT);
    limited.stepState(GridWorld.RIGHT);
    assertThat(limited.truncated()).isFalse();
    assertThat(limited.elapsedSteps()).isEqualTo(2);
    limited.stepState(GridWorld.RIGHT);
    assertThat(limited.truncated()).isTrue();
    assertThat(limited.terminated()).isFalse();
    assertThat(limited.termination()).isEqualTo(Termination.TIME_LIMIT);
    assertThatThrownBy(() -> limited.stepState(0)).isInstanceOf(IllegalStateException.class)
        .hasMessage("the episode is over: call reset() before step()");
    limited.resetState();
    assertThat(limited.termination()).isEqualTo(Termination.NOT_ENDED);
    assertThat(limited.elapsedSteps()).isZero();

    // The goal reached on the last allowed step is a goal, not a time limit.
    TimeLimit<?> tight = new TimeLimit<>(
        (TabularEnv<?>) Envs.make(Envs.CUSTOM_GRID, Map.of(Envs.MAP, MAP)), 3);
    tight.resetState(0);
    tight.stepState(GridWorld.DOWN);
    tight.stepState(GridWorld.RIGHT);
    tight.stepState(GridWorld.RIGHT);
    assertThat(tight.terminated()).isTrue();
    assertThat(tight.truncated()).isFalse();
    assertThat(tight.termination()).isEqualTo(Termination.GOAL);
    assertThatThrownBy(() -> new TimeLimit<>(Envs.makeTabular("gridworld:open"), 0))
        .isInstanceOf(ParameterException.class).hasMessageContaining("maxSteps");
  }

  @Test
  void environmentsAreMadeByIdAndParameters() {
    GridWorld custom = (GridWorld) Envs.make("gridworld", Map.of("map", MAP));
    assertThat(custom.map()).isEqualTo(GridMap.parse(MAP));
    assertThat(Envs.make("gridworld:cliff", Map.of("observation", "index")))
        .isInstanceOf(GridWorld.class);
    assertThat(Envs.specs()).extracting(EnvSpec::id).containsAll(Envs.ids()).contains("gridworld");

    assertThatThrownBy(() -> Envs.make("gridworld", Map.of()))
        .isInstanceOf(ParameterException.class)
        .satisfies(e -> assertThat(((ParameterException) e).field()).isEqualTo("map"));
    assertThatThrownBy(() -> Envs.make("blackjack", Map.of("map", MAP)))
        .isInstanceOf(ParameterException.class)
        .hasMessage("environment blackjack:sab has no parameter 'map'; it takes none");
    assertThatThrownBy(() -> Envs.make("gridworld:open", Map.of("observation", "pixels")))
        .isInstanceOf(ParameterException.class)
        .hasMessage("observation must be one of index, planes, was 'pixels'");
    assertThatThrownBy(() -> Envs.makeTabular("gridworld:open", Map.of("observation", "planes")))
        .isInstanceOf(ParameterException.class).hasMessageContaining("not tabular");
    assertThatThrownBy(() -> Envs.make("gridworld", Map.of("map", "x".repeat(20_001))))
        .isInstanceOf(ParameterException.class)
        .hasMessage("map must be at most 20,000 characters, was 20,001");
  }

  @Test
  void aRunConfigWithACustomMapRebuildsItsRun() {
    RunConfig config = new RunConfig("gridworld", Algorithm.Q_LEARNING, 200, 0.5, 1.0,
        EpsilonSchedule.constant(0.1), 3).withEnvParams(Map.of("map", MAP));
    TrainingResult a = org.saferlhub.Rl.train(config);
    TrainingResult b = org.saferlhub.Rl.train(config);
    assertThat(a.q().toArray()).isEqualTo(b.q().toArray());
    assertThat(a.q().states()).isEqualTo(6);
  }

  /** One state; each step pays the agent +1 but the designer −1; the episode ends after 3. */
  private static final class Paid extends OneStateEnv {
    private int t;

    Paid() {
      super("test:paid", "pays the agent what the designer does not want");
    }

    @Override
    protected int start() {
      t = 0;
      return 0;
    }

    @Override
    protected int transition(int action) {
      pay(1.0, -1.0);
      if (++t == 3) {
        end(Termination.GOAL);
      }
      return 0;
    }

    @Override
    public boolean hasHiddenReward() {
      return true;
    }
  }

  @Test
  void theTrainerTotalsPerformanceBesideReturnAndTheAgentNeverSeesIt() {
    RunConfig config = new RunConfig("test:paid", Algorithm.Q_LEARNING, 10, 0.5, 1.0,
        EpsilonSchedule.constant(0), 1);
    List<org.saferlhub.train.EpisodeStats> episodes = new java.util.ArrayList<>();
    TrainingResult result = Trainer.train(config, new Paid(), new TrainingListener() {
      @Override
      public void onEpisode(org.saferlhub.train.EpisodeStats episode) {
        episodes.add(episode);
      }
    }, () -> false, Duration.ofMinutes(1));
    assertThat(result.meanReturn()).isEqualTo(3.0);
    assertThat(result.meanPerformance()).isEqualTo(-3.0);
    assertThat(result.points()).allSatisfy(p -> {
      assertThat(p.meanReturn()).isEqualTo(3.0);
      assertThat(p.meanPerformance()).isEqualTo(-3.0);
    });
    assertThat(episodes).hasSize(10).allSatisfy(e -> {
      assertThat(e.episodeReturn()).isEqualTo(3.0);
      assertThat(e.performance()).isEqualTo(-3.0);
      assertThat(e.length()).isEqualTo(3);
      assertThat(e.termination()).isEqualTo(Termination.GOAL);
    });
    // The agent learned from the reward alone: Q climbs towards +3, not −3.
    assertThat(result.q().get(0, 0)).isPositive();
    // The object API reports the hidden reward in the step's info.
    Paid env = new Paid();
    env.reset(0);
    assertThat(env.step(0).info()).containsEntry("hiddenReward", -1.0);
  }

  /** The engine draws only from its own generator, so a seed means the same on every platform. */
  @Test
  void theEngineDrawsOnlyFromItsOwnGenerator() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/saferlhub"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        assertThat(Files.readString(file)).as(file.toString())
            .doesNotContain("new SplittableRandom(").doesNotContain("new Random(")
            .doesNotContain("Math.random(");
      }
    }
  }

  /**
   * exp and log come from StrictMath (fdlibm, the same algorithm browsers use for Math.exp and
   * Math.log), not Math, whose JIT intrinsics may round otherwise, and differently before and after
   * compilation; pow has no fdlibm twin in browsers, so the engine builds it from exp and log. A
   * run then gives the same numbers on every JVM, and in the page for short runs. Browsers' last
   * bit is not always fdlibm's, though, so the neural networks, whose long runs amplify one bit,
   * use {@link org.saferlhub.nn.Elementary}'s exp and log, plain arithmetic (ElementaryTest).
   */
  @Test
  void theEngineUsesOnlyTranscendentalFunctionsThatBrowsersShare() throws IOException {
    java.util.regex.Pattern unsafe = java.util.regex.Pattern.compile(
        "(?<!Strict)Math\\.(exp|log|log10|log1p|expm1|pow|sin|cos|tan|atan|atan2|tanh|sinh|cosh|cbrt|hypot)\\(");
    try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/saferlhub"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        assertThat(unsafe.matcher(Files.readString(file)).find()).as(file.toString()).isFalse();
      }
    }
    assertThat(StrictMath.exp(0.5)).isEqualTo(1.6487212707001282); // fdlibm's value
  }

  @Test
  void environmentCodeDoesNotImportAgentsOrTraining() throws IOException {
    Path env = Path.of("src/main/java/org/saferlhub/env");
    try (Stream<Path> files = Files.walk(env)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        assertThat(Files.readString(file)).as(file.toString())
            .doesNotContain("import org.saferlhub.agent").doesNotContain("import org.saferlhub.train");
      }
    }
  }
}
