package org.saferlhub.app.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saferlhub.config.ParameterException;
import org.saferlhub.policy.ActorCritic;
import org.saferlhub.policy.Bandit;
import org.saferlhub.policy.BestOfN;
import org.saferlhub.policy.KlPlacement;
import org.saferlhub.policy.LabStep;
import org.saferlhub.policy.NaturalPolicyGradient;
import org.saferlhub.policy.Ppo;
import org.saferlhub.policy.Reinforce;
import org.saferlhub.policy.Tilt;
import org.saferlhub.policy.TinyLanguageModel;
import org.saferlhub.policy.TokenPolicy;

/**
 * One policy-lab run from the reference policy, on a bandit ({@link #AGENTS}) or on the tiny
 * language model ({@link #TINY_LM_AGENTS}), reported as the final policy, its metrics, the exact
 * optimum at the same β (when there is an anchor in the reward) and every update's metrics.
 */
public final class LabRuns {

  /** The lab's agents. */
  public static final List<String> AGENTS = List.of("npg", "trpo", "reinforce", "actor-critic",
      "ppo", "ppo-kl", "grpo", "dpo", "best-of-n");
  /** The agents that run on the tiny language model. */
  public static final List<String> TINY_LM_AGENTS = List.of("npg", "trpo", "reinforce",
      "actor-critic", "ppo", "grpo", "dpo", "best-of-n");

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
   * @param baseline REINFORCE's baseline: none, mean, leave-one-out, learned
   * @param exact REINFORCE with expected gradients
   * @param n best-of-n's n
   * @param delta TRPO's trust region δ
   * @param seed the sampling seed
   * @param criticLr actor-critic's critic learning rate
   * @param lambda actor-critic's GAE λ
   * @param klTarget {@code ppo} with {@code kl reward}: Ziegler's controller holds the KL to the
   *     reference at this many nats (0: β stays fixed); {@code ppo-kl}: d_targ, the KL per update
   *     its adaptive β aims at
   * @param penalty {@code ppo-kl}: the initial weight of its KL(π_old ‖ π) penalty
   */
  public record Settings(String agent, int steps, double lr, double beta, String kl, int batch,
      int epochs, double clip, String baseline, boolean exact, long n, double delta, long seed,
      double criticLr, double lambda, double klTarget, double penalty) {

    /** The settings with the defaults of the newer algorithms' own (0.1, 0.9, none, 1). */
    public Settings(String agent, int steps, double lr, double beta, String kl, int batch,
        int epochs, double clip, String baseline, boolean exact, long n, double delta,
        long seed) {
      this(agent, steps, lr, beta, kl, batch, epochs, clip, baseline, exact, n, delta, seed, 0.1,
          0.9, 0, 1);
    }
  }

  /** Whether {@code env} is a policy-lab problem (burning-building, bandit, tiny-lm, grid-shortcut). */
  public static boolean isLabEnv(String env) {
    String id = env.trim().toLowerCase(Locale.ROOT);
    return id.equals("burning-building") || id.equals("bandit") || id.equals("tiny-lm")
        || id.equals("grid-shortcut");
  }

  /**
   * Natural policy gradient on the gridworld shortcut ({@code variant} vase or teleport), exact:
   * every update's metrics (its {@code pi} the expected moves from each of the 25 cells) with the
   * occupancy divergences beside the trajectory KL, and the exact optimum at the same β.
   *
   * @throws ParameterException naming the bad field
   */
  public static Map<String, Object> runShortcut(String variant, Settings s) {
    String agent = s.agent().trim().toLowerCase(Locale.ROOT);
    if (!agent.equals("npg")) {
      throw new ParameterException("agent", "on grid-shortcut the lab runs npg (exact natural "
          + "policy gradient); was '" + abbreviate(s.agent()) + "'");
    }
    KlPlacement kl = anchor(agent, s);
    if (kl == KlPlacement.LOSS) {
      throw new ParameterException("kl", "npg anchors with the reverse KL: kl none or reward");
    }
    org.saferlhub.policy.GridShortcut grid = org.saferlhub.policy.GridShortcut.of(variant);
    org.saferlhub.policy.ShortcutTraining.Run run = org.saferlhub.policy.ShortcutTraining.run(
        grid, new NaturalPolicyGradient.Config(s.lr(), s.beta(), s.steps()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", "grid-shortcut");
    m.put("variant", variant);
    m.put("agent", agent);
    m.put("exploit", grid.exploitRoute());
    m.put("lr", s.lr());
    m.put("beta", s.beta());
    m.put("steps", s.steps());
    m.put("kl", kl.id());
    List<Map<String, Object>> history = new ArrayList<>();
    for (int i = 0; i < run.steps().size(); i++) {
      Map<String, Object> row = step(run.steps().get(i));
      org.saferlhub.policy.ShortcutPolicy.Measures x = run.measures().get(i);
      row.put("occupancyKl", x.occupancyKl());
      row.put("occupancyChiSquared", x.occupancyChiSquared());
      row.put("actionOccupancyChiSquared", x.actionOccupancyChiSquared());
      history.add(row);
    }
    m.put("final", history.get(history.size() - 1));
    if (s.beta() > 0 && kl == KlPlacement.REWARD) {
      @SuppressWarnings("unchecked")
      Map<String, Object> row = ((List<Map<String, Object>>) LabTilts.gridShortcut(variant,
          List.of(s.beta())).get("rows")).get(0);
      row.remove("beta");
      m.put("exactOptimum", row);
    }
    m.put("history", history);
    return m;
  }

  /**
   * Runs it.
   *
   * @throws ParameterException naming the bad field
   */
  public static Map<String, Object> run(Bandit bandit, Settings s) {
    return run(bandit, s, null);
  }

  /** {@link #run(Bandit, Settings)}, also adding every update's metrics to {@code sink}. */
  public static Map<String, Object> run(Bandit bandit, Settings s,
      @Nullable List<LabStep> sink) {
    String agent = s.agent().trim().toLowerCase(Locale.ROOT);
    KlPlacement kl = anchor(agent, s);
    double beta = s.beta();
    List<LabStep> steps;
    double[] betas = null;
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
      case "actor-critic" -> {
        steps = ActorCritic.run(bandit, actorCritic(s, kl));
        m.put("lr", s.lr());
        m.put("criticLr", s.criticLr());
        m.put("lambda", s.lambda());
        m.put("batch", s.batch());
        m.put("steps", s.steps());
        m.put("beta", beta);
        m.put("kl", kl.id());
        m.put("seed", s.seed());
      }
      case "reinforce" -> {
        Reinforce.Baseline b = baseline(s);
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
        if (s.klTarget() > 0) {
          // Ziegler et al.'s controller: β moves to hold the KL to the reference at the target.
          if (kl != KlPlacement.REWARD) {
            throw new ParameterException("klTarget", "klTarget (--kl-target) steers the anchor's β: give it "
                + "with kl reward");
          }
          Ppo.Run run = Ppo.runKlController(bandit, new Ppo.KlControllerConfig(s.lr(), s.batch(),
              s.steps(), s.epochs(), s.clip(), beta, s.klTarget(), s.seed()));
          steps = run.steps();
          betas = run.beta();
          m.put("klTarget", s.klTarget());
        } else {
          steps = Ppo.run(bandit, new Ppo.Config(s.lr(), s.batch(), s.steps(), s.epochs(),
              s.clip(), beta, kl, s.seed()));
        }
        m.put("lr", s.lr());
        m.put("batch", s.batch());
        m.put("steps", s.steps());
        m.put("epochs", s.epochs());
        m.put("clip", s.clip());
        m.put("beta", beta);
        m.put("kl", kl.id());
        m.put("seed", s.seed());
      }
      case "ppo-kl" -> {
        // PPO's KL-penalty objective: its β on KL(π_old ‖ π) adapts to aim at d_targ per update.
        double target = s.klTarget() > 0 ? s.klTarget() : 0.01;
        Ppo.Run run = Ppo.runKlPenalty(bandit, new Ppo.KlPenaltyConfig(s.lr(), s.batch(),
            s.steps(), s.epochs(), s.penalty(), target, beta, kl, s.seed()));
        steps = run.steps();
        betas = run.beta();
        m.put("lr", s.lr());
        m.put("batch", s.batch());
        m.put("steps", s.steps());
        m.put("epochs", s.epochs());
        m.put("penalty", s.penalty());
        m.put("klTarget", target);
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
    if (sink != null) {
      sink.addAll(steps);
    }
    LabStep last = steps.get(steps.size() - 1);
    m.put("final", step(last));
    boolean steered = agent.equals("ppo") && betas != null; // β moved: no single optimum
    if (beta > 0 && (kl == KlPlacement.REWARD || agent.equals("dpo")) && !steered) {
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
      Map<String, Object> row = step(step);
      if (betas != null) {
        row.put(agent.equals("ppo-kl") ? "penalty" : "beta", betas[step.step()]);
      }
      history.add(row);
    }
    m.put("history", history);
    return m;
  }

  /**
   * One run on the tiny language model: {@code npg}, {@code reinforce} or {@code actor-critic},
   * paid the proxy; the history leaves out the 341-text law of each update (the final step keeps
   * it, with the ten likeliest texts), and the exact optimum at the same β comes from soft value
   * iteration.
   *
   * @throws ParameterException naming the bad field
   */
  public static Map<String, Object> runTinyLm(TinyLanguageModel model, double bonus, Settings s) {
    return runTinyLm(model, bonus, s, null);
  }

  /** {@link #runTinyLm(TinyLanguageModel, double, Settings)}, also filling {@code sink}. */
  public static Map<String, Object> runTinyLm(TinyLanguageModel model, double bonus, Settings s,
      @Nullable List<LabStep> sink) {
    String agent = s.agent().trim().toLowerCase(Locale.ROOT);
    if (!TINY_LM_AGENTS.contains(agent)) {
      throw new ParameterException("agent", "on tiny-lm the lab runs "
          + String.join(", ", TINY_LM_AGENTS) + "; was '" + abbreviate(s.agent()) + "'");
    }
    KlPlacement kl = anchor(agent, s);
    if (s.klTarget() > 0) {
      throw new ParameterException("klTarget", "klTarget (--kl-target): the β controllers run on "
          + "the bandits, not on tiny-lm");
    }
    double beta = s.beta();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", "tiny-lm");
    m.put("agent", agent);
    m.put("bonus", bonus);
    m.put("sparse", model.sparse());
    m.put("exploit", "the proxy's favourite texts");
    if (agent.equals("best-of-n")) {
      return bestOfTexts(model, s.n(), m);
    }
    TokenPolicy.Run run;
    switch (agent) {
      case "npg" -> {
        if (kl == KlPlacement.LOSS) {
          throw new ParameterException("kl", "npg anchors with the reverse KL: kl none or reward");
        }
        run = NaturalPolicyGradient.run(model, new NaturalPolicyGradient.Config(s.lr(), beta,
            s.steps()));
        m.put("lr", s.lr());
      }
      case "reinforce" -> {
        Reinforce.Baseline b = baseline(s);
        run = Reinforce.run(model, new Reinforce.Config(s.lr(), s.batch(), s.steps(), beta, kl, b,
            s.exact(), s.seed()));
        m.put("lr", s.lr());
        m.put("batch", s.batch());
        m.put("baseline", b.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("exact", s.exact());
        m.put("seed", s.seed());
      }
      case "actor-critic" -> {
        run = ActorCritic.run(model, actorCritic(s, kl));
        m.put("lr", s.lr());
        m.put("criticLr", s.criticLr());
        m.put("lambda", s.lambda());
        m.put("batch", s.batch());
        m.put("seed", s.seed());
      }
      case "trpo" -> {
        if (kl == KlPlacement.LOSS) {
          throw new ParameterException("kl", "trpo anchors with k1 in the reward: kl none or "
              + "reward");
        }
        run = org.saferlhub.policy.Trpo.run(model, new org.saferlhub.policy.Trpo.Config(
            s.delta(), s.steps(), beta));
        m.put("delta", s.delta());
      }
      case "ppo" -> {
        run = Ppo.run(model, new Ppo.Config(s.lr(), s.batch(), s.steps(), s.epochs(), s.clip(),
            beta, kl, s.seed()));
        m.put("lr", s.lr());
        m.put("batch", s.batch());
        m.put("epochs", s.epochs());
        m.put("clip", s.clip());
        m.put("seed", s.seed());
      }
      case "grpo" -> {
        if (kl == KlPlacement.REWARD) {
          throw new ParameterException("kl", "grpo puts its KL in the loss: kl none or loss");
        }
        double[] proxy = new double[model.texts().size()];
        for (int y = 0; y < proxy.length; y++) {
          proxy[y] = model.proxyReward(model.texts().get(y));
        }
        run = org.saferlhub.policy.Grpo.run(model, proxy, new org.saferlhub.policy.Grpo.Config(
            s.lr(), s.batch(), s.steps(), s.epochs(), s.clip(), beta, s.seed()));
        m.put("lr", s.lr());
        m.put("group", s.batch());
        m.put("epochs", s.epochs());
        m.put("clip", s.clip());
        m.put("seed", s.seed());
      }
      default -> { // dpo: its KL is implicit (β in its loss)
        if (!(beta > 0)) {
          throw new ParameterException("beta", "dpo needs beta more than 0 (its KL is implicit in "
              + "the loss)");
        }
        run = org.saferlhub.policy.Dpo.run(model, new org.saferlhub.policy.Dpo.Config(s.lr(),
            s.batch(), s.steps(), beta, s.exact(), s.seed()));
        m.put("lr", s.lr());
        m.put("pairs", s.batch());
        m.put("exact", s.exact());
        m.put("seed", s.seed());
      }
    }
    m.put("steps", s.steps());
    m.put("beta", beta);
    m.put("kl", kl.id());
    List<LabStep> steps = run.steps();
    if (sink != null) {
      sink.addAll(steps);
    }
    LabStep last = steps.get(steps.size() - 1);
    Map<String, Object> end = step(last);
    end.remove("pi");
    end.put("likeliest", LabTilts.likeliest(model, last.pi(), 10));
    end.put("tree", tree(model, run.policy()));
    m.put("final", end);
    if (beta > 0 && (kl == KlPlacement.REWARD || agent.equals("dpo"))) {
      @SuppressWarnings("unchecked")
      Map<String, Object> row = ((List<Map<String, Object>>) LabTilts.tinyLm(model,
          List.of(beta)).get("rows")).get(0);
      row.remove("likeliest");
      row.remove("beta");
      m.put("exactOptimum", row);
    }
    List<Map<String, Object>> history = new ArrayList<>();
    for (LabStep step : steps) {
      Map<String, Object> row = step(step);
      row.remove("pi");
      history.add(row);
    }
    m.put("history", history);
    return m;
  }

  /** Best-of-n on the tiny model: its exact law over the 341 texts; no training, no history. */
  private static Map<String, Object> bestOfTexts(TinyLanguageModel model, long n,
      Map<String, Object> m) {
    TokenPolicy lm = new TokenPolicy(model);
    double[] law = BestOfN.textLaw(model, n);
    m.put("n", n);
    m.put("piExploit", lm.exploit(law));
    m.put("proxyReward", lm.proxyReward(law));
    m.put("trueReward", lm.trueReward(law));
    m.put("kl", TokenPolicy.textKl(law, lm.referenceLaw()));
    m.put("klBound", BestOfN.klBound(n));
    m.put("likeliest", LabTilts.likeliest(model, law, 10));
    return m;
  }

  /** Prefixes a policy or its reference reaches at least this often are drawn in the tree. */
  static final double TREE_REACH = 0.02;

  /**
   * The token policy as a tree of prefixes: every prefix that the policy or the reference reaches
   * with probability at least {@value #TREE_REACH}, shortest first, with how often each reaches
   * it and both next-token distributions ({@code prefix, reach, referenceReach, next,
   * referenceNext}; tokens in {@link TinyLanguageModel#TOKENS} order).
   */
  static List<Map<String, Object>> tree(TinyLanguageModel model, double[][] policy) {
    TokenPolicy lm = new TokenPolicy(model);
    double[][] reference = lm.reference();
    double[] reach = lm.reach(policy);
    double[] referenceReach = lm.reach(reference);
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (int s = 0; s < TinyLanguageModel.PREFIXES; s++) {
      if (reach[s] >= TREE_REACH || referenceReach[s] >= TREE_REACH) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("prefix", model.texts().get(s));
        node.put("reach", reach[s]);
        node.put("referenceReach", referenceReach[s]);
        node.put("next", policy[s].clone());
        node.put("referenceNext", reference[s].clone());
        nodes.add(node);
      }
    }
    return nodes;
  }

  /** Checks that β and the KL placement agree, and returns the placement. */
  private static KlPlacement anchor(String agent, Settings s) {
    if (!(s.klTarget() >= 0 && s.klTarget() <= 100)) {
      throw new ParameterException("klTarget", "klTarget (--kl-target) must be from 0 (none) to "
          + "100 nats, was " + s.klTarget());
    }
    KlPlacement kl = KlPlacement.of(s.kl());
    if (kl == KlPlacement.NONE && s.beta() > 0 && !agent.equals("dpo")) {
      throw new ParameterException("kl", "beta is the anchor's weight: give --kl reward or loss "
          + "with it, or beta 0");
    }
    if (kl != KlPlacement.NONE && !(s.beta() > 0)) {
      throw new ParameterException("beta", "--kl " + kl.id() + " needs the anchor's weight: "
          + "beta more than 0");
    }
    return kl;
  }

  private static Reinforce.Baseline baseline(Settings s) {
    return switch (s.baseline().trim().toLowerCase(Locale.ROOT)) {
      case "none" -> Reinforce.Baseline.NONE;
      case "mean" -> Reinforce.Baseline.MEAN;
      case "leave-one-out", "loo" -> Reinforce.Baseline.LEAVE_ONE_OUT;
      case "learned" -> Reinforce.Baseline.LEARNED;
      default -> throw new ParameterException("baseline", "baseline must be none, mean, "
          + "leave-one-out or learned, was '" + abbreviate(s.baseline()) + "'");
    };
  }

  private static ActorCritic.Config actorCritic(Settings s, KlPlacement kl) {
    return new ActorCritic.Config(s.lr(), s.criticLr(), s.lambda(), s.batch(), s.steps(),
        s.beta(), kl, s.seed());
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
