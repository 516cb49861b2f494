package org.saferlhub.app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.saferlhub.agent.tabular.DynaQ;
import org.saferlhub.agent.tabular.SarsaLambda;
import org.saferlhub.agent.tabular.VanillaPolicyGradient;
import org.saferlhub.app.run.FamilyView;
import org.saferlhub.app.run.FamilyViews;
import org.saferlhub.config.Param;
import org.saferlhub.train.Hyperparameters;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Writes the help of every run option from the engine's parameter descriptions ({@link Param}),
 * the same ones the engine checks values with and {@code GET /api/schema} serves: one line of
 * documentation, the allowed range and the default (with each family's own default where it
 * differs). The CLI therefore never states a range the engine does not enforce.
 */
final class SchemaHelp {

  /** Each run option by its long name, with the parameter it sets. */
  private static final Map<String, Param> OPTIONS = options();

  private SchemaHelp() {}

  private static Map<String, Param> options() {
    Map<String, Param> m = new LinkedHashMap<>();
    m.put("--alpha", Hyperparameters.ALPHA);
    m.put("--gamma", Hyperparameters.GAMMA);
    m.put("--epsilon", Hyperparameters.EPSILON);
    m.put("--epsilon-schedule", Hyperparameters.EPSILON_SCHEDULE);
    m.put("--epsilon-final", Hyperparameters.EPSILON_FINAL);
    m.put("--lambda", SarsaLambda.LAMBDA);
    m.put("--planning-steps", DynaQ.PLANNING_STEPS);
    m.put("--batch-size", VanillaPolicyGradient.BATCH_SIZE);
    m.put("--seed", Hyperparameters.SEED);
    return m;
  }

  /**
   * The run option that sets the engine's parameter named {@code param}, such as
   * {@code --planning-steps} for {@code planningSteps}.
   */
  static Optional<String> optionOf(String param) {
    return OPTIONS.entrySet().stream().filter(e -> e.getValue().name().equals(param))
        .map(Map.Entry::getKey).findFirst();
  }

  /** Replaces the descriptions of the run options of {@code cl} and all its subcommands. */
  static void apply(CommandLine cl) {
    CommandSpec spec = cl.getCommandSpec();
    for (OptionSpec option : List.copyOf(spec.options())) {
      Param p = OPTIONS.get(option.longestName());
      if (p != null) {
        spec.remove(option);
        spec.addOption(OptionSpec.builder(option).description(describe(p)).build());
      }
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      apply(sub);
    }
  }

  /** The help text of one parameter: its doc, its range and its defaults. */
  static String[] describe(Param p) {
    List<String> lines = new ArrayList<>();
    lines.add(p.doc());
    StringBuilder range = new StringBuilder("Range: " + p.range() + "; default: "
        + p.defaultValue());
    List<String> own = new ArrayList<>();
    for (FamilyView view : FamilyViews.all().values()) {
      Object value = view.defaults().get(p.name());
      if (value != null) {
        own.add(view.family() + ": " + value);
      }
    }
    if (!own.isEmpty()) {
      range.append(" (").append(String.join(", ", own)).append(')');
    }
    lines.add(range.append('.').toString());
    return lines.toArray(String[]::new);
  }
}
