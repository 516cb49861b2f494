package org.saferlhub.app.web;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Fair shares of the server between its clients (a client is an address, {@code ctx.ip()}): each
 * client has its own write budget and its own few computing slots, under the server's ceiling
 * for all of them. One learner's flood of scores, or a script starting runs, then fills only its
 * own share: everyone else keeps theirs.
 *
 * <p>Writes: a token bucket per client ({@link WebServer.Limits#writesPerClientPerSecond()},
 * burst {@link WebServer.Limits#writeBurstPerClient()}) inside the server's bucket. Computing
 * (training runs, seed experiments, dynamic programming): at most
 * {@link WebServer.Limits#runsPerClient()} at once per client, at most
 * {@link WebServer.Options#maxConcurrentRuns()} in all. Memory is bounded: clients with nothing
 * running and a full bucket are forgotten when the table grows large.
 */
final class ClientLimits {

  /** Writes per second and burst of the whole server, above every client's own share. */
  static final double SERVER_WRITES_PER_SECOND = 50;
  static final int SERVER_WRITE_BURST = 100;

  /** Thrown when a client, or the whole server, has no computing slot free: 429. */
  static final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Busy(String message) {
      super(message);
    }
  }

  /** A taken computing slot; closing it frees the slot. */
  interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  private final int slots;
  private final int slotsPerClient;
  private final double clientPerSecond;
  private final int clientBurst;
  private final LongSupplier nanoTime;
  private final CommunityRoutes.WriteLimiter server;
  private final Map<String, Integer> running = new HashMap<>();
  private final Map<String, CommunityRoutes.WriteLimiter> writers = new HashMap<>();
  private final Map<String, CommunityRoutes.WriteLimiter> storers = new HashMap<>();
  private final int runsPerHour;
  private int runningTotal;

  ClientLimits(int slots, WebServer.Limits limits, LongSupplier nanoTime) {
    this.slots = slots;
    this.slotsPerClient = Math.min(slots, limits.runsPerClient());
    this.clientPerSecond = limits.writesPerClientPerSecond();
    this.clientBurst = limits.writeBurstPerClient();
    this.nanoTime = nanoTime;
    this.runsPerHour = limits.storedRunsPerClientPerHour();
    this.server = new CommunityRoutes.WriteLimiter(SERVER_WRITES_PER_SECOND, SERVER_WRITE_BURST,
        nanoTime);
  }

  /** The clock of the write buckets. */
  LongSupplier nanoTime() {
    return nanoTime;
  }

  /**
   * Takes one write from {@code client}'s share and the server's: 0 when allowed, else the whole
   * seconds to wait (nothing is taken then).
   */
  long tryWrite(String client) {
    CommunityRoutes.WriteLimiter own;
    synchronized (writers) {
      if (writers.size() > 10_000) {
        writers.clear(); // bounded memory; a flood of addresses gains one burst each
      }
      own = writers.computeIfAbsent(client, c ->
          new CommunityRoutes.WriteLimiter(clientPerSecond, clientBurst, nanoTime));
    }
    long wait = own.waitForOne();
    if (wait > 0) {
      return wait;
    }
    wait = server.tryAcquire();
    if (wait > 0) {
      return wait;
    }
    own.tryAcquire();
    return 0;
  }

  /**
   * Takes {@code runs} from {@code client}'s hourly quota of stored runs
   * ({@link WebServer.Limits#storedRunsPerClientPerHour()}), which comes back steadily over the
   * hour.
   *
   * @throws Quota when the quota has fewer left (nothing is taken then)
   */
  void storeRuns(String client, int runs) {
    CommunityRoutes.WriteLimiter quota;
    synchronized (storers) {
      if (storers.size() > 10_000) {
        storers.clear();
      }
      quota = storers.computeIfAbsent(client, c ->
          new CommunityRoutes.WriteLimiter(runsPerHour / 3600.0, runsPerHour, nanoTime));
    }
    long wait = quota.tryAcquire(runs);
    if (wait > 0) {
      throw new Quota("You stored " + runsPerHour + " runs in the last hour, the most one "
          + "learner may keep on this server; try again in " + wait + " s (runs trained in your "
          + "browser need no quota until you save them).", wait);
    }
  }

  /** A client's quota of stored runs is used up: 429 with {@code Retry-After}. */
  static final class Quota extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long retryAfterSeconds;

    Quota(String message, long retryAfterSeconds) {
      super(message);
      this.retryAfterSeconds = retryAfterSeconds;
    }
  }

  /**
   * Takes a computing slot for {@code client}, waiting up to {@code patienceMillis} for the
   * server's slots (never for the client's own: those are its own runs).
   *
   * @throws Busy when the client already computes {@link WebServer.Limits#runsPerClient()}
   *     things, or the server's slots stayed taken
   */
  Slot compute(String client, long patienceMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(patienceMillis);
    synchronized (running) {
      while (true) {
        int own = running.getOrDefault(client, 0);
        if (own >= slotsPerClient) {
          throw new Busy("You already have " + own + " computation" + (own == 1 ? "" : "s")
              + " running on this server, the most one learner may (others share it too); "
              + "wait for one to finish, or stop it.");
        }
        if (runningTotal < slots) {
          running.merge(client, 1, Integer::sum);
          runningTotal++;
          return new Slot() {
            private boolean closed;

            @Override
            public void close() {
              synchronized (running) {
                if (closed) {
                  return;
                }
                closed = true;
                running.computeIfPresent(client, (c, n) -> n > 1 ? n - 1 : null);
                runningTotal--;
                running.notifyAll();
              }
            }
          };
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new Busy("All " + slots + " computing slots of this server are busy with "
              + "other learners' runs; try again in a few seconds.");
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(running, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new Busy("interrupted while waiting for a computing slot");
        }
      }
    }
  }

  /** Computing slots in use now, by everyone. */
  int active() {
    synchronized (running) {
      return runningTotal;
    }
  }
}
