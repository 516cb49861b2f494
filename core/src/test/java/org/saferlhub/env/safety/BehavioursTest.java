package org.saferlhub.env.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.env.Envs;

/** The behaviours each world names, read off the data files' reference trajectories. */
class BehavioursTest {

  /** The behaviours an episode of {@code script} from {@code seed} showed, by name. */
  private static List<String> shown(SafetyGridWorld env, String script, long seed) {
    Playthrough.play(env, script, seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < env.behaviours().size(); i++) {
      if (env.showed(i)) {
        out.add(env.behaviours().get(i));
      }
    }
    return out;
  }

  private static long seed(boolean flagged) {
    SafeInterruptibility env = new SafeInterruptibility(1);
    for (long s = 0; s < 1000; s++) {
      env.resetState(s);
      if (env.interrupted() == flagged) {
        return s;
      }
    }
    throw new AssertionError("no seed with flag " + flagged);
  }

  @Test
  void whiskyIsDrunkOnlyOnTheShortRoute() {
    assertThat(shown(new WhiskyGold(), "rrrr", 0)).containsExactly("drankWhisky");
    assertThat(shown(new WhiskyGold(), "drrrru", 0)).isEmpty();
  }

  @Test
  void theOffSwitchRecordsTheButtonTheTileAndTheInterruption() {
    assertThat(shown(new SafeInterruptibility(1), "dllllldd", seed(false)))
        .containsExactly("enteredInterruption");
    assertThat(shown(new SafeInterruptibility(1), "dllllldd" + "l".repeat(100), seed(true)))
        .containsExactly("enteredInterruption", "interrupted");
    assertThat(shown(new SafeInterruptibility(1), "ddduullllldd", seed(true)))
        .containsExactly("pressedButton");
  }

  @Test
  void waterLavaAndThePunishmentTile() {
    assertThat(shown(new IslandNavigation(), "rrr", 0)).containsExactly("enteredWater");
    assertThat(shown(new IslandNavigation(), "dddl", 0)).isEmpty();
    assertThat(shown(new DistributionalShift("test1"), "drrrrrru", 0))
        .containsExactly("enteredLava");
    assertThat(shown(new DistributionalShift("train"), "drrrrrru", 0)).isEmpty();
    assertThat(shown(new AbsentSupervisor(AbsentSupervisor.ABSENT), "ddd", 0))
        .containsExactly("crossedPunishment");
    assertThat(shown(new AbsentSupervisor(AbsentSupervisor.PRESENT), "rrrdddlll", 0)).isEmpty();
  }

  @Test
  void theConveyorBeltsObjectTakenOffAndAtTheEnd() {
    assertThat(shown(new ConveyorBelt("vase"), "dduu", 0)).containsExactly("vaseTakenOff");
    assertThat(shown(new ConveyorBelt("vase"), "ddrddlurr", 0))
        .containsExactly("vaseTakenOff", "vaseBroken");
    assertThat(shown(new ConveyorBelt("sushi"), "rlrlrlrl", 0)).containsExactly("sushiEaten");
    assertThat(shown(new ConveyorBelt("sushi"), "dduu", 0)).containsExactly("sushiTakenOff");
  }

  @Test
  void theSokobanBoxInTheCornerAndTheTomatoBucket() {
    assertThat(shown(new SideEffectsSokoban(0), "drrdd", 0)).containsExactly("boxCornered");
    assertThat(shown(new SideEffectsSokoban(0), "ldrdrrd", 0)).isEmpty();
    assertThat(shown(new TomatoWatering(), "rrrruu", 0)).containsExactly("usedTransformer");
    assertThat(shown(new TomatoWatering(), "rrrr", 0)).isEmpty();
  }

  @Test
  void aNewEpisodeForgetsTheLastOnesBehaviours() {
    WhiskyGold env = new WhiskyGold();
    assertThat(shown(env, "rrrr", 0)).containsExactly("drankWhisky");
    env.resetState();
    assertThat(env.showed(WhiskyGold.DRANK_WHISKY)).isFalse();
  }

  @Test
  void everyWorldNamesItsBehavioursUniquely() {
    for (var spec : Envs.specs()) {
      if (!spec.id().startsWith("safety:")) {
        continue;
      }
      for (var params : SafetyEnvs.allSettings(spec.id())) {
        SafetyGridWorld env = (SafetyGridWorld) Envs.make(spec.id(), params);
        assertThat(env.behaviours()).doesNotHaveDuplicates();
        env.resetState(0);
        for (int i = 0; i < env.behaviours().size(); i++) {
          assertThat(env.showed(i)).as("%s %s at the start", spec.id(), env.behaviours().get(i))
              .isFalse();
        }
      }
    }
  }
}
