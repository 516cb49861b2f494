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
import org.saferlhub.policy.TinyLanguageModel;

/**
 * The early-warning experiment of the policy lab (issue 14): one agent over seeds, every run's
 * metrics handed to {@link EarlyWarnings}, and per signal how often it fired before true reward
 * collapsed (fell 10 % below its running maximum) and by how many updates, beside the contrast
 * signals (per-update KL and clip-fraction spikes) expected to arrive with the collapse.
 */
public final class Warnings {

  private Warnings() {}

  /**
   * Runs {@code agent} at β (0: no anchor) for {@code seeds} seeds from {@code seed} and reports
   * {@code env, agent, beta, steps, seeds, runs: [{seed, collapse, signals: [...]}], summary:
   * [{signal, contrast, description, fired, runsWithCollapse, firedBeforeCollapse, medianLead}]}.
   */
  public static Map<String, Object> run(@Nullable Bandit bandit, double bonus, String agent,
      double beta, long seed, int seeds, int steps) {
    TinyLanguageModel model = bandit == null ? new TinyLanguageModel(bonus) : null;
    List<Map<String, Object>> runs = new ArrayList<>();
    List<EarlyWarnings.Report> reports = new ArrayList<>();
    for (int i = 0; i < seeds; i++) {
      List<LabStep> trace = new ArrayList<>();
      LabRuns.Settings s = KlSweep.settings(bandit == null ? "tiny-lm" : bandit.id(), agent, beta,
          seed + i, steps);
      EarlyWarnings.Report report;
      if (bandit == null) {
        LabRuns.runTinyLm(model, bonus, s, trace);
        report = EarlyWarnings.detect(trace, model);
      } else {
        LabRuns.run(bandit, s, trace);
        report = EarlyWarnings.detect(trace, bandit);
      }
      reports.add(report);
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("seed", seed + i);
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
      runs.add(run);
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
