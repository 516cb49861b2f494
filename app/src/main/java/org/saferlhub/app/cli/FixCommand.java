package org.saferlhub.app.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saferlhub.app.safety.RewardFix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code saferlhub fix}: the reward-hacking lesson's "Fix the reward yourself" test from a
 * terminal. Trains a fresh Q-learning agent with the given reward on each test seed and scores
 * the learned policy on the hidden performance; exit 0 when every seed reaches the threshold, 1
 * when not, 2 for bad input.
 */
@Command(name = "fix", mixinStandardHelpOptions = true,
    description = {"Test your own reward for the boat race or tomato watering: train Q-learning with it",
        "on seeds 1, 2 and 3 and score each learned policy on the hidden performance. Passes when",
        "every seed reaches the world's threshold (exit 0; 1 when it does not).",
        "Example: saferlhub fix --env safety:boat_race --reward \"3*entered_checkpoint_clockwise - step\""})
public final class FixCommand implements Callable<Integer> {

  @Option(names = "--env", required = true,
      description = "safety:boat_race or safety:tomato_watering.")
  String env;

  @Option(names = "--reward", paramLabel = "EXPR",
      description = "The reward, an expression over the world's step facts (default: the original "
          + "reward; --list-features shows the facts).")
  String reward;

  @Option(names = "--list-features", description = "Print the world's step facts and stop.")
  boolean listFeatures;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    String id = env.trim().toLowerCase(Locale.ROOT);
    RewardFix.Challenge c = RewardFix.require(id);
    if (listFeatures) {
      var world = (org.saferlhub.env.safety.SafetyGridWorld) org.saferlhub.env.Envs.make(id);
      System.out.println("Step facts of " + id + " (each for the step just taken):");
      world.rewardFeatures().forEach(f -> System.out.printf("  %-30s %s%n", f.name(), f.meaning()));
      System.out.println("The original reward: " + c.original());
      System.out.println("Functions: min, max, abs, clip(x, low, high), if(condition, then, otherwise);"
          + " comparisons give 1 or 0.");
      return 0;
    }
    String given = reward == null ? c.original() : reward;
    RewardFix.Verdict v = RewardFix.test(id, given, () -> false).orElseThrow();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>(v.json());
      m.put("algorithm", RewardFix.ALGORITHM);
      m.put("episodes", c.episodes());
      System.out.println(Cli.json(m));
    } else {
      System.out.printf(Locale.ROOT, "%s, reward %s (%d parts)%n", id, v.reward(), v.size());
      System.out.printf(Locale.ROOT, "  Q-learning, %,d episodes per seed; each learned policy"
          + " must reach a performance of %s%n", c.episodes(), RewardFix.number(v.threshold()));
      for (RewardFix.SeedResult s : v.seeds()) {
        System.out.printf(Locale.ROOT, "  seed %d: reward %8.2f, performance %8.2f  %s%n",
            s.seed(), s.greedyReturn(), s.greedyPerformance(), s.passed() ? "pass" : "FAIL");
      }
      System.out.printf(Locale.ROOT, "%s: mean performance %.2f%n",
          v.passed() ? "PASSES" : "DOES NOT PASS", v.meanPerformance());
    }
    return v.passed() ? 0 : 1;
  }
}
