package org.saferlhub.app.game;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The rounds the server is playing: at most {@link #maxGames()} at once and
 * {@link #maxPerClient()} per client, each forgotten after {@link #idleLimit()} without a request
 * (a finished round stays until then, so its score can still be saved). A client starting one
 * more round than its share drops its own least recently used one, so a learner playing round
 * after round never runs into the cap; when every slot of the server is taken, {@link #start}
 * throws {@link Full} (the API answers 429). Thread-safe.
 */
public final class Games {

  /** The default cap on rounds at once, all clients together. */
  public static final int DEFAULT_MAX_GAMES = 2_000;
  /** The default cap on rounds one client holds at once. */
  public static final int DEFAULT_MAX_PER_CLIENT = 20;
  /** The default idle time after which a round is dropped. */
  public static final Duration DEFAULT_IDLE_LIMIT = Duration.ofMinutes(30);
  /** The largest seed: seeds are 32-bit, as in engine.js. */
  public static final long MAX_SEED = 0xFFFF_FFFFL;

  /** Thrown when every slot of the server is taken; the API answers 429 with {@code Retry-After}. */
  public static final class Full extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Full(String message) {
      super(message);
    }
  }

  private final List<Question> pool;
  private final int maxGames;
  private final int maxPerClient;
  private final Duration idleLimit;
  private final LongSupplier nanoClock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Game> games = new LinkedHashMap<>();
  private final Map<String, String> ownerOf = new LinkedHashMap<>();

  /**
   * @param pool the questions rounds are dealt from (at least one)
   * @param maxGames rounds at once, at least 1
   * @param maxPerClient rounds one client holds at once, at least 1
   * @param idleLimit how long a round may go without a request
   * @param nanoClock the clock of answer times and idle times ({@link System#nanoTime()})
   */
  public Games(List<Question> pool, int maxGames, int maxPerClient, Duration idleLimit,
      LongSupplier nanoClock) {
    if (pool.isEmpty()) {
      throw new IllegalArgumentException("the game needs at least one question");
    }
    if (maxGames < 1 || maxPerClient < 1) {
      throw new IllegalArgumentException("maxGames and maxPerClient must be at least 1, were "
          + maxGames + " and " + maxPerClient);
    }
    this.pool = List.copyOf(pool);
    this.maxGames = maxGames;
    this.maxPerClient = maxPerClient;
    this.idleLimit = idleLimit;
    this.nanoClock = nanoClock;
  }

  /** The default caps and idle limit, on {@link System#nanoTime()}. */
  public static Games withDefaults(List<Question> pool) {
    return new Games(pool, DEFAULT_MAX_GAMES, DEFAULT_MAX_PER_CLIENT, DEFAULT_IDLE_LIMIT,
        System::nanoTime);
  }

  /** The question pool. */
  public List<Question> pool() {
    return pool;
  }

  /** The cap on rounds at once. */
  public int maxGames() {
    return maxGames;
  }

  /** The cap on rounds per client. */
  public int maxPerClient() {
    return maxPerClient;
  }

  /** How long a round may stay idle. */
  public Duration idleLimit() {
    return idleLimit;
  }

  /** The clock's time now, in nanoseconds. */
  public long now() {
    return nanoClock.getAsLong();
  }

  /**
   * Starts a round for {@code client}.
   *
   * @param seed 0 to {@link #MAX_SEED}, or null for a random one
   * @throws Full when the server holds {@link #maxGames()} rounds of other clients
   */
  public Game start(@Nullable Long seed, String client) {
    long now = now();
    synchronized (games) {
      dropIdle(now);
      List<String> own = ownerOf.entrySet().stream()
          .filter(e -> e.getValue().equals(client)).map(Map.Entry::getKey).toList();
      if (own.size() >= maxPerClient) {
        String oldest = own.get(0);
        for (String id : own) {
          if (games.get(id).lastUsedNanos() < games.get(oldest).lastUsedNanos()) {
            oldest = id;
          }
        }
        remove(oldest);
      }
      if (games.size() >= maxGames) {
        throw new Full("The server is already playing " + maxGames + " rounds of Fix the robots, "
            + "its limit; rounds nobody plays are dropped after " + idleLimit.toMinutes()
            + " minutes. Try again in a minute.");
      }
      String id;
      do {
        id = newId();
      } while (games.containsKey(id));
      long s = seed != null ? seed : random.nextLong() & MAX_SEED;
      Game game = new Game(id, s, pool, now);
      games.put(id, game);
      ownerOf.put(id, client);
      return game;
    }
  }

  /** The round with this id (marking it used), or empty if unknown or dropped. */
  public Optional<Game> get(String id) {
    long now = now();
    synchronized (games) {
      dropIdle(now);
      Game game = games.get(id);
      if (game != null) {
        game.touch(now);
      }
      return Optional.ofNullable(game);
    }
  }

  /** Rounds held now. */
  public int size() {
    long now = now();
    synchronized (games) {
      dropIdle(now);
      return games.size();
    }
  }

  private void remove(String id) {
    games.remove(id);
    ownerOf.remove(id);
  }

  private void dropIdle(long now) {
    long limit = idleLimit.toNanos();
    games.values().removeIf(g -> now - g.lastUsedNanos() > limit);
    ownerOf.keySet().retainAll(games.keySet());
  }

  /** Unguessable: 16 hex digits from a SecureRandom. */
  private String newId() {
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
