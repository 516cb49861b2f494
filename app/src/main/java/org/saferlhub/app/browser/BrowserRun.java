package org.saferlhub.app.browser;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.saferlhub.app.run.Experiments;
import org.saferlhub.app.run.FamilyView;
import org.saferlhub.app.run.FamilyViews;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.app.run.RunFields;
import org.saferlhub.app.run.RunReports;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.TabularEnv;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.Trainer;
import org.saferlhub.train.TrainingListener;
import org.saferlhub.train.TrainingResult;

/**
 * One run in the learner's browser, through the server's own pipeline: the fields are read by
 * {@link RunConfigs#fromFields} with the web's limits, the trainer runs, and the answer holds the
 * same two reports the server gives ({@link RunReports#full} for the page, {@link
 * RunReports#summary} for "Download run (JSON)", equal to {@code train --json}). Plain Java: the
 * JVM tests run it exactly as the browser does.
 */
public final class BrowserRun {

  /** A browser run has no wall-time limit of its own: the learner's Stop ends it. */
  private static final Duration NO_LIMIT = Duration.ofDays(365);

  private BrowserRun() {}

  /**
   * Trains the run that {@code fieldsJson} describes (the body of {@code POST /api/runs}).
   *
   * @param fieldsJson a flat JSON object of the run's fields
   * @param points receives each point of the learning curve as JSON, as the server streams it
   * @param stop polled by the trainer; true ends the run as cancelled, with its result
   * @return {@code {"full": …, "summary": …}}, or {@code {"error": …, "field": …}} for bad
   *     fields, exactly the server's 400 answer
   */
  public static String train(String fieldsJson, Consumer<String> points, BooleanSupplier stop) {
    RunConfig config;
    try {
      config = RunConfigs.fromFields(fields(fieldsJson), RunConfigs.Surface.web(
          RunConfig.MAX_EPISODES));
    } catch (ParameterException bad) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("error", bad.getMessage());
      error.put("field", bad.field());
      return JsonText.write(error);
    }
    FamilyView.Collector family = FamilyViews.of(config.env()).collect(config);
    TabularEnv<?> env = config.makeEnv();
    boolean hidden = env.hasHiddenReward();
    TrainingListener listener = family.alsoTo(
        point -> points.accept(JsonText.write(RunReports.point(point, hidden))));
    TrainingResult result;
    try {
      result = Trainer.train(config, env, listener, stop, NO_LIMIT);
    } finally {
      env.close();
    }
    family.onFinish(result);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("full", RunReports.full(result, family, true));
    answer.put("summary", RunReports.summary(result, family));
    return JsonText.write(answer);
  }

  /**
   * Trains the seed experiment that {@code fieldsJson} describes (the body of
   * {@code POST /api/experiments}).
   *
   * @return the server's answer without the saved runs' ids, plus {@code "reports"}: each seed's
   *     full run report, for the page to save; or {@code {"error": …, "field": …}}
   */
  public static String experiment(String fieldsJson, BooleanSupplier stop) {
    Experiments.Outcome outcome;
    try {
      outcome = Experiments.run(fields(fieldsJson, Experiments.FIELDS),
          RunConfigs.Surface.web(RunConfig.MAX_EPISODES), stop, NO_LIMIT);
    } catch (ParameterException bad) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("error", bad.getMessage());
      error.put("field", bad.field());
      return JsonText.write(error);
    }
    Map<String, Object> answer = new LinkedHashMap<>(outcome.answer());
    answer.put("reports", outcome.reports());
    return JsonText.write(answer);
  }

  /** The fields, read with the web API's rules: the same types, the same unknown-field error. */
  static RunFields fields(String json) {
    return fields(json, RunConfigs.FIELDS);
  }

  private static RunFields fields(String json, java.util.Set<String> allowed) {
    Map<String, Object> values = JsonText.readObject(json);
    for (String name : values.keySet()) {
      if (!allowed.contains(name)) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        throw new ParameterException(name.length() > 40 ? name.substring(0, 40) : name,
            "unknown field '" + shown + "'; allowed: "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
    return RunFields.json(values);
  }
}
