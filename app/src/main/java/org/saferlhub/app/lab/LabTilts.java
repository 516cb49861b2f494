package org.saferlhub.app.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saferlhub.config.ParameterException;
import org.saferlhub.policy.Bandit;
import org.saferlhub.policy.SoftValueIteration;
import org.saferlhub.policy.Tilt;
import org.saferlhub.policy.TinyLanguageModel;

/**
 * The exact optimum of E[proxy] − β KL(π ‖ π_ref) at several β, as {@code saferlhub experiment
 * tilt --json} prints it and {@code POST /api/lab/tilt} answers: no training, just the closed form
 * (bandits) or soft value iteration (the tiny language model). The callers check the β list
 * ({@link #checkBetas}).
 */
public final class LabTilts {

  /** Most β values one web answer may hold. */
  public static final int WEB_MAX_BETAS = 200;

  private LabTilts() {}

  /** Checks the β list: 1 to {@code most} values, each more than 0 and at most 10⁶. */
  public static void checkBetas(List<Double> betas, int most) {
    if (betas.isEmpty() || betas.size() > most) {
      throw new ParameterException("betas", "betas must list 1 to " + most + " values, had "
          + betas.size());
    }
    for (double beta : betas) {
      if (!(beta > 0) || Double.isInfinite(beta) || beta > 1e6) {
        throw new ParameterException("betas", "betas: every β must be more than 0 and at most "
            + "1000000, was " + beta);
      }
    }
  }

  /**
   * The bandit's optimum per β: {@code env, actions, reference, proxy, true, exploit,
   * referenceExploit} (π_ref of the exploit) and {@code rows}.
   */
  public static Map<String, Object> bandit(Bandit bandit, List<Double> betas) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", bandit.id());
    m.put("actions", bandit.actions());
    m.put("reference", bandit.reference());
    m.put("proxy", bandit.proxy());
    m.put("true", bandit.truth());
    m.put("exploit", bandit.actions().get(bandit.exploit()));
    m.put("referenceExploit", bandit.reference()[bandit.exploit()]);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (double beta : betas) {
      Tilt.Point p = Tilt.at(bandit, beta);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("beta", p.beta());
      row.put("pi", p.pi());
      row.put("piExploit", p.piExploit());
      row.put("proxyReward", p.proxyReward());
      row.put("trueReward", p.trueReward());
      row.put("kl", p.kl());
      rows.add(row);
    }
    m.put("rows", rows);
    return m;
  }

  /**
   * The tiny language model's optimum per β: the law over all 341 texts, with π(exploit) the
   * probability of the proxy's favourite texts ({@code env, bonus, exploit, referenceExploit, rows};
   * each row also
   * holds the expected number of "!" and the ten likeliest texts).
   */
  public static Map<String, Object> tinyLm(double bonus, List<Double> betas) {
    return tinyLm(new TinyLanguageModel(bonus), betas);
  }

  /** {@link #tinyLm(double, List)} for a given model (the sparse proxy, say). */
  public static Map<String, Object> tinyLm(TinyLanguageModel model, List<Double> betas) {
    List<String> texts = model.texts();
    double best = Double.NEGATIVE_INFINITY;
    for (String y : texts) {
      best = Math.max(best, model.proxyReward(y));
    }
    List<String> favourites = new ArrayList<>();
    for (String y : texts) {
      if (model.proxyReward(y) == best) {
        favourites.add(y);
      }
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (double beta : betas) {
      double[][] pi = SoftValueIteration.solve(model, beta, true);
      double exploit = 0;
      double proxyReward = 0;
      double trueReward = 0;
      double kl = 0;
      double shouts = 0;
      double[] law = new double[texts.size()];
      for (int i = 0; i < texts.size(); i++) {
        String y = texts.get(i);
        double p = SoftValueIteration.probabilityOf(model, pi, y);
        law[i] = p;
        proxyReward += p * model.proxyReward(y);
        trueReward += p * model.trueReward(y);
        shouts += p * exclamations(y);
        if (p > 0) {
          kl += p * StrictMath.log(p / model.referenceOf(y));
        }
        if (favourites.contains(y)) {
          exploit += p;
        }
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("beta", beta);
      row.put("piExploit", exploit);
      row.put("expectedExclamations", shouts);
      row.put("proxyReward", proxyReward);
      row.put("trueReward", trueReward);
      row.put("kl", Math.max(kl, 0));
      row.put("likeliest", likeliest(model, law, 10));
      rows.add(row);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", "tiny-lm");
    m.put("bonus", model.bonus());
    m.put("sparse", model.sparse());
    m.put("exploit", favourites);
    double referenceExploit = 0;
    for (String y : favourites) {
      referenceExploit += model.referenceOf(y);
    }
    m.put("referenceExploit", referenceExploit);
    m.put("rows", rows);
    return m;
  }

  /**
   * The gridworld shortcut's optimum per β (soft value iteration over its time-indexed states):
   * {@code env, variant, exploit, referenceExploit, predictedBeta} (where the shortcut should start
   * to pay, policy-lab.md section 6C), {@code majorityBeta} (where it takes half the probability)
   * and {@code rows} with π(exploit), rewards, the trajectory KL and the occupancy divergences.
   */
  public static Map<String, Object> gridShortcut(String variant, List<Double> betas) {
    org.saferlhub.policy.ShortcutPolicy policy = new org.saferlhub.policy.ShortcutPolicy(
        org.saferlhub.policy.GridShortcut.of(variant));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", "grid-shortcut");
    m.put("variant", policy.grid().id());
    m.put("exploit", policy.grid().exploitRoute());
    m.put("referenceExploit", policy.referenceExploit());
    m.put("predictedBeta", policy.predictedBeta());
    m.put("majorityBeta", policy.majorityBeta());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (double beta : betas) {
      org.saferlhub.policy.ShortcutPolicy.Measures x = policy.optimum(beta).measures();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("beta", beta);
      row.put("piExploit", x.piExploit());
      row.put("proxyReward", x.proxyReward());
      row.put("trueReward", x.trueReward());
      row.put("kl", x.kl());
      row.put("occupancyKl", x.occupancyKl());
      row.put("occupancyChiSquared", x.occupancyChiSquared());
      row.put("actionOccupancyChiSquared", x.actionOccupancyChiSquared());
      row.put("length", x.length());
      rows.add(row);
    }
    m.put("rows", rows);
    return m;
  }

  /** The {@code n} likeliest texts under {@code law}: text, probability, reference, rewards. */
  static List<Map<String, Object>> likeliest(TinyLanguageModel model, double[] law, int n) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < law.length; i++) {
      order.add(i);
    }
    order.sort((a, b) -> Double.compare(law[b], law[a]) != 0 ? Double.compare(law[b], law[a])
        : Integer.compare(a, b));
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < n && i < order.size(); i++) {
      String y = model.texts().get(order.get(i));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("text", y);
      row.put("p", law[order.get(i)]);
      row.put("reference", model.referenceOf(y));
      row.put("proxyReward", model.proxyReward(y));
      row.put("trueReward", model.trueReward(y));
      out.add(row);
    }
    return out;
  }

  private static int exclamations(String y) {
    int n = 0;
    for (int i = 0; i < y.length(); i++) {
      n += y.charAt(i) == '!' ? 1 : 0;
    }
    return n;
  }
}
