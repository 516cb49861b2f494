package org.saferlhub.agent.neural;

import java.util.List;
import org.saferlhub.env.procgen.LevelEnv;
import org.saferlhub.random.Rng;

/**
 * Plays a trained policy on fresh levels and sorts the episodes by {@link LevelEnv#outcome()}:
 * for cheese in the corner, the three-way split reached the cheese / went to the corner first /
 * neither. The policy acts as it was trained to, sampling from π(· | s); the levels and the
 * actions come from the seed, so the same seed gives the same split.
 */
public final class LevelTest {

  /**
   * The split over {@code episodes} episodes.
   *
   * @param outcomes the outcome names, {@link LevelEnv#outcomes()}
   * @param counts episodes per outcome
   * @param episodes the number of episodes
   * @param meanReturn the mean return
   * @param meanSteps the mean episode length
   * @param metrics the family's further metrics ({@link LevelEnv#metrics()})
   * @param outcomeOf each episode's outcome, in order
   * @param metricOf each episode's metrics: {@code metricOf[episode][metric]}
   */
  public record Split(List<String> outcomes, int[] counts, int episodes, double meanReturn,
      double meanSteps, List<String> metrics, int[] outcomeOf, double[][] metricOf) {

    /** The mean of metric {@code name} over the episodes. */
    public double mean(String name) {
      int m = metrics.indexOf(name);
      if (m < 0) {
        throw new IllegalArgumentException("no metric " + name + " in " + metrics);
      }
      double sum = 0;
      for (double[] row : metricOf) {
        sum += row[m];
      }
      return sum / episodes;
    }

    /**
     * The share of outcome {@code i} among the episodes whose metric {@code name} equals
     * {@code value} (NaN if there are none): coin-at-end's split without the levels whose coin
     * lay on the path anyway.
     */
    public double shareWhere(int i, String name, double value) {
      int m = metrics.indexOf(name);
      int n = 0;
      int k = 0;
      for (int e = 0; e < episodes; e++) {
        if (metricOf[e][m] == value) {
          n++;
          k += outcomeOf[e] == i ? 1 : 0;
        }
      }
      return n == 0 ? Double.NaN : (double) k / n;
    }

    /** How many episodes have metric {@code name} equal to {@code value}. */
    public int countWhere(String name, double value) {
      int m = metrics.indexOf(name);
      int n = 0;
      for (double[] row : metricOf) {
        n += row[m] == value ? 1 : 0;
      }
      return n;
    }

    /** The share of episodes that ended in outcome {@code i}. */
    public double share(int i) {
      return (double) counts[i] / episodes;
    }

    /** The share of episodes that ended in the named outcome. */
    public double share(String outcome) {
      int i = outcomes.indexOf(outcome);
      if (i < 0) {
        throw new IllegalArgumentException("no outcome " + outcome + " in " + outcomes);
      }
      return share(i);
    }
  }

  private LevelTest() {}

  /**
   * Plays {@code episodes} episodes of {@code env}'s levels.
   *
   * @param policy what acts: a network samples from π(· | s), the tabular arm acts ε-greedily
   * @param env the environment (usually its test split), reset by this call
   * @param episodes how many levels, at least 1
   * @param seed the seed of the levels and of the actions
   */
  public static Split run(LevelPolicy policy, LevelEnv env, int episodes, long seed) {
    if (episodes < 1) {
      throw new IllegalArgumentException("episodes must be at least 1, was " + episodes);
    }
    Rng rng = new Rng(seed);
    env.resetLevel(rng.nextLong());
    double[] x = new double[env.observationSize()];
    int[] counts = new int[env.outcomes().size()];
    int[] outcomeOf = new int[episodes];
    double[][] metricOf = new double[episodes][env.metrics().size()];
    double returns = 0;
    long steps = 0;
    for (int i = 0; i < episodes; i++) {
      if (i > 0) {
        env.resetLevel();
      }
      while (!env.terminated() && !env.truncated()) {
        env.observe(x);
        env.act(policy.act(env, x, rng));
        returns += env.reward();
      }
      counts[env.outcome()]++;
      outcomeOf[i] = env.outcome();
      for (int m = 0; m < metricOf[i].length; m++) {
        metricOf[i][m] = env.metric(m);
      }
      steps += env.steps();
    }
    return new Split(env.outcomes(), counts, episodes, returns / episodes,
        (double) steps / episodes, env.metrics(), outcomeOf, metricOf);
  }
}
