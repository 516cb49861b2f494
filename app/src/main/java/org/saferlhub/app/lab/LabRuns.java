package org.saferlhub.app.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.saferlhub.config.ParameterException;
import org.saferlhub.policy.Bandit;
import org.saferlhub.policy.BestOfN;
import org.saferlhub.policy.KlPlacement;
import org.saferlhub.policy.LabStep;
import org.saferlhub.policy.NaturalPolicyGradient;
import org.saferlhub.policy.Ppo;
import org.saferlhub.policy.Reinforce;
import org.saferlhub.policy.Tilt;

/**
 * One policy-lab run: {@code npg}, {@code reinforce}, {@code ppo} or {@code best-of-n} on a bandit,
 * from the reference policy, reported as the final policy, its metrics, the exact optimum at the
 * same β (when there is an anchor) and every update's metrics.
 */
public final class LabRuns {

  /** The lab's agents. */
  public static final List<String> AGENTS = List.of("npg", "trpo", "reinforce", "ppo", "grpo",
      "dpo", "best-of-n");

  private LabRuns() {}

  /**
   * The run's settings, as the CLI reads them.
   *
   * @param agent one of {@link #AGENTS}
   * @param steps updates (best-of-n: ignored)
   * @param lr the learning rate
   * @param beta the anchor's weight (0: none)
   * @param kl none, reward or loss
   * @param batch samples per update
   * @param epochs PPO's epochs
   * @param clip PPO's ε
   * @param baseline REINFORCE's baseline: none, mean, leave-one-out
   * @param exact REINFORCE with expected gradients
   * @param n best-of-n's n
   * @param delta TRPO's trust region δ
   * @param seed the sampling seed
   */
  public record Settings(String agent, int steps, double lr, double beta, String kl, int batch,
      int epochs, double clip, String baseline, boolean exact, long n, double delta, long seed) {}

  /** Whether {@code env} is a policy-lab problem (burning-building, bandit). */
  public static boolean isLabEnv(String env) {
    String id = env.trim().toLowerCase(Locale.ROOT);
    return id.equals("burning-building") || id.equals("bandit");
  }

  /**
   * Runs it.
   *
   * @throws ParameterException naming the bad field
   */
  public static Map<String, Object> run(Bandit bandit, Settings s) {
    String agent = s.agent().trim().toLowerCase(Locale.ROOT);
    KlPlacement kl = KlPlacement.of(s.kl());
    if (kl == KlPlacement.NONE && s.beta() > 0 && !agent.equals("dpo")) {
      throw new ParameterException("kl", "beta is the anchor's weight: give --kl reward or loss "
          + "with it, or beta 0");
    }
    if (kl != KlPlacement.NONE && !(s.beta() > 0)) {
      throw new ParameterException("beta", "--kl " + kl.id() + " needs the anchor's weight: "
          + "beta more than 0");
    }
    double beta = s.beta();
    List<LabStep> steps;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", bandit.id());
    m.put("agent", agent);
    m.put("actions", bandit.actions());
    m.put("exploit", bandit.actions().get(bandit.exploit()));
    switch (agent) {
      case "npg" -> {
        // NPG's anchor is exact: with β > 0 its step is the natural gradient of E r − β KL.
        if (kl == KlPlacement.LOSS) {
          throw new ParameterException("kl", "npg anchors with the reverse KL: kl none or reward");
        }
        steps = NaturalPolicyGradient.run(bandit, new NaturalPolicyGradient.Config(s.lr(), beta,
            s.steps()));
        m.put("lr", s.lr());
        m.put("beta", beta);
        m.put("steps", s.steps());
      }
      case "trpo" -> {
        if (kl == KlPlacement.LOSS) {
          throw new ParameterException("kl", "trpo anchors with k1 in the reward: kl none or "
              + "reward");
        }
        steps = org.saferlhub.policy.Trpo.run(bandit, new org.saferlhub.policy.Trpo.Config(
            s.delta(), s.steps(), beta));
        m.put("delta", s.delta());
        m.put("steps", s.steps());
        m.put("beta", beta);
        m.put("kl", kl.id());
      }
      case "grpo" -> {
        if (kl == KlPlacement.REWARD) {
          throw new ParameterException("kl", "grpo puts its KL in the loss: kl none or loss");
        }
        steps = org.saferlhub.policy.Grpo.run(bandit, bandit.proxy(),
            new org.saferlhub.policy.Grpo.Config(s.lr(), s.batch(), s.steps(), s.epochs(),
                s.clip(), beta, s.seed()));
        m.put("lr", s.lr());
        m.put("group", s.batch());
        m.put("steps", s.steps());
        m.put("epochs", s.epochs());
        m.put("clip", s.clip());
        m.put("beta", beta);
        m.put("kl", kl.id());
        m.put("seed", s.seed());
      }
      case "dpo" -> {
        // DPO's KL is implicit (β in its loss): no placement to choose.
        if (!(beta > 0)) {
          throw new ParameterException("beta", "dpo needs beta more than 0 (its KL is implicit in "
              + "the loss)");
        }
        steps = org.saferlhub.policy.Dpo.run(bandit, new org.saferlhub.policy.Dpo.Config(s.lr(),
            s.batch(), s.steps(), beta, s.exact(), s.seed()));
        m.put("lr", s.lr());
        m.put("pairs", s.batch());
        m.put("steps", s.steps());
        m.put("beta", beta);
        m.put("exact", s.exact());
        m.put("seed", s.seed());
        LabStep lastStep = steps.get(steps.size() - 1);
        m.put("implicitReward", org.saferlhub.policy.Dpo.implicitReward(lastStep.pi(), bandit,
            beta));
      }
      case "reinforce" -> {
        Reinforce.Baseline b = switch (s.baseline().trim().toLowerCase(Locale.ROOT)) {
          case "none" -> Reinforce.Baseline.NONE;
          case "mean" -> Reinforce.Baseline.MEAN;
          case "leave-one-out", "loo" -> Reinforce.Baseline.LEAVE_ONE_OUT;
          default -> throw new ParameterException("baseline", "baseline must be none, mean or "
              + "leave-one-out, was '" + abbreviate(s.baseline()) + "'");
        };
        steps = Reinforce.run(bandit, new Reinforce.Config(s.lr(), s.batch(), s.steps(), beta, kl,
            b, s.exact(), s.seed()));
        m.put("lr", s.lr());
        m.put("batch", s.batch());
        m.put("steps", s.steps());
        m.put("beta", beta);
        m.put("kl", kl.id());
        m.put("baseline", b.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("exact", s.exact());
        m.put("seed", s.seed());
      }
      case "ppo" -> {
        steps = Ppo.run(bandit, new Ppo.Config(s.lr(), s.batch(), s.steps(), s.epochs(), s.clip(),
            beta, kl, s.seed()));
        m.put("lr", s.lr());
        m.put("batch", s.batch());
        m.put("steps", s.steps());
        m.put("epochs", s.epochs());
        m.put("clip", s.clip());
        m.put("beta", beta);
        m.put("kl", kl.id());
        m.put("seed", s.seed());
      }
      case "best-of-n" -> {
        double[] pi = BestOfN.policy(bandit, s.n());
        m.put("n", s.n());
        m.put("pi", pi);
        m.put("piExploit", pi[bandit.exploit()]);
        m.put("proxyReward", bandit.proxyReward(pi));
        m.put("trueReward", bandit.trueReward(pi));
        m.put("kl", bandit.klToReference(pi));
        m.put("klBound", BestOfN.klBound(s.n()));
        return m;
      }
      default -> throw new ParameterException("agent", "the policy lab's agents are "
          + String.join(", ", AGENTS) + "; was '" + abbreviate(s.agent()) + "'");
    }
    LabStep last = steps.get(steps.size() - 1);
    m.put("final", step(last));
    if (beta > 0 && (kl == KlPlacement.REWARD || agent.equals("dpo"))) {
      Tilt.Point target = Tilt.at(bandit, beta);
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("pi", target.pi());
      t.put("piExploit", target.piExploit());
      t.put("proxyReward", target.proxyReward());
      t.put("trueReward", target.trueReward());
      t.put("kl", target.kl());
      m.put("exactOptimum", t);
    }
    List<Map<String, Object>> history = new ArrayList<>();
    for (LabStep step : steps) {
      history.add(step(step));
    }
    m.put("history", history);
    return m;
  }

  /** One step's metrics; NaN fields (not measured by this algorithm) are left out. */
  static Map<String, Object> step(LabStep s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", s.step());
    m.put("pi", s.pi());
    put(m, "proxyReward", s.proxyReward());
    put(m, "trueReward", s.trueReward());
    put(m, "kl", s.kl());
    put(m, "k1", s.k1());
    put(m, "k2", s.k2());
    put(m, "k3", s.k3());
    put(m, "piExploit", s.piExploit());
    put(m, "logRatioExploit", s.logRatioExploit());
    put(m, "entropy", s.entropy());
    put(m, "klOldNew", s.klOldNew());
    put(m, "klNewOld", s.klNewOld());
    put(m, "exploitBound", s.exploitBound());
    put(m, "clipFraction", s.clipFraction());
    put(m, "maxRatioDeviation", s.maxRatioDeviation());
    return m;
  }

  private static void put(Map<String, Object> m, String key, double value) {
    if (!Double.isNaN(value)) {
      m.put(key, value);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 20 ? s.substring(0, 20) + "…" : s;
  }
}
