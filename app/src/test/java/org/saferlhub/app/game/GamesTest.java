package org.saferlhub.app.game;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rounds the server keeps: per-client share, server cap, idle expiry (on a test clock). */
class GamesTest {

  final AtomicLong clock = new AtomicLong();
  final Games games = new Games(GameTest.POOL, 3, 2, Duration.ofMinutes(30), clock::get);

  @Test
  void aClientPastItsShareDropsItsOwnLeastRecentlyUsedRound() {
    Game a = games.start(1L, "10.0.0.1");
    clock.addAndGet(1);
    Game b = games.start(2L, "10.0.0.1");
    clock.addAndGet(1);
    assertThat(games.get(a.id())).isPresent(); // a is now the more recently used
    clock.addAndGet(1);
    Game c = games.start(3L, "10.0.0.1");
    assertThat(games.get(b.id())).isEmpty();
    assertThat(games.get(a.id())).isPresent();
    assertThat(games.get(c.id())).isPresent();
    assertThat(games.size()).isEqualTo(2);
  }

  @Test
  void aFullServerRefusesNewRoundsUntilIdleOnesAreDropped() {
    games.start(null, "10.0.0.1");
    games.start(null, "10.0.0.2");
    Game third = games.start(null, "10.0.0.3");
    assertThatThrownBy(() -> games.start(null, "10.0.0.4")).isInstanceOf(Games.Full.class)
        .hasMessageContaining("3 rounds");
    clock.addAndGet(TimeUnit.MINUTES.toNanos(20));
    games.get(third.id());
    clock.addAndGet(TimeUnit.MINUTES.toNanos(11)); // the first two idle for 31 minutes
    assertThat(games.start(null, "10.0.0.4").seed()).isBetween(0L, Games.MAX_SEED);
    assertThat(games.size()).isEqualTo(2);
    assertThat(games.get(third.id())).isPresent();
  }

  @Test
  void idsAreUnguessableHexAndSeedsAreKeptOrDrawn() {
    Game a = games.start(4_294_967_295L, "10.0.0.1");
    Game b = games.start(null, "10.0.0.2");
    assertThat(a.id()).matches("[0-9a-f]{16}").isNotEqualTo(b.id());
    assertThat(a.seed()).isEqualTo(4_294_967_295L);
  }
}
