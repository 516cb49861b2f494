package org.saferlhub.app.inspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saferlhub.agent.neural.PolicyNet;
import org.saferlhub.agent.neural.Ppo;
import org.saferlhub.app.goal.GoalTraining;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.env.procgen.View;

/**
 * Cheese-in-the-corner networks to look inside: trained by PPO exactly as
 * {@code saferlhub train --env cheese-corner} trains them (same settings, same network bit for
 * bit), with copies of the network at evenly spaced checkpoints. The last few are kept, so that
 * the page's many questions about one network cost one training; a request works on its own copy.
 */
public final class InspectModels {

  /** Checkpoints kept per training run (the last is the trained network). */
  public static final int CHECKPOINTS = 8;
  /** Trained networks kept. */
  static final int KEPT = 3;

  /**
   * A network as it stood after {@code steps} steps.
   *
   * @param steps environment steps of training so far
   * @param policy the network then (shared: copy it before use)
   */
  public record Checkpoint(long steps, PolicyNet policy) {}

  /**
   * A trained network.
   *
   * @param settings how it was trained
   * @param checkpoints {@value #CHECKPOINTS} checkpoints, the last the trained network
   * @param summary what {@code saferlhub train … --json} prints about it
   */
  public record Trained(GoalTraining.Settings settings, List<Checkpoint> checkpoints,
      Map<String, Object> summary) {

    /** A fresh copy of the trained network, for one request's use. */
    public PolicyNet policy() {
      return checkpoints.get(checkpoints.size() - 1).policy().copy();
    }
  }

  private static final Map<String, Trained> KEPT_RUNS = new LinkedHashMap<>();

  private InspectModels() {}

  /** The settings of a cheese-corner PPO network (checked, naming the field that is wrong). */
  public static GoalTraining.Settings settings(View view, double p, long steps, long seed) {
    return new GoalTraining.Settings(CheeseCorner.ID, "ppo", p, view, steps, seed, 500);
  }

  /** Trains (or finds the kept copy of) the network these settings describe. */
  public static Trained get(GoalTraining.Settings s) {
    String key = s.command();
    synchronized (KEPT_RUNS) {
      Trained kept = KEPT_RUNS.remove(key);
      if (kept != null) {
        KEPT_RUNS.put(key, kept); // most recently used last
        return kept;
      }
    }
    Trained trained = train(s);
    synchronized (KEPT_RUNS) {
      KEPT_RUNS.put(key, trained);
      while (KEPT_RUNS.size() > KEPT) {
        KEPT_RUNS.remove(KEPT_RUNS.keySet().iterator().next());
      }
    }
    return trained;
  }

  /** Trains, keeping {@value #CHECKPOINTS} evenly spaced copies of the network. */
  public static Trained train(GoalTraining.Settings s) {
    int updates = GoalTraining.config(s).updates();
    List<Checkpoint> checkpoints = new ArrayList<>();
    int[] next = {1};
    GoalTraining.Outcome o = GoalTraining.run(s, new Ppo.Listener() {
      @Override
      public boolean update(Ppo.Update u) {
        return true;
      }

      @Override
      public boolean update(Ppo.Update u, PolicyNet policy) {
        // checkpoint k of K is the network after update ⌈k·U/K⌉
        while (next[0] <= CHECKPOINTS
            && u.update() >= (int) Math.ceil((double) next[0] * updates / CHECKPOINTS)) {
          checkpoints.add(new Checkpoint(u.steps(), policy.copy()));
          next[0]++;
        }
        return true;
      }
    });
    return new Trained(s, List.copyOf(checkpoints), GoalTraining.summary(o));
  }
}
