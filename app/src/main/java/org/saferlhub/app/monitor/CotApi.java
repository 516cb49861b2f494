package org.saferlhub.app.monitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.grid.GridFields;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;
import org.saferlhub.monitor.CotMonitoring;
import org.saferlhub.monitor.CotMonitoring.Arm;
import org.saferlhub.monitor.CotMonitoring.Config;
import org.saferlhub.monitor.CotMonitoring.Monitor;
import org.saferlhub.monitor.CotMonitoring.Point;

/**
 * {@code POST /api/monitor/cot}, answered alike by the server and by the engine in the page: the
 * chain-of-thought monitoring toy ({@link CotMonitoring}) trained twice with the same settings,
 * once on "tests pass" (the baseline arm) and once minus λ when the monitor flags the thoughts
 * (the pressure arm), as {@code saferlhub experiment cot-monitor} does.
 *
 * <p>Fields, all optional (an empty body is {@code {}}): {@code monitor} (careful or keyword;
 * default careful), {@code beta} ([0, 20]; default 3), {@code lambda} ([0, 10]; default 1),
 * {@code iterations} (1 to {@value #WEB_MAX_ITERATIONS}; default 4,000), {@code batch} (1 to
 * {@value #WEB_MAX_BATCH}; default 64), {@code alpha} ((0, 100]; default 0.5), {@code seed}
 * (default 0) and {@code every} (report every n-th iteration, 1 to {@code iterations}; default
 * the smallest that reports at most {@value #POINTS} updates). Anything else answers 400 naming
 * it.
 *
 * <p>The answer: {@code settings} (every field, defaults filled in), then {@code baseline} and
 * {@code pressure}, each {@code {"points": [{iteration, hackRate, monitorRecall, genuinePass,
 * falseAlarmRate, shortcutShare}, …], "final": {…}, "command": "saferlhub experiment cot-monitor
 * --arm …"}}. The points are iteration 0 (before training), every {@code every}-th and always
 * the last; {@code final} is the last with {@code flagRate} and {@code expectedReward} too. A
 * ratio whose denominator is 0 (the recall when the agent never hacks) is null. Numbers are
 * rounded to 9 decimals, so the server and the page's engine print the same digits.
 */
public final class CotApi {

  /**
   * The most iterations one web request may ask for (both arms with 64 episodes per update: about
   * 0.3 s on one core).
   */
  public static final int WEB_MAX_ITERATIONS = 4_000;
  /** The most episodes per update on the web (at both caps: under 1 s on one core). */
  public static final int WEB_MAX_BATCH = 256;
  /** The most updates reported per arm by default (iteration 0 comes on top). */
  public static final int POINTS = 200;

  private static final Set<String> FIELDS = Set.of("monitor", "beta", "lambda", "iterations",
      "batch", "alpha", "seed", "every");

  private CotApi() {}

  /**
   * Answers one request.
   *
   * @param json the parsed body, null for none
   * @return {@code settings}, {@code baseline} and {@code pressure}, as the class says
   * @throws ParameterException naming the first unknown or invalid field
   */
  public static Map<String, Object> run(@Nullable Object json) {
    GridFields f = GridFields.of(json, FIELDS);
    Monitor monitor = Check.oneOf("monitor", f.string("monitor", Monitor.CAREFUL.id()),
        Monitor.values(), Monitor::id);
    double beta = f.number("beta", 3);
    double lambda = f.number("lambda", 1);
    int iterations = (int) Check.range("iterations", f.integer("iterations", 4_000), 1,
        WEB_MAX_ITERATIONS);
    int batch = (int) Check.range("batch", f.integer("batch", 64), 1, WEB_MAX_BATCH);
    double alpha = f.number("alpha", 0.5);
    long seed = f.integer("seed", 0);
    int every = (int) Check.range("every", f.integer("every", (iterations + POINTS - 1) / POINTS),
        1, iterations);
    Config baseline = new Config(Arm.BASELINE, monitor, beta, lambda, iterations, batch, alpha,
        seed); // checks beta, lambda and alpha, naming them
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("monitor", monitor.id());
    settings.put("beta", beta);
    settings.put("lambda", lambda);
    settings.put("iterations", iterations);
    settings.put("batch", batch);
    settings.put("alpha", alpha);
    settings.put("seed", seed);
    settings.put("every", every);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("settings", settings);
    out.put("baseline", arm(baseline, every));
    out.put("pressure", arm(new Config(Arm.PRESSURE, monitor, beta, lambda, iterations, batch,
        alpha, seed), every));
    return out;
  }

  /**
   * The command that reproduces one arm: what {@code saferlhub experiment cot-monitor} itself
   * prints for these settings.
   */
  public static String command(Config c) {
    return "saferlhub experiment cot-monitor --arm " + c.arm().id() + " --monitor "
        + c.monitor().id() + " --beta " + c.beta() + " --lambda " + c.lambda()
        + " --iterations " + c.iterations() + " --batch " + c.batch() + " --alpha " + c.alpha()
        + " --seed " + c.seed();
  }

  private static Map<String, Object> arm(Config c, int every) {
    List<Point> curve = CotMonitoring.train(c);
    List<Map<String, Object>> points = new ArrayList<>();
    for (Point p : curve) {
      if (p.iteration() % every == 0 || p.iteration() == c.iterations()) {
        points.add(point(p));
      }
    }
    Point last = curve.get(curve.size() - 1);
    Map<String, Object> end = point(last);
    end.put("flagRate", round9(last.flagRate()));
    end.put("expectedReward", round9(last.expectedReward()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("points", points);
    m.put("final", end);
    m.put("command", command(c));
    return m;
  }

  private static Map<String, Object> point(Point p) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("iteration", p.iteration());
    r.put("hackRate", round9(p.hackRate()));
    r.put("monitorRecall", round9(p.monitorRecall()));
    r.put("genuinePass", round9(p.genuinePass()));
    r.put("falseAlarmRate", round9(p.falseAlarmRate()));
    r.put("shortcutShare", round9(p.shortcutShare()));
    return r;
  }

  /** x to 9 decimals, null for NaN (a ratio over nothing). */
  private static @Nullable Double round9(double x) {
    return Double.isNaN(x) ? null : Math.round(x * 1e9) / 1e9;
  }
}
