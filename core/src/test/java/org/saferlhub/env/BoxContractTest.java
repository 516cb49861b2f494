package org.saferlhub.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.saferlhub.config.Param;
import org.saferlhub.space.Box;
import org.saferlhub.space.Discrete;

/**
 * The environment contract for observations that are {@code float[]} vectors in a {@link Box}:
 * checked for every registered environment that offers them ({@code observation=planes}).
 */
class BoxContractTest {

  /** Every registered id whose spec offers {@code observation=planes}. */
  static List<String> boxIds() {
    List<String> ids = new ArrayList<>();
    for (EnvSpec spec : Envs.specs()) {
      for (Param p : spec.params()) {
        if (p.name().equals(Envs.OBSERVATION) && p.choices().contains("planes")
            && Envs.ids().contains(spec.id())) {
          ids.add(spec.id());
        }
      }
    }
    return ids;
  }

  @SuppressWarnings("unchecked")
  private static Env<float[], Integer> make(String id) {
    Env<?, ?> env = Envs.make(id, Map.of(Envs.OBSERVATION, "planes"));
    assertThat(env.observationSpace()).isInstanceOf(Box.class);
    assertThat(env.actionSpace()).isInstanceOf(Discrete.class);
    return (Env<float[], Integer>) env;
  }

  @ParameterizedTest
  @MethodSource("boxIds")
  void everyObservationLiesInTheBoxAndHasItsShape(String id) {
    try (Env<float[], Integer> env = make(id)) {
      Box box = (Box) env.observationSpace();
      assertThat(Arrays.stream(box.shape()).reduce(1, (a, b) -> a * b)).isEqualTo(box.size());
      SplittableRandom random = new SplittableRandom(2);
      for (int episode = 0; episode < 200; episode++) {
        float[] obs = episode == 0 ? env.reset(4).observation() : env.reset().observation();
        assertThat(box.contains(obs)).isTrue();
        Step<float[]> step;
        do {
          step = env.step(env.actionSpace().sample(random));
          assertThat(box.contains(step.observation())).isTrue();
          assertThat(step.observation()).hasSize(box.size());
        } while (!step.done());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("boxIds")
  void sameSeedGivesTheSameObservations(String id) {
    assertThat(rollout(make(id), 11)).isEqualTo(rollout(make(id), 11));
  }

  @ParameterizedTest
  @MethodSource("boxIds")
  void stepsOutsideAnEpisodeAndBadActionsAreRefused(String id) {
    Env<float[], Integer> env = make(id);
    assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class);
    env.reset(1);
    assertThatThrownBy(() -> env.step(99)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 99");
    assertThatThrownBy(() -> env.step(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @MethodSource("boxIds")
  void theObservationIsTheTabularStateSeenAsPlanes(String id) {
    // Planes and index see the same episode: the agent plane has its 1 on the index's cell.
    Env<float[], Integer> planes = make(id);
    TabularEnv<?> index = Envs.makeTabular(id);
    float[] x = planes.reset(6).observation();
    int s = index.resetState(6);
    SplittableRandom random = new SplittableRandom(8);
    for (int t = 0; t < 50; t++) {
      int cells = index.stateCount();
      assertThat(x[s]).isEqualTo(1f);
      float agentSum = 0;
      for (int i = 0; i < cells; i++) {
        agentSum += x[i];
      }
      assertThat(agentSum).isEqualTo(1f);
      int a = random.nextInt(index.actionCount());
      Step<float[]> step = planes.step(a);
      s = index.stepState(a);
      x = step.observation();
      assertThat(step.reward()).isEqualTo(index.reward());
      if (step.done()) {
        x = planes.reset().observation();
        s = index.resetState();
      }
    }
  }

  private static List<String> rollout(Env<float[], Integer> env, long seed) {
    List<String> out = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(seed);
    out.add(Arrays.toString(env.reset(seed).observation()));
    for (int t = 0; t < 100; t++) {
      Step<float[]> step = env.step(env.actionSpace().sample(random));
      out.add(Arrays.toString(step.observation()) + " " + step.reward() + " " + step.done());
      if (step.done()) {
        out.add(Arrays.toString(env.reset().observation()));
      }
    }
    return out;
  }
}
