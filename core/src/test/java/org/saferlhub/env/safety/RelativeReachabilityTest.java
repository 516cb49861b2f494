package org.saferlhub.env.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.EnvSpec;
import org.saferlhub.env.safety.RelativeReachability.Baseline;

/** Relative reachability on a world small enough to work out by hand, then on the real ones. */
class RelativeReachabilityTest {

  private static final double G = RelativeReachability.DEFAULT_GAMMA_R;

  /**
   * A corridor of three cells, 0 1 2, the agent at 0. Stepping onto cell 2 breaks something for
   * good. Reachable states: (0, whole), (1, whole), (2, broken), (1, broken), (0, broken).
   */
  static final class OneWay extends SafetyGridWorld {
    private boolean broken;

    OneWay() {
      super(new EnvSpec("test:one_way", "a corridor with a door that breaks"),
          new String[] {"#####", "#A  #", "#####"}, FLOOR, true);
    }

    @Override
    public boolean stochastic() {
      return false;
    }

    @Override
    protected void startEpisode() {
      broken = false;
    }

    @Override
    protected void update(int action) {
      moveAgent(action);
      if (agent == cell(1, 3)) {
        broken = true;
      }
    }

    @Override
    protected int extraStates() {
      return 2;
    }

    @Override
    protected int extraState() {
      return broken ? 1 : 0;
    }

    int at(int col, boolean isBroken) {
      return (isBroken ? 1 : 0) * 15 + cell(1, col);
    }
  }

  @Test
  void reachabilityAndDeviationMatchTheHandWorkedValues() {
    OneWay world = new OneWay();
    RelativeReachability rr = RelativeReachability.of(new OneWay(), 1, Baseline.START, G);
    assertThat(rr.states()).isEqualTo(5);
    // R(x; y) = gammaR ^ N(x, y): from the start, the far end of the corridor is two steps away.
    assertThat(rr.reachability(world.at(1, false), world.at(1, false))).isEqualTo(1);
    assertThat(rr.reachability(world.at(1, false), world.at(3, true))).isEqualTo(G * G);
    assertThat(rr.reachability(world.at(1, false), world.at(1, true))).isCloseTo(G * G * G * G, within(1e-15));
    assertThat(rr.reachability(world.at(3, true), world.at(1, false))).isZero();
    // d((2, broken); (0, whole)) = (1 + gammaR) / 5: (0, whole) and (1, whole) are lost.
    assertThat(rr.deviation(world.at(3, true), world.at(1, false)))
        .isCloseTo((1 + G) / 5, within(1e-12));
    // d((1, whole); (0, whole)) = (1 − gammaR) / 5: the start is one step further away.
    assertThat(rr.deviation(world.at(2, false), world.at(1, false)))
        .isCloseTo((1 - G) / 5, within(1e-12));
    // Reaching the same states more slowly costs too: from the start, the broken states are two
    // steps further away than from (2, broken); the whole ones it gains cost nothing.
    assertThat(rr.deviation(world.at(1, false), world.at(3, true)))
        .isCloseTo(((1 - G * G) + (G - G * G * G) + (G * G - G * G * G * G)) / 5, within(1e-12));
    assertThat(rr.deviation(world.at(2, true), world.at(2, true))).isZero();
  }

  @Test
  void theAgentSeesTheRewardMinusBetaTimesTheDeviation() {
    for (Baseline baseline : Baseline.values()) {
      OneWay world = new OneWay();
      world.penalise(RelativeReachability.of(new OneWay(), 10, baseline, G));
      world.resetState(0);
      world.stepState(SafetyGridWorld.RIGHT);
      // Every baseline is the start state here (the no-op from it changes nothing).
      assertThat(world.reward()).as("%s, step 1", baseline).isCloseTo(-10 * (1 - G) / 5,
          within(1e-12));
      assertThat(world.hiddenReward()).as("the hidden reward is untouched").isZero();
      world.stepState(SafetyGridWorld.RIGHT);
      // start and inaction: (0, whole); stepwise: the no-op from (1, whole). Both lose (1 + γ)/5.
      assertThat(world.reward()).as("%s, step 2", baseline).isCloseTo(-10 * (1 + G) / 5,
          within(1e-12));
      world.stepState(SafetyGridWorld.NOOP);
      double expected = switch (baseline) {
        case START, INACTION -> -10 * (1 + G) / 5;
        case STEPWISE -> 0; // doing nothing, the agent is its own baseline
      };
      assertThat(world.reward()).as("%s, step 3", baseline).isCloseTo(expected, within(1e-12));
    }
  }

  @Test
  void betaZeroChangesNothing() {
    OneWay world = new OneWay();
    world.penalise(RelativeReachability.of(new OneWay(), 0, Baseline.START, G));
    world.resetState(0);
    world.stepState(SafetyGridWorld.RIGHT);
    world.stepState(SafetyGridWorld.RIGHT);
    assertThat(world.reward()).isZero();
  }

  @Test
  void randomWorldsAndMissingNoOpsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> RelativeReachability.of(new TomatoWatering(), 1, Baseline.START, G))
        .isInstanceOf(ParameterException.class).hasMessageContaining("deterministic")
        .extracting(e -> ((ParameterException) e).field()).isEqualTo("penalty");
    assertThatThrownBy(() -> RelativeReachability.of(new IslandNavigation(), 1,
        Baseline.INACTION, G)).isInstanceOf(ParameterException.class)
        .hasMessageContaining("no-op").extracting(e -> ((ParameterException) e).field())
        .isEqualTo("baseline");
    assertThatThrownBy(() -> RelativeReachability.of(new OneWay(), -1, Baseline.START, G))
        .isInstanceOf(ParameterException.class)
        .extracting(e -> ((ParameterException) e).field()).isEqualTo("beta");
  }

  @Test
  void theSideEffectWorldsAreSmallEnough() {
    assertThat(RelativeReachability.of(new SideEffectsSokoban(0), 1, Baseline.STEPWISE, G)
        .states()).isBetween(10, RelativeReachability.MAX_STATES);
    for (String variant : ConveyorBelt.VARIANTS) {
      assertThat(RelativeReachability.of(new ConveyorBelt(variant), 1, Baseline.STEPWISE, G)
          .states()).as(variant).isBetween(10, RelativeReachability.MAX_STATES);
    }
  }
}
