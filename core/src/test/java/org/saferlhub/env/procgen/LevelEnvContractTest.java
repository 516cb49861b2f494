package org.saferlhub.env.procgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.saferlhub.env.Envs;
import org.saferlhub.env.Step;

/**
 * The contract of every registered level environment, in each split and view: observations in
 * the box, the fast path and Gymnasium's path moving the same state, seeding, the checks, the
 * time limit and the outcome on the last step.
 */
class LevelEnvContractTest {

  static Stream<Map<String, String>> variants() {
    List<Map<String, String>> out = new ArrayList<>();
    for (String id : Envs.ids()) {
      if (!(Envs.make(id) instanceof LevelEnv)) {
        continue;
      }
      for (String split : List.of("train", "test")) {
        for (String view : List.of("allocentric", "egocentric")) {
          out.add(Map.of("id", id, "split", split, "view", view, "p", "0.3"));
        }
      }
    }
    assertThat(out).isNotEmpty();
    return out.stream();
  }

  private static LevelEnv make(Map<String, String> v) {
    return (LevelEnv) Envs.make(v.get("id"),
        Map.of("split", v.get("split"), "view", v.get("view"), "p", v.get("p")));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void observationsLieInTheBoxAndBothPathsAgree(Map<String, String> v) {
    LevelEnv gym = make(v);
    LevelEnv fast = make(v);
    SplittableRandom random = new SplittableRandom(3);
    double[] x = new double[fast.observationSize()];
    assertThat(gym.observationSpace().size()).isEqualTo(fast.observationSize());
    for (int episode = 0; episode < 300; episode++) {
      float[] obs = episode == 0 ? gym.reset(11).observation() : gym.reset().observation();
      if (episode == 0) {
        fast.resetLevel(11);
      } else {
        fast.resetLevel();
      }
      assertThat(gym.observationSpace().contains(obs)).isTrue();
      fast.observe(x);
      assertThat(toFloat(x)).isEqualTo(obs);
      Step<float[]> step;
      do {
        int a = random.nextInt(gym.actionCount());
        step = gym.step(a);
        fast.act(a);
        assertThat(gym.observationSpace().contains(step.observation())).isTrue();
        fast.observe(x);
        assertThat(toFloat(x)).isEqualTo(step.observation());
        assertThat(fast.reward()).isEqualTo(step.reward());
        assertThat(fast.terminated()).isEqualTo(step.terminated());
        assertThat(fast.truncated()).isEqualTo(step.truncated());
        assertThat(Double.isFinite(step.reward())).isTrue();
      } while (!step.done());
      assertThat(step.info()).containsEntry("outcome", gym.outcomes().get(gym.outcome()));
      assertThat(step.terminated() && step.truncated()).isFalse();
    }
  }

  private static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }

  @ParameterizedTest
  @MethodSource("variants")
  void sameSeedSameLevelsAndAnotherSeedOthers(Map<String, String> v) {
    assertThat(rollout(make(v), 5)).isEqualTo(rollout(make(v), 5));
    assertThat(rollout(make(v), 6)).isNotEqualTo(rollout(make(v), 5));
  }

  private static List<String> rollout(LevelEnv env, long seed) {
    List<String> out = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(1);
    env.reset(seed);
    for (int episode = 0; episode < 20; episode++) {
      if (episode > 0) {
        env.reset();
      }
      Step<float[]> step;
      do {
        step = env.step(random.nextInt(env.actionCount()));
        out.add(java.util.Arrays.toString(step.observation()) + step.reward());
      } while (!step.done());
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("variants")
  void misuseIsRejected(Map<String, String> v) {
    LevelEnv env = make(v);
    assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class);
    env.reset(1);
    assertThatThrownBy(() -> env.step(env.actionCount()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(env.actionSpace().toString());
    assertThatThrownBy(() -> env.step(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> env.step(null)).isInstanceOf(IllegalArgumentException.class);
    Step<float[]> step;
    do {
      step = env.step(0);
    } while (!step.done());
    assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class);
    env.close();
    env.close();
  }

  @ParameterizedTest
  @MethodSource("variants")
  void badParametersNameTheirField(Map<String, String> v) {
    String id = v.get("id");
    assertThatThrownBy(() -> Envs.make(id, Map.of("p", "1.5")))
        .hasMessageContaining("p must be");
    assertThatThrownBy(() -> Envs.make(id, Map.of("p", "lots")))
        .hasMessageContaining("p must be");
    assertThatThrownBy(() -> Envs.make(id, Map.of("view", "sideways")))
        .hasMessageContaining("view must be one of");
    assertThatThrownBy(() -> Envs.make(id, Map.of("split", "dev")))
        .hasMessageContaining("split must be one of");
  }
}
