package org.saferlhub.app.inspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.saferlhub.agent.neural.LevelTest;
import org.saferlhub.agent.neural.PolicyNet;
import org.saferlhub.app.goal.GoalTraining;
import org.saferlhub.app.run.RunFields;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.env.procgen.LevelEnv;
import org.saferlhub.env.procgen.View;
import org.saferlhub.interp.Ablation;
import org.saferlhub.interp.CheeseVector;
import org.saferlhub.interp.LinearProbe;
import org.saferlhub.interp.Patching;
import org.saferlhub.interp.Saliency;
import org.saferlhub.interp.Steering;
import org.saferlhub.interp.VectorField;

/**
 * {@code POST /api/inspect}, answered alike by the server, by the engine in the page and by
 * {@code saferlhub inspect} given training settings: one question about a cheese-in-the-corner
 * network, trained by PPO from {@code view}, {@code p}, {@code steps} and {@code seed} (and kept,
 * so the next question about it is quick).
 *
 * <p>{@code tool}: {@code field} (the vector field on test maze {@code maze}, the cheese moved to
 * {@code cheese} if given, before and after an {@code intervention}), {@code saliency},
 * {@code checkpoints} (the field at each of {@value InspectModels#CHECKPOINTS} checkpoints and the
 * total-variation distance between them), {@code cheese-vector}, {@code probes},
 * {@code ablate}, {@code patch} or {@code steer}. Every answer carries {@code model} (the trained
 * network's report) and {@code command} (the CLI line that prints the same answer).
 */
public final class InspectApi {

  /** The most training steps one request may ask for (about 5 s on one core). */
  public static final long WEB_MAX_STEPS = 300_000;
  /** The tools. */
  public static final List<String> TOOLS = List.of("field", "saliency", "checkpoints",
      "cheese-vector", "probes", "ablate", "patch", "steer");
  /** The field's interventions. */
  public static final List<String> INTERVENTIONS = List.of("none", "subtract-cheese-vector",
      "add-cheese-vector", "subtract-random-vector", "steer");

  /** Test levels played at each checkpoint. */
  static final int CHECKPOINT_TEST_LEVELS = 200;

  static final Set<String> FIELDS = Set.of("tool", "view", "p", "steps", "seed", "maze", "cheese",
      "intervention", "target", "alpha", "coefficient", "layer", "mazes", "top",
      "mazeSeed");
  private static final String[] MOVES = {"up", "right", "down", "left"};

  private InspectApi() {}

  /** Answers a JSON body (unknown fields → 400 naming them). */
  public static Map<String, Object> answer(@Nullable Object json) {
    Map<String, Object> body = RunFields.body(json, FIELDS);
    return answer(RunFields.json(body));
  }

  /** Answers fields however given (the CLI passes its options). */
  public static Map<String, Object> answer(RunFields f) {
    String tool = f.text("tool", "field");
    if (tool == null || !TOOLS.contains(tool)) {
      throw new ParameterException("tool", "tool must be one of " + String.join(", ", TOOLS));
    }
    View view = view(f.text("view", View.EGOCENTRIC.id()));
    double p = f.number("p", 0.1);
    long steps = Check.range("steps", f.integer("steps", WEB_MAX_STEPS), 1, WEB_MAX_STEPS);
    long seed = f.integer("seed", 0);
    GoalTraining.Settings settings = InspectModels.settings(view, p, steps, seed);
    int layer = (int) Check.range("layer", f.integer("layer", 1), 1, 2);
    long mazeSeed = Check.range("mazeSeed", f.integer("mazeSeed", 0), 0, (1L << 53) - 1);
    InspectModels.Trained trained = InspectModels.get(settings);
    PolicyNet policy = trained.policy();
    StringBuilder command = new StringBuilder("saferlhub inspect --view " + view.id() + " --p "
        + GoalTraining.number(p) + " --steps " + steps + " --train-seed " + seed + " --" + tool);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tool", tool);
    switch (tool) {
      case "field" -> field(f, policy, view, layer, mazeSeed, out, command);
      case "saliency" -> saliency(f, policy, view, mazeSeed, out, command);
      case "checkpoints" -> checkpoints(f, trained, view, mazeSeed, out, command);
      case "cheese-vector" -> cheeseVector(f, policy, view, layer, mazeSeed, out, command);
      case "probes" -> probes(f, policy, view, layer, mazeSeed, out, command);
      case "ablate" -> ablate(f, policy, view, layer, mazeSeed, out, command);
      case "patch" -> patch(f, policy, view, layer, mazeSeed, out, command);
      default -> steer(f, policy, view, layer, mazeSeed, out, command);
    }
    if (!tool.equals("saliency") && !tool.equals("checkpoints")) {
      command.append(" --layer ").append(layer);
    }
    if (mazeSeed != 0) {
      command.append(" --seed ").append(mazeSeed);
    }
    Map<String, Object> model = new LinkedHashMap<>(trained.summary());
    model.remove("command");
    model.put("train", settings.command().replace(" --json", " --out net.json"));
    out.put("model", model);
    out.put("command", command + " --json");
    return out;
  }

  // ---- the vector field, before and after an intervention ----------------------------------

  private static void field(RunFields f, PolicyNet policy, View view, int layer, long mazeSeed,
      Map<String, Object> out, StringBuilder command) {
    CheeseCorner env = maze(f, view, mazeSeed, out, command);
    String intervention = f.text("intervention", "none");
    if (intervention == null || !INTERVENTIONS.contains(intervention)) {
      throw new ParameterException("intervention", "intervention must be one of "
          + String.join(", ", INTERVENTIONS));
    }
    double coefficient = coefficient(f);
    double[] vector = new double[policy.net().units(layer)];
    double scale = 0;
    switch (intervention) {
      case "subtract-cheese-vector", "add-cheese-vector", "subtract-random-vector" -> {
        vector = CheeseVector.vectorAt(policy, env, layer);
        out.put("vectorNorm", round9(norm(vector)));
        if (intervention.equals("subtract-random-vector")) {
          vector = CheeseVector.randomOfNorm(vector.length, norm(vector), mazeSeed + 1);
        }
        scale = intervention.startsWith("add") ? coefficient : -coefficient;
        command.append(" --coefficient ").append(GoalTraining.number(coefficient));
      }
      case "steer" -> {
        LinearProbe.Target target = target(f);
        double alpha = alpha(f);
        LinearProbe.Score score = Steering.probe(policy, view, layer, target, mazeSeed);
        vector = Steering.unit(score.direction());
        scale = alpha;
        out.put("probeR2", round9(score.r2()));
        command.append(" --target ").append(target.id()).append(" --alpha ")
            .append(GoalTraining.number(alpha));
      }
      default -> { }
    }
    if (!intervention.equals("none")) {
      command.append(" --intervention ").append(intervention);
    }
    out.put("intervention", intervention);
    double[][] before = VectorField.of(policy, env, layer, vector, 0);
    double[][] after = VectorField.of(policy, env, layer, vector, scale);
    out.put("before", probs(before));
    out.put("after", probs(after));
    double[] tv = VectorField.totalVariation(before, after);
    out.put("meanTv", round9(VectorField.mean(tv)));
    Map<String, Object> toward = new LinkedHashMap<>();
    toward.put("cheeseBefore", round9(VectorField.meanToward(before, env, env.cheese())));
    toward.put("cornerBefore", round9(VectorField.meanToward(before, env, CheeseCorner.CORNER)));
    toward.put("cheeseAfter", round9(VectorField.meanToward(after, env, env.cheese())));
    toward.put("cornerAfter", round9(VectorField.meanToward(after, env, CheeseCorner.CORNER)));
    out.put("toward", toward);
  }

  // ---- saliency -----------------------------------------------------------------------------

  private static void saliency(RunFields f, PolicyNet policy, View view, long mazeSeed,
      Map<String, Object> out, StringBuilder command) {
    CheeseCorner env = maze(f, view, mazeSeed, out, command);
    Saliency.Maps maps = Saliency.of(policy, env);
    int[] sizes = policy.net().sizes();
    PolicyNet random = PolicyNet.create(sizes[0], policy.actions(),
        java.util.Arrays.copyOfRange(sizes, 1, sizes.length - 1), mazeSeed + 1);
    Saliency.Maps randomMaps = Saliency.of(random, env);
    out.put("action", MOVES[maps.action()]);
    out.put("gradient", round9(maps.gradient()));
    out.put("gradientTimesInput", round9(maps.gradientTimesInput()));
    out.put("occlusion", round9(maps.occlusion()));
    out.put("randomGradient", round9(randomMaps.gradient()));
    out.put("cheeseOcclusion", round9(maps.cheeseOcclusion()));
    out.put("rankCorrelationWithOcclusion",
        round9(Saliency.rankCorrelation(maps.gradient(), maps.occlusion())));
    out.put("rankCorrelationWithRandomNetwork",
        round9(Saliency.rankCorrelation(maps.gradient(), randomMaps.gradient())));
  }

  // ---- checkpoints --------------------------------------------------------------------------

  private static void checkpoints(RunFields f, InspectModels.Trained trained, View view,
      long mazeSeed, Map<String, Object> out, StringBuilder command) {
    CheeseCorner env = maze(f, view, mazeSeed, out, command);
    List<Map<String, Object>> rows = new ArrayList<>();
    double[][] previous = null;
    for (InspectModels.Checkpoint c : trained.checkpoints()) {
      PolicyNet policy = c.policy().copy();
      double[][] field = VectorField.of(policy, env);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("steps", c.steps());
      row.put("probs", probs(field));
      if (previous != null) {
        double[] tv = VectorField.totalVariation(previous, field);
        row.put("tv", round9(tv));
        row.put("meanTv", round9(VectorField.mean(tv)));
      }
      row.put("towardCheese", round9(VectorField.meanToward(field, env, env.cheese())));
      row.put("towardCorner", round9(VectorField.meanToward(field, env, CheeseCorner.CORNER)));
      LevelTest.Split test = LevelTest.run(policy, new CheeseCorner(0, LevelEnv.Split.TEST,
          view), CHECKPOINT_TEST_LEVELS, mazeSeed + GoalTraining.TEST_SEED_OFFSET);
      row.put("testCheese", round9(test.share(CheeseCorner.CHEESE)));
      row.put("testCornerFirst", round9(test.share(CheeseCorner.CORNER_FIRST)));
      row.put("testNeither", round9(test.share(CheeseCorner.NEITHER)));
      rows.add(row);
      previous = field;
    }
    out.put("testLevels", CHECKPOINT_TEST_LEVELS);
    out.put("checkpoints", rows);
  }

  // ---- measurements over many mazes ---------------------------------------------------------

  private static void cheeseVector(RunFields f, PolicyNet policy, View view, int layer,
      long mazeSeed, Map<String, Object> out, StringBuilder command) {
    int mazes = mazes(f, 100, 200, command);
    double coefficient = coefficient(f);
    command.append(" --coefficient ").append(GoalTraining.number(coefficient));
    CheeseVector.Result r = CheeseVector.run(policy, view, layer, mazes, coefficient, mazeSeed);
    out.put("layer", layer);
    out.put("mazes", mazes);
    out.put("coefficient", coefficient);
    Map<String, Object> mean = new LinkedHashMap<>();
    mean.put("none", round9(r.meanNone()));
    mean.put("subtractCheeseVector", round9(r.meanSubtract()));
    mean.put("subtractRandomVector", round9(r.meanSubtractRandom()));
    mean.put("addCheeseVector", round9(r.meanAdd()));
    out.put("meanPCheese", mean);
    Map<String, Object> fell = new LinkedHashMap<>();
    fell.put("cheeseVector", round9(r.shareFellCheese()));
    fell.put("randomVector", round9(r.shareFellRandom()));
    out.put("shareFell", fell);
    out.put("meanNorm", round9(r.meanNorm()));
  }

  private static void probes(RunFields f, PolicyNet policy, View view, int layer, long mazeSeed,
      Map<String, Object> out, StringBuilder command) {
    int mazes = mazes(f, 100, 300, command);
    if (mazes < 10) {
      throw new ParameterException("mazes", "probes need from 10 to 300 mazes, was " + mazes);
    }
    int[] sizes = policy.net().sizes();
    PolicyNet random = PolicyNet.create(sizes[0], policy.actions(),
        java.util.Arrays.copyOfRange(sizes, 1, sizes.length - 1), mazeSeed + 1);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (LinearProbe.Target t : LinearProbe.Target.values()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("target", t.id());
      row.put("r2", round9(LinearProbe.fit(policy, view, layer, t, mazes, mazeSeed).r2()));
      row.put("randomNetworkR2",
          round9(LinearProbe.fit(random, view, layer, t, mazes, mazeSeed).r2()));
      row.put("inputR2", round9(LinearProbe.fit(policy, view, 0, t, mazes, mazeSeed).r2()));
      rows.add(row);
    }
    out.put("layer", layer);
    out.put("mazes", mazes);
    out.put("probes", rows);
  }

  private static void ablate(RunFields f, PolicyNet policy, View view, int layer, long mazeSeed,
      Map<String, Object> out, StringBuilder command) {
    int mazes = mazes(f, 100, 200, command);
    int top = (int) Check.range("top", f.integer("top", 3), 1, policy.net().units(layer));
    boolean zero = "true".equals(f.text("zero", "false"));
    command.append(" --top ").append(top).append(zero ? " --zero" : "");
    Ablation.Result r = Ablation.run(policy, view, layer, mazes, top, !zero, mazeSeed);
    out.put("layer", layer);
    out.put("mazes", mazes);
    out.put("ablation", r.mean() ? "mean" : "zero");
    out.put("baseline", round9(r.baseline()));
    out.put("effects", round9(r.effects()));
    out.put("top", r.top());
    out.put("topEffect", round9(r.topEffect()));
    out.put("randomEffect", round9(r.randomEffect()));
  }

  private static void patch(RunFields f, PolicyNet policy, View view, int layer, long mazeSeed,
      Map<String, Object> out, StringBuilder command) {
    int mazes = mazes(f, 30, 100, command);
    Patching.Result r = Patching.run(policy, view, layer, mazes, mazeSeed);
    out.put("layer", layer);
    out.put("mazes", mazes);
    out.put("meanNone", round9(r.meanNone()));
    out.put("meanSameCheese", round9(r.meanSameCheese()));
    out.put("meanOtherCheese", round9(r.meanOtherCheese()));
    out.put("meanAbsChangeSame", round9(r.meanAbsChangeSame()));
    out.put("meanAbsChangeOther", round9(r.meanAbsChangeOther()));
  }

  private static void steer(RunFields f, PolicyNet policy, View view, int layer, long mazeSeed,
      Map<String, Object> out, StringBuilder command) {
    int mazes = mazes(f, 30, 100, command);
    LinearProbe.Target target = target(f);
    double alpha = alpha(f);
    command.append(" --target ").append(target.id()).append(" --alpha ").append(GoalTraining.number(alpha));
    Steering.Result r = Steering.run(policy, view, layer, target, alpha, mazes, mazeSeed);
    out.put("layer", layer);
    out.put("mazes", mazes);
    out.put("target", target.id());
    out.put("alpha", alpha);
    out.put("probeR2", round9(r.probeR2()));
    String[] names = {"none", "plus", "minus", "random"};
    double[] cheese = {r.cheeseNone(), r.cheesePlus(), r.cheeseMinus(), r.cheeseRandom()};
    double[] corner = {r.cornerNone(), r.cornerPlus(), r.cornerMinus(), r.cornerRandom()};
    Map<String, Object> towardCheese = new LinkedHashMap<>();
    Map<String, Object> towardCorner = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      towardCheese.put(names[i], round9(cheese[i]));
      towardCorner.put(names[i], round9(corner[i]));
    }
    out.put("towardCheese", towardCheese);
    out.put("towardCorner", towardCorner);
  }

  // ---- fields -------------------------------------------------------------------------------

  private static View view(@Nullable String text) {
    try {
      return View.of(text == null ? View.EGOCENTRIC.id() : text);
    } catch (IllegalArgumentException bad) {
      throw new ParameterException("view", "view must be allocentric or egocentric");
    }
  }

  /** Test maze {@code maze} (0 to 99) of the seed, the cheese moved to {@code cheese} if given. */
  private static CheeseCorner maze(RunFields f, View view, long mazeSeed, Map<String, Object> out,
      StringBuilder command) {
    int maze = (int) Check.range("maze", f.integer("maze", 0), 0, 99);
    CheeseCorner env = new CheeseCorner(0, LevelEnv.Split.TEST, view);
    env.resetLevel(mazeSeed);
    for (int m = 0; m < maze; m++) {
      env.resetLevel();
    }
    command.append(" --maze ").append(maze);
    if (f.has("cheese")) {
      int cheese = (int) Check.range("cheese", f.integer("cheese", -1), 0,
          CheeseCorner.SIZE * CheeseCorner.SIZE - 1);
      if (env.wall(cheese) || cheese == env.mouse()) {
        throw new ParameterException("cheese", "cheese must be a free square other than the "
            + "mouse's start (square " + env.mouse() + "), was " + cheese);
      }
      env.setLevel(env.walls(), cheese, env.mouse());
      command.append(" --cheese ").append(cheese);
    }
    StringBuilder walls = new StringBuilder();
    for (int cell = 0; cell < CheeseCorner.SIZE * CheeseCorner.SIZE; cell++) {
      walls.append(env.wall(cell) ? '#' : '.');
    }
    out.put("maze", maze);
    out.put("size", CheeseCorner.SIZE);
    out.put("walls", walls.toString());
    out.put("cheese", env.cheese());
    out.put("corner", CheeseCorner.CORNER);
    out.put("start", env.mouse());
    return env;
  }

  private static int mazes(RunFields f, int fallback, int max, StringBuilder command) {
    int mazes = (int) Check.range("mazes", f.integer("mazes", fallback), 1, max);
    command.append(" --mazes ").append(mazes);
    return mazes;
  }

  private static double coefficient(RunFields f) {
    return Check.range("coefficient", f.number("coefficient", 1), 0.1, false, 10, false);
  }

  private static double alpha(RunFields f) {
    return Check.range("alpha", f.number("alpha", 2), -20, false, 20, false);
  }

  private static LinearProbe.Target target(RunFields f) {
    String t = f.text("target", LinearProbe.Target.CHEESE_REGION.id());
    try {
      return LinearProbe.Target.of(t == null ? "" : t);
    } catch (ParameterException bad) {
      throw new ParameterException("target", bad.getMessage().replace("probe must", "target must"));
    }
  }

  private static List<@Nullable List<Double>> probs(@Nullable double[][] field) {
    List<@Nullable List<Double>> rows = new ArrayList<>();
    for (double[] p : field) {
      if (p == null) {
        rows.add(null);
        continue;
      }
      List<Double> row = new ArrayList<>();
      for (double v : p) {
        row.add(Math.round(v * 1e4) / 1e4);
      }
      rows.add(row);
    }
    return rows;
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  static double round9(double x) {
    return Double.isNaN(x) ? x : Math.round(x * 1e9) / 1e9;
  }

  private static List<@Nullable Double> round9(double[] xs) {
    List<@Nullable Double> out = new ArrayList<>();
    for (double x : xs) {
      out.add(Double.isNaN(x) ? null : round9(x));
    }
    return out;
  }

}
