package org.saferlhub.app.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saferlhub.config.ParameterException;
import org.saferlhub.policy.Bandit;
import org.saferlhub.policy.BestOfN;
import org.saferlhub.policy.LabStep;
import org.saferlhub.policy.NaturalPolicyGradient;
import org.saferlhub.policy.SoftValueIteration;
import org.saferlhub.policy.Tilt;
import org.saferlhub.policy.TinyLanguageModel;
import org.saferlhub.policy.TokenPolicy;
import org.saferlhub.policy.Trpo;

/**
 * Two experiments that compare runs with the exact optimum's path (issue 14):
 * <ul>
 *   <li>{@link #trustRegion}: natural policy gradient and TRPO with no anchor. Each update is
 *       matched with the optimum π*_β that is as far from the base model (same KL), and the run's
 *       distance from it is measured: on a bandit it is zero, so a trust region only sets how
 *       fast a run walks the path; training longer acts like a smaller β.
 *   <li>{@link #bestOfN}: exact best-of-n for each n, beside the optimum π*_β at the same KL.
 * </ul>
 * The "path" is {β ↦ π*_β}; on the tiny language model it is soft value iteration's optimum.
 */
public final class PathExperiments {

  /** The β range searched for the optimum at a given KL. */
  static final double LOW_BETA = 1e-4;
  static final double HIGH_BETA = 1e6;

  private PathExperiments() {}

  /** The problem: a bandit, or (bandit null) the tiny language model with this bonus. */
  static final class Problem {
    private final @Nullable Bandit bandit;
    private final @Nullable TinyLanguageModel model;
    private final @Nullable TokenPolicy lm;

    Problem(@Nullable Bandit bandit, double bonus) {
      this.bandit = bandit;
      this.model = bandit == null ? new TinyLanguageModel(bonus) : null;
      this.lm = model == null ? null : new TokenPolicy(model);
    }

    boolean tiny() {
      return bandit == null;
    }

    /** The optimum's law (actions, or the 341 texts) at β. */
    double[] optimum(double beta) {
      if (bandit != null) {
        return Tilt.at(bandit, beta).pi();
      }
      return lm.law(SoftValueIteration.solve(model, beta, true));
    }

    /** The base model's law. */
    double[] reference() {
      return bandit != null ? bandit.reference() : lm.referenceLaw();
    }

    double kl(double[] p, double[] q) {
      return TokenPolicy.textKl(p, q);
    }

    double trueReward(double[] law) {
      return bandit != null ? bandit.trueReward(law) : lm.trueReward(law);
    }

    double proxyReward(double[] law) {
      return bandit != null ? bandit.proxyReward(law) : lm.proxyReward(law);
    }

    double exploit(double[] law) {
      return bandit != null ? law[bandit.exploit()] : lm.exploit(law);
    }
  }

  /**
   * The β whose optimum is {@code kl} nats from the base model (the optimum's KL falls as β
   * grows), by bisection on log β; NaN when {@code kl} is beyond the path's range.
   */
  static double betaAtKl(Problem problem, double kl) {
    double[] ref = problem.reference();
    double low = StrictMath.log(LOW_BETA);
    double high = StrictMath.log(HIGH_BETA);
    if (kl >= problem.kl(problem.optimum(LOW_BETA), ref) || kl <= 1e-12) {
      return Double.NaN;
    }
    for (int i = 0; i < 60; i++) { // 60 halvings of a 23-wide log range: 1e-17 relative
      double mid = (low + high) / 2;
      if (problem.kl(problem.optimum(StrictMath.exp(mid)), ref) > kl) {
        low = mid; // too far: a larger β
      } else {
        high = mid;
      }
    }
    return StrictMath.exp((low + high) / 2);
  }

  /**
   * NPG (step size {@code lr}) and TRPO (trust region {@code delta}) with no anchor, {@code steps}
   * updates each: per update its KL to the base model, π(exploit), rewards, the β of the optimum
   * at the same KL, and the run's KL from that optimum.
   */
  public static Map<String, Object> trustRegion(@Nullable Bandit bandit, double bonus, int steps,
      double lr, double delta) {
    Problem problem = new Problem(bandit, bonus);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", problem.tiny() ? "tiny-lm" : bandit.id());
    m.put("steps", steps);
    m.put("lr", lr);
    m.put("delta", delta);
    Map<String, Object> agents = new LinkedHashMap<>();
    NaturalPolicyGradient.Config npg = new NaturalPolicyGradient.Config(lr, 0, steps);
    Trpo.Config trpo = new Trpo.Config(delta, steps, 0);
    List<LabStep> npgRun = problem.tiny()
        ? NaturalPolicyGradient.run(problem.model, npg).steps()
        : NaturalPolicyGradient.run(bandit, npg);
    List<LabStep> trpoRun = problem.tiny() ? Trpo.run(problem.model, trpo).steps()
        : Trpo.run(bandit, trpo);
    agents.put("npg", alongThePath(problem, npgRun));
    agents.put("trpo", alongThePath(problem, trpoRun));
    m.put("agents", agents);
    return m;
  }

  private static List<Map<String, Object>> alongThePath(Problem problem, List<LabStep> run) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (LabStep s : run) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("step", s.step());
      row.put("kl", s.kl());
      row.put("piExploit", s.piExploit());
      row.put("proxyReward", s.proxyReward());
      row.put("trueReward", s.trueReward());
      double beta = betaAtKl(problem, s.kl());
      row.put("betaOnPath", Double.isNaN(beta) ? null : beta);
      row.put("klFromPath", Double.isNaN(beta) ? null
          : problem.kl(s.pi(), problem.optimum(beta)));
      out.add(row);
    }
    return out;
  }

  /** The n values best-of-n is computed for unless told otherwise: powers of 2 from 1 to 65,536. */
  public static List<Long> defaultNs() {
    List<Long> out = new ArrayList<>();
    for (long n = 1; n <= 65_536; n *= 2) {
      out.add(n);
    }
    return out;
  }

  /**
   * Exact best-of-n for each n beside the optimum at the same KL: {@code n, kl, klBound,
   * piExploit, proxyReward, trueReward} and {@code optimum: {beta, piExploit, trueReward}}.
   *
   * @throws ParameterException naming {@code n} for an n outside 1 to 2⁴⁰
   */
  public static Map<String, Object> bestOfN(@Nullable Bandit bandit, double bonus,
      List<Long> ns) {
    Problem problem = new Problem(bandit, bonus);
    double[] ref = problem.reference();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", problem.tiny() ? "tiny-lm" : bandit.id());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long n : ns) {
      if (n < 1 || n > BestOfN.MAX_N) {
        throw new ParameterException("n", "n must be from 1 to " + BestOfN.MAX_N + ", was " + n);
      }
      double[] law = problem.tiny() ? BestOfN.textLaw(problem.model, n)
          : BestOfN.policy(bandit, n);
      double kl = problem.kl(law, ref);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("n", n);
      row.put("kl", kl);
      row.put("klBound", BestOfN.klBound(n));
      row.put("piExploit", problem.exploit(law));
      row.put("proxyReward", problem.proxyReward(law));
      row.put("trueReward", problem.trueReward(law));
      double beta = betaAtKl(problem, kl);
      if (!Double.isNaN(beta)) {
        double[] optimum = problem.optimum(beta);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("beta", beta);
        o.put("piExploit", problem.exploit(optimum));
        o.put("proxyReward", problem.proxyReward(optimum));
        o.put("trueReward", problem.trueReward(optimum));
        row.put("optimumAtSameKl", o);
      }
      rows.add(row);
    }
    m.put("rows", rows);
    return m;
  }
}
