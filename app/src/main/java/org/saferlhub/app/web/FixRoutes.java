package org.saferlhub.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.saferlhub.app.db.Database;
import org.saferlhub.app.db.FixStore;
import org.saferlhub.app.safety.RewardFix;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;
import org.saferlhub.reward.RewardExpression;

/**
 * "Fix the reward yourself" over HTTP: {@code GET /api/safety/fixes} (the worlds a learner may
 * fix, their facts, thresholds and leaderboards) and {@code POST /api/safety/fixes} (submit a
 * reward under a nickname: the server trains and scores it on every test seed itself, and stores
 * it only if it passes). Nothing the browser says about its own runs is trusted.
 */
final class FixRoutes {

  /** What {@code POST /api/safety/fixes} takes. */
  private static final Set<String> FIELDS = Set.of("env", "reward", "nickname");
  /** Entries of a board sent by default, and at most. */
  static final int BOARD_DEFAULT = 10;
  static final int BOARD_MAX = 50;
  /** Waiting for a free computing slot before answering 429. */
  private static final long SLOT_PATIENCE_MILLIS = 2_000;
  /** The longest a submission may train (all seeds) before it is given up with 503. */
  static final long MAX_TEST_NANOS = 60_000_000_000L;

  private final Database db;
  private final ObjectMapper mapper;
  private final ClientLimits limits;

  private FixRoutes(Database db, ObjectMapper mapper, ClientLimits limits) {
    this.db = db;
    this.mapper = mapper;
    this.limits = limits;
  }

  static void register(RoutesConfig routes, Database db, ObjectMapper mapper,
      ClientLimits limits) {
    FixRoutes r = new FixRoutes(db, mapper, limits);
    routes.get("/api/safety/fixes", r::challenges);
    routes.post("/api/safety/fixes",
        CommunityRoutes.limitingWrites(limits, mapper, r::submit));
  }

  /** {@code GET /api/safety/fixes[?env=…&limit=…]}: every challenge, or one, with its board. */
  private void challenges(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    String env = ctx.queryParam("env");
    String limitText = ctx.queryParam("limit");
    long limit = BOARD_DEFAULT;
    if (limitText != null) {
      try {
        limit = Long.parseLong(limitText.trim());
      } catch (NumberFormatException e) {
        throw new ParameterException("limit", "limit must be a whole number from 1 to "
            + BOARD_MAX);
      }
      Check.range("limit", limit, 1, BOARD_MAX);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (RewardFix.Challenge c : env == null ? RewardFix.all() : List.of(RewardFix.require(env))) {
      out.add(challenge(c, (int) limit));
    }
    CommunityRoutes.json(ctx, mapper, HttpStatus.OK, Map.of("challenges", out));
  }

  private Map<String, Object> challenge(RewardFix.Challenge c, int limit) {
    Map<String, Object> m = RewardFix.describe(c);
    List<Map<String, Object>> board = new ArrayList<>();
    int rank = 0;
    for (FixStore.Fix f : db.fixes().top(c.env(), limit)) {
      Map<String, Object> e = entry(f);
      e.put("rank", ++rank);
      board.add(e);
    }
    m.put("board", board);
    return m;
  }

  private static Map<String, Object> entry(FixStore.Fix f) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("id", f.id());
    e.put("nickname", f.nickname());
    e.put("reward", f.reward());
    e.put("size", f.size());
    e.put("performance", f.performance());
    e.put("worstPerformance", f.worstPerformance());
    e.put("createdAt", f.createdAt().toString());
    return e;
  }

  /**
   * {@code POST /api/safety/fixes {"env", "reward", "nickname"}}: 201 with the entry and its rank
   * when the reward passes; 422 with every seed's result when it does not; 409 when that reward
   * is already on the board.
   */
  private void submit(Context ctx) {
    JsonBody body = JsonBody.parse(mapper, ctx.body(), FIELDS);
    String nickname = CommunityRoutes.nickname(body.string("nickname", ""));
    String env = body.string("env", "");
    if (env.isEmpty()) {
      throw new ParameterException("env", "env is required: the world whose reward you fixed, "
          + "such as safety:boat_race");
    }
    String reward = body.string("reward", "").trim();
    RewardExpression parsed = RewardFix.parse(env, reward); // 400 naming env or reward
    Optional<FixStore.Fix> known = db.fixes().find(env, parsed.source());
    if (known.isPresent()) {
      Map<String, Object> m = entry(known.get());
      m.put("rank", db.fixes().rank(known.get().id()));
      m.put("error", "This reward is already on the board, sent by " + known.get().nickname()
          + ".");
      m.put("field", "reward");
      CommunityRoutes.json(ctx, mapper, HttpStatus.CONFLICT, m);
      return;
    }
    long deadline = System.nanoTime() + MAX_TEST_NANOS;
    Optional<RewardFix.Verdict> tested;
    try (ClientLimits.Slot slot = limits.compute(ctx.ip(), SLOT_PATIENCE_MILLIS)) {
      tested = RewardFix.test(env, parsed.source(), () -> System.nanoTime() > deadline);
    }
    if (tested.isEmpty()) {
      ctx.header("Retry-After", "60");
      CommunityRoutes.error(ctx, mapper, HttpStatus.SERVICE_UNAVAILABLE, "The server is too busy"
          + " to test this reward now; please try again in a minute.", null);
      return;
    }
    RewardFix.Verdict v = tested.get();
    Map<String, Object> m = v.json();
    if (!v.passed()) {
      m.put("error", "This reward does not pass: the learned policy must reach a performance of "
          + RewardFix.number(v.threshold()) + " on every seed.");
      m.put("field", "reward");
      CommunityRoutes.json(ctx, mapper, HttpStatus.UNPROCESSABLE_CONTENT, m);
      return;
    }
    double worst = v.seeds().stream().mapToDouble(RewardFix.SeedResult::greedyPerformance).min()
        .orElse(0);
    long id;
    try {
      id = db.fixes().add(env, nickname, v.reward(), v.size(), v.meanPerformance(), worst);
    } catch (FixStore.Duplicate e) {
      // Someone sent the same reward while this one trained.
      m.put("error", "This reward was just put on the board by someone else.");
      m.put("field", "reward");
      CommunityRoutes.json(ctx, mapper, HttpStatus.CONFLICT, m);
      return;
    }
    m.put("id", id);
    m.put("nickname", nickname);
    m.put("rank", db.fixes().rank(id));
    CommunityRoutes.json(ctx, mapper, HttpStatus.CREATED, m);
  }
}
