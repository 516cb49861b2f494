package org.saferlhub.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saferlhub.app.goal.PolicyFile;
import org.saferlhub.app.inspect.InspectApi;
import org.saferlhub.app.run.RunFields;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.interp.Ablation;
import org.saferlhub.interp.CheeseVector;
import org.saferlhub.interp.LinearProbe;
import org.saferlhub.interp.Saliency;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code saferlhub inspect}: looks inside a network saved by {@code train … --out}
 * (docs/policy-file.md): the cheese vector ({@link CheeseVector}), linear probes
 * ({@link LinearProbe}), ablation ({@link Ablation}) and saliency maps ({@link Saliency}). Given
 * training settings instead of a file ({@code --p}, {@code --steps}, {@code --train-seed},
 * {@code --view}), it trains the network as lesson 8's page does and prints exactly the page's
 * answer ({@link InspectApi}), with the tools only that path has: {@code --field},
 * {@code --checkpoints}, {@code --probes}, {@code --patch} and {@code --steer}.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Look inside a trained cheese-in-the-corner network (train … --out FILE).",
        "Example: saferlhub inspect --model net.json --cheese-vector --mazes 100 --json",
        "         saferlhub inspect --model net.json --probe cheese-row --json",
        "         saferlhub inspect --model net.json --ablate --top 3 --json",
        "         saferlhub inspect --p 0.1 --steps 300000 --train-seed 0 --checkpoints --json"})
public final class InspectCommand implements Callable<Integer> {

  @Option(names = "--model", paramLabel = "FILE",
      description = "A network saved by saferlhub train --env cheese-corner --out FILE. Without "
          + "it, the network is trained from --p, --steps, --train-seed and --view.")
  Path model;

  @Option(names = "--p", description = "Without --model: the share of training levels with the "
      + "cheese anywhere, [0, 1] (default: 0.1).")
  Double p;

  @Option(names = "--steps", description = "Without --model: training steps, 1 to 300,000 "
      + "(default: 300,000).")
  Long steps;

  @Option(names = "--train-seed", description = "Without --model: the training seed (default: 0).")
  Long trainSeed;

  @Option(names = "--view", description = "Without --model: egocentric or allocentric (default: "
      + "egocentric).")
  String view;

  @Option(names = "--field", description = "The vector field on test maze --maze (the cheese "
      + "moved to --cheese if given), before and after --intervention. Needs training settings.")
  boolean field;

  @Option(names = "--intervention", description = "With --field: none, subtract-cheese-vector, "
      + "add-cheese-vector, subtract-random-vector or steer (default: none).")
  String intervention;

  @Option(names = "--cheese", description = "With --field, --saliency, --checkpoints: move the "
      + "cheese to this square, 0 to 80 (row × 9 + column).")
  Integer cheese;

  @Option(names = "--checkpoints", description = "The field at each of 8 training checkpoints, "
      + "the total-variation distance between them and the test split at each. Needs training "
      + "settings.")
  boolean checkpoints;

  @Option(names = "--probes", description = "Every linear probe (cheese-row, cheese-col, "
      + "cheese-region, cheese-dx, cheese-dy) against a random network and the raw input. Needs "
      + "training settings.")
  boolean probes;

  @Option(names = "--patch", description = "Resample the layer's activations from a maze with "
      + "the cheese on the same square, and from one with it elsewhere. Needs training settings.")
  boolean patch;

  @Option(names = "--steer", description = "Add --alpha × the --target probe's direction to the "
      + "layer and measure P(toward the cheese) and P(toward the corner). Needs training settings.")
  boolean steer;

  @Option(names = "--target", description = "The probe --steer and --intervention steer follow "
      + "(default: cheese-region).")
  String target;

  @Option(names = "--alpha", description = "How far --steer moves along the probe's direction, "
      + "[-20, 20] (default: 2).")
  Double alpha;

  @Option(names = "--cheese-vector", description = "Measure the cheese vector: activations with "
      + "the cheese minus without, subtracted (or added) at every forward pass in that maze.")
  boolean cheeseVector;

  @Option(names = "--probe", paramLabel = "TARGET", description = "Fit a linear probe for "
      + "cheese-row, cheese-col or cheese-region, beside the same probe on a random network and "
      + "on the raw input.")
  String probe;

  @Option(names = "--ablate", description = "Ablate each unit of the layer in turn, then the top "
      + "--top together, against as many random units.")
  boolean ablate;

  @Option(names = "--saliency", description = "Saliency maps (gradient, gradient × input, "
      + "occlusion) of the network's decision at the start of one test maze (--maze).")
  boolean saliency;

  @Option(names = "--maze", description = "Which test maze --saliency draws, 0 to 999 (default: "
      + "${DEFAULT-VALUE}).")
  int maze;

  @Option(names = "--top", description = "How many units --ablate ablates together (default: "
      + "${DEFAULT-VALUE}).")
  int top = 3;

  @Option(names = "--zero", description = "--ablate sets units to 0 instead of their mean.")
  boolean zero;

  @Option(names = "--mazes", description = "Mazes, 1 to 10,000 (probes 10 to 2,000; ablation up "
      + "to 2,000) (default: ${DEFAULT-VALUE}).")
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

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (model == null) {
      return trained();
    }
    for (Object given : new Object[] {p, steps, trainSeed, view}) {
      if (given != null) {
        throw new ParameterException("model", "--p, --steps, --train-seed and --view say how to "
            + "train a network; with --model the network is the file's");
      }
    }
    if (field || checkpoints || probes || patch || steer) {
      throw new ParameterException("model", "--field, --checkpoints, --probes, --patch and "
          + "--steer work on training settings (--p, --steps, --train-seed, --view), not --model");
    }
    UserFiles.requireName("--model", model);
    if (!Files.isRegularFile(model)) {
      throw new ParameterException("model", "--model: no such file: " + model);
    }
    int tools = (cheeseVector ? 1 : 0) + (probe != null ? 1 : 0) + (ablate ? 1 : 0)
        + (saliency ? 1 : 0);
    if (tools != 1) {
      throw new ParameterException("cheese-vector", "say what to inspect, one at a time: "
          + "--cheese-vector, --probe TARGET, --ablate or --saliency");
    }
    PolicyFile.Loaded loaded = PolicyFile.read(model);
    if (!loaded.env().equals(CheeseCorner.ID)) {
      throw new ParameterException("model", "inspect needs a cheese-corner network; "
          + model + " was trained on " + loaded.env());
    }
    if (probe != null) {
      return probe(loaded);
    }
    if (ablate) {
      return ablate(loaded);
    }
    if (saliency) {
      return saliency(loaded);
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

  /** No --model: train from the settings and answer as the page does. */
  private int trained() {
    String tool = null;
    int tools = 0;
    String[] names = {"field", "saliency", "checkpoints", "cheese-vector", "probes", "ablate",
        "patch", "steer"};
    boolean[] chosen = {field, saliency, checkpoints, cheeseVector, probes, ablate, patch, steer};
    for (int i = 0; i < names.length; i++) {
      if (chosen[i]) {
        tool = names[i];
        tools++;
      }
    }
    if (probe != null) {
      throw new ParameterException("probe", "with training settings, --probes fits every probe");
    }
    if (tools != 1) {
      throw new ParameterException("field", "say what to inspect, one at a time: --field, "
          + "--saliency, --checkpoints, --cheese-vector, --probes, --ablate, --patch or --steer");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tool", tool);
    putIf(body, "view", view);
    putIf(body, "p", p);
    putIf(body, "steps", steps);
    putIf(body, "seed", trainSeed);
    body.put("maze", maze);
    putIf(body, "cheese", cheese);
    putIf(body, "intervention", intervention);
    putIf(body, "target", target);
    putIf(body, "alpha", alpha);
    body.put("coefficient", coefficient);
    body.put("layer", layer);
    if (tool.equals("cheese-vector") || tool.equals("ablate") || mazesGiven()) {
      body.put("mazes", mazes);
    }
    body.put("top", top);
    body.put("zero", Boolean.toString(zero));
    body.put("mazeSeed", seed);
    Map<String, Object> out;
    try {
      out = InspectApi.answer(RunFields.of(body));
    } catch (ParameterException bad) {
      String f = bad.field() == null ? "" : bad.field();
      String option = switch (f) {
        case "seed" -> "--train-seed";
        case "mazeSeed" -> "--seed";
        case "tool" -> "--field";
        default -> "--" + f;
      };
      throw new ParameterException(f, option + ": " + bad.getMessage());
    }
    System.out.println(json ? Cli.json(out) : Cli.json(summaryOf(out)));
    return 0;
  }

  private boolean mazesGiven() {
    return spec != null && spec.commandLine().getParseResult().hasMatchedOption("--mazes");
  }

  private static void putIf(Map<String, Object> body, String name, Object value) {
    if (value != null) {
      body.put(name, value);
    }
  }

  /** Without --json: the answer without its per-square arrays. */
  private static Map<String, Object> summaryOf(Map<String, Object> out) {
    Map<String, Object> s = new LinkedHashMap<>(out);
    for (String big : new String[] {"before", "after", "gradient", "gradientTimesInput",
        "occlusion", "randomGradient", "walls", "effects"}) {
      s.remove(big);
    }
    if (s.get("checkpoints") instanceof java.util.List<?> rows) {
      java.util.List<Object> small = new java.util.ArrayList<>();
      for (Object row : rows) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) row).entrySet()) {
          if (!e.getKey().equals("probs") && !e.getKey().equals("tv")) {
            r.put(String.valueOf(e.getKey()), e.getValue());
          }
        }
        small.add(r);
      }
      s.put("checkpoints", small);
    }
    return s;
  }

  private int probe(PolicyFile.Loaded loaded) {
    LinearProbe.Target target = LinearProbe.Target.of(probe);
    LinearProbe.Score own = LinearProbe.fit(loaded.policy(), loaded.view(), layer, target, mazes,
        seed);
    org.saferlhub.agent.neural.PolicyNet random = org.saferlhub.agent.neural.PolicyNet.create(
        loaded.policy().net().units(0), loaded.policy().actions(), hidden(loaded), seed + 1);
    double randomR2 = LinearProbe.fit(random, loaded.view(), layer, target, mazes, seed).r2();
    double inputR2 = LinearProbe.fit(loaded.policy(), loaded.view(), 0, target, mazes, seed).r2();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model.toString());
    out.put("probe", target.id());
    out.put("layer", layer);
    out.put("r2", own.r2());
    out.put("randomNetworkR2", randomR2);
    out.put("inputR2", inputR2);
    out.put("fitSamples", own.train());
    out.put("testSamples", own.test());
    if (json) {
      System.out.println(Cli.json(out));
      return 0;
    }
    System.out.printf(Locale.ROOT, "probe %s at layer %d: R² %.3f on held-out mazes (random "
        + "network %.3f, raw input %.3f)%n", target.id(), layer, own.r2(), randomR2, inputR2);
    return 0;
  }

  private int ablate(PolicyFile.Loaded loaded) {
    Ablation.Result r = Ablation.run(loaded.policy(), loaded.view(), layer, mazes, top, !zero,
        seed);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model.toString());
    out.put("layer", r.layer());
    out.put("ablation", r.mean() ? "mean" : "zero");
    out.put("mazes", r.mazes());
    out.put("baseline", r.baseline());
    out.put("effects", r.effects());
    out.put("top", r.top());
    out.put("topEffect", r.topEffect());
    out.put("randomEffect", r.randomEffect());
    if (json) {
      System.out.println(Cli.json(out));
      return 0;
    }
    System.out.printf(Locale.ROOT, "%s ablation at layer %d over %d mazes: P(toward cheese) %.3f "
        + "with nothing ablated; the top %d units %s change it by %+.3f on other mazes, %d random "
        + "units by %+.3f%n", r.mean() ? "mean" : "zero", r.layer(), r.mazes(), r.baseline(),
        top, java.util.Arrays.toString(r.top()), r.topEffect(), top, r.randomEffect());
    return 0;
  }

  private static int[] hidden(PolicyFile.Loaded loaded) {
    int[] sizes = loaded.policy().net().sizes();
    return java.util.Arrays.copyOfRange(sizes, 1, sizes.length - 1);
  }

  private int saliency(PolicyFile.Loaded loaded) {
    if (maze < 0 || maze > 999) {
      throw new ParameterException("maze", "--maze must be from 0 to 999, was " + maze);
    }
    CheeseCorner env = new CheeseCorner(0, org.saferlhub.env.procgen.LevelEnv.Split.TEST,
        loaded.view());
    env.resetLevel(seed);
    for (int m = 0; m < maze; m++) {
      env.resetLevel();
    }
    Saliency.Maps maps = Saliency.of(loaded.policy(), env);
    org.saferlhub.agent.neural.PolicyNet random = org.saferlhub.agent.neural.PolicyNet.create(
        loaded.policy().net().units(0), loaded.policy().actions(), hidden(loaded), seed + 1);
    Saliency.Maps randomMaps = Saliency.of(random, env);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model.toString());
    out.put("maze", maze);
    out.put("mouse", env.mouse());
    out.put("cheese", env.cheese());
    out.put("action", new String[] {"up", "right", "down", "left"}[maps.action()]);
    out.put("gradient", maps.gradient());
    out.put("gradientTimesInput", maps.gradientTimesInput());
    out.put("occlusion", maps.occlusion());
    out.put("cheeseOcclusion", maps.cheeseOcclusion());
    out.put("rankCorrelationWithOcclusion", Saliency.rankCorrelation(maps.gradient(),
        maps.occlusion()));
    out.put("rankCorrelationWithRandomNetwork", Saliency.rankCorrelation(maps.gradient(),
        randomMaps.gradient()));
    if (json) {
      System.out.println(Cli.json(out));
      return 0;
    }
    System.out.printf(Locale.ROOT, "test maze %d: mouse at row %d, column %d; cheese at row %d, "
        + "column %d; the network's move: %s%n", maze, env.mouse() / 9, env.mouse() % 9,
        env.cheese() / 9, env.cheese() % 9, out.get("action"));
    System.out.println("  |∂ log π(move)/∂input| per square (M mouse, C cheese, # wall):");
    for (int r = 0; r < 9; r++) {
      StringBuilder line = new StringBuilder("  ");
      for (int c = 0; c < 9; c++) {
        int cell = r * 9 + c;
        String mark = cell == env.mouse() ? "M" : cell == env.cheese() ? "C"
            : env.wall(cell) ? "#" : " ";
        line.append(String.format(Locale.ROOT, "%5.2f%s", maps.gradient()[cell], mark));
      }
      System.out.println(line);
    }
    System.out.printf(Locale.ROOT, "  removing the cheese changes log π(move) by %.3f; rank "
        + "correlation with occlusion %.2f, with a random network's map %.2f (the sanity check "
        + "wants it low)%n", maps.cheeseOcclusion(), out.get("rankCorrelationWithOcclusion"),
        out.get("rankCorrelationWithRandomNetwork"));
    return 0;
  }
}
