package org.saferlhub.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.db.Database;
import org.saferlhub.app.db.FeedbackCsv;
import org.saferlhub.app.db.FeedbackStore.Feedback;
import org.saferlhub.app.db.ProgressStore.ModuleProgress;
import org.saferlhub.app.db.ScoreStore.Score;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;

/**
 * The community API of docs/api.md ("Site and community API"): learners' progress, the game's
 * high-score table (its scores are saved by {@link GameRoutes}, which computes them), the feedback
 * survey and its admin export. Every user text is length-capped and
 * stored as given; JSON and CSV output escape it. Writes take from the writing client's share
 * ({@link ClientLimits}; past it: 429 with {@code Retry-After}); admin reads need
 * {@code Authorization: Bearer <token>}.
 */
final class CommunityRoutes {

  /** Longest nickname, in characters (Unicode code points) after trimming. */
  static final int MAX_NICKNAME = 24;
  /** Longest feedback text, in characters (Unicode code points). */
  static final int MAX_FEEDBACK_TEXT = 2_000;
  /** Most questions in one quiz. */
  static final int MAX_QUESTIONS = 1_000;
  /** Default and largest {@code limit} of {@code GET /api/scores}. */
  static final int DEFAULT_LIMIT = 10;
  static final int MAX_LIMIT = 100;
  /** Writes per second across the server, and the burst allowed on top. */

  static final List<String> BACKGROUNDS =
      List.of("technical", "non-technical", "prefer-not-to-say");
  static final List<String> FEEDBACK_TEXTS =
      List.of("clear", "unclear", "topics", "features", "comments");

  private static final Pattern MODULE = Pattern.compile("[a-z0-9-]{1,40}");
  private static final long ABSENT = Long.MIN_VALUE;

  private final Database db;
  private final byte[] adminTokenHash;
  private final ObjectMapper mapper;
  private final ClientLimits limits;
  /** Wrong admin tokens by client address: a few guesses, then one every 2 s (a bounded map). */
  private final Map<String, WriteLimiter> adminGuesses = new java.util.HashMap<>();

  /** Wrong admin tokens one address may send at once, and then per second. */
  static final int ADMIN_GUESS_BURST = 10;
  static final double ADMIN_GUESSES_PER_SECOND = 0.5;

  private CommunityRoutes(Database db, String adminToken, ObjectMapper mapper,
      ClientLimits limits) {
    if (adminToken.isBlank()) {
      throw new IllegalArgumentException("the admin token must not be blank");
    }
    this.db = db;
    this.adminTokenHash = sha256(adminToken);
    this.mapper = mapper;
    this.limits = limits;
  }

  /**
   * Adds {@code /api/progress}, {@code GET /api/scores}, {@code /api/feedback} and
   * {@code /api/admin/feedback[.csv]}; writes take from the writing client's share of
   * {@code limits}.
   */
  static void register(RoutesConfig routes, Database db, String adminToken, ObjectMapper mapper,
      ClientLimits limits) {
    CommunityRoutes r = new CommunityRoutes(db, adminToken, mapper, limits);
    routes.post("/api/progress", r.write(r::postProgress));
    routes.get("/api/progress", r.read(r::getProgress));
    routes.get("/api/scores", r.read(r::getScores));
    routes.post("/api/feedback", r.write(r::postFeedback));
    routes.get("/api/admin/feedback", r.admin(r::adminFeedback));
    routes.get("/api/admin/feedback.csv", r.admin(r::adminFeedbackCsv));
  }

  // --- progress -------------------------------------------------------------------------------

  private void postProgress(Context ctx) {
    String learner = LearnerId.required(ctx);
    JsonBody body = JsonBody.parse(mapper, ctx.body(), Set.of("module", "event", "score",
        "total"));
    String module = module(body.string("module", ""));
    String event = body.string("event", "");
    long score = body.integer("score", ABSENT);
    long total = body.integer("total", ABSENT);
    switch (event) {
      case "visited" -> {
        if (score != ABSENT || total != ABSENT) {
          String field = score != ABSENT ? "score" : "total";
          throw new ParameterException(field, field + " is only allowed with event 'quiz'");
        }
        db.progress().visited(learner, module);
      }
      case "quiz" -> {
        int t = (int) Check.range("total", required("total", total), 1, MAX_QUESTIONS);
        int s = (int) Check.range("score", required("score", score), 0, t);
        db.progress().quizAttempt(learner, module, s, t);
      }
      default -> throw new ParameterException("event", "event must be one of visited, quiz, was "
          + (event.isEmpty() ? "missing" : "'" + abbreviate(event) + "'"));
    }
    ctx.status(HttpStatus.NO_CONTENT);
  }

  private void getProgress(Context ctx) {
    String learner = LearnerId.required(ctx);
    Map<String, Object> modules = new LinkedHashMap<>();
    for (Map.Entry<String, ModuleProgress> e : db.progress().progress(learner).entrySet()) {
      ModuleProgress p = e.getValue();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("visited", p.visited());
      m.put("quizBest", p.quizBest());
      m.put("quizTotal", p.quizTotal());
      m.put("quizPassed", p.quizPassed());
      modules.put(e.getKey(), m);
    }
    json(ctx, HttpStatus.OK, Map.of("modules", modules));
  }

  // --- scores ---------------------------------------------------------------------------------

  private void getScores(Context ctx) {
    int limit = DEFAULT_LIMIT;
    String text = ctx.queryParam("limit");
    if (text != null) {
      long value;
      try {
        value = Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw new ParameterException("limit", "limit must be an integer from 1 to " + MAX_LIMIT
            + ", was '" + abbreviate(text) + "'");
      }
      limit = (int) Check.range("limit", value, 1, MAX_LIMIT);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Score s : db.scores().top(limit)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("nickname", s.nickname());
      m.put("score", s.score());
      m.put("correct", s.correct());
      m.put("total", s.total());
      m.put("createdAt", s.createdAt().toString());
      out.add(m);
    }
    json(ctx, HttpStatus.OK, out);
  }

  // --- feedback -------------------------------------------------------------------------------

  private void postFeedback(Context ctx) {
    Set<String> fields = new java.util.HashSet<>(FEEDBACK_TEXTS);
    fields.add("background");
    JsonBody body = JsonBody.parse(mapper, ctx.body(), fields);
    String background = body.string("background", "prefer-not-to-say");
    if (!BACKGROUNDS.contains(background)) {
      throw new ParameterException("background", "background must be one of "
          + String.join(", ", BACKGROUNDS) + ", was '" + abbreviate(background) + "'");
    }
    List<String> texts = new ArrayList<>();
    for (String field : FEEDBACK_TEXTS) {
      texts.add(text(field, body.string(field, ""), MAX_FEEDBACK_TEXT));
    }
    long id = db.feedback().add(new Feedback(0, java.time.Instant.EPOCH, background,
        texts.get(0), texts.get(1), texts.get(2), texts.get(3), texts.get(4)));
    json(ctx, HttpStatus.CREATED, Map.of("id", id));
  }

  private void adminFeedback(Context ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Feedback f : db.feedback().all()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", f.id());
      m.put("createdAt", f.createdAt().toString());
      m.put("background", f.background());
      m.put("clear", f.clear());
      m.put("unclear", f.unclear());
      m.put("topics", f.topics());
      m.put("features", f.features());
      m.put("comments", f.comments());
      out.add(m);
    }
    json(ctx, HttpStatus.OK, out);
  }

  private void adminFeedbackCsv(Context ctx) {
    ctx.header("Content-Disposition", "attachment; filename=\"saferlhub-feedback.csv\"");
    ctx.contentType(FeedbackCsv.CONTENT_TYPE)
        .result(FeedbackCsv.of(db.feedback().all()).getBytes(StandardCharsets.UTF_8));
  }

  // --- validation -----------------------------------------------------------------------------

  private static String module(String module) {
    if (!MODULE.matcher(module).matches()) {
      throw new ParameterException("module", "module must be 1 to 40 characters of a-z, 0-9 "
          + "and '-', was " + (module.isEmpty() ? "missing" : "'" + abbreviate(module) + "'"));
    }
    return module;
  }

  /** The nickname trimmed: 1 to 24 characters, no control characters. */
  static String nickname(String given) {
    String nickname = text("nickname", given, Integer.MAX_VALUE).strip();
    int length = nickname.codePointCount(0, nickname.length());
    if (length < 1 || length > MAX_NICKNAME) {
      throw new ParameterException("nickname", "nickname must be 1 to " + MAX_NICKNAME
          + " characters after trimming, was " + length);
    }
    if (nickname.codePoints().anyMatch(Character::isISOControl)) {
      throw new ParameterException("nickname", "nickname must not contain control characters "
          + "such as line breaks or tabs");
    }
    // Invisible format characters (Unicode category Cf: bidi overrides such as U+202E, zero-width
    // joiners) would make a name show as another text in the table.
    if (nickname.codePoints().anyMatch(c -> Character.getType(c) == Character.FORMAT)) {
      throw new ParameterException("nickname", "nickname must not contain invisible formatting "
          + "characters (such as right-to-left overrides or zero-width spaces)");
    }
    return nickname;
  }

  /**
   * A text stored as given: at most {@code max} characters (code points), and text every
   * database can store (no NUL, no unpaired surrogate).
   */
  private static String text(String field, String text, int max) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        throw new ParameterException(field, field + " must not contain the NUL character");
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new ParameterException(field, field + " must be valid Unicode text (it has an "
            + "unpaired surrogate)");
      }
    }
    int length = text.codePointCount(0, text.length());
    if (length > max) {
      throw new ParameterException(field, field + " must be at most " + String.format(Locale.ROOT,
          "%,d", max) + " characters, was " + String.format(Locale.ROOT, "%,d", length));
    }
    return text;
  }

  private static long required(String field, long value) {
    if (value == ABSENT) {
      throw new ParameterException(field, field + " is required");
    }
    return value;
  }

  /** A user's text cut to 40 characters for an error message. */
  static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  // --- plumbing: errors, write limit, admin token ---------------------------------------------

  private Handler read(Handler handler) {
    return ctx -> {
      ctx.header("X-Content-Type-Options", "nosniff");
      try {
        handler.handle(ctx);
      } catch (ParameterException e) {
        error(ctx, HttpStatus.BAD_REQUEST, e.getMessage(), e.field());
      }
    };
  }

  private Handler write(Handler handler) {
    return limitingWrites(limits, mapper, read(handler));
  }

  /**
   * {@code checked} behind the client's write share: past it, 429 with {@code Retry-After}
   * instead (shared with {@link GameRoutes}).
   */
  static Handler limitingWrites(ClientLimits limits, ObjectMapper mapper, Handler checked) {
    return ctx -> {
      long wait = limits.tryWrite(ctx.ip());
      if (wait > 0) {
        ctx.header("Retry-After", Long.toString(wait));
        error(ctx, mapper, HttpStatus.TOO_MANY_REQUESTS, "too many writes from your address just "
            + "now: try again in " + wait + " s", null);
        return;
      }
      checked.handle(ctx);
    };
  }

  private Handler admin(Handler handler) {
    Handler checked = read(handler);
    return ctx -> {
      ctx.header("Cache-Control", "no-store");
      String header = ctx.header("Authorization");
      if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)
          || header.substring(7).isBlank()) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"SafeRLHub admin\"");
        error(ctx, HttpStatus.UNAUTHORIZED, "Authorization: Bearer <admin token> is required "
            + "(the token is set with --admin-token or printed when the server starts)",
            "Authorization");
        return;
      }
      // An address that has guessed wrong too often waits, and its token is not even compared.
      WriteLimiter guesses = guessesOf(ctx.ip());
      long wait = guesses.waitForOne();
      if (wait > 0) {
        ctx.header("Retry-After", Long.toString(wait));
        error(ctx, HttpStatus.TOO_MANY_REQUESTS, "too many wrong admin tokens from this "
            + "address: try again in " + wait + " s", "Authorization");
        return;
      }
      // compare hashes: constant time, and the token's length does not leak either
      if (!MessageDigest.isEqual(sha256(header.substring(7).strip()), adminTokenHash)) {
        guesses.tryAcquire();
        error(ctx, HttpStatus.FORBIDDEN, "the admin token is wrong", "Authorization");
        return;
      }
      checked.handle(ctx);
    };
  }

  private WriteLimiter guessesOf(String address) {
    synchronized (adminGuesses) {
      if (adminGuesses.size() > 10_000) {
        adminGuesses.clear(); // bounded memory; a flood of addresses gains a few guesses each
      }
      return adminGuesses.computeIfAbsent(address, a -> new WriteLimiter(
          ADMIN_GUESSES_PER_SECOND, ADMIN_GUESS_BURST, limits.nanoTime())); // the writes' clock
    }
  }

  private void json(Context ctx, HttpStatus status, Object value) {
    json(ctx, mapper, status, value);
  }

  private void error(Context ctx, HttpStatus status, String message, @Nullable String field) {
    error(ctx, mapper, status, message, field);
  }

  /** {@code value} as HTML-safe JSON (shared with {@link GameRoutes}). */
  static void json(Context ctx, ObjectMapper mapper, HttpStatus status, Object value) {
    try {
      ctx.status(status).contentType("application/json")
          .result(mapper.writer().with(HtmlSafe.INSTANCE).writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The API's error answer, {@code {"error", "field"}}, with {@code status}. */
  static void error(Context ctx, ObjectMapper mapper, HttpStatus status, String message,
      @Nullable String field) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    m.put("field", field);
    json(ctx, mapper, status, m);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * JSON string escapes for {@code < > & '} ({@code \u003C}…): the value is the same JSON, but
   * user text in it can never be read as markup, even if the response ends up in HTML.
   */
  static final class HtmlSafe extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    static final HtmlSafe INSTANCE = new HtmlSafe();
    private final int[] escapes;

    private HtmlSafe() {
      escapes = CharacterEscapes.standardAsciiEscapesForJSON();
      for (char c : new char[] {'<', '>', '&', '\''}) {
        escapes[c] = CharacterEscapes.ESCAPE_STANDARD;
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public com.fasterxml.jackson.core.@Nullable SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }

  /**
   * A token bucket: {@code perSecond} tokens a second, at most {@code burst} saved up; each
   * write takes one.
   */
  static final class WriteLimiter {
    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    /**
     * @param nanoTime the clock ({@code System::nanoTime}; tests pass their own)
     */
    WriteLimiter(double perSecond, int burst, LongSupplier nanoTime) {
      this.perSecond = perSecond;
      this.burst = burst;
      this.nanoTime = nanoTime;
      this.tokens = burst;
      this.last = nanoTime.getAsLong();
    }

    /** 0 when a token is there now (without taking it), else the whole seconds until one is. */
    synchronized long waitForOne() {
      long now = nanoTime.getAsLong();
      tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
      last = now;
      return tokens >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }

    /** Takes a token: 0 when there was one, else the whole seconds until there will be. */
    synchronized long tryAcquire() {
      return tryAcquire(1);
    }

    /** Takes {@code n} tokens: 0 when there were, else the whole seconds until there will be. */
    synchronized long tryAcquire(int n) {
      long now = nanoTime.getAsLong();
      tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
      last = now;
      if (tokens >= n) {
        tokens -= n;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((n - tokens) / perSecond));
    }
  }
}
