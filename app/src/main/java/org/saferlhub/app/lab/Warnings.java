package org.saferlhub.app.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saferlhub.policy.Bandit;
import org.saferlhub.policy.EarlyWarnings;
import org.saferlhub.policy.LabStep;
import org.saferlhub.policy.GridShortcut;
import org.saferlhub.policy.NaturalPolicyGradient;
import org.saferlhub.policy.RewardModel;
import org.saferlhub.policy.ShortcutTraining;
import org.saferlhub.policy.TinyLanguageModel;
import org.saferlhub.policy.TokenPolicy;
import org.saferlhub.random.Rng;

/**
 * The early-warning experiment of the policy lab (issue 14): one agent over seeds, every run's
 * metrics handed to {@link EarlyWarnings}, and per signal how often it fired before true reward
 * collapsed (fell 10 % below its running maximum) and by how many updates, beside the contrast
 * signals (per-update KL and clip-fraction spikes) expected to arrive with the collapse.
 *
 * <p>The second proxy of the disagreement signal is what a practitioner would have: a reward
 * model ({@link RewardModel}) fitted to {@value #SECOND_PROXY_PAIRS} pairs from the base model,
 * judged by Bradley–Terry on the proxy, with the run's seed. On the gridworld shortcut (exact
 * natural policy gradient; one run, no seed) the occupancy signal replaces the per-outcome ones.
 */
public final class Warnings {

  /** How many compared pairs the second proxy, a reward model, is fitted to. */
  public static final int SECOND_PROXY_PAIRS = 1_000;

  private Warnings() {}

  /**
   * The early-warning signals on unanchored (β = 0) or anchored natural policy gradient on the
   * gridworld shortcut ({@code variant} vase or teleport), with step size {@code lr}; reported
   * like {@link #run}, with one run.
   */
  public static Map<String, Object> runShortcut(String variant, double lr, double beta,
      int steps) {
    GridShortcut grid = GridShortcut.of(variant);
    ShortcutTraining.Run run = ShortcutTraining.run(grid, new NaturalPolicyGradient.Config(lr,
        beta, steps));
    EarlyWarnings.Report report = EarlyWarnings.detect(run, EarlyWarnings.Config.defaults());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", "grid-shortcut");
    m.put("variant", variant);
    m.put("agent", "npg");
    m.put("beta", beta);
    m.put("lr", lr);
    m.put("steps", steps);
    m.put("seeds", 1);
    m.put("summary", summary(List.of(report)));
    m.put("runs", List.of(runJson(1, report)));
    return m;
  }

  /**
   * Runs {@code agent} at β (0: no anchor) for {@code seeds} seeds from {@code seed} and reports
   * {@code env, agent, beta, steps, seeds, runs: [{seed, collapse, signals: [...]}], summary:
   * [{signal, contrast, description, fired, runsWithCollapse, firedBeforeCollapse, medianLead}]}.
   */
  public static Map<String, Object> run(@Nullable Bandit bandit, double bonus, String agent,
      double beta, long seed, int seeds, int steps) {
    TinyLanguageModel model = bandit == null ? new TinyLanguageModel(bonus) : null;
    double[] tinyLaw = model == null ? null : new TokenPolicy(model).referenceLaw();
    double[] tinyProxy = null;
    if (model != null) {
      tinyProxy = new double[model.texts().size()];
      for (int y = 0; y < tinyProxy.length; y++) {
        tinyProxy[y] = model.proxyReward(model.texts().get(y));
      }
    }
    List<Map<String, Object>> runs = new ArrayList<>();
    List<EarlyWarnings.Report> reports = new ArrayList<>();
    for (int i = 0; i < seeds; i++) {
      List<LabStep> trace = new ArrayList<>();
      LabRuns.Settings s = KlSweep.settings(bandit == null ? "tiny-lm" : bandit.id(), agent, beta,
          seed + i, steps);
      EarlyWarnings.Report report;
      if (bandit == null) {
        LabRuns.runTinyLm(model, bonus, s, trace);
        report = EarlyWarnings.detect(trace, model, secondProxy(tinyLaw, tinyProxy, seed + i));
      } else {
        LabRuns.run(bandit, s, trace);
        report = EarlyWarnings.detect(trace, bandit, secondProxy(bandit.reference(),
            bandit.proxy(), seed + i));
      }
      reports.add(report);
      runs.add(runJson(seed + i, report));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", bandit == null ? "tiny-lm" : bandit.id());
    m.put("agent", agent);
    m.put("beta", beta);
    m.put("steps", steps);
    m.put("seeds", seeds);
    m.put("summary", summary(reports));
    m.put("runs", runs);
    return m;
  }

  /**
   * The second proxy: a reward model fitted to {@value #SECOND_PROXY_PAIRS} pairs from the
   * reference, judged by Bradley–Terry on the proxy.
   */
  static double[] secondProxy(double[] reference, double[] proxy, long seed) {
    int[][] pairs = RewardModel.comparisons(reference, proxy, SECOND_PROXY_PAIRS, new Rng(seed));
    return RewardModel.fit(reference.length, pairs, RewardModel.DEFAULT_LAMBDA);
  }

  private static Map<String, Object> runJson(long seed, EarlyWarnings.Report report) {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("seed", seed);
    run.put("collapse", report.collapse() < 0 ? null : report.collapse());
    List<Map<String, Object>> signals = new ArrayList<>();
    for (EarlyWarnings.Signal signal : report.signals()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("signal", signal.name());
      row.put("firedAt", signal.fired() ? signal.firedAt() : null);
      row.put("leadTime", Double.isNaN(signal.leadTime()) ? null : signal.leadTime());
      row.put("contrast", signal.contrast());
      signals.add(row);
    }
    run.put("signals", signals);
    return run;
  }

  private static List<Map<String, Object>> summary(List<EarlyWarnings.Report> reports) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (reports.isEmpty()) {
      return out;
    }
    for (EarlyWarnings.Signal first : reports.get(0).signals()) {
      int fired = 0;
      int withCollapse = 0;
      int before = 0;
      List<Double> leads = new ArrayList<>();
      for (EarlyWarnings.Report r : reports) {
        EarlyWarnings.Signal s = r.signal(first.name());
        fired += s.fired() ? 1 : 0;
        if (r.collapse() >= 0) {
          withCollapse++;
          if (s.fired() && s.firedAt() < r.collapse()) {
            before++;
            leads.add(s.leadTime());
          }
        }
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("signal", first.name());
      row.put("contrast", first.contrast());
      row.put("description", first.description());
      row.put("fired", fired);
      row.put("runsWithCollapse", withCollapse);
      row.put("firedBeforeCollapse", before);
      row.put("medianLead", leads.isEmpty() ? null : median(leads));
      out.add(row);
    }
    return out;
  }

  private static double median(List<Double> xs) {
    double[] a = new double[xs.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = xs.get(i);
    }
    Arrays.sort(a);
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }
}
