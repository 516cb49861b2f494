package org.saferlhub.app.grid;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.saferlhub.env.grid.GridMap;

/**
 * The server's live GridWorld sessions: at most {@link #maxSessions()} at once, each forgotten
 * after {@link #idleLimit()} without a request. Creating one more than the cap throws {@link Full}
 * (the API answers 429). Thread-safe; each session guards itself.
 */
public final class GridSessions {

  /** The default cap on sessions at once. */
  public static final int DEFAULT_MAX_SESSIONS = 200;

  /** The default idle time after which a session is dropped. */
  public static final Duration DEFAULT_IDLE_LIMIT = Duration.ofMinutes(20);

  /** Thrown when every session slot is taken; the API answers 429 with {@code Retry-After}. */
  public static final class Full extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Full(String message) {
      super(message);
    }
  }

  private final int maxSessions;
  private final int maxPerOwner;
  private final Map<String, String> ownerOf = new java.util.HashMap<>();
  private final Duration idleLimit;
  private final LongSupplier nanoClock;
  private final Supplier<String> newId;
  private final Map<String, GridSession> sessions = new LinkedHashMap<>();

  /** {@value #DEFAULT_MAX_SESSIONS} sessions, dropped after 20 idle minutes. */
  public GridSessions() {
    this(DEFAULT_MAX_SESSIONS, DEFAULT_IDLE_LIMIT, System::nanoTime);
  }

  /**
   * At most {@code maxSessions} sessions in all and {@code maxPerOwner} per owner (the server's
   * clients: one address cannot take every slot).
   */
  public GridSessions(int maxSessions, int maxPerOwner, Duration idleLimit,
      LongSupplier nanoClock) {
    this(maxSessions, maxPerOwner, idleLimit, nanoClock, randomIds());
  }

  /**
   * @param maxSessions the most sessions at once, at least 1
   * @param idleLimit how long a session may go without a request
   * @param nanoClock the clock idle times are measured with ({@link System#nanoTime()})
   */
  public GridSessions(int maxSessions, Duration idleLimit, LongSupplier nanoClock) {
    this(maxSessions, idleLimit, nanoClock, randomIds());
  }

  /**
   * As {@link #GridSessions(int, Duration, LongSupplier)}, naming sessions with {@code newId}
   * (the engine in the browser, which has no SecureRandom and only one learner, counts them).
   */
  public GridSessions(int maxSessions, Duration idleLimit, LongSupplier nanoClock,
      Supplier<String> newId) {
    this(maxSessions, maxSessions, idleLimit, nanoClock, newId);
  }

  private GridSessions(int maxSessions, int maxPerOwner, Duration idleLimit,
      LongSupplier nanoClock, Supplier<String> newId) {
    this.newId = newId;
    if (maxSessions < 1 || maxPerOwner < 1) {
      throw new IllegalArgumentException("maxSessions and maxPerOwner must be at least 1, were "
          + maxSessions + " and " + maxPerOwner);
    }
    this.maxSessions = maxSessions;
    this.maxPerOwner = maxPerOwner;
    this.idleLimit = idleLimit;
    this.nanoClock = nanoClock;
  }

  /** Unguessable ids: 16 hex digits from a SecureRandom. */
  private static Supplier<String> randomIds() {
    SecureRandom random = new SecureRandom();
    return () -> {
      byte[] bytes = new byte[8];
      random.nextBytes(bytes);
      return HexFormat.of().formatHex(bytes);
    };
  }

  /** The cap on sessions at once. */
  public int maxSessions() {
    return maxSessions;
  }

  /** How long a session may stay idle. */
  public Duration idleLimit() {
    return idleLimit;
  }

  /**
   * Starts a session on {@code map}: the world is reset and the agent has chosen its first action.
   *
   * @throws Full when {@link #maxSessions()} sessions are live
   */
  public GridSession create(GridMap map, GridSession.Settings settings) {
    return create(map, settings, "");
  }

  /**
   * Starts a session owned by {@code owner}.
   *
   * @throws Full when {@link #maxSessions()} sessions are live, or the owner's share of them
   */
  public GridSession create(GridMap map, GridSession.Settings settings, String owner) {
    long now = nanoClock.getAsLong();
    synchronized (sessions) {
      dropIdle(now);
      if (sessions.size() >= maxSessions) {
        throw new Full("The server already runs " + maxSessions + " GridWorld agents, its "
            + "limit; idle ones are dropped after " + idleLimit.toMinutes() + " minutes. Try "
            + "again in a minute.");
      }
      int own = 0;
      for (String o : ownerOf.values()) {
        own += o.equals(owner) ? 1 : 0;
      }
      if (own >= maxPerOwner) {
        throw new Full("You already run " + own + " GridWorld agents, the most one learner "
            + "may; close a tab or wait: idle ones are dropped after " + idleLimit.toMinutes()
            + " minutes.");
      }
      String id;
      do {
        id = newId.get();
      } while (sessions.containsKey(id));
      GridSession session = new GridSession(id, map, settings, now);
      sessions.put(id, session);
      ownerOf.put(id, owner);
      return session;
    }
  }

  /** The live session with this id (marking it used), or empty if unknown or dropped. */
  public Optional<GridSession> get(String id) {
    long now = nanoClock.getAsLong();
    synchronized (sessions) {
      dropIdle(now);
      GridSession session = sessions.get(id);
      if (session != null) {
        session.touch(now);
      }
      return Optional.ofNullable(session);
    }
  }

  /** Forgets a session; false if there was none with this id. */
  public boolean remove(String id) {
    synchronized (sessions) {
      ownerOf.remove(id);
      return sessions.remove(id) != null;
    }
  }

  /** Live sessions now. */
  public int size() {
    long now = nanoClock.getAsLong();
    synchronized (sessions) {
      dropIdle(now);
      return sessions.size();
    }
  }

  private void dropIdle(long now) {
    long limit = idleLimit.toNanos();
    sessions.values().removeIf(s -> now - s.lastUsedNanos() > limit);
    ownerOf.keySet().retainAll(sessions.keySet());
  }
}
