package org.saferlhub.app.cli;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.saferlhub.config.ParameterException;
import org.saferlhub.policy.Bandit;
import org.saferlhub.policy.TinyLanguageModel;
import picocli.CommandLine.Option;

/**
 * The policy lab's problem, as the experiments take it: {@code --env burning-building} (the
 * default), {@code --env bandit} with {@code --ref}, {@code --proxy}, {@code --true} or
 * {@code --bandit FILE}, or {@code --env tiny-lm} with {@code --bonus}.
 */
final class LabProblemOptions {

  @Option(names = "--env", description = "burning-building (default), bandit (with --ref, --proxy, --true or --bandit) or tiny-lm.")
  String env = "burning-building";

  @Option(names = "--ref", paramLabel = "P,P,…", split = ",", description = "--env bandit: the reference policy.")
  List<Double> ref;

  @Option(names = "--proxy", paramLabel = "R,R,…", split = ",", description = "--env bandit: the proxy reward.")
  List<Double> proxy;

  @Option(names = "--true", paramLabel = "R,R,…", split = ",", description = "--env bandit: the true reward.")
  List<Double> truth;

  @Option(names = "--bandit", paramLabel = "FILE", description = "--env bandit from a JSON file.")
  Path banditFile;

  @Option(names = "--bonus", description = "--env tiny-lm: the proxy's bonus per \"!\" (default: ${DEFAULT-VALUE}).")
  double bonus = TinyLanguageModel.DEFAULT_BONUS;

  /** Whether the problem is the tiny language model. */
  boolean tiny() {
    return env.trim().equalsIgnoreCase("tiny-lm");
  }

  /**
   * The bandit, or null for the tiny language model.
   *
   * @throws ParameterException naming the option that does not fit
   */
  @Nullable Bandit bandit() {
    if (tiny()) {
      if (ref != null || proxy != null || truth != null || banditFile != null) {
        throw new ParameterException("ref", "--ref, --proxy, --true and --bandit go with --env "
            + "bandit");
      }
      return null;
    }
    return TiltCommand.bandit(env, ref, proxy, truth, banditFile);
  }

  /** The problem's name in outputs. */
  String id(@Nullable Bandit bandit) {
    return bandit == null ? "tiny-lm" : bandit.id();
  }
}
