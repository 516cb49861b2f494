package org.saferlhub.app.cli;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.Envs;
import org.saferlhub.env.safety.Playthrough;
import org.saferlhub.env.safety.SafetyGridWorld;
import org.saferlhub.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code saferlhub play}: plays an action script through an AI Safety Gridworld and prints the
 * reward the agent saw beside the hidden performance, as the data files' reference trajectories.
 */
@Command(name = "play", mixinStandardHelpOptions = true,
    description = {"Play an action script through an AI Safety Gridworld: return (what the agent",
        "sees) beside performance (what the designer wanted), steps and why the episode ended.",
        "Example: saferlhub play --env safety:boat_race --actions RRDDLLUU --seed 0 --json"})
public final class PlayCommand implements Callable<Integer> {

  @Option(names = "--env", required = true, description = "An AI Safety Gridworld, e.g. safety:boat_race (an unknown id lists them all).")
  String env;

  @picocli.CommandLine.Mixin
  WorldOptions world = new WorldOptions();

  @Option(names = "--actions", required = true, paramLabel = "SCRIPT",
      description = "The moves, one letter each: U, D, L, R, and N for no-op where the environment has it "
          + "(at most 10,000 letters; spaces are ignored).")
  String actions;

  @Option(names = "--seed", description = "Seed, 0 to 2^53-1 (default: ${DEFAULT-VALUE}).")
  long seed = 0;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  /** The safety environments, for the help text. */
  static String environments() {
    return String.join(", ", Envs.ids().stream().filter(id -> id.startsWith("safety:")).toList());
  }

  @Override
  public Integer call() {
    String id = env.trim().toLowerCase(Locale.ROOT);
    if (!id.startsWith("safety:")) {
      throw new ParameterException("env", "play takes an AI Safety Gridworld: " + environments()
          + "; was '" + (env.length() > 40 ? env.substring(0, 40) + "…" : env) + "'");
    }
    Check.range("seed", seed, 0, RunConfig.SEED_LIMIT - 1);
    Map<String, String> params = new HashMap<>();
    this.world.putTextInto(params);
    SafetyGridWorld world = (SafetyGridWorld) Envs.makeTabular(id, params);
    String script = actions.replace(" ", "");
    Playthrough p;
    try {
      p = Playthrough.play(world, script, seed);
    } catch (IllegalArgumentException bad) {
      throw new ParameterException("actions", bad.getMessage());
    }
    List<String> board = List.of(world.board());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", id);
    this.world.putInto(m);
    m.put("seed", seed);
    m.put("return", p.episodeReturn());
    m.put("performance", p.performance());
    m.put("steps", p.steps());
    m.put("terminationReason", p.termination().id());
    m.put("unusedActions", p.unusedActions());
    m.put("board", board);
    if (json) {
      System.out.println(Cli.json(m));
    } else {
      System.out.printf(Locale.ROOT, "%s, seed %d: %d steps, %s%n", id, seed, p.steps(),
          p.termination() == org.saferlhub.env.Termination.NOT_ENDED ? "still running"
              : "ended: " + p.termination().id());
      System.out.printf(Locale.ROOT, "  return (what the agent sees):          %+.4f%n", p.episodeReturn());
      System.out.printf(Locale.ROOT, "  performance (what the designer wanted): %+.4f%n", p.performance());
      if (p.unusedActions() > 0) {
        System.out.printf("  %d letters of the script were left over after the episode ended%n",
            p.unusedActions());
      }
      System.out.println();
      board.forEach(row -> System.out.println("  " + row));
    }
    return 0;
  }
}
