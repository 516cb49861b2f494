package org.saferlhub.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.db.Database;
import org.saferlhub.app.game.Game;
import org.saferlhub.app.game.GameRules;
import org.saferlhub.app.game.Games;
import org.saferlhub.app.game.Question;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;

/**
 * "Fix the robots" played on the server (docs/api.md, "The game"), so that the score on the public
 * high-score table is one the server computed: {@code POST /api/games} starts a round,
 * {@code POST /api/games/{id}/next} deals a question without its answer key, {@code POST
 * /api/games/{id}/answers} grades one answer (timed by the server) and reveals the right option,
 * and {@code POST /api/scores} saves a finished round's score once, under a nickname.
 * {@code GET /api/games/rules} tells the rules and the size of the question pool.
 *
 * <p>Every change takes from the client's write share ({@link ClientLimits}; past it: 429 with
 * {@code Retry-After}). Bad input answers 400 naming the field, an unknown or dropped round 404,
 * a move its state does not allow (over, saved already) 409, a full table of rounds 429.
 */
final class GameRoutes {

  /** A round's id: what {@link Games} makes. */
  private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
  /** What {@code POST /api/scores} takes; anything else is refused, a score above all. */
  private static final Set<String> SCORE_FIELDS = Set.of("game", "nickname");
  /** Fields a page might think it should send with a score: refused with a sentence why. */
  private static final Set<String> COMPUTED_FIELDS = Set.of("score", "correct", "total");

  private final Database db;
  private final ObjectMapper mapper;
  private final ClientLimits limits;
  private final Games games;

  private GameRoutes(Database db, ObjectMapper mapper, ClientLimits limits, Games games) {
    this.db = db;
    this.mapper = mapper;
    this.limits = limits;
    this.games = games;
  }

  /**
   * Adds {@code GET /api/games/rules}, {@code POST /api/games}, {@code POST
   * /api/games/{id}/next}, {@code POST /api/games/{id}/answers} and {@code POST /api/scores},
   * keeping rounds in {@code games} and saving scores in {@code db}.
   */
  static void register(RoutesConfig routes, Database db, ObjectMapper mapper, ClientLimits limits,
      Games games) {
    GameRoutes r = new GameRoutes(db, mapper, limits, games);
    routes.get("/api/games/rules", r.read(r::rules));
    routes.post("/api/games", r.write(r::start));
    routes.post("/api/games/{id}/next", r.write(r::next));
    routes.post("/api/games/{id}/answers", r.write(r::answer));
    routes.post("/api/scores", r.write(r::saveScore));
  }

  // --- the rules ------------------------------------------------------------------------------

  private void rules(Context ctx) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lives", GameRules.LIVES);
    m.put("needs", GameRules.NEEDS);
    m.put("basePoints", GameRules.BASE_POINTS);
    m.put("maxSpeedBonus", GameRules.MAX_SPEED_BONUS);
    m.put("speedWindowSeconds", GameRules.SPEED_WINDOW);
    m.put("multipliers", List.of(
        Map.of("fromStreak", 3, "multiplier", GameRules.multiplier(3)),
        Map.of("fromStreak", 5, "multiplier", GameRules.multiplier(5))));
    m.put("robotBonus", GameRules.ROBOT_BONUS);
    m.put("lifeBonus", GameRules.LIFE_BONUS);
    m.put("maxScore", GameRules.maxScore());
    m.put("questions", games.pool().size());
    Map<String, Integer> perLesson = new LinkedHashMap<>();
    for (Question q : games.pool()) {
      perLesson.merge(q.lesson(), 1, Integer::sum);
    }
    List<Map<String, Object>> lessons = new ArrayList<>();
    perLesson.forEach((lesson, n) -> lessons.add(Map.of("lesson", lesson, "questions", n)));
    m.put("lessons", lessons);
    json(ctx, HttpStatus.OK, m);
  }

  // --- a round --------------------------------------------------------------------------------

  private void start(Context ctx) {
    JsonBody body = JsonBody.parse(mapper, ctx.body(), Set.of("seed"));
    long seed = body.integer("seed", -1);
    if (body.has("seed")) {
      Check.range("seed", seed, 0, Games.MAX_SEED);
    }
    Game game = games.start(body.has("seed") ? seed : null, ctx.ip());
    json(ctx, HttpStatus.CREATED, state(game.state()));
  }

  private void next(Context ctx) {
    JsonBody.parse(mapper, ctx.body(), Set.of());
    Game game = game(ctx.pathParam("id"), "id");
    Game.Dealt dealt = game.next(games.now());
    Question q = dealt.question();
    Map<String, Object> question = new LinkedHashMap<>();
    question.put("key", q.key());
    question.put("id", q.id());
    question.put("lesson", q.lesson());
    question.put("lessonTitle", q.lessonTitle());
    question.put("prompt", q.prompt());
    // The options' texts only: which one is right, and why, comes with the answer.
    question.put("options", dealt.options().stream().map(o -> Map.of("text", o.text())).toList());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("number", dealt.number());
    m.put("question", question);
    m.put("game", state(game.state()));
    json(ctx, HttpStatus.OK, m);
  }

  private void answer(Context ctx) {
    JsonBody body = JsonBody.parse(mapper, ctx.body(), Set.of("question", "option"));
    String key = body.string("question", "");
    if (key.isEmpty()) {
      throw new ParameterException("question", "question is required: the key of the question "
          + "answered, as dealt");
    }
    if (!body.present("option")) {
      throw new ParameterException("option", "option is required: the index of the chosen "
          + "option, or null when the time ran out");
    }
    Integer option = null;
    if (body.has("option")) {
      long given = body.integer("option", -1);
      if (given < 0 || given > Integer.MAX_VALUE) {
        throw new ParameterException("option", "option must be an integer from 0 (an index into "
            + "the options in the order dealt), or null when the time ran out, was " + given);
      }
      option = (int) given;
    }
    Game game = game(ctx.pathParam("id"), "id");
    Game.Graded graded = game.answerAt(key, option, games.now());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("question", graded.dealt().question().key());
    m.put("outcome", graded.outcome().id);
    m.put("option", graded.option());
    m.put("correctOption", graded.correctOption());
    m.put("options", graded.dealt().options().stream().map(o -> {
      Map<String, Object> revealed = new LinkedHashMap<>();
      revealed.put("text", o.text());
      revealed.put("correct", o.correct());
      revealed.put("explanation", o.explanation());
      return revealed;
    }).toList());
    m.put("seconds", Math.round(graded.seconds() * 1000) / 1000.0);
    m.put("speedBonus", graded.speedBonus());
    m.put("multiplier", graded.multiplier());
    m.put("points", graded.points());
    m.put("robotFixed", graded.robotFixed());
    m.put("robotBonus", graded.robotBonus());
    m.put("lifeBonus", graded.lifeBonus());
    m.put("game", state(game.state()));
    json(ctx, HttpStatus.OK, m);
  }

  // --- the high-score table -------------------------------------------------------------------

  private void saveScore(Context ctx) {
    JsonBody.object(mapper, ctx.body()).fieldNames().forEachRemaining(field -> {
      if (COMPUTED_FIELDS.contains(field)) {
        throw new ParameterException(field, field + " is not taken: the server computes the "
            + "score from the game's answers; send only game and nickname");
      }
    });
    JsonBody body = JsonBody.parse(mapper, ctx.body(), SCORE_FIELDS);
    String nickname = CommunityRoutes.nickname(body.string("nickname", ""));
    String id = body.string("game", "");
    if (id.isEmpty()) {
      throw new ParameterException("game", "game is required: the id of the finished game "
          + "(POST /api/games answered it)");
    }
    Game game = game(id, "game");
    game.claimSave();
    Game.State state = game.state();
    long scoreId;
    try {
      scoreId = db.scores().add(nickname, state.score(), state.correct(), state.answered());
    } catch (RuntimeException e) {
      game.releaseSave(); // nothing was stored: saving may be tried again
      throw e;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", scoreId);
    m.put("rank", db.scores().rank(scoreId));
    m.put("nickname", nickname);
    m.put("score", state.score());
    m.put("correct", state.correct());
    m.put("total", state.answered());
    json(ctx, HttpStatus.CREATED, m);
  }

  // --- helpers --------------------------------------------------------------------------------

  /** The live round with this id: 400 if it cannot be one, 404 if there is none. */
  private Game game(String id, String field) {
    if (!ID.matcher(id).matches()) {
      throw new ParameterException(field, field + " must be a game's id, 16 characters of 0-9 "
          + "and a-f as POST /api/games answered it, was '" + CommunityRoutes.abbreviate(id) + "'");
    }
    return games.get(id).orElseThrow(() -> new UnknownGame(field, "no game with " + field + " '"
        + id + "': it never existed or was dropped after " + games.idleLimit().toMinutes()
        + " minutes without a move"));
  }

  private static Map<String, Object> state(Game.State s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("seed", s.seed());
    m.put("lives", s.lives());
    m.put("score", s.score());
    m.put("streak", s.streak());
    m.put("bestStreak", s.bestStreak());
    m.put("answered", s.answered());
    m.put("correct", s.correct());
    m.put("robot", s.robot());
    m.put("robots", s.robots().stream().map(r -> {
      Map<String, Object> robot = new LinkedHashMap<>();
      robot.put("need", r.need());
      robot.put("progress", r.progress());
      robot.put("fixed", r.fixed());
      return robot;
    }).toList());
    m.put("over", s.over());
    m.put("won", s.won());
    m.put("saved", s.saved());
    return m;
  }

  /** No round with that id: 404 naming the field. */
  private static final class UnknownGame extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String field;

    UnknownGame(String field, String message) {
      super(message);
      this.field = field;
    }
  }

  // --- plumbing: errors and the write limit ---------------------------------------------------

  private Handler read(Handler handler) {
    return ctx -> {
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("Cache-Control", "no-store");
      try {
        handler.handle(ctx);
      } catch (ParameterException e) {
        error(ctx, HttpStatus.BAD_REQUEST, e.getMessage(), e.field());
      } catch (UnknownGame e) {
        error(ctx, HttpStatus.NOT_FOUND, e.getMessage(), e.field);
      } catch (Game.Conflict e) {
        error(ctx, HttpStatus.CONFLICT, e.getMessage(), e.field());
      } catch (Games.Full e) {
        ctx.header("Retry-After", "60");
        error(ctx, HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), null);
      }
    };
  }

  private Handler write(Handler handler) {
    return CommunityRoutes.limitingWrites(limits, mapper, read(handler));
  }

  private void json(Context ctx, HttpStatus status, Object value) {
    CommunityRoutes.json(ctx, mapper, status, value);
  }

  private void error(Context ctx, HttpStatus status, String message, @Nullable String field) {
    // The server's 404 page for unknown addresses must not replace this answer.
    ctx.attribute(WebServer.ANSWERED, true);
    CommunityRoutes.error(ctx, mapper, status, message, field);
  }
}
