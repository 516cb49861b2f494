package org.saferlhub.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.blackjack.BlackjackReport;
import org.saferlhub.app.db.Database;
import org.saferlhub.app.db.DbConfig;
import org.saferlhub.app.db.RunStore;
import org.saferlhub.app.db.Storage;
import org.saferlhub.app.game.Games;
import org.saferlhub.app.game.Question;
import org.saferlhub.app.grid.GridSessions;
import org.saferlhub.app.blackjack.BlackjackHands;
import org.saferlhub.app.figures.Figures;
import org.saferlhub.app.safety.SafetyExperiment;
import org.saferlhub.app.safety.SafetyPlay;
import org.saferlhub.app.lesson.Quizzes;
import org.saferlhub.app.lesson.Site;
import org.saferlhub.app.run.Experiments;
import org.saferlhub.app.run.FamilyViews;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.config.Check;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.blackjack.BlackjackPolicy;
import org.saferlhub.env.blackjack.BlackjackRules;
import org.saferlhub.env.blackjack.BlackjackSolver;
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
   * @param database where runs, progress, scores and feedback are stored; null for a private
   *     in-memory database (tests)
   * @param adminToken the token of the admin page; null for a random one ({@link #adminToken()})
   * @param warmUp whether start-up trains briefly on a background thread so the JIT has compiled
   *     the training loop before the first learner clicks Train; tests turn it off, since it
   *     competes with them for the cores
   * @param allowedOrigins the origins ({@code https://user.github.io}) whose pages may call the
   *     API from the browser (CORS): copies of the site made with {@code export-site --server};
   *     empty for none
   */
  public record Options(String host, int port, int maxConcurrentRuns, long maxEpisodes,
      Duration maxRunTime, int maxStoredRuns, @Nullable DbConfig database,
      @Nullable String adminToken, boolean warmUp, List<String> allowedOrigins, Limits limits) {

    /** Checks the ranges. */
    public Options {
      java.util.Objects.requireNonNull(limits, "limits");
      allowedOrigins = List.copyOf(allowedOrigins);
      for (String origin : allowedOrigins) {
        if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
          throw new ParameterException("allow-origin", "allow-origin must be an origin such as "
              + "https://user.github.io (scheme, host and port, no path), was '" + origin + "'");
        }
      }
      Check.range("port", port, 0, 65_535);
      Check.range("maxConcurrentRuns", maxConcurrentRuns, 1, 1_000);
      Check.range("maxEpisodes", maxEpisodes, 100, RunConfig.MAX_EPISODES);
      Check.range("maxStoredRuns", maxStoredRuns, 1, 100_000);
      if (adminToken != null && adminToken.length() < 12) {
        throw new ParameterException("adminToken", "adminToken must be at least 12 characters");
      }
    }

    /**
     * Port 8080 on every interface, 4 concurrent runs of up to 10 million episodes, 2 minutes,
     * with a warm-up.
     */
    public static Options defaults() {
      return new Options("0.0.0.0", 8080, 4, 10_000_000, Duration.ofMinutes(2), 500, null, null,
          true, List.of(), Limits.defaults());
    }

    /** A copy with or without the start-up warm-up. */
    public Options withWarmUp(boolean warmUp) {
      return new Options(host, port, maxConcurrentRuns, maxEpisodes, maxRunTime, maxStoredRuns,
          database, adminToken, warmUp, allowedOrigins, limits);
    }

    /** A copy on another port. */
    public Options withPort(int port) {
      return new Options(host, port, maxConcurrentRuns, maxEpisodes, maxRunTime, maxStoredRuns,
          database, adminToken, warmUp, allowedOrigins, limits);
    }

    /** A copy on another address. */
    public Options withHost(String host) {
      return new Options(host, port, maxConcurrentRuns, maxEpisodes, maxRunTime, maxStoredRuns,
          database, adminToken, warmUp, allowedOrigins, limits);
    }

    /** A copy with another cap on concurrent runs. */
    public Options withMaxConcurrentRuns(int runs) {
      return new Options(host, port, runs, maxEpisodes, maxRunTime, maxStoredRuns, database,
          adminToken, warmUp, allowedOrigins, limits);
    }

    /** A copy with another database. */
    public Options withDatabase(@Nullable DbConfig database) {
      return new Options(host, port, maxConcurrentRuns, maxEpisodes, maxRunTime, maxStoredRuns,
          database, adminToken, warmUp, allowedOrigins, limits);
    }

    /** A copy with another admin token. */
    public Options withAdminToken(@Nullable String adminToken) {
      return new Options(host, port, maxConcurrentRuns, maxEpisodes, maxRunTime, maxStoredRuns,
          database, adminToken, warmUp, allowedOrigins, limits);
    }

    /** A copy with other per-client limits and storage ceilings. */
    public Options withLimits(Limits limits) {
      return new Options(host, port, maxConcurrentRuns, maxEpisodes, maxRunTime, maxStoredRuns,
          database, adminToken, warmUp, allowedOrigins, limits);
    }

    /** A copy whose API answers pages from these origins too (CORS). */
    public Options withAllowedOrigins(List<String> allowedOrigins) {
      return new Options(host, port, maxConcurrentRuns, maxEpisodes, maxRunTime, maxStoredRuns,
          database, adminToken, warmUp, allowedOrigins, limits);
    }
  }

  /**
   * What one client (one address) may use, and the ceilings that keep the disk from filling:
   * chosen for a 100-person workshop on one machine (docs/operating.md, "Limits").
   *
   * @param runsPerClient training runs, seed experiments and dynamic-programming requests one
   *     client may have computing at once (the server's ceiling is
   *     {@link Options#maxConcurrentRuns()})
   * @param writesPerClientPerSecond scores, feedback and progress one client may write per second
   * @param writeBurstPerClient writes one client may make at once before the rate applies
   * @param sessionsPerClient live GridWorld sessions one client may hold
   * @param connectionsPerClient open connections one address may hold; more are closed at once
   * @param idleTimeout how long a connection may send nothing before it is closed (also bounds
   *     how long a request's headers and body may take to arrive)
   * @param storedRunsPerClientPerHour runs (trained or saved) one client may store per hour
   * @param minFreeDiskBytes writes stop (503) while the data folder's disk has less free space
   * @param maxDatabaseBytes writes stop (503) while the database is larger than this
   * @param keepUnopenedRuns runs that nobody saved or opened within this time are deleted
   */
  public record Limits(int runsPerClient, double writesPerClientPerSecond,
      int writeBurstPerClient, int sessionsPerClient, int connectionsPerClient,
      Duration idleTimeout, int storedRunsPerClientPerHour, long minFreeDiskBytes,
      long maxDatabaseBytes, Duration keepUnopenedRuns) {

    /** Checks the ranges. */
    public Limits {
      Check.range("runsPerClient", runsPerClient, 1, 1_000);
      Check.range("writesPerClientPerSecond", writesPerClientPerSecond, 0, true, 1_000, false);
      Check.range("writeBurstPerClient", writeBurstPerClient, 1, 10_000);
      Check.range("sessionsPerClient", sessionsPerClient, 1, 10_000);
      Check.range("connectionsPerClient", connectionsPerClient, 1, 10_000);
      Check.range("idleTimeoutMillis", idleTimeout.toMillis(), 100, 3_600_000);
      Check.range("storedRunsPerClientPerHour", storedRunsPerClientPerHour, 1, 1_000_000);
      Check.range("minFreeDiskBytes", minFreeDiskBytes, 0, Long.MAX_VALUE);
      Check.range("maxDatabaseBytes", maxDatabaseBytes, 1, Long.MAX_VALUE);
      Check.range("keepUnopenedRunsHours", keepUnopenedRuns.toHours(), 1, 100_000);
    }

    /**
     * Per client: 2 computations at once, 5 writes a second (20 at once), 20 GridWorld sessions,
     * 32 connections, 300 stored runs an hour; connections idle for 20 s are closed; writes
     * stop below 200 MB of free disk or above a 2 GB database; runs nobody saved or opened are
     * deleted after 7 days.
     */
    public static Limits defaults() {
      return new Limits(2, 5, 20, 20, 32, Duration.ofSeconds(20), 300, 200L << 20, 2L << 30,
          Duration.ofDays(7));
    }

    /** A copy with another number of computations per client. */
    public Limits withRunsPerClient(int runs) {
      return new Limits(runs, writesPerClientPerSecond, writeBurstPerClient, sessionsPerClient,
          connectionsPerClient, idleTimeout, storedRunsPerClientPerHour, minFreeDiskBytes,
          maxDatabaseBytes, keepUnopenedRuns);
    }

    /** A copy with other connection limits. */
    public Limits withConnections(int perClient, Duration idle) {
      return new Limits(runsPerClient, writesPerClientPerSecond, writeBurstPerClient,
          sessionsPerClient, perClient, idle, storedRunsPerClientPerHour, minFreeDiskBytes,
          maxDatabaseBytes, keepUnopenedRuns);
    }

    /** A copy with other storage ceilings. */
    public Limits withStorage(int runsPerHour, long minFreeDisk, long maxDatabase,
        Duration keepUnopened) {
      return new Limits(runsPerClient, writesPerClientPerSecond, writeBurstPerClient,
          sessionsPerClient, connectionsPerClient, idleTimeout, runsPerHour, minFreeDisk,
          maxDatabase, keepUnopened);
    }

    /** A copy with other write and session shares. */
    public Limits withShares(double writesPerSecond, int writeBurst, int sessions) {
      return new Limits(runsPerClient, writesPerSecond, writeBurst, sessions,
          connectionsPerClient, idleTimeout, storedRunsPerClientPerHour, minFreeDiskBytes,
          maxDatabaseBytes, keepUnopenedRuns);
    }
  }

  /** Requests under these paths store something: they wait for writable storage. */
  static final List<String> STORING_PATHS = List.of("/api/runs", "/api/runs/saved",
      "/api/experiments", "/api/progress", "/api/scores", "/api/feedback", "/api/safety/fixes");

  /** The largest request body, in bytes: 413 past it. */
  static final int MAX_REQUEST_BYTES = 256 * 1024;

  /** Bytes a second below which a request body is too slow and the request fails (408). */
  static final long MIN_BODY_RATE = 512;

  /** Most episodes per seed of a seed experiment. */
  public static final long MAX_EXPERIMENT_EPISODES = Experiments.MAX_EPISODES;

  /** Pages served from {@code pages/<name>.md} at {@code /<name>} (also what export-site writes). */
  static final List<String> PAGES = List.of("resources", "open-problems", "research",
      "next-steps", "run-it-yourself", "runs", "compare", "game", "safety-gridworlds",
      "specification-gaming", "kl-answer", "feedback", "admin");

  /** Request attribute: the response is final, the 404 fallback must not replace it. */
  static final String ANSWERED = "saferlhub.answered";
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  private static final Set<String> RUN_FIELDS = RunConfigs.FIELDS;

  private final Options options;
  private final ObjectMapper mapper;
  private final Database database;
  private final String adminToken;
  private final Storage storage;
  private final ConnectionsPerClient connections;
  private final java.util.concurrent.ScheduledExecutorService retention =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("retention").daemon(true).factory());
  private final ClientLimits limits;
  private final RunRegistry runs;
  private final Site site;
  private final Quizzes quizzes;
  private final String schemaScript;
  private final Javalin app;

  private WebServer(Options options, java.util.function.LongSupplier clock) {
    this.options = options;
    this.mapper = jsonMapper();
    this.database = Database.open(options.database() != null ? options.database()
        : DbConfig.inMemory("saferlhub-" + UUID.randomUUID()));
    this.adminToken = options.adminToken() != null ? options.adminToken() : randomToken();
    this.connections = new ConnectionsPerClient(options.limits().connectionsPerClient());
    this.storage = new Storage(database, options.limits().minFreeDiskBytes(),
        options.limits().maxDatabaseBytes(), System::nanoTime);
    this.limits = new ClientLimits(options.maxConcurrentRuns(), options.limits(), clock);
    this.runs = new RunRegistry(options, limits, database.runs(), storage, mapper);
    this.site = Site.load();
    this.quizzes = Quizzes.load();
    this.schemaScript = schemaScript(mapper, options.maxEpisodes());
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(mapper, false));
      config.http.maxRequestSize = MAX_REQUEST_BYTES;
      config.staticFiles.add("/public", Location.CLASSPATH);
      config.staticFiles.enableWebjars();
      if (!options.allowedOrigins().isEmpty()) {
        // Copies of the site on other hosts (export-site --server) call the API cross-origin.
        List<String> origins = options.allowedOrigins();
        config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
          rule.allowHost(origins.get(0), origins.subList(1, origins.size()).toArray(String[]::new));
          rule.exposeHeader("Retry-After");
        }));
      }
      config.jetty.host = options.host();
      config.jetty.port = options.port();
      // Slow clients: a request body must keep arriving at MIN_BODY_RATE bytes a second, and a
      // connection silent for the idle timeout is closed (see also ConnectionsPerClient).
      config.jetty.modifyHttpConfiguration(http -> http.setMinRequestDataRate(MIN_BODY_RATE));
      // Protocol errors Jetty answers itself come in the API's JSON error shape too.
      config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));

      // Cross-origin isolation: every resource of the site is its own, and isolation gives the
      // in-page engine's worker a SharedArrayBuffer, through which Stop reaches a running trainer.
      // Then the Content-Security-Policy and the other security headers (SecurityHeaders). Set
      // before any handler, they are on every answer: pages, static files, errors and 404s.
      config.routes.before(ctx -> {
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Embedder-Policy", "require-corp");
        SecurityHeaders.apply(ctx);
      });
      // No request from another site's page may change anything (CSRF): see fromElsewhere.
      config.routes.before("/api/*", ctx -> {
        String method = ctx.method().name();
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS")
            && fromElsewhere(ctx.header("Origin"), ctx.header("Sec-Fetch-Site"),
                ctx.header("Host"), options.allowedOrigins())) {
          throw new CrossSite();
        }
        if ((method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))
            && !isJson(ctx.header("Content-Type"))) {
          throw new NotJson();
        }
        if ((method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))
            && !isUtf8(ctx.bodyAsBytes())) {
          throw new ParameterException("body", "the body is not valid UTF-8 text");
        }
      });
      // Writes stop, with 503 and the reason, while the disk is full or the database too large.
      for (String writes : STORING_PATHS) {
        config.routes.before(writes, ctx -> {
          if (ctx.method().name().equals("POST")) {
            storage.checkWritable();
          }
        });
      }
      config.routes.get("/", ctx -> html(ctx, withSchema(site.home())));
      config.routes.get("/lessons/{slug}", this::lesson);
      config.routes.get("/api/health", ctx -> {
        Storage.State state = storage.state();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", state.writable() ? "ok" : "read-only");
        m.put("activeRuns", runs.active());
        m.put("maxConcurrentRuns", options.maxConcurrentRuns());
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("writable", state.writable());
        st.put("reason", state.reason());
        st.put("freeBytes", state.freeBytes());
        st.put("databaseBytes", state.databaseBytes());
        m.put("storage", st);
        ctx.json(m);
      });
      config.routes.get("/api/blackjack/rules", ctx -> ctx.json(rules()));
      config.routes.get("/api/schema", ctx -> ctx.json(org.saferlhub.app.run.Schema.of(options.maxEpisodes())));
      config.routes.post("/api/blackjack/hand", this::hand);
      config.routes.post("/api/blackjack/agent-hand", this::agentHandOfQ);
      config.routes.get("/api/safety/envs", ctx -> ctx.json(SafetyPlay.envs()));
      config.routes.post("/api/safety/play", ctx -> ctx.json(SafetyPlay.play(plainJson(ctx.body()))));
      config.routes.post("/api/safety/experiments", this::safetyExperiment);
      config.routes.post("/api/lab/tilt", ctx -> ctx.json(runs.inSlot(ctx.ip(),
          () -> org.saferlhub.app.lab.LabApi.tilt(plainJson(ctx.body())))));
      config.routes.post("/api/lab/runs", ctx -> ctx.json(runs.inSlot(ctx.ip(),
          () -> org.saferlhub.app.lab.LabApi.run(plainJson(ctx.body())))));
      config.routes.post("/api/lab/sweep", ctx -> ctx.json(runs.inSlot(ctx.ip(),
          () -> org.saferlhub.app.lab.LabApi.sweep(plainJson(ctx.body())))));
      config.routes.post("/api/lab/experiments", ctx -> ctx.json(runs.inSlot(ctx.ip(),
          () -> org.saferlhub.app.lab.LabApi.experiment(plainJson(ctx.body())))));
      config.routes.post("/api/goal/train", ctx -> ctx.json(runs.inSlot(ctx.ip(),
          () -> org.saferlhub.app.goal.GoalApi.train(plainJson(ctx.body()), () -> false))));
      config.routes.post("/api/inspect", ctx -> ctx.json(runs.inSlot(ctx.ip(),
          () -> org.saferlhub.app.inspect.InspectApi.answer(plainJson(ctx.body())))));
      config.routes.post("/api/monitor/cot", ctx -> ctx.json(runs.inSlot(ctx.ip(),
          () -> org.saferlhub.app.monitor.CotApi.run(plainJson(ctx.body())))));
      config.routes.post("/api/runs", this::startRun);
      config.routes.post("/api/runs/saved", this::saveComputedRun);
      config.routes.get("/api/runs", this::listRuns);
      config.routes.get("/api/runs/{id}", this::getRun);
      config.routes.post("/api/experiments", this::experiment);
      config.routes.get("/api/quizzes", ctx -> ctx.json(quizzes.all()));
      config.routes.get("/api/quizzes/{lesson}", ctx -> ctx.json(
          quizzes.lesson(ctx.pathParam("lesson")).orElseThrow(() -> new NotFound(
              "no quiz for lesson '" + abbreviate(ctx.pathParam("lesson")) + "'"))));
      CommunityRoutes.register(config.routes, database, adminToken, mapper, limits);
      FixRoutes.register(config.routes, database, mapper, limits);
      GameRoutes.register(config.routes, database, mapper, limits,
          Games.withDefaults(Question.pool(quizzes.all())));
      GridRoutes.register(config.routes, mapper, limits, new GridSessions(
          GridSessions.DEFAULT_MAX_SESSIONS, options.limits().sessionsPerClient(),
          GridSessions.DEFAULT_IDLE_LIMIT, System::nanoTime));
      config.routes.get("/figures/{file}", WebServer::figure);
      for (String page : PAGES) {
        config.routes.get("/" + page, ctx -> page(ctx, page));
      }
      config.routes.get("/runs/{id}", ctx -> page(ctx, "run"));
      config.routes.delete("/api/runs/{id}", this::cancelRun);
      config.routes.post("/api/runs/{id}/hand", this::agentHand);
      // Javalin streams only to a request that asks for events; anything else would get an
      // empty 200, so it gets 406 saying what to send.
      config.routes.before("/api/runs/{id}/events", ctx -> {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.toLowerCase(java.util.Locale.ROOT)
            .contains("text/event-stream")) {
          throw new NotAcceptable();
        }
      });
      config.routes.sse("/api/runs/{id}/events", new RunEventStream(runs));
      config.routes.get("/api/source/{algorithm}", ctx -> ctx.json(
          SourceCode.of(ctx.pathParam("algorithm"))));

      config.routes.exception(ParameterException.class, (e, ctx) ->
          error(ctx, HttpStatus.BAD_REQUEST, e.getMessage(), e.field()));
      config.routes.exception(ClientLimits.Busy.class, (e, ctx) -> {
        ctx.header("Retry-After", "5");
        error(ctx, HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), null);
      });
      config.routes.exception(ClientLimits.Quota.class, (e, ctx) -> {
        ctx.header("Retry-After", Long.toString(e.retryAfterSeconds));
        error(ctx, HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), null);
      });
      config.routes.exception(Storage.Full.class, (e, ctx) -> {
        ctx.header("Retry-After", "60");
        error(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), null);
      });
      // Javalin's own refusals (a body over the size limit: 413) in the API's JSON shape; a 404
      // goes on to the 404 handler below (the site's page, or JSON under /api/).
      config.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> {
        if (e.getStatus() == 404) {
          ctx.status(HttpStatus.NOT_FOUND);
        } else if (e.getStatus() == 413) {
          error(ctx, HttpStatus.CONTENT_TOO_LARGE, "the request body is too large: at most "
              + MAX_REQUEST_BYTES + " bytes", "body");
        } else {
          error(ctx, HttpStatus.forStatus(e.getStatus()), e.getMessage(), null);
        }
      });
      config.routes.exception(NotAcceptable.class, (e, ctx) ->
          error(ctx, HttpStatus.NOT_ACCEPTABLE, e.getMessage(), "Accept"));
      config.routes.exception(NotJson.class, (e, ctx) ->
          error(ctx, HttpStatus.UNSUPPORTED_MEDIA_TYPE, e.getMessage(), "Content-Type"));
      config.routes.exception(CrossSite.class, (e, ctx) ->
          error(ctx, HttpStatus.FORBIDDEN, e.getMessage(), "Origin"));
      config.routes.exception(NotFound.class, (e, ctx) ->
          error(ctx, HttpStatus.NOT_FOUND, e.getMessage(), null));
      config.routes.exception(Exception.class, (e, ctx) -> {
        HttpStatus fault = clientFault(e);
        if (fault != null) { // the client's fault: one line, no stack trace, no user text
          LOG.info("{} {}: {}", ctx.method(), ctx.path(), fault == HttpStatus.REQUEST_TIMEOUT
              ? "the request body came too slowly" : "the request body ended early");
          error(ctx, fault, fault == HttpStatus.REQUEST_TIMEOUT
              ? "the request body came too slowly (at least " + MIN_BODY_RATE + " bytes a "
                  + "second)" : "the request body ended before its announced length", "body");
          return;
        }
        if (storageFailure(e)) { // a full or read-only disk: 503, and writes stop for a while
          storage.writeFailed();
          LOG.warn("{} {}: the database failed: {}", ctx.method(), ctx.path(), Logs.kind(e));
          ctx.header("Retry-After", "60");
          error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "The server could not store this just now "
              + "(its database failed: a full or read-only disk?): nothing was saved. Try again "
              + "in a minute.", null);
          return;
        }
        // Exception messages may quote what a user sent: the log gets types and frames only.
        LOG.error("unexpected error on {} {}: {}", ctx.method(), ctx.path(), Logs.trace(e));
        error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "internal error", null);
      });
      config.routes.error(404, ctx -> {
        if (ctx.attribute(ANSWERED) != null) {
          return; // a handler already wrote its own 404 page or JSON error
        }
        if (ctx.path().startsWith("/api/") || ctx.path().startsWith("/figures/")) {
          error(ctx, HttpStatus.NOT_FOUND, "no such endpoint: " + ctx.method() + " "
              + abbreviate(ctx.path()), null);
        } else {
          html(ctx, site.notFound(ctx.path()));
        }
      });
    });
  }

  /** Starts a server; {@link #port()} tells the real port when {@code options.port()} is 0. */
  public static WebServer start(Options options) {
    return start(options, System::nanoTime);
  }

  /** {@link #start(Options)} with the clock of limits and unwatched runs (tests move it). */
  static WebServer start(Options options, java.util.function.LongSupplier clock) {
    WebServer server = new WebServer(options, clock);
    server.app.start();
    ConnectionsPerClient perClient = server.connections;
    for (var connector : server.app.jettyServer().server().getConnectors()) {
      connector.addEventListener(perClient);
      if (connector instanceof org.eclipse.jetty.server.AbstractConnector c) {
        c.setIdleTimeout(options.limits().idleTimeout().toMillis());
      }
    }
    if (options.warmUp()) {
      warmUp();
    }
    server.retention.scheduleWithFixedDelay(() -> {
      try {
        server.pruneRuns();
      } catch (RuntimeException e) {
        LOG.warn("could not delete old runs: {}", Logs.kind(e));
      }
    }, 0, 1, java.util.concurrent.TimeUnit.HOURS);
    return server;
  }

  /**
   * Solves every rule set and trains each algorithm briefly on a background thread, so the JIT
   * has compiled the training loop before the first learner clicks Train.
   */
  private static void warmUp() {
    Thread.ofPlatform().name("warm-up").daemon(true).priority(Thread.MIN_PRIORITY).start(() -> {
      try {
        Figures.computeAll(); // the answer page's figures, a few seconds once
      } catch (RuntimeException e) { // a figure's request will try again and answer 500
        LOG.warn("could not draw the answer page's figures: {}", Logs.kind(e));
      }
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

  /** The admin page's token (generated at start-up unless given in the options). */
  public String adminToken() {
    return adminToken;
  }

  /** Its count of open connections per address (tests). */
  ConnectionsPerClient connections() {
    return connections;
  }

  /** Its runs (tests). */
  RunRegistry runs() {
    return runs;
  }

  /** Whether it may write now (tests measure free space with their own numbers). */
  Storage storage() {
    return storage;
  }

  /** The kind of database in use: {@code h2} or {@code postgresql}. */
  public String databaseKind() {
    return database.kind();
  }

  @Override
  public void close() {
    retention.shutdownNow();
    runs.close();
    app.stop();
    database.close();
  }

  /** How the API writes JSON; {@link SiteExport} writes its data files with the same settings. */
  static ObjectMapper jsonMapper() {
    return new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }

  private static String randomToken() {
    byte[] bytes = new byte[18];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private void page(Context ctx, String slug) {
    var page = site.page(slug);
    if (page.isEmpty()) {
      throw new IllegalStateException("page '" + slug + "' is missing from the jar");
    }
    html(ctx, withSchema(page.get()));
  }

  /**
   * The parameter schema ({@code GET /api/schema}) as a JSON script element, put into every page
   * so that forms are built from it at once, without a round trip; {@code </} is escaped so the
   * JSON cannot end the element.
   */
  static String schemaScript(ObjectMapper mapper, long maxEpisodes) {
    try {
      String json = mapper.writeValueAsString(org.saferlhub.app.run.Schema.of(maxEpisodes));
      return "<script type=\"application/json\" id=\"saferlhub-schema\">"
          + json.replace("</", "<\\/") + "</script>\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the parameter schema cannot be written as JSON", e);
    }
  }

  private String withSchema(String html) {
    return intoHead(html, schemaScript);
  }

  /** {@code html} with {@code element} put just before {@code </head>} (unchanged without one). */
  static String intoHead(String html, String element) {
    int head = html.indexOf("</head>");
    return head < 0 ? html : html.substring(0, head) + element + html.substring(head);
  }

  private void lesson(Context ctx) {
    var page = site.lesson(ctx.pathParam("slug"));
    if (page.isPresent()) {
      html(ctx, withSchema(page.get()));
    } else {
      ctx.attribute(ANSWERED, true);
      html(ctx.status(HttpStatus.NOT_FOUND), site.notFound(ctx.path()));
    }
  }

  /** {@code GET /api/blackjack/rules}: the rule sets, the default one marked. */
  static Object rules() {
    return BlackjackHands.rules();
  }

  private void hand(Context ctx) {
    ctx.json(BlackjackHands.hand(plainJson(ctx.body())));
  }

  private void agentHandOfQ(Context ctx) {
    ctx.json(BlackjackHands.agentHand(plainJson(ctx.body())));
  }

  /** A body as plain values (maps, lists, numbers…); 400 on {@code body} if it is not JSON. */
  private @Nullable Object plainJson(String text) {
    return plainJson(mapper, text);
  }

  /** {@code text} as plain values (maps, lists, numbers…); 400 on {@code body} if not JSON. */
  static @Nullable Object plainJson(ObjectMapper mapper, String text) {
    if (text.isBlank()) {
      return null;
    }
    try {
      return mapper.readerFor(Object.class)
          .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .readValue(text);
    } catch (JsonProcessingException e) {
      throw JsonBody.unreadable(mapper, text, e);
    }
  }

  private void startRun(Context ctx) {
    String learner = LearnerId.optional(ctx);
    RunConfig config = runConfig(ctx.body());
    limits.storeRuns(ctx.ip(), 1);
    Run run = runs.start(config, learner, ctx.ip());
    ctx.status(HttpStatus.ACCEPTED).json(Map.of("id", run.id(),
        "config", RunConfigs.toFields(config),
        "events", "/api/runs/" + run.id() + "/events"));
  }

  /** Most bytes of a run report a browser may save (a Blackjack report is about 60 kB). */
  static final int MAX_SAVED_REPORT = 240_000;

  /**
   * Saves a run a learner's browser computed: {@code {"config": fields, "result": report}}. The
   * configuration is read as {@code POST /api/runs} reads it and must be the report's own; the
   * report is stored as sent, marked {@code "computedIn": "browser"}. What the site shows as the
   * run's score is recomputed first: for Blackjack, the greedy policy, the cells where it differs
   * from the optimum and its exact expected return follow from the submitted Q table, and must
   * match, so a stored score cannot claim more than its Q table earns.
   */
  @SuppressWarnings("unchecked")
  private void saveComputedRun(Context ctx) {
    String learner = LearnerId.optional(ctx);
    if (ctx.body().length() > MAX_SAVED_REPORT) {
      throw new ParameterException("result", "a saved run may have at most "
          + MAX_SAVED_REPORT + " characters, had " + ctx.body().length());
    }
    var body = JsonBody.object(mapper, ctx.body());
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!name.equals("config") && !name.equals("result")) {
        throw new ParameterException("body", "unknown field '" + abbreviate(name)
            + "'; allowed: config, result");
      }
    }
    if (!(body.get("config") instanceof com.fasterxml.jackson.databind.node.ObjectNode fields)) {
      throw new ParameterException("config", "config must be the run's fields as an object");
    }
    if (!(body.get("result") instanceof com.fasterxml.jackson.databind.node.ObjectNode report)) {
      throw new ParameterException("result", "result must be the run's report as an object");
    }
    RunConfig config = runConfig(fields.toString());
    Map<String, Object> result = mapper.convertValue(report, Map.class);
    if (!sameJson(mapper.valueToTree(RunConfigs.toFields(config)), report.get("config"))) {
      throw new ParameterException("result", "result.config must be the run's configuration");
    }
    String stopReason = result.get("stopReason") instanceof String r ? r : "";
    if (!stopReason.equals("completed") && !stopReason.equals("cancelled")) {
      throw new ParameterException("result", "result.stopReason must be completed or cancelled");
    }
    long episodes = result.get("episodes") instanceof Number n && n.doubleValue() == n.longValue()
        ? n.longValue() : -1;
    if (episodes < 0 || episodes > config.episodes()
        || (stopReason.equals("completed") && episodes != config.episodes())) {
      throw new ParameterException("result", "result.episodes must be the episodes the run "
          + "played, at most " + config.episodes());
    }
    for (String key : List.of("meanReturn", "expectedReturn", "optimalExpectedReturn")) {
      Object v = result.get(key);
      if (v != null && !(v instanceof Number)) {
        throw new ParameterException("result", "result." + key + " must be a number");
      }
    }
    if (FamilyViews.familyOf(config.env()).equals(RunConfigs.BLACKJACK)) {
      checkBlackjackScore(config, result);
    }
    result.put("computedIn", "browser");
    limits.storeRuns(ctx.ip(), 1);
    String id = runs.newId();
    try {
      runs.saveComputed(id, learner, config, episodes, stopReason, result);
      database.runs().keep(id, java.time.Instant.now()); // saved on purpose: retention keeps it
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write the run as JSON", e);
    }
    ctx.status(HttpStatus.CREATED).json(Map.of("id", id));
  }

  /**
   * Recomputes a Blackjack report's score: the exact expected return and the cells that differ
   * from the optimum follow from its policy chart, and the chart must be greedy in its Q grid
   * wherever the grid's rounding (6 decimals) leaves no doubt; 400 when the report claims otherwise.
   */
  @SuppressWarnings("unchecked")
  private void checkBlackjackScore(RunConfig config, Map<String, Object> result) {
    BlackjackRules rules = RunConfigs.rules(config);
    BlackjackPolicy learned;
    double[] q;
    try {
      Map<String, Object> chart = (Map<String, Object>) result.get("policy");
      learned = BlackjackPolicy.fromChart((Map<String, String>) chart.get("usable"),
          (Map<String, String>) chart.get("no_usable"));
      q = BlackjackReport.qTable((Map<String, Object>) result.get("q"));
    } catch (RuntimeException bad) {
      throw new ParameterException("result", "result.policy and result.q must be the learned "
          + "policy chart and Q grid");
    }
    for (int s = 0; s < q.length / 2; s++) {
      double stick = q[2 * s];
      double hit = q[2 * s + 1];
      if (Math.abs(hit - stick) > 2e-6 && learned.action(s) != (hit > stick ? 1 : 0)) {
        throw new ParameterException("result", "result.policy is not greedy in result.q");
      }
    }
    var best = BlackjackReport.solution(rules);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("expectedReturn", BlackjackSolver.expectedReturn(rules, learned));
    expected.put("optimalExpectedReturn", best.optimalExpectedReturn());
    expected.put("differingCells", learned.differences(best.policy()));
    JsonNode sent = mapper.valueToTree(result);
    for (Map.Entry<String, Object> e : expected.entrySet()) {
      if (!sameJson(mapper.valueToTree(e.getValue()), sent.get(e.getKey()))) {
        throw new ParameterException("result", "result." + e.getKey() + " does not follow from "
            + "result.policy: the server computed another value");
      }
    }
  }

  /**
   * Whether two JSON values are equal, numbers by their value: a browser writes the double 1.0 as
   * {@code 1}, Jackson as {@code 1.0}.
   */
  static boolean sameJson(@Nullable JsonNode a, @Nullable JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.doubleValue() == b.doubleValue();
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (var it = a.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!sameJson(a.get(name), b.get(name))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameJson(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** Reads a run configuration, filling absent fields with the lesson's defaults. */
  RunConfig runConfig(String text) {
    return runConfig(JsonBody.parse(mapper, text, RUN_FIELDS));
  }

  private RunConfig runConfig(JsonBody body) {
    return RunConfigs.fromFields(body, RunConfigs.Surface.web(options.maxEpisodes()));
  }

  private void getRun(Context ctx) {
    String id = ctx.pathParam("id");
    Optional<Run> live = runs.get(id);
    Map<String, Object> m = new LinkedHashMap<>();
    if (live.isPresent()) {
      Run run = live.get();
      if (run.status() == Run.Status.RUNNING) {
        run.seen(); // polling counts as watching
      } else if (run.status() == Run.Status.DONE || run.status() == Run.Status.CANCELLED) {
        keep(id);
      }
      m.put("id", run.id());
      m.put("status", run.status().name().toLowerCase(java.util.Locale.ROOT));
      m.put("config", RunConfigs.toFields(run.config()));
      m.put("result", run.resultJson());
      m.put("error", run.failure());
    } else {
      RunStore.StoredRun stored = stored(id);
      keep(id);
      m.put("id", stored.id());
      m.put("status", "cancelled".equals(stored.stopReason()) ? "cancelled" : "done");
      m.put("createdAt", stored.createdAt().toString());
      m.put("config", json(stored.configJson()));
      m.put("result", json(stored.resultJson()));
      m.put("error", null);
    }
    ctx.json(m);
  }

  /** Someone opened a stored run: retention keeps it (best effort: a read must not fail). */
  private void keep(String id) {
    if (!storage.state().writable()) {
      return;
    }
    try {
      database.runs().keep(id, java.time.Instant.now());
    } catch (RuntimeException e) {
      LOG.warn("could not mark run {} as opened: {}", id, Logs.kind(e));
    }
  }

  /**
   * Deletes the runs nobody saved or opened within {@link Limits#keepUnopenedRuns()}; the server
   * does this at start and every hour.
   *
   * @return how many were deleted
   */
  int pruneRuns() {
    int deleted = database.runs().deleteUnkeptBefore(java.time.Instant.now()
        .minus(options.limits().keepUnopenedRuns()));
    if (deleted > 0) {
      LOG.info("deleted {} runs nobody saved or opened in {} days", deleted,
          options.limits().keepUnopenedRuns().toDays());
    }
    return deleted;
  }

  private void listRuns(Context ctx) {
    String learner = LearnerId.required(ctx);
    List<Map<String, Object>> out = new ArrayList<>();
    for (RunStore.StoredRun r : database.runs().byLearner(learner, 100)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("createdAt", r.createdAt().toString());
      m.put("config", json(r.configJson()));
      m.put("env", r.env());
      m.put("episodes", r.episodes());
      m.put("stopReason", r.stopReason());
      m.put("meanReturn", r.meanReturn());
      m.put("expectedReturn", r.expectedReturn());
      m.put("optimalExpectedReturn", r.optimalExpectedReturn());
      out.add(m);
    }
    ctx.json(out);
  }

  private RunStore.StoredRun stored(String id) {
    if (!id.matches("[0-9a-f]{1,40}")) {
      throw new NotFound("no run with id '" + abbreviate(id) + "'");
    }
    return runs.stored(id).orElseThrow(() -> new NotFound("no run with id '" + id + "'"));
  }

  private JsonNode json(String text) {
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is corrupt", e);
    }
  }

  /**
   * Stops a running run. Only the learner who started it may ({@code X-Learner-Id} as sent then;
   * a run started without one, by a request without one): knowing a run's id is not enough.
   */
  private void cancelRun(Context ctx) {
    String id = ctx.pathParam("id");
    Run run = runs.get(id).orElseThrow(() -> new NotFound("no running run with id '"
        + abbreviate(id) + "'"));
    if (!java.util.Objects.equals(run.learnerId(), LearnerId.optional(ctx))) {
      error(ctx, HttpStatus.FORBIDDEN, "only the learner who started run " + id
          + " may stop it", LearnerId.HEADER);
      return;
    }
    run.cancel();
    ctx.status(HttpStatus.NO_CONTENT);
  }

  private void agentHand(Context ctx) {
    String id = ctx.pathParam("id");
    JsonBody body = JsonBody.parse(mapper, ctx.body(), Set.of("seed"));
    long seed = Check.range("seed", body.integer("seed", 0), 0, RunConfig.SEED_LIMIT - 1);
    Optional<Run> live = runs.get(id);
    String env = live.isPresent() ? live.get().config().env() : stored(id).env();
    if (!FamilyViews.familyOf(env).equals(RunConfigs.BLACKJACK)) {
      throw new ParameterException("id", "only Blackjack agents play hands; run " + id
          + " trained on " + env);
    }
    if (live.isPresent()) {
      var result = live.get().result();
      if (result == null) {
        throw new NotFound("run '" + id + "' has no trained agent yet: wait for it to finish");
      }
      ctx.json(BlackjackHands.playGreedy(RunConfigs.rules(live.get().config()), seed,
          result.q().toArray()));
      return;
    }
    RunStore.StoredRun stored = stored(id);
    JsonNode result = json(stored.resultJson());
    ctx.json(BlackjackHands.playGreedy(BlackjackRules.fromId(stored.rules()), seed,
        BlackjackReport.qTable(mapper.convertValue(result.get("q"), Map.class))));
  }

  /**
   * {@code POST /api/safety/experiments}: several agents on one safety gridworld over seeds
   * ({@link SafetyExperiment#answer}), in the client's computing slot, within the run time limit
   * (503 when it runs out). Nothing is stored.
   */
  private void safetyExperiment(Context ctx) {
    Object body = plainJson(ctx.body());
    long deadline = System.nanoTime() + options.maxRunTime().toNanos();
    Map<String, Object> answer = runs.inSlot(ctx.ip(), () -> SafetyExperiment.answer(body,
        () -> System.nanoTime() > deadline));
    if (answer == null) {
      ctx.header("Retry-After", "60");
      ctx.status(503).json(Map.of("error", "The experiment took longer than this server allows "
          + "one request; try fewer seeds or episodes, or run it with saferlhub experiment "
          + "safety."));
      return;
    }
    ctx.json(answer);
  }

  private void experiment(Context ctx) {
    String learner = LearnerId.optional(ctx);
    JsonBody body = JsonBody.parse(mapper, ctx.body(), Experiments.FIELDS);
    limits.storeRuns(ctx.ip(), (int) Math.max(2, Math.min(
        org.saferlhub.train.SeedExperiment.MAX_SEEDS, body.integer("seeds", 5))));
    Experiments.Outcome outcome = runs.inSlot(ctx.ip(), () -> Experiments.run(body,
        RunConfigs.Surface.web(options.maxEpisodes()), () -> false, options.maxRunTime()));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < outcome.runs().size(); i++) {
      String id = runs.newId();
      if (!runs.save(id, learner, outcome.runs().get(i), outcome.reports().get(i))) {
        throw new Storage.Full("The experiment ran, but the server could not store its runs "
            + "(its disk is full or read-only): try again later.");
      }
      ids.add(id);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : outcome.answer().entrySet()) {
      m.put(e.getKey(), e.getValue());
      if (e.getKey().equals("seeds")) {
        m.put("runs", ids);
      }
    }
    ctx.json(m);
  }

  /**
   * Whether a state-changing request comes from another site's page: its {@code Origin} names a
   * host other than the one it was sent to ({@code Host}) and not one of the origins the operator
   * allowed ({@code serve --allow-origin}); or, without an {@code Origin}, the browser marks it
   * {@code Sec-Fetch-Site: cross-site}. Browsers send these on every cross-site POST, form posts
   * and {@code no-cors} fetches included; programs that send neither (curl, the CLI, tests) are
   * not pages and pass.
   */
  static boolean fromElsewhere(@Nullable String origin, @Nullable String fetchSite,
      @Nullable String host, List<String> allowedOrigins) {
    if (origin != null && !origin.isBlank()) {
      String o = origin.trim();
      if (allowedOrigins.contains(o)) {
        return false;
      }
      int scheme = o.indexOf("://");
      return scheme < 0 || host == null || !o.substring(scheme + 3).equalsIgnoreCase(host.trim());
    }
    return "cross-site".equalsIgnoreCase(fetchSite);
  }

  /**
   * Whether a {@code Content-Type} names JSON ({@code application/json}, any parameters). A page
   * on another site can send a form or a {@code no-cors} fetch only as {@code text/plain},
   * form-encoded or multipart without asking this server first (CORS), so requiring JSON on every
   * change closes that door too.
   */
  static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
    return type.equalsIgnoreCase("application/json");
  }

  /** A run's event stream asked for without {@code Accept: text/event-stream}: 406. */
  static final class NotAcceptable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotAcceptable() {
      super("this is a stream of Server-Sent Events: ask with Accept: text/event-stream (curl "
          + "-N -H 'Accept: text/event-stream' URL), or poll GET /api/runs/{id} instead");
    }
  }

  /** Whether {@code bytes} are valid UTF-8 (a body is never silently repaired). */
  static boolean isUtf8(byte[] bytes) {
    try {
      java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  /** A change sent as something else than JSON: 415. */
  static final class NotJson extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotJson() {
      super("send the request body as JSON, with Content-Type: application/json");
    }
  }

  /** A state-changing request from another site's page: 403. */
  static final class CrossSite extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CrossSite() {
      super("this server takes changes only from its own pages (the request came from another "
          + "site's page; an operator can allow a static copy's site with serve --allow-origin)");
    }
  }

  /** Whether {@code e} comes from the database (JDBC or Jdbi) rather than from the request. */
  static boolean storageFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException || t instanceof org.jdbi.v3.core.JdbiException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The status for an exception that is the client's fault while its body was read: 400 when the
   * body ended before its announced length (an EOF), 408 when it came too slowly (Jetty's data
   * rate or idle timeout); null for anything else.
   */
  static @Nullable HttpStatus clientFault(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.util.concurrent.TimeoutException
          || t instanceof org.eclipse.jetty.http.HttpException.RuntimeException h
              && h.getCode() == 408) {
        return HttpStatus.REQUEST_TIMEOUT;
      }
      if (t instanceof java.io.EOFException
          || t.getClass().getSimpleName().endsWith("EofException")) {
        return HttpStatus.BAD_REQUEST;
      }
    }
    return null;
  }

  /**
   * {@code GET /figures/<name>.svg}: a figure of the answer page, drawn from the project's own
   * runs ({@link Figures}). Each is computed once, on its first request, and then kept, so it
   * takes no computing slot: a page's five images arrive together, and a slot per client would
   * refuse three of them.
   *
   * @throws NotFound for a name that is no figure
   */
  private static void figure(Context ctx) {
    String file = ctx.pathParam("file");
    String name = file.endsWith(".svg") ? file.substring(0, file.length() - ".svg".length())
        : null;
    byte[] svg = Figures.svg(name).orElseThrow(() -> new NotFound("no figure '"
        + abbreviate(file) + "'; the figures are " + String.join(", ", Figures.all().stream()
            .map(f -> f.name() + ".svg").toList())));
    ctx.header("Cache-Control", "public, max-age=3600");
    ctx.contentType("image/svg+xml").result(svg);
  }

  /** Answers a page: HTML that names its charset. */
  static void html(Context ctx, String page) {
    ctx.contentType("text/html; charset=utf-8").result(page);
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
