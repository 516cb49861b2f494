package org.saferlhub.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.grid.GridApi;
import org.saferlhub.app.grid.GridFields;
import org.saferlhub.app.grid.GridSessions;
import org.saferlhub.app.grid.GridTraining;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.grid.GridMap;
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
  /** How long {@code /dp} and {@code /train} wait for a computing slot before answering 429. */
  static final long SLOT_PATIENCE_MILLIS = 2_000;

  static final long DEFAULT_EPISODES = 500;

  private static final Set<String> TRAIN_FIELDS = Set.of("map", "algorithm", "episodes", "alpha",
      "gamma", "epsilon", "lambda", "planningSteps", "seed");

  private final ObjectMapper mapper;
  private final GridApi api;
  private final ClientLimits limits;

  private GridRoutes(ObjectMapper mapper, ClientLimits limits, GridSessions sessions) {
    this.mapper = mapper;
    this.limits = limits;
    this.api = new GridApi(sessions);
  }

  /**
   * Adds the GridWorld endpoints, keeping sessions in {@code sessions} (each owned by the
   * address that made it) and computing in the clients' slots of {@code limits}.
   */
  static void register(RoutesConfig routes, ObjectMapper mapper, ClientLimits limits,
      GridSessions sessions) {
    GridRoutes r = new GridRoutes(mapper, limits, sessions);
    routes.get("/api/gridworld/presets", ctx -> ctx.json(r.api.presets()));
    routes.post("/api/gridworld/dp", r::dp);
    routes.post("/api/gridworld/sessions", r::createSession);
    routes.get("/api/gridworld/sessions/{id}", r::getSession);
    routes.post("/api/gridworld/sessions/{id}/step", r::step);
    routes.patch("/api/gridworld/sessions/{id}", r::patch);
    routes.delete("/api/gridworld/sessions/{id}", r::deleteSession);
    routes.post("/api/gridworld/train", r::train);
    routes.exception(GridSessions.Full.class, (e, ctx) -> busy(ctx, e.getMessage(), 60));
    routes.exception(ClientLimits.Busy.class, (e, ctx) -> busy(ctx, e.getMessage(), 5));
    routes.exception(GridTraining.TimeLimit.class, (e, ctx) ->
        ctx.status(HttpStatus.BAD_REQUEST).json(error(e.getMessage(), "episodes")));
  }

  // --- dynamic programming and sessions: GridApi, shared with the in-page engine ------------

  private void dp(Context ctx) {
    Object body = json(ctx);
    ctx.json(heavy(ctx, () -> api.dp(body)));
  }

  private void createSession(Context ctx) {
    ctx.status(HttpStatus.CREATED).json(api.createSession(json(ctx), ctx.ip()));
  }

  private void getSession(Context ctx) {
    ctx.json(known(() -> api.session(ctx.pathParam("id"))));
  }

  private void step(Context ctx) {
    Object body = json(ctx);
    ctx.json(known(() -> api.step(ctx.pathParam("id"), body, STEP_BUDGET.toNanos())));
  }

  private void patch(Context ctx) {
    Object body = json(ctx);
    ctx.json(known(() -> api.patch(ctx.pathParam("id"), body)));
  }

  private void deleteSession(Context ctx) {
    known(() -> {
      api.delete(ctx.pathParam("id"));
      return null;
    });
    ctx.status(HttpStatus.NO_CONTENT);
  }

  /** A call on a session: an unknown id answers the server's 404. */
  private static <T> T known(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (GridApi.NoSession gone) {
      throw new WebServer.NotFound(gone.getMessage());
    }
  }

  // --- whole runs -----------------------------------------------------------------------------

  /**
   * The lesson's whole-run endpoint, kept for one release: the same run as {@code POST /api/runs}
   * (the one pipeline, {@link RunReports}) with this endpoint's defaults and its own
   * {@code config} object.
   */
  private void train(Context ctx) {
    GridFields body = GridFields.of(json(ctx), TRAIN_FIELDS);
    GridMap map = GridApi.map(body);
    Algorithm algorithm = GridApi.algorithm(body);
    long episodes = body.integer("episodes", DEFAULT_EPISODES);
    Check.range("episodes", episodes, 1, GridTraining.MAX_WEB_EPISODES);
    double alpha = body.number("alpha", GridApi.DEFAULT_ALPHA);
    double gamma = body.number("gamma", GridApi.DEFAULT_GAMMA);
    EpsilonSchedule epsilon = EpsilonSchedule.constant(body.number("epsilon",
        GridApi.DEFAULT_EPSILON));
    AgentOptions options = GridApi.options(body);
    long seed = GridApi.seed(body);
    boolean preset = GridMap.presets().contains(map.id()) && GridMap.preset(map.id()).equals(map);
    RunConfig config = new RunConfig(preset ? "gridworld:" + map.id() : Envs.CUSTOM_GRID,
        algorithm, episodes, alpha, gamma, epsilon, seed, options,
        preset ? Map.of() : Map.of(Envs.MAP, map.toText()));
    FamilyView.Collector collector = FamilyViews.of(config.env()).collect(config);
    TrainingResult result = heavy(ctx, () ->
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

  /** The request's body as plain values (maps, lists, numbers…); 400 on {@code body} if unreadable. */
  private Object json(Context ctx) {
    return WebServer.plainJson(mapper, ctx.body());
  }

  /** Runs CPU-heavy work in one of the client's computing slots, waiting up to 2 s for one. */
  private <T> T heavy(Context ctx, java.util.function.Supplier<T> work) {
    try (ClientLimits.Slot slot = limits.compute(ctx.ip(), SLOT_PATIENCE_MILLIS)) {
      return work.get();
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

}
