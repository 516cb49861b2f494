package org.saferlhub.app.web;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.saferlhub.Rl;
import org.saferlhub.app.db.RunStore;
import org.saferlhub.app.db.Storage;
import org.saferlhub.app.run.FamilyViews;
import org.saferlhub.app.run.RunConfigs;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.TrainingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's training runs: starts them on their own threads, caps how many train at once,
 * and remembers the latest finished ones so their agents can still be inspected.
 */
final class RunRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunRegistry.class);
  /**
   * A run nobody watches (no event stream, no {@code GET /api/runs/{id}}) for this long is
   * cancelled: nobody trains for a page that is gone.
   */
  static final Duration UNWATCHED = Duration.ofSeconds(15);

  private final WebServer.Options options;
  private final ClientLimits limits;
  private final ExecutorService threads;
  private final SecureRandom ids = new SecureRandom();
  private final Map<String, Run> runs;
  private final RunStore store;
  private final Storage storage;
  private final java.util.function.LongSupplier clock;
  private final ObjectMapper mapper;

  RunRegistry(WebServer.Options options, ClientLimits limits, RunStore store, Storage storage,
      ObjectMapper mapper) {
    this.storage = storage;
    this.clock = limits.nanoTime();
    this.options = options;
    this.store = store;
    this.mapper = mapper;
    this.limits = limits;
    this.threads = Executors.newThreadPerTaskExecutor(
        Thread.ofPlatform().name("training-", 0).daemon(true).factory());
    int keep = options.maxStoredRuns();
    this.runs = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Run> eldest) {
        return size() > keep && eldest.getValue().status() != Run.Status.RUNNING;
      }
    };
  }

  /**
   * Starts a run at once, in one of {@code client}'s computing slots.
   *
   * @throws ClientLimits.Busy when the client, or the server, has no slot free
   */
  Run start(RunConfig config, @Nullable String learnerId, String client) {
    ClientLimits.Slot slot = limits.compute(client, 0);
    Run run;
    synchronized (runs) {
      run = new Run(newId(), config, learnerId, clock);
      runs.put(run.id(), run);
    }
    long unwatchedNanos = UNWATCHED.toNanos();
    try {
      threads.execute(() -> {
        // Order matters: store, free the slot, then publish the final state, so that a client
        // who sees "done" or "cancelled" finds the run stored and a slot free.
        String failure = null;
        try {
          TrainingResult result = Rl.train(config, run, () -> run.shouldStop(unwatchedNanos),
              options.maxRunTime());
          if (!save(run.id(), learnerId, result, run.resultJson())) {
            failure = "The run trained, but the server could not store it (its disk is full or "
                + "read-only), so it is not saved: try again later.";
          }
        } catch (RuntimeException | Error e) {
          LOG.error("run {} failed: {}", run.id(), Logs.trace(e));
          failure = "training failed: " + e.getClass().getSimpleName();
        } finally {
          slot.close();
        }
        if (failure == null) {
          run.publish();
        } else {
          run.fail(failure);
        }
      });
    } catch (RuntimeException e) {
      slot.close();
      throw e;
    }
    return run;
  }

  /**
   * Runs {@code work} in a training slot on the caller's thread (for short synchronous jobs such
   * as seed experiments).
   *
   * @throws ClientLimits.Busy when the client, or the server, has no slot free
   */
  <T> T inSlot(String client, java.util.function.Supplier<T> work) {
    try (ClientLimits.Slot slot = limits.compute(client, 0)) {
      return work.get();
    }
  }

  /** A fresh id: 12 hex characters, never one in memory. */
  String newId() {
    synchronized (runs) {
      String id;
      do {
        byte[] bytes = new byte[6];
        ids.nextBytes(bytes);
        id = HexFormat.of().formatHex(bytes);
      } while (runs.containsKey(id));
      return id;
    }
  }

  /**
   * Stores a finished run so its link keeps working after it leaves memory or a restart.
   *
   * @return whether it is stored (on disk: acknowledged only now); false after a failure, which
   *     stops writes for a while ({@link Storage#writeFailed()})
   */
  boolean save(String id, @Nullable String learnerId, TrainingResult result,
      @Nullable Map<String, Object> resultJson) {
    if (resultJson == null) {
      return false;
    }
    try {
      storage.checkWritable();
      Object mean = resultJson.get("meanReturn");
      Object expected = resultJson.get("expectedReturn");
      Object optimal = resultJson.get("optimalExpectedReturn");
      boolean blackjack = FamilyViews.familyOf(result.config().env()).equals(RunConfigs.BLACKJACK);
      store.save(new RunStore.StoredRun(id, learnerId, Instant.now(),
          result.config().algorithm().id(),
          blackjack ? RunConfigs.rules(result.config()).id() : null,
          result.episodes(), result.config().seed(),
          result.stopReason().name().toLowerCase(java.util.Locale.ROOT),
          mean instanceof Number n ? n.doubleValue() : null,
          expected instanceof Number n ? n.doubleValue() : null,
          optimal instanceof Number n ? n.doubleValue() : null,
          mapper.writeValueAsString(resultJson.get("config")),
          mapper.writeValueAsString(resultJson), result.config().env()));
      return true;
    } catch (Storage.Full e) {
      LOG.warn("run {} not stored: {}", id, e.getMessage());
      return false;
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.error("could not store run {}: {}", id, Logs.kind(e));
      storage.writeFailed();
      return false;
    }
  }

  /**
   * Stores a run another machine computed (a learner's browser), whose report was already checked
   * ({@code WebServer}'s {@code POST /api/runs/saved}); unlike {@link #save}, a failure to store
   * propagates, so the learner hears of it.
   */
  void saveComputed(String id, @Nullable String learnerId, RunConfig config, long episodes,
      String stopReason, Map<String, Object> resultJson) throws JsonProcessingException {
    Object mean = resultJson.get("meanReturn");
    Object expected = resultJson.get("expectedReturn");
    Object optimal = resultJson.get("optimalExpectedReturn");
    boolean blackjack = FamilyViews.familyOf(config.env()).equals(RunConfigs.BLACKJACK);
    store.save(new RunStore.StoredRun(id, learnerId, Instant.now(), config.algorithm().id(),
        blackjack ? RunConfigs.rules(config).id() : null, episodes, config.seed(), stopReason,
        mean instanceof Number n ? n.doubleValue() : null,
        expected instanceof Number n ? n.doubleValue() : null,
        optimal instanceof Number n ? n.doubleValue() : null,
        mapper.writeValueAsString(resultJson.get("config")),
        mapper.writeValueAsString(resultJson), config.env()));
  }

  /** The stored copy of a run that is no longer (or never was) in memory. */
  Optional<RunStore.StoredRun> stored(String id) {
    return store.find(id);
  }

  Optional<Run> get(String id) {
    synchronized (runs) {
      return Optional.ofNullable(runs.get(id));
    }
  }

  /** Training slots in use now. */
  int active() {
    return limits.active();
  }

  @Override
  public void close() {
    synchronized (runs) {
      runs.values().forEach(Run::cancel);
    }
    threads.shutdown();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
