package org.saferlhub.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.grid.GridDp;
import org.saferlhub.app.grid.GridMaps;
import org.saferlhub.app.grid.GridSession;
import org.saferlhub.app.grid.GridSessions;
import org.saferlhub.app.grid.GridTraining;
import org.saferlhub.app.grid.GridViews;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.Tile;
import org.saferlhub.Rl;
import org.saferlhub.app.run.FamilyView;
import org.saferlhub.app.run.FamilyViews;
import org.saferlhub.app.run.RunReports;
import org.saferlhub.env.Envs;
import org.saferlhub.train.StopReason;
import org.saferlhub.train.TrainingResult;
import org.saferlhub.train.AgentOptions;
import org.saferlhub.train.Algorithm;
import org.saferlhub.train.EpsilonSchedule;
import org.saferlhub.train.RunConfig;

/**
 * The GridWorld API of docs/api.md ("GridWorld API", lesson 2): presets, stateless dynamic
 * programming, live model-free sessions and whole training runs. Bad input answers 400
 * {@code {"error", "field"}}, unknown sessions 404, and a full server 429 with
 * {@code Retry-After}.
 */
final class GridRoutes {

  /** Work one step request may do before it answers with the steps taken so far. */
  static final Duration STEP_BUDGET = Duration.ofMillis(200);
  /** Wall-time limit of one {@code /train} request. */
  static final Duration TRAIN_LIMIT = Duration.ofSeconds(20);
  /** {@code /dp} and {@code /train} requests computing at once; more wait up to 2 s, then 429. */
  static final int HEAVY_SLOTS = 4;

  // Defaults of absent fields.
  static final String DEFAULT_MAP = "open";
  static final String DEFAULT_ALGORITHM = "q-learning";
  static final double DEFAULT_ALPHA = 0.5;
  static final double DEFAULT_GAMMA = 1.0;
  static final double DEFAULT_EPSILON = 0.1;
  static final long DEFAULT_SEED = 7;
  static final long DEFAULT_EPISODES = 500;

  /** Largest |V(s)| a {@code /dp} request may send (keeps every sum finite). */
  static final double MAX_ABS_VALUE = 1e12;

  private static final Set<String> DP_FIELDS = Set.of("map", "gamma", "op", "values", "policy");
  private static final Set<String> SESSION_FIELDS = Set.of("map", "algorithm", "alpha", "gamma",
      "epsilon", "lambda", "planningSteps", "seed");
  private static final Set<String> TRAIN_FIELDS = Set.of("map", "algorithm", "episodes", "alpha",
      "gamma", "epsilon", "lambda", "planningSteps", "seed");
  private static final Set<String> STEP_FIELDS = Set.of("steps");
  private static final Set<String> PATCH_FIELDS = Set.of("epsilon", "cell");
  private static final Set<String> CELL_FIELDS = Set.of("row", "col", "reward", "tile");

  private final ObjectMapper mapper;
  private final GridSessions sessions;
  private final Semaphore heavy = new Semaphore(HEAVY_SLOTS);

  private GridRoutes(ObjectMapper mapper, GridSessions sessions) {
    this.mapper = mapper;
    this.sessions = sessions;
  }

  /** Adds the GridWorld endpoints with {@value GridSessions#DEFAULT_MAX_SESSIONS} sessions. */
  static void register(RoutesConfig routes, ObjectMapper mapper) {
    register(routes, mapper, new GridSessions());
  }

  /** Adds the GridWorld endpoints, keeping sessions in {@code sessions}. */
  static void register(RoutesConfig routes, ObjectMapper mapper, GridSessions sessions) {
    GridRoutes r = new GridRoutes(mapper, sessions);
    routes.get("/api/gridworld/presets", ctx -> ctx.json(GridViews.presets()));
    routes.post("/api/gridworld/dp", r::dp);
    routes.post("/api/gridworld/sessions", r::createSession);
    routes.get("/api/gridworld/sessions/{id}", r::getSession);
    routes.post("/api/gridworld/sessions/{id}/step", r::step);
    routes.patch("/api/gridworld/sessions/{id}", r::patch);
    routes.delete("/api/gridworld/sessions/{id}", r::deleteSession);
    routes.post("/api/gridworld/train", r::train);
    routes.exception(GridSessions.Full.class, (e, ctx) -> busy(ctx, e.getMessage(), 60));
    routes.exception(Busy.class, (e, ctx) -> busy(ctx, e.getMessage(), 5));
    routes.exception(GridTraining.TimeLimit.class, (e, ctx) ->
        ctx.status(HttpStatus.BAD_REQUEST).json(error(e.getMessage(), "episodes")));
  }

  // --- dynamic programming --------------------------------------------------------------------

  private void dp(Context ctx) {
    Body body = Body.parse(mapper, ctx.body(), DP_FIELDS);
    GridMap map = map(body);
    double gamma = body.number("gamma", DEFAULT_GAMMA);
    Check.range("gamma", gamma, 0, false, 1, false);
    GridDp.Op op = GridDp.Op.fromId(body.string("op", GridDp.Op.EVALUATE.id()));
    int states = map.rows() * map.cols();
    double[] values = body.numbers("values", states);
    for (int i = 0; values != null && i < values.length; i++) {
      if (!(Math.abs(values[i]) <= MAX_ABS_VALUE)) {
        throw new ParameterException("values", "values must be numbers from -1e12 to 1e12, "
            + "value of state " + i + " was " + values[i]);
      }
    }
    double[] policy = body.policy("policy", states, 4);
    ctx.json(heavy(() -> GridDp.apply(map, gamma, op, values, policy)));
  }

  // --- sessions -------------------------------------------------------------------------------

  private void createSession(Context ctx) {
    Body body = Body.parse(mapper, ctx.body(), SESSION_FIELDS);
    GridMap map = map(body);
    GridSession.Settings settings = new GridSession.Settings(algorithm(body),
        body.number("alpha", DEFAULT_ALPHA), body.number("gamma", DEFAULT_GAMMA),
        body.number("epsilon", DEFAULT_EPSILON), options(body),
        seed(body));
    GridSession session = sessions.create(map, settings);
    ctx.status(HttpStatus.CREATED).json(describe(session));
  }

  private void getSession(Context ctx) {
    ctx.json(describe(session(ctx)));
  }

  private void step(Context ctx) {
    GridSession session = session(ctx);
    Body body = Body.parse(mapper, ctx.body(), STEP_FIELDS);
    long steps = body.integer("steps", 1);
    Check.range("steps", steps, 1, GridSession.MAX_STEPS);
    ctx.json(session.step(steps, STEP_BUDGET.toNanos()));
  }

  private void patch(Context ctx) {
    GridSession session = session(ctx);
    Body body = Body.parse(mapper, ctx.body(), PATCH_FIELDS);
    Double epsilon = body.has("epsilon") ? body.number("epsilon", 0) : null;
    if (epsilon != null) {
      Check.range("epsilon", epsilon, 0, false, 1, false);
    }
    Body cell = body.object("cell", CELL_FIELDS);
    if (epsilon == null && cell == null) {
      throw new ParameterException("body",
          "body must set epsilon and/or cell {\"row\", \"col\", \"reward\" or \"tile\"}");
    }
    if (cell != null) {
      int row = cell.index("cell", "row");
      int col = cell.index("cell", "col");
      Tile tile = cell.has("tile") ? tile(cell.string("tile", "")) : null;
      Double reward = cell.has("reward") ? cell.number("reward", 0) : null;
      if (tile == null && reward == null) {
        throw new ParameterException("cell", "cell must set \"reward\" (a number) or \"tile\" "
            + "(wall, floor, start, goal, lava or cliff)");
      }
      session.edit(row, col, tile, reward);
    }
    if (epsilon != null) {
      session.epsilon(epsilon);
    }
    ctx.json(describe(session));
  }

  private void deleteSession(Context ctx) {
    String id = ctx.pathParam("id");
    if (!sessions.remove(id)) {
      throw notFound(id);
    }
    ctx.status(HttpStatus.NO_CONTENT);
  }

  private GridSession session(Context ctx) {
    String id = ctx.pathParam("id");
    return sessions.get(id).orElseThrow(() -> notFound(id));
  }

  private static WebServer.NotFound notFound(String id) {
    return new WebServer.NotFound("no GridWorld session with id '"
        + (id.length() > 40 ? id.substring(0, 40) + "…" : id)
        + "' (sessions are dropped after 20 idle minutes)");
  }

  private static Map<String, Object> describe(GridSession session) {
    GridSession.Settings s = session.settings();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("algorithm", s.algorithm().id());
    config.put("alpha", s.alpha());
    config.put("gamma", s.gamma());
    config.put("epsilon", session.epsilon());
    config.put("lambda", s.options().lambda());
    config.put("planningSteps", s.options().planningSteps());
    config.put("seed", s.seed());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", session.id());
    m.put("config", config);
    m.put("map", session.map());
    m.put("goalReachable", session.goalReachable());
    m.put("snapshot", session.snapshot());
    return m;
  }

  // --- whole runs -----------------------------------------------------------------------------

  /**
   * The lesson's whole-run endpoint, kept for one release: the same run as {@code POST /api/runs}
   * (the one pipeline, {@link RunReports}) with this endpoint's defaults and its own
   * {@code config} object.
   */
  private void train(Context ctx) {
    Body body = Body.parse(mapper, ctx.body(), TRAIN_FIELDS);
    GridMap map = map(body);
    Algorithm algorithm = algorithm(body);
    long episodes = body.integer("episodes", DEFAULT_EPISODES);
    Check.range("episodes", episodes, 1, GridTraining.MAX_WEB_EPISODES);
    double alpha = body.number("alpha", DEFAULT_ALPHA);
    double gamma = body.number("gamma", DEFAULT_GAMMA);
    EpsilonSchedule epsilon = EpsilonSchedule.constant(body.number("epsilon", DEFAULT_EPSILON));
    AgentOptions options = options(body);
    long seed = seed(body);
    boolean preset = GridMap.presets().contains(map.id()) && GridMap.preset(map.id()).equals(map);
    RunConfig config = new RunConfig(preset ? "gridworld:" + map.id() : Envs.CUSTOM_GRID,
        algorithm, episodes, alpha, gamma, epsilon, seed, options,
        preset ? Map.of() : Map.of(Envs.MAP, map.toText()));
    FamilyView.Collector collector = FamilyViews.of(config.env()).collect(config);
    TrainingResult result = heavy(() ->
        Rl.train(config, collector, () -> false, TRAIN_LIMIT));
    if (result.stopReason() == StopReason.TIME_LIMIT) {
      throw new GridTraining.TimeLimit(TRAIN_LIMIT, result.episodes());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("map", map.id());
    fields.put("algorithm", algorithm.id());
    fields.put("episodes", episodes);
    fields.put("alpha", alpha);
    fields.put("gamma", gamma);
    fields.put("epsilon", epsilon.start());
    fields.put("lambda", options.lambda());
    fields.put("planningSteps", options.planningSteps());
    fields.put("seed", seed);
    m.put("config", fields);
    Map<String, Object> report = RunReports.full(result, collector, true);
    report.remove("config");
    // Same request, same answer: this endpoint leaves out the wall-clock fields.
    report.remove("elapsedSeconds");
    report.remove("episodesPerSecond");
    m.putAll(report);
    ctx.json(m);
  }

  // --- shared fields --------------------------------------------------------------------------

  private static GridMap map(Body body) {
    return GridMaps.read(body.string("map", DEFAULT_MAP));
  }

  private static Algorithm algorithm(Body body) {
    return Algorithm.fromId("algorithm", body.string("algorithm", DEFAULT_ALGORITHM));
  }

  private static AgentOptions options(Body body) {
    AgentOptions d = AgentOptions.defaults();
    double lambda = body.number("lambda", d.lambda());
    Check.range("lambda", lambda, 0, false, 1, false);
    long planningSteps = body.integer("planningSteps", d.planningSteps());
    Check.range("planningSteps", planningSteps, 0, 1_000);
    return new AgentOptions(lambda, (int) planningSteps);
  }

  private static long seed(Body body) {
    return Check.range("seed", body.integer("seed", DEFAULT_SEED), 0, RunConfig.SEED_LIMIT - 1);
  }

  private static Tile tile(String id) {
    try {
      return Tile.of(id);
    } catch (ParameterException e) {
      throw new ParameterException("cell", "cell " + e.getMessage());
    }
  }

  /** Runs CPU-heavy work in one of {@value #HEAVY_SLOTS} slots, waiting up to 2 s for one. */
  private <T> T heavy(java.util.function.Supplier<T> work) {
    boolean acquired;
    try {
      acquired = heavy.tryAcquire(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      acquired = false;
    }
    if (!acquired) {
      throw new Busy();
    }
    try {
      return work.get();
    } finally {
      heavy.release();
    }
  }

  private static void busy(Context ctx, String message, int retryAfterSeconds) {
    ctx.header("Retry-After", Integer.toString(retryAfterSeconds));
    ctx.status(HttpStatus.TOO_MANY_REQUESTS).json(error(message, null));
  }

  private static Map<String, Object> error(String message, @Nullable String field) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    m.put("field", field);
    return m;
  }

  /** Every computing slot is busy: 429. */
  static final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Busy() {
      super("The server is busy computing other learners' GridWorld requests; try again in a few "
          + "seconds.");
    }
  }

  /**
   * A request's JSON object, read field by field as {@link JsonBody} does (unknown fields are
   * rejected), plus the nested values this API takes: arrays of numbers, a policy of rows and a
   * cell object.
   */
  static final class Body {

    private final ObjectNode body;
    private final String prefix;

    private Body(ObjectNode body, String prefix) {
      this.body = body;
      this.prefix = prefix;
    }

    static Body parse(ObjectMapper mapper, String text, Set<String> allowed) {
      return checked(JsonBody.object(mapper, text), allowed, "");
    }

    private static Body checked(ObjectNode object, Set<String> allowed, String prefix) {
      for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!allowed.contains(name)) {
          String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
          throw new ParameterException(prefix.isEmpty() ? shown : prefix.substring(0,
              prefix.length() - 1), "unknown field '" + prefix + shown + "'; allowed: "
              + String.join(", ", allowed.stream().sorted().map(f -> prefix + f).toList()));
        }
      }
      return new Body(object, prefix);
    }

    boolean has(String field) {
      JsonNode n = body.get(field);
      return n != null && !n.isNull();
    }

    private String name(String field) {
      return prefix + field;
    }

    String string(String field, String fallback) {
      JsonNode n = body.get(field);
      if (n == null || n.isNull()) {
        return fallback;
      }
      if (!n.isTextual()) {
        throw new ParameterException(name(field), name(field) + " must be a string");
      }
      return n.asText();
    }

    double number(String field, double fallback) {
      JsonNode n = body.get(field);
      if (n == null || n.isNull()) {
        return fallback;
      }
      if (!n.isNumber()) {
        throw new ParameterException(name(field), name(field) + " must be a number");
      }
      return n.asDouble();
    }

    long integer(String field, long fallback) {
      JsonNode n = body.get(field);
      if (n == null || n.isNull()) {
        return fallback;
      }
      if (!n.isNumber() || n.asDouble() != Math.rint(n.asDouble())) {
        throw new ParameterException(name(field), name(field) + " must be a whole number");
      }
      if (Math.abs(n.asDouble()) > 9.0e15 || (n.isIntegralNumber() && !n.canConvertToLong())) {
        throw new ParameterException(name(field), name(field) + " is too large");
      }
      return n.isIntegralNumber() ? n.asLong() : (long) n.asDouble();
    }

    /** A required whole number that names a row or column, reported under {@code field}. */
    int index(String field, String part) {
      if (!has(part)) {
        throw new ParameterException(field, field + " needs \"row\" and \"col\" (counted from 0 "
            + "at the top left)");
      }
      long x = integer(part, 0);
      return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, x));
    }

    /** An array of exactly {@code size} numbers, or null when absent. */
    double @Nullable [] numbers(String field, int size) {
      JsonNode n = body.get(field);
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.isArray() || n.size() != size) {
        throw new ParameterException(name(field), name(field) + " must be an array of " + size
            + " numbers, one per cell (state = row × cols + col)"
            + (n.isArray() ? ", had " + n.size() : ""));
      }
      double[] out = new double[size];
      for (int i = 0; i < size; i++) {
        if (!n.get(i).isNumber()) {
          throw new ParameterException(name(field), name(field) + "[" + i + "] must be a number");
        }
        out[i] = n.get(i).asDouble();
      }
      return out;
    }

    /** {@code [[p0, …], …]}: {@code rows} arrays of {@code width} numbers, flattened; null when absent. */
    double @Nullable [] policy(String field, int rows, int width) {
      JsonNode n = body.get(field);
      if (n == null || n.isNull()) {
        return null;
      }
      String shape = name(field) + " must be an array of " + rows + " rows, one per cell, each "
          + width + " probabilities [up, right, down, left]";
      if (!n.isArray() || n.size() != rows) {
        throw new ParameterException(name(field), shape + (n.isArray() ? ", had " + n.size()
            + " rows" : ""));
      }
      double[] out = new double[rows * width];
      for (int s = 0; s < rows; s++) {
        JsonNode row = n.get(s);
        if (!row.isArray() || row.size() != width) {
          throw new ParameterException(name(field), shape + "; row " + s + " is not");
        }
        for (int a = 0; a < width; a++) {
          if (!row.get(a).isNumber()) {
            throw new ParameterException(name(field), shape + "; row " + s + " is not");
          }
          out[s * width + a] = row.get(a).asDouble();
        }
      }
      return out;
    }

    /** A nested object with its own allowed fields, or null when absent. */
    @Nullable Body object(String field, Set<String> allowed) {
      JsonNode n = body.get(field);
      if (n == null || n.isNull()) {
        return null;
      }
      if (!(n instanceof ObjectNode object)) {
        throw new ParameterException(name(field), name(field) + " must be an object");
      }
      return checked(object, allowed, name(field) + ".");
    }
  }
}
