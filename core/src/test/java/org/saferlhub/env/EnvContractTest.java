package org.saferlhub.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The environment contract, checked for every registered environment (Gymnasium's env checker,
 * as one parameterized test over {@link Envs#ids()}).
 */
class EnvContractTest {

  /** The tabular environments, which every test but the first and the last two checks. */
  static List<String> ids() {
    return Envs.ids().stream().filter(id -> Envs.make(id) instanceof TabularEnv<?>).toList();
  }

  /** Every registered environment (level environments have their own contract test too). */
  static List<String> allIds() {
    return Envs.ids();
  }

  @ParameterizedTest
  @MethodSource("allIds")
  void specIdIsTheRegistryId(String id) {
    try (Env<?, ?> env = Envs.make(id)) {
      assertThat(env.spec().id()).isEqualTo(id);
      assertThat(env.spec().description()).isNotBlank();
    }
  }

  @ParameterizedTest
  @MethodSource("ids")
  void everyObservationLiesInTheObservationSpace(String id) {
    checkObservations(Envs.makeTabular(id));
  }

  private static <O> void checkObservations(TabularEnv<O> env) {
    SplittableRandom random = new SplittableRandom(1);
    for (int episode = 0; episode < 2_000; episode++) {
      O obs = episode == 0 ? env.reset(3).observation() : env.reset().observation();
      checkObservation(env, obs);
      Step<O> step;
      do {
        step = env.step(env.actionSpace().sample(random));
        checkObservation(env, step.observation());
      } while (!step.done());
    }
  }

  private static <O> void checkObservation(TabularEnv<O> env, O obs) {
    assertThat(env.observationSpace().contains(obs)).as("%s in space", obs).isTrue();
    int index = env.encode(obs);
    assertThat(index).isBetween(0, env.stateCount() - 1);
    assertThat(env.decode(index)).isEqualTo(obs);
  }

  @ParameterizedTest
  @MethodSource("ids")
  void sameSeedGivesTheSameRollout(String id) {
    List<String> first = rollout(Envs.makeTabular(id), 42, 7);
    assertThat(rollout(Envs.makeTabular(id), 42, 7)).isEqualTo(first);
    if (Envs.makeTabular(id).stochastic()) {
      assertThat(rollout(Envs.makeTabular(id), 43, 7)).isNotEqualTo(first);
    } else {
      assertThat(rollout(Envs.makeTabular(id), 43, 7)).isEqualTo(first);
    }
  }

  /** 200 episodes with random actions from a seeded generator; reset() continues the stream. */
  private static <O> List<String> rollout(TabularEnv<O> env, long seed, long actionSeed) {
    SplittableRandom random = new SplittableRandom(actionSeed);
    List<String> trajectory = new ArrayList<>();
    for (int episode = 0; episode < 200; episode++) {
      Reset<O> reset = episode == 0 ? env.reset(seed) : env.reset();
      trajectory.add("reset " + reset.observation() + " " + reset.info());
      Step<O> step;
      do {
        int action = env.actionSpace().sample(random);
        step = env.step(action);
        trajectory.add(action + " -> " + step);
      } while (!step.done());
    }
    return trajectory;
  }

  @ParameterizedTest
  @MethodSource("ids")
  void objectAndPrimitiveApisAgree(String id) {
    agree(Envs.makeTabular(id), Envs.makeTabular(id));
  }

  private static <O, P> void agree(TabularEnv<O> objects, TabularEnv<P> primitives) {
    SplittableRandom random = new SplittableRandom(9);
    for (int episode = 0; episode < 500; episode++) {
      O obs = episode == 0 ? objects.reset(5).observation() : objects.reset().observation();
      int state = episode == 0 ? primitives.resetState(5) : primitives.resetState();
      assertThat(objects.encode(obs)).isEqualTo(state);
      assertThat(primitives.reward()).isZero();
      boolean done;
      do {
        int action = random.nextInt(objects.actionCount());
        Step<O> step = objects.step(action);
        state = primitives.stepState(action);
        assertThat(objects.encode(step.observation())).isEqualTo(state);
        assertThat(step.reward()).isEqualTo(primitives.reward());
        assertThat(step.terminated()).isEqualTo(primitives.terminated());
        assertThat(step.truncated()).isEqualTo(primitives.truncated());
        done = step.done();
      } while (!done);
    }
  }

  @ParameterizedTest
  @MethodSource("ids")
  void stepBeforeResetAndAfterTheEndThrowsIllegalState(String id) {
    TabularEnv<?> env = Envs.makeTabular(id);
    assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> env.stepState(0)).isInstanceOf(IllegalStateException.class);
    env.reset(1);
    SplittableRandom random = new SplittableRandom(2);
    while (!env.step(random.nextInt(env.actionCount())).done()) {
      // play to the end
    }
    assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> env.stepState(0)).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @MethodSource("ids")
  void actionsOutsideTheSpaceAreRejectedNamingTheSpace(String id) {
    TabularEnv<?> env = Envs.makeTabular(id);
    env.reset(1);
    String space = env.actionSpace().toString();
    for (int action : new int[] {env.actionCount(), -1, Integer.MAX_VALUE}) {
      assertThat(env.actionSpace().contains(action)).isFalse();
      assertThatThrownBy(() -> env.step(action)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(space);
      assertThatThrownBy(() -> env.stepState(action))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(space);
    }
    assertThatThrownBy(() -> env.step(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(space);
  }

  @ParameterizedTest
  @MethodSource("allIds")
  void closingTwiceIsHarmless(String id) {
    Env<?, ?> env = Envs.make(id);
    env.reset(1);
    assertThatCode(() -> {
      env.close();
      env.close();
    }).doesNotThrowAnyException();
  }

  @Test
  void registryListsSortedIdsAndRejectsUnknownOnes() {
    assertThat(Envs.ids()).isSorted()
        .contains("blackjack:default", "blackjack:natural", "blackjack:sab");
    assertThat(Envs.make("blackjack").spec().id()).isEqualTo("blackjack:sab");
    assertThat(Envs.make("blackjack:sab")).isNotSameAs(Envs.make("blackjack:sab"));
    assertThatThrownBy(() -> Envs.make("blackjack:vegas"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'blackjack:vegas'")
        .hasMessageContaining("[blackjack:default, blackjack:natural, blackjack:sab]");
    assertThatThrownBy(() -> Envs.makeTabular("")).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The termination reason agrees with the flags after every step: none while running, the time
   * limit exactly when truncated, a terminal reason exactly when terminated; and without a hidden
   * channel the hidden reward is the reward.
   */
  @ParameterizedTest
  @MethodSource("ids")
  void terminationReasonAndHiddenRewardAgreeWithTheStep(String id) {
    TabularEnv<?> env = Envs.makeTabular(id);
    SplittableRandom random = new SplittableRandom(5);
    for (int episode = 0; episode < 500; episode++) {
      if (episode == 0) {
        env.resetState(9);
      } else {
        env.resetState();
      }
      assertThat(env.termination()).isEqualTo(Termination.NOT_ENDED);
      boolean done = false;
      while (!done) {
        env.stepState(random.nextInt(env.actionCount()));
        done = env.terminated() || env.truncated();
        Termination why = env.termination();
        assertThat(why == Termination.NOT_ENDED).isEqualTo(!done);
        assertThat(why == Termination.TIME_LIMIT).isEqualTo(env.truncated());
        assertThat(why.terminal()).isEqualTo(env.terminated());
        if (!env.hasHiddenReward()) {
          assertThat(env.hiddenReward()).isEqualTo(env.reward());
        }
      }
    }
  }
}
