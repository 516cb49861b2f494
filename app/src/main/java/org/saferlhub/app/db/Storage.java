package org.saferlhub.app.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Whether the server may write now, and why not: writes stop while the data folder's disk has
 * less than a minimum of free space or the database has grown past its ceiling, and for a short
 * while after a write failed (a full disk, a read-only file). The server then answers writes 503
 * with {@link State#reason()}, reports the state on {@code /api/health}, and starts writing again
 * by itself once space returns: nothing is acknowledged that was not stored.
 *
 * <p>Measuring touches the file system (and PostgreSQL's size function), so a state is kept for
 * {@link #RECHECK_NANOS} before it is measured again.
 */
public final class Storage {

  /** How long a measured state is kept. */
  static final long RECHECK_NANOS = 1_000_000_000L;

  /**
   * The storage now.
   *
   * @param writable whether writes are taken
   * @param reason why not, in words for the learner and the operator; null when writable
   * @param freeBytes free space on the data folder's disk, or -1 when unknown (PostgreSQL)
   * @param databaseBytes the database's size, or -1 when unknown (in memory)
   */
  public record State(boolean writable, @Nullable String reason, long freeBytes,
      long databaseBytes) {}

  /** Thrown by {@link #checkWritable()}: the API answers 503 with {@code Retry-After}. */
  public static final class Full extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Full(String reason) {
      super(reason);
    }
  }

  private final Database database;
  private final long minFreeBytes;
  private final long maxDatabaseBytes;
  private final LongSupplier nanoTime;
  private @Nullable LongSupplier freeSpaceOverride;
  private State state = new State(true, null, -1, -1);
  private long measuredAt;
  private boolean measured;
  private long failedAt;
  private boolean failed;

  /**
   * @param minFreeBytes writes stop below this much free disk space
   * @param maxDatabaseBytes writes stop above this database size
   */
  public Storage(Database database, long minFreeBytes, long maxDatabaseBytes,
      LongSupplier nanoTime) {
    this.database = database;
    this.minFreeBytes = minFreeBytes;
    this.maxDatabaseBytes = maxDatabaseBytes;
    this.nanoTime = nanoTime;
  }

  /** Measures free space with {@code freeBytes} instead of the disk (tests). */
  public synchronized void measureFreeSpaceWith(LongSupplier freeBytes) {
    this.freeSpaceOverride = freeBytes;
    this.measured = false;
  }

  /** The state, measured at most {@link #RECHECK_NANOS} ago. */
  public synchronized State state() {
    long now = nanoTime.getAsLong();
    if (!measured || now - measuredAt >= RECHECK_NANOS) {
      state = measure(now);
      measuredAt = now;
      measured = true;
    }
    return state;
  }

  /** @throws Full when writes are not taken now, with the reason */
  public void checkWritable() {
    State s = state();
    if (!s.writable()) {
      throw new Full(s.reason());
    }
  }

  /**
   * Reports a failed write: writes stop until the next measurement finds the disk writable again,
   * and the database's connections are renewed (H2 closes itself after a failed write; new
   * connections open it again once it can be written).
   */
  public synchronized void writeFailed() {
    failed = true;
    failedAt = nanoTime.getAsLong();
    measured = false;
    database.renewConnections();
  }

  private State measure(long now) {
    long free = freeBytes();
    long size = database.sizeBytes();
    if (free >= 0 && free < minFreeBytes) {
      return new State(false, "The server's disk is nearly full (" + mb(free) + " MB free, "
          + "writes stop below " + mb(minFreeBytes) + " MB): nothing was saved. The operator "
          + "can free space; writing resumes by itself.", free, size);
    }
    if (size > maxDatabaseBytes) {
      return new State(false, "The server's database has reached its size limit (" + mb(size)
          + " MB of " + mb(maxDatabaseBytes) + " MB): nothing was saved. Old runs are deleted "
          + "over time, or the operator can raise --max-db-mb.", free, size);
    }
    if (failed) {
      if (now - failedAt < RECHECK_NANOS || !database.canWrite()) {
        return new State(false, "The server could not write to its database just now (a full "
            + "or read-only disk): nothing was saved. Try again in a minute.", free, size);
      }
      failed = false;
    }
    return new State(true, null, free, size);
  }

  private long freeBytes() {
    if (freeSpaceOverride != null) {
      return freeSpaceOverride.getAsLong();
    }
    Path file = database.config().h2File().orElse(null);
    if (file == null || database.config().inMemoryH2()) {
      return -1;
    }
    try {
      return Files.getFileStore(file.getParent()).getUsableSpace();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long mb(long bytes) {
    return bytes >> 20;
  }
}
