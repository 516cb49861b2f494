package org.saferlhub.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.saferlhub.app.blackjack.BlackjackHands;
import org.saferlhub.app.lesson.Site;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.blackjack.BlackjackRules;
import org.saferlhub.train.Algorithm;
import org.saferlhub.train.RunConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web server: lesson pages, static assets (served from the jar, so the site works offline)
 * and the JSON + Server-Sent-Events API of docs/api.md.
 */
public final class WebServer implements AutoCloseable {

  /**
   * How the server runs.
   *
   * @param host the address to listen on ({@code 0.0.0.0} for a workshop network)
   * @param port the port, 0 for any free one
   * @param maxConcurrentRuns runs that may train at once; more answer 429
   * @param maxEpisodes the most episodes one run may ask for
   * @param maxRunTime the wall-time limit of one run
   * @param maxStoredRuns finished runs kept in memory for inspection
   */
  public record Options(String host, int port, int maxConcurrentRuns, long maxEpisodes,
      Duration maxRunTime, int maxStoredRuns) {

    /** Checks the ranges. */
    public Options {
      Check.range("port", port, 0, 65_535);
      Check.range("maxConcurrentRuns", maxConcurrentRuns, 1, 1_000);
      Check.range("maxEpisodes", maxEpisodes, 100, RunConfig.MAX_EPISODES);
      Check.range("maxStoredRuns", maxStoredRuns, 1, 100_000);
    }

    /** Port 8080 on every interface, 4 concurrent runs of up to 10 million episodes, 2 minutes. */
    public static Options defaults() {
      return new Options("0.0.0.0", 8080, 4, 10_000_000, Duration.ofMinutes(2), 500);
    }

    /** A copy on another port. */
    public Options withPort(int port) {
      return new Options(host, port, maxConcurrentRuns, maxEpisodes, maxRunTime, maxStoredRuns);
    }

    /** A copy on another address. */
    public Options withHost(String host) {
      return new Options(host, port, maxConcurrentRuns, maxEpisodes, maxRunTime, maxStoredRuns);
    }

    /** A copy with another cap on concurrent runs. */
    public Options withMaxConcurrentRuns(int runs) {
      return new Options(host, port, runs, maxEpisodes, maxRunTime, maxStoredRuns);
    }
  }

  /** Smallest number of episodes a web run may ask for. */
  public static final long MIN_EPISODES = 100;

  /** Request attribute: the response is final, the 404 fallback must not replace it. */
  private static final String ANSWERED = "saferlhub.answered";
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  private static final Set<String> RUN_FIELDS = Set.of("env", "rules", "algorithm", "episodes",
      "alpha", "gamma", "epsilon", "epsilonSchedule", "epsilonFinal", "seed");

  private final Options options;
  private final ObjectMapper mapper;
  private final RunRegistry runs;
  private final Site site;
  private final Javalin app;

  private WebServer(Options options) {
    this.options = options;
    this.mapper = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    this.runs = new RunRegistry(options);
    this.site = Site.load();
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(mapper, false));
      config.http.maxRequestSize = 64 * 1024;
      config.staticFiles.add("/public", Location.CLASSPATH);
      config.staticFiles.enableWebjars();
      config.jetty.host = options.host();
      config.jetty.port = options.port();

      config.routes.get("/", ctx -> ctx.html(site.home()));
      config.routes.get("/lessons/{slug}", this::lesson);
      config.routes.get("/api/health", ctx -> ctx.json(Map.of("status", "ok",
          "activeRuns", runs.active(), "maxConcurrentRuns", options.maxConcurrentRuns())));
      config.routes.get("/api/blackjack/rules", ctx -> ctx.json(rules()));
      config.routes.post("/api/blackjack/hand", this::hand);
      config.routes.post("/api/runs", this::startRun);
      config.routes.get("/api/runs/{id}", this::getRun);
      config.routes.delete("/api/runs/{id}", this::cancelRun);
      config.routes.post("/api/runs/{id}/hand", this::agentHand);
      config.routes.sse("/api/runs/{id}/events", new RunEventStream(runs));
      config.routes.get("/api/source/{algorithm}", ctx -> ctx.json(
          SourceCode.of(Algorithm.fromId("algorithm", ctx.pathParam("algorithm")))));

      config.routes.exception(ParameterException.class, (e, ctx) ->
          error(ctx, HttpStatus.BAD_REQUEST, e.getMessage(), e.field()));
      config.routes.exception(RunRegistry.Busy.class, (e, ctx) -> {
        ctx.header("Retry-After", "5");
        error(ctx, HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), null);
      });
      config.routes.exception(NotFound.class, (e, ctx) ->
          error(ctx, HttpStatus.NOT_FOUND, e.getMessage(), null));
      config.routes.exception(Exception.class, (e, ctx) -> {
        LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
        error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "internal error", null);
      });
      config.routes.error(404, ctx -> {
        if (ctx.attribute(ANSWERED) != null) {
          return; // a handler already wrote its own 404 page or JSON error
        }
        if (ctx.path().startsWith("/api/")) {
          error(ctx, HttpStatus.NOT_FOUND, "no such endpoint: " + ctx.method() + " "
              + abbreviate(ctx.path()), null);
        } else {
          ctx.html(site.notFound(ctx.path()));
        }
      });
    });
  }

  /** Starts a server; {@link #port()} tells the real port when {@code options.port()} is 0. */
  public static WebServer start(Options options) {
    WebServer server = new WebServer(options);
    server.app.start();
    warmUp();
    return server;
  }

  /**
   * Solves every rule set and trains each algorithm briefly on a background thread, so the JIT
   * has compiled the training loop before the first learner clicks Train.
   */
  private static void warmUp() {
    Thread.ofPlatform().name("warm-up").daemon(true).priority(Thread.MIN_PRIORITY).start(() -> {
      for (BlackjackRules rules : BlackjackRules.values()) {
        org.saferlhub.app.blackjack.BlackjackReport.solution(rules);
      }
      for (Algorithm algorithm : Algorithm.values()) {
        RunConfig d = RunConfig.defaults();
        org.saferlhub.Rl.train(new RunConfig(d.env(), algorithm, 300_000, d.alpha(), d.gamma(),
            d.epsilon(), d.seed()));
      }
    });
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  /** The options it runs with. */
  public Options options() {
    return options;
  }

  @Override
  public void close() {
    runs.close();
    app.stop();
  }

  private void lesson(Context ctx) {
    var page = site.lesson(ctx.pathParam("slug"));
    if (page.isPresent()) {
      ctx.html(page.get());
    } else {
      ctx.attribute(ANSWERED, true);
      ctx.status(HttpStatus.NOT_FOUND).html(site.notFound(ctx.path()));
    }
  }

  private static Object rules() {
    return Arrays.stream(BlackjackRules.values()).map(r -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("name", r.title());
      m.put("default", r == BlackjackRules.SAB);
      return m;
    }).toList();
  }

  private void hand(Context ctx) {
    JsonBody body = JsonBody.parse(mapper, ctx.body(), Set.of("rules", "seed", "actions"));
    BlackjackRules rules = Check.oneOf("rules", body.string("rules", "sab"),
        BlackjackRules.values(), BlackjackRules::id);
    long seed = Check.range("seed", body.integer("seed", 0), 0, RunConfig.SEED_LIMIT - 1);
    ctx.json(BlackjackHands.play(rules, seed,
        body.strings("actions", BlackjackHands.MAX_ACTIONS)));
  }

  private void startRun(Context ctx) {
    RunConfig config = runConfig(ctx.body());
    Run run = runs.start(config);
    ctx.status(HttpStatus.ACCEPTED).json(Map.of("id", run.id(),
        "config", RunConfigs.toFields(config),
        "events", "/api/runs/" + run.id() + "/events"));
  }

  /** Reads a run configuration, filling absent fields with the lesson's defaults. */
  RunConfig runConfig(String text) {
    JsonBody body = JsonBody.parse(mapper, text, RUN_FIELDS);
    RunConfig d = RunConfig.defaults();
    return RunConfigs.build(
        body.string("env", RunConfigs.BLACKJACK),
        body.string("rules", "sab"),
        body.string("algorithm", d.algorithm().id()),
        body.integer("episodes", d.episodes()), MIN_EPISODES, options.maxEpisodes(),
        body.number("alpha", d.alpha()),
        body.number("gamma", d.gamma()),
        body.number("epsilon", d.epsilon().start()),
        body.string("epsilonSchedule", d.epsilon().kind().id()),
        body.number("epsilonFinal", 0.01),
        body.integer("seed", d.seed()));
  }

  private Run run(Context ctx) {
    String id = ctx.pathParam("id");
    return runs.get(id).orElseThrow(() -> new NotFound("no run with id '" + abbreviate(id)
        + "' (runs are kept in memory; it may have been forgotten after a restart)"));
  }

  private void getRun(Context ctx) {
    Run run = run(ctx);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", run.id());
    m.put("status", run.status().name().toLowerCase(java.util.Locale.ROOT));
    m.put("config", RunConfigs.toFields(run.config()));
    m.put("result", run.resultJson());
    m.put("error", run.failure());
    ctx.json(m);
  }

  private void cancelRun(Context ctx) {
    run(ctx).cancel();
    ctx.status(HttpStatus.NO_CONTENT);
  }

  private void agentHand(Context ctx) {
    Run run = run(ctx);
    var result = run.result();
    if (result == null) {
      throw new NotFound("run '" + run.id() + "' has no trained agent yet: wait for it to finish");
    }
    JsonBody body = JsonBody.parse(mapper, ctx.body(), Set.of("seed"));
    long seed = Check.range("seed", body.integer("seed", 0), 0, RunConfig.SEED_LIMIT - 1);
    ctx.json(BlackjackHands.playGreedy(RunConfigs.rules(run.config()), seed,
        result.q().toArray()));
  }

  private static void error(Context ctx, HttpStatus status, String message, String field) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    m.put("field", field);
    ctx.attribute(ANSWERED, true);
    ctx.status(status).json(m);
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }

  /** The requested thing does not exist: answers 404 with JSON. */
  static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }
}
