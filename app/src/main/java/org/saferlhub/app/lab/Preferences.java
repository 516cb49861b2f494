package org.saferlhub.app.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saferlhub.config.ParameterException;
import org.saferlhub.policy.Bandit;
import org.saferlhub.policy.Dpo;
import org.saferlhub.policy.KlPlacement;
import org.saferlhub.policy.LabStep;
import org.saferlhub.policy.Ppo;
import org.saferlhub.policy.RewardModel;
import org.saferlhub.policy.Tilt;
import org.saferlhub.random.Rng;

/**
 * The preferences experiment of the policy lab (issue 14): learning from compared pairs instead
 * of from the proxy itself. For each number of pairs and each seed, the same pairs are drawn from
 * the base model and judged by Bradley–Terry on the proxy ({@link RewardModel#comparisons}), then
 * <ul>
 *   <li>{@code dpo}: direct preference optimisation on those pairs ({@link Dpo});
 *   <li>{@code rlhf-ppo}: RLHF as Ouyang et al. run it: a reward model fitted to the pairs
 *       ({@link RewardModel#fit}), then PPO paid that learned reward with the k1 anchor at the
 *       same β;
 *   <li>{@code rlhf-optimum}: where RLHF would end with a perfect optimiser, the exact tilt of
 *       the base model by the learned reward at β.
 * </ul>
 * Each final policy is scored on the real proxy and true reward. The optimum of the real proxy
 * at β ({@code exact}) is what infinitely many pairs would give all three.
 */
public final class Preferences {

  /** The compared methods. */
  public static final List<String> METHODS = List.of("dpo", "rlhf-ppo", "rlhf-optimum");
  /** The default numbers of pairs. */
  public static final List<Integer> DEFAULT_PAIRS = List.of(30, 100, 300, 1_000, 3_000, 10_000);
  /** Most pairs in one run. */
  public static final int MAX_PAIRS = 100_000;

  /**
   * One method's final policy.
   *
   * @param method one of {@link #METHODS}
   * @param pairs how many pairs were drawn
   * @param seed the seed of the pairs (and of PPO's samples)
   * @param exploitPairs how many pairs contained the exploit
   * @param rewardModelExploit the reward model's view of the exploit: r̂(E) − E_{π_ref}[r̂]
   *     (the proxy's own is {@code proxy(E) − E_{π_ref}[proxy]}); NaN for {@code dpo}
   * @param proxyReward E_π[proxy]
   * @param trueReward E_π[true reward]
   * @param kl KL(π ‖ π_ref), nats
   * @param piExploit π(exploit)
   */
  public record Row(String method, int pairs, long seed, int exploitPairs,
      double rewardModelExploit, double proxyReward, double trueReward, double kl,
      double piExploit) {}

  private Preferences() {}

  /** Checks the numbers of pairs: 1 to 20 different values, each from 2 to {@code most}. */
  public static List<Integer> checkPairs(List<Integer> pairs, int most) {
    if (pairs.isEmpty() || pairs.size() > 20) {
      throw new ParameterException("pairs", "pairs must list 1 to 20 numbers, had "
          + pairs.size());
    }
    for (int n : pairs) {
      if (n < 2 || n > most) {
        throw new ParameterException("pairs", "each number of pairs must be from 2 to " + most
            + ", was " + n);
      }
    }
    if (pairs.stream().distinct().count() < pairs.size()) {
      throw new ParameterException("pairs", "pairs lists a number twice");
    }
    return List.copyOf(pairs);
  }

  /**
   * Runs every method for each number of pairs and each of {@code seeds} seeds from {@code seed}.
   *
   * @param steps updates of DPO and of PPO
   * @param lambda the reward model's weight decay
   */
  public static List<Row> run(Bandit bandit, List<Integer> pairCounts, double beta, long seed,
      int seeds, int steps, double lambda) {
    if (!(beta > 0 && beta <= 100)) {
      throw new ParameterException("beta", "beta must be more than 0 and at most 100 (DPO's KL "
          + "is implicit in its loss), was " + beta);
    }
    List<Row> rows = new ArrayList<>();
    for (int n : pairCounts) {
      for (long s = seed; s < seed + seeds; s++) {
        // The same pairs for every method: DPO draws them from this seed the same way.
        int[][] pairs = RewardModel.comparisons(bandit.reference(), bandit.proxy(), n,
            new Rng(s));
        int exploitPairs = RewardModel.pairsWith(pairs, bandit.exploit());
        List<LabStep> dpo = Dpo.run(bandit, pairs, new Dpo.Config(1, n, steps, beta, false, s));
        rows.add(row("dpo", n, s, exploitPairs, Double.NaN, bandit, last(dpo)));

        double[] learned = RewardModel.fit(bandit.size(), pairs, lambda);
        Bandit rlhf = new Bandit("reward-model", bandit.actions(), bandit.reference(), learned,
            bandit.truth(), argmax(learned));
        double seenExploit = learned[bandit.exploit()] - rlhf.proxyReward(bandit.reference());
        List<LabStep> ppo = Ppo.run(rlhf, new Ppo.Config(1, 64, steps, 4, 0.2, beta,
            KlPlacement.REWARD, s));
        rows.add(row("rlhf-ppo", n, s, exploitPairs, seenExploit, bandit, last(ppo)));
        rows.add(row("rlhf-optimum", n, s, exploitPairs, seenExploit, bandit,
            Tilt.at(rlhf, beta).pi()));
      }
    }
    return rows;
  }

  /**
   * The experiment as JSON: {@code env, beta, steps, seeds, lambda, proxyExploit (proxy(E) −
   * E_ref[proxy]), rows: [...], summary: [{method, pairs, exploitPairs, proxyReward, trueReward,
   * kl, piExploit} means over seeds], exact: {piExploit, proxyReward, trueReward, kl},
   * reference: {proxyReward, trueReward}}.
   */
  public static Map<String, Object> json(Bandit bandit, List<Integer> pairCounts, double beta,
      long seed, int seeds, int steps, double lambda) {
    List<Row> rows = run(bandit, pairCounts, beta, seed, seeds, steps, lambda);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", bandit.id());
    m.put("exploit", bandit.actions().get(bandit.exploit()));
    m.put("beta", beta);
    m.put("steps", steps);
    m.put("seed", seed);
    m.put("seeds", seeds);
    m.put("lambda", lambda);
    m.put("proxyExploit", bandit.proxy()[bandit.exploit()]
        - bandit.proxyReward(bandit.reference()));
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(rowJson(r));
    }
    m.put("summary", summary(rows, pairCounts));
    m.put("rows", out);
    Tilt.Point exact = Tilt.at(bandit, beta);
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("piExploit", exact.piExploit());
    e.put("proxyReward", exact.proxyReward());
    e.put("trueReward", bandit.trueReward(exact.pi()));
    e.put("kl", bandit.klToReference(exact.pi()));
    m.put("exact", e);
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("proxyReward", bandit.proxyReward(bandit.reference()));
    ref.put("trueReward", bandit.trueReward(bandit.reference()));
    m.put("reference", ref);
    return m;
  }

  private static List<Map<String, Object>> summary(List<Row> rows, List<Integer> pairCounts) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String method : METHODS) {
      for (int n : pairCounts) {
        double[] sum = new double[5];
        int count = 0;
        for (Row r : rows) {
          if (r.method().equals(method) && r.pairs() == n) {
            sum[0] += r.exploitPairs();
            sum[1] += r.proxyReward();
            sum[2] += r.trueReward();
            sum[3] += r.kl();
            sum[4] += r.piExploit();
            count++;
          }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("pairs", n);
        m.put("exploitPairs", sum[0] / count);
        m.put("proxyReward", sum[1] / count);
        m.put("trueReward", sum[2] / count);
        m.put("kl", sum[3] / count);
        m.put("piExploit", sum[4] / count);
        out.add(m);
      }
    }
    return out;
  }

  static Map<String, Object> rowJson(Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", r.method());
    m.put("pairs", r.pairs());
    m.put("seed", r.seed());
    m.put("exploitPairs", r.exploitPairs());
    m.put("rewardModelExploit", Double.isNaN(r.rewardModelExploit()) ? null
        : r.rewardModelExploit());
    m.put("proxyReward", r.proxyReward());
    m.put("trueReward", r.trueReward());
    m.put("kl", r.kl());
    m.put("piExploit", r.piExploit());
    return m;
  }

  private static Row row(String method, int n, long seed, int exploitPairs, double seen,
      Bandit bandit, double[] pi) {
    return new Row(method, n, seed, exploitPairs, seen, bandit.proxyReward(pi),
        bandit.trueReward(pi), bandit.klToReference(pi), pi[bandit.exploit()]);
  }

  private static double[] last(List<LabStep> steps) {
    return steps.get(steps.size() - 1).pi();
  }

  private static int argmax(double[] x) {
    int best = 0;
    for (int a = 1; a < x.length; a++) {
      if (x[a] > x[best]) {
        best = a;
      }
    }
    return best;
  }
}
