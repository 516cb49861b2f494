package org.saferlhub.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saferlhub.app.goal.PolicyFile;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.interp.CheeseVector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code saferlhub inspect}: looks inside a network saved by {@code train … --out}
 * (docs/policy-file.md). Its first tool is the cheese vector ({@link CheeseVector}); the others of
 * issue 16 (probes, ablation, saliency) are still to come.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Look inside a trained cheese-in-the-corner network (train … --out FILE).",
        "Example: saferlhub inspect --model net.json --cheese-vector --mazes 100 --json"})
public final class InspectCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, paramLabel = "FILE",
      description = "A network saved by saferlhub train --env cheese-corner --out FILE.")
  Path model;

  @Option(names = "--cheese-vector", description = "Measure the cheese vector: activations with "
      + "the cheese minus without, subtracted (or added) at every forward pass in that maze.")
  boolean cheeseVector;

  @Option(names = "--mazes", description = "Test mazes, 1 to 10,000 (default: ${DEFAULT-VALUE}).")
  int mazes = 100;

  @Option(names = "--layer", description = "The layer: 0 the input, 1 the first hidden layer, "
      + "… (default: ${DEFAULT-VALUE}).")
  int layer = 1;

  @Option(names = "--coefficient", description = "The multiple of the vector subtracted or added, "
      + "(0, 100] (default: ${DEFAULT-VALUE}).")
  double coefficient = 1;

  @Option(names = "--seed", description = "Seed of the mazes and the random vectors (default: "
      + "${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    UserFiles.requireName("--model", model);
    if (!Files.isRegularFile(model)) {
      throw new ParameterException("model", "--model: no such file: " + model);
    }
    if (!cheeseVector) {
      throw new ParameterException("cheese-vector", "say what to inspect: --cheese-vector");
    }
    PolicyFile.Loaded loaded = PolicyFile.read(model);
    if (!loaded.env().equals(CheeseCorner.ID)) {
      throw new ParameterException("model", "--cheese-vector needs a cheese-corner network; "
          + model + " was trained on " + loaded.env());
    }
    CheeseVector.Result r = CheeseVector.run(loaded.policy(), loaded.view(), layer, mazes,
        coefficient, seed);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model.toString());
    out.put("layer", r.layer());
    out.put("mazes", r.mazes());
    out.put("coefficient", coefficient);
    Map<String, Object> mean = new LinkedHashMap<>();
    mean.put("none", r.meanNone());
    mean.put("subtractCheeseVector", r.meanSubtract());
    mean.put("subtractRandomVector", r.meanSubtractRandom());
    mean.put("addCheeseVector", r.meanAdd());
    out.put("meanPCheese", mean);
    Map<String, Object> fell = new LinkedHashMap<>();
    fell.put("cheeseVector", r.shareFellCheese());
    fell.put("randomVector", r.shareFellRandom());
    out.put("shareFell", fell);
    out.put("meanNorm", r.meanNorm());
    out.put("command", "saferlhub inspect --model " + model + " --cheese-vector --mazes " + mazes
        + " --layer " + layer + " --coefficient " + coefficient + " --seed " + seed);
    if (json) {
      System.out.println(Cli.json(out));
      return 0;
    }
    System.out.printf(Locale.ROOT, "cheese vector at layer %d over %d test mazes (P(toward cheese),"
        + " mean over every free square):%n", r.layer(), r.mazes());
    System.out.printf(Locale.ROOT, "  none %.3f; cheese vector subtracted %.3f (fell in %.0f %% "
        + "of mazes); random vector of equal norm subtracted %.3f (fell in %.0f %%); cheese vector "
        + "added %.3f%n", r.meanNone(), r.meanSubtract(), 100 * r.shareFellCheese(),
        r.meanSubtractRandom(), 100 * r.shareFellRandom(), r.meanAdd());
    return 0;
  }
}
