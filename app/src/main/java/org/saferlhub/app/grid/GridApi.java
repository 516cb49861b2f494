package org.saferlhub.app.grid;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.Tile;
import org.saferlhub.train.AgentOptions;
import org.saferlhub.train.Algorithm;
import org.saferlhub.train.RunConfig;

/**
 * What lesson 2's GridWorld API answers (docs/api.md, "GridWorld API"), whoever carries it: the
 * server's routes ({@code GridRoutes}) and the engine in the learner's browser call the same
 * methods with the same parsed bodies and write the same answers. Presets, stateless dynamic
 * programming, and live sessions of a model-free agent stepped a few interactions at a time.
 */
public final class GridApi {

  // Defaults of absent fields.
  public static final String DEFAULT_MAP = "open";
  public static final String DEFAULT_ALGORITHM = "q-learning";
  public static final double DEFAULT_ALPHA = 0.5;
  public static final double DEFAULT_GAMMA = 1.0;
  public static final double DEFAULT_EPSILON = 0.1;
  public static final long DEFAULT_SEED = 7;

  /** Largest |V(s)| a {@code dp} request may send (keeps every sum finite). */
  public static final double MAX_ABS_VALUE = 1e12;

  public static final Set<String> DP_FIELDS = Set.of("map", "gamma", "op", "values", "policy");
  public static final Set<String> SESSION_FIELDS = Set.of("map", "algorithm", "alpha", "gamma",
      "epsilon", "lambda", "planningSteps", "seed");
  public static final Set<String> STEP_FIELDS = Set.of("steps");
  public static final Set<String> PATCH_FIELDS = Set.of("epsilon", "cell");
  public static final Set<String> CELL_FIELDS = Set.of("row", "col", "reward", "tile");

  /** No live session has the id asked for. */
  public static final class NoSession extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoSession(String id) {
      super("no GridWorld session with id '" + (id.length() > 40 ? id.substring(0, 40) + "…" : id)
          + "' (sessions are dropped after 20 idle minutes)");
    }
  }

  private final GridSessions sessions;

  /** An API keeping its live sessions in {@code sessions}. */
  public GridApi(GridSessions sessions) {
    this.sessions = sessions;
  }

  /** The preset maps. */
  public List<Map<String, Object>> presets() {
    return GridViews.presets();
  }

  /** One step of dynamic programming on a map, or its exact solution ({@link GridDp}). */
  public Map<String, Object> dp(@Nullable Object json) {
    GridFields body = GridFields.of(json, DP_FIELDS);
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
    return GridDp.apply(map, gamma, op, values, policy);
  }

  /**
   * Starts a session.
   *
   * @throws GridSessions.Full when every session slot is taken
   */
  public Map<String, Object> createSession(@Nullable Object json) {
    return createSession(json, "");
  }

  /**
   * Starts a session owned by {@code owner} (the server's client address).
   *
   * @throws GridSessions.Full when every session slot, or the owner's share, is taken
   */
  public Map<String, Object> createSession(@Nullable Object json, String owner) {
    GridFields body = GridFields.of(json, SESSION_FIELDS);
    GridMap map = map(body);
    GridSession.Settings settings = new GridSession.Settings(algorithm(body),
        body.number("alpha", DEFAULT_ALPHA), body.number("gamma", DEFAULT_GAMMA),
        body.number("epsilon", DEFAULT_EPSILON), options(body), seed(body));
    return describe(sessions.create(map, settings, owner));
  }

  /** A session as it is now. */
  public Map<String, Object> session(String id) {
    return describe(find(id));
  }

  /** Advances a session by {@code steps} interactions, or fewer if {@code budgetNanos} runs out. */
  public Map<String, Object> step(String id, @Nullable Object json, long budgetNanos) {
    GridSession session = find(id);
    GridFields body = GridFields.of(json, STEP_FIELDS);
    long steps = body.integer("steps", 1);
    Check.range("steps", steps, 1, GridSession.MAX_STEPS);
    return session.step(steps, budgetNanos);
  }

  /** Changes a session's ε and/or one cell of its map. */
  public Map<String, Object> patch(String id, @Nullable Object json) {
    GridSession session = find(id);
    GridFields body = GridFields.of(json, PATCH_FIELDS);
    Double epsilon = body.has("epsilon") ? body.number("epsilon", 0) : null;
    if (epsilon != null) {
      Check.range("epsilon", epsilon, 0, false, 1, false);
    }
    GridFields cell = body.object("cell", CELL_FIELDS);
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
    return describe(session);
  }

  /** Forgets a session. */
  public void delete(String id) {
    if (!sessions.remove(id)) {
      throw new NoSession(id);
    }
  }

  private GridSession find(String id) {
    return sessions.get(id).orElseThrow(() -> new NoSession(id));
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

  // --- shared fields --------------------------------------------------------------------------

  /** The map of a request: a preset id or a map's text. */
  public static GridMap map(GridFields body) {
    return GridMaps.read(body.string("map", DEFAULT_MAP));
  }

  /** The algorithm of a request. */
  public static Algorithm algorithm(GridFields body) {
    return Algorithm.fromId("algorithm", body.string("algorithm", DEFAULT_ALGORITHM));
  }

  /** λ and the planning steps of a request. */
  public static AgentOptions options(GridFields body) {
    AgentOptions d = AgentOptions.defaults();
    double lambda = body.number("lambda", d.lambda());
    Check.range("lambda", lambda, 0, false, 1, false);
    long planningSteps = body.integer("planningSteps", d.planningSteps());
    Check.range("planningSteps", planningSteps, 0, 1_000);
    return new AgentOptions(lambda, (int) planningSteps);
  }

  /** The seed of a request. */
  public static long seed(GridFields body) {
    return Check.range("seed", body.integer("seed", DEFAULT_SEED), 0, RunConfig.SEED_LIMIT - 1);
  }

  private static Tile tile(String id) {
    try {
      return Tile.of(id);
    } catch (ParameterException e) {
      throw new ParameterException("cell", "cell " + e.getMessage());
    }
  }
}
