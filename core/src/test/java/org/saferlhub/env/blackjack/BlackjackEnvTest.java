package org.saferlhub.env.blackjack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.saferlhub.env.blackjack.BlackjackEnv.HIT;
import static org.saferlhub.env.blackjack.BlackjackEnv.STICK;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.saferlhub.env.Step;

/**
 * Scripted hands with exact outcomes. The environment draws from its own generator, so each hand
 * is found by scanning seeds for a deal with the wanted property, then replayed under every rule
 * set: the rules change only the payoff, never the cards.
 */
class BlackjackEnvTest {

  private static final int MAX_SEED = 1_000_000;

  /** A deal to look for: a condition on the start, an action script, a condition at the end. */
  enum Deal {
    NATURAL_VS_DRAWN_21("S", BlackjackEnv::playerNatural,
        env -> env.dealerTotal() == 21 && !env.dealerNatural()),
    NATURAL_VS_20("S", BlackjackEnv::playerNatural, env -> env.dealerTotal() == 20),
    NATURAL_VS_DEALER_BUST("S", BlackjackEnv::playerNatural, env -> env.dealerTotal() > 21),
    NATURAL_VS_NATURAL("S", env -> env.playerNatural() && env.dealerNatural(), env -> true),
    DRAWN_21_VS_NATURAL("HS", env -> !env.playerNatural() && env.dealerNatural(),
        env -> env.playerTotal() == 21),
    /** A hit natural is an ordinary hand: no bonus under any rules. */
    HIT_NATURAL_THEN_WIN("HS", BlackjackEnv::playerNatural,
        env -> env.dealerTotal() > 21 || env.playerTotal() > env.dealerTotal()),
    HARD_20_VS_19("S", env -> env.playerTotal() == 20 && !hasUsableAce(env),
        env -> env.dealerTotal() == 19),
    HARD_17_VS_17("S", env -> env.playerTotal() == 17 && !hasUsableAce(env), env -> env.dealerTotal() == 17),
    HARD_18_VS_20("S", env -> env.playerTotal() == 18 && !hasUsableAce(env), env -> env.dealerTotal() == 20);

    final String script;
    final Predicate<BlackjackEnv> atStart;
    final Predicate<BlackjackEnv> atEnd;

    Deal(String script, Predicate<BlackjackEnv> atStart, Predicate<BlackjackEnv> atEnd) {
      this.script = script;
      this.atStart = atStart;
      this.atEnd = atEnd;
    }
  }

  @ParameterizedTest
  @CsvSource({
      // deal,                sab, default, natural
      "NATURAL_VS_DRAWN_21,    1.0, 0.0, 0.0",
      "NATURAL_VS_20,          1.0, 1.0, 1.5",
      "NATURAL_VS_DEALER_BUST, 1.0, 1.0, 1.5",
      "NATURAL_VS_NATURAL,     0.0, 0.0, 0.0",
      "DRAWN_21_VS_NATURAL,    0.0, 0.0, 0.0",
      "HIT_NATURAL_THEN_WIN,   1.0, 1.0, 1.0",
      "HARD_20_VS_19,          1.0, 1.0, 1.0",
      "HARD_17_VS_17,          0.0, 0.0, 0.0",
      "HARD_18_VS_20,         -1.0, -1.0, -1.0"})
  void scriptedHandsPayExactlyPerRuleSet(Deal deal, double sab, double def, double natural) {
    long seed = findSeed(deal);
    assertThat(play(BlackjackRules.SAB, seed, deal.script)).isEqualTo(sab);
    assertThat(play(BlackjackRules.DEFAULT, seed, deal.script)).isEqualTo(def);
    assertThat(play(BlackjackRules.NATURAL, seed, deal.script)).isEqualTo(natural);
  }

  @Test
  void bustPaysMinusOneEndsTheEpisodeAndShowsTheBustedTotal() {
    // Hard 20 plus a ten: the largest bust there is from sticking-worthy hands.
    long seed = findSeed("H", env -> env.playerTotal() == 20 && !hasUsableAce(env),
        env -> env.playerTotal() == 30);
    BlackjackEnv env = new BlackjackEnv(BlackjackRules.SAB);
    int up = env.reset(seed).observation().dealerCard();
    Step<BlackjackObservation> step = env.step(HIT);
    assertThat(step.reward()).isEqualTo(-1.0);
    assertThat(step.terminated()).isTrue();
    assertThat(step.truncated()).isFalse();
    assertThat(step.observation()).isEqualTo(new BlackjackObservation(30, up, 0));
    assertThat(env.dealerCards()).hasSize(2); // the dealer does not play after a bust
    assertThat(env.episodeOver()).isTrue();
  }

  @Test
  void hittingA21IsAllowedAndANaturalStopsBeingOne() {
    long seed = findSeed("", BlackjackEnv::playerNatural, env -> true);
    BlackjackEnv env = new BlackjackEnv(BlackjackRules.NATURAL);
    BlackjackObservation start = env.reset(seed).observation();
    assertThat(start.playerSum()).isEqualTo(21);
    assertThat(start.usableAce()).isEqualTo(1);
    Step<BlackjackObservation> step = env.step(HIT);
    int card = env.playerCards()[2];
    // Soft 21 plus any card: the ace drops to 1, total 11 + card, never a bust.
    assertThat(step.observation()).isEqualTo(new BlackjackObservation(11 + card,
        start.dealerCard(), 0));
    assertThat(step.reward()).isZero();
    assertThat(step.terminated()).isFalse();
    assertThat(env.playerNatural()).isFalse();
  }

  @Test
  void dealerStandsOnSoft17() {
    long seed = findSeed("S", env -> sorted(env.dealerCards()).equals(List.of(1, 6)), env -> true);
    BlackjackEnv env = new BlackjackEnv(BlackjackRules.SAB);
    env.resetState(seed);
    env.stepState(STICK);
    assertThat(env.dealerCards()).hasSize(2);
    assertThat(env.dealerTotal()).isEqualTo(17);
  }

  @Test
  void dealerDrawsOnSoft16AndHard16() {
    for (List<Integer> first : List.of(List.of(1, 5), List.of(6, 10))) {
      long seed = findSeed("S", env -> sorted(env.dealerCards()).equals(first), env -> true);
      BlackjackEnv env = new BlackjackEnv(BlackjackRules.SAB);
      env.resetState(seed);
      env.stepState(STICK);
      assertThat(env.dealerCards().length).as("dealer %s", first).isGreaterThan(2);
    }
  }

  @Test
  void dealerDrawsExactlyWhileBelow17() {
    BlackjackEnv env = new BlackjackEnv(BlackjackRules.SAB);
    env.resetState(5);
    for (int episode = 0; episode < 20_000; episode++) {
      env.resetState();
      env.stepState(STICK);
      int[] cards = env.dealerCards();
      assertThat(total(cards)).isGreaterThanOrEqualTo(17);
      for (int n = 2; n < cards.length; n++) {
        assertThat(total(Arrays.copyOf(cards, n))).as("dealer %s", Arrays.toString(cards))
            .isLessThan(17);
      }
    }
  }

  @Test
  void usableAceBookkeeping() {
    long seed = findSeed("H", env -> sorted(env.playerCards()).equals(List.of(1, 5)),
        env -> env.playerCards()[2] == 10);
    BlackjackEnv env = new BlackjackEnv(BlackjackRules.DEFAULT);
    BlackjackObservation start = env.reset(seed).observation();
    assertThat(start).isEqualTo(new BlackjackObservation(16, env.dealerCards()[0], 1));
    Step<BlackjackObservation> step = env.step(HIT);
    assertThat(step.observation()).isEqualTo(new BlackjackObservation(16, start.dealerCard(), 0));
    assertThat(step.reward()).isZero();
    assertThat(step.terminated()).isFalse();
  }

  @Test
  void twoAcesAreASoft12() {
    long seed = findSeed("", env -> sorted(env.playerCards()).equals(List.of(1, 1)), env -> true);
    BlackjackEnv env = new BlackjackEnv(BlackjackRules.SAB);
    BlackjackObservation start = env.reset(seed).observation();
    assertThat(start.playerSum()).isEqualTo(12);
    assertThat(start.usableAce()).isEqualTo(1);
  }

  @Test
  void theStartObservationMatchesTheCards() {
    BlackjackEnv env = new BlackjackEnv(BlackjackRules.SAB);
    env.resetState(11);
    for (int episode = 0; episode < 10_000; episode++) {
      BlackjackObservation obs = env.decode(env.resetState());
      int[] cards = env.playerCards();
      assertThat(cards).hasSize(2);
      assertThat(obs.playerSum()).isEqualTo(total(cards)).isBetween(4, 21);
      assertThat(obs.usableAce()).isEqualTo(hasUsableAce(cards) ? 1 : 0);
      assertThat(obs.dealerCard()).isEqualTo(env.dealerCards()[0]);
      assertThat(env.dealerCards()).hasSize(2);
      assertThat(env.playerNatural()).isEqualTo(sorted(cards).equals(List.of(1, 10)));
    }
  }

  @Test
  void stepBeforeResetOrAfterTheEndThrows() {
    BlackjackEnv env = new BlackjackEnv(BlackjackRules.SAB);
    assertThatThrownBy(() -> env.step(STICK)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("reset");
    assertThatThrownBy(() -> env.stepState(HIT)).isInstanceOf(IllegalStateException.class);
    env.reset(1);
    assertThat(env.step(STICK).terminated()).isTrue();
    assertThatThrownBy(() -> env.step(STICK)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("over");
    assertThatThrownBy(() -> env.stepState(HIT)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void invalidActionsNameTheSpace() {
    BlackjackEnv env = new BlackjackEnv(BlackjackRules.SAB);
    env.reset(1);
    for (int action : new int[] {2, -1}) {
      assertThatThrownBy(() -> env.step(action)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Discrete(2)").hasMessageContaining("was " + action);
    }
    assertThatThrownBy(() -> env.step(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Discrete(2)");
    // A rejected action leaves the episode running.
    assertThat(env.episodeOver()).isFalse();
    env.step(STICK);
  }

  @Test
  void sameSeedSameEpisodes() {
    assertThat(episodes(42)).isEqualTo(episodes(42)).isNotEqualTo(episodes(43));
  }

  /** 1.3M draws: each of A, 2..9 with chance 1/13, a ten-valued card with 4/13. */
  @Test
  void cardFrequenciesMatchTheInfiniteDeck() {
    long[] counts = new long[11];
    BlackjackEnv env = new BlackjackEnv(BlackjackRules.SAB);
    env.resetState(2024);
    int deals = 325_000;
    for (int i = 0; i < deals; i++) {
      env.resetState();
      for (int c : env.playerCards()) {
        counts[c]++;
      }
      for (int c : env.dealerCards()) {
        counts[c]++;
      }
    }
    long n = 4L * deals;
    double chiSquare = 0;
    for (int card = 1; card <= 10; card++) {
      double p = card == 10 ? 4 / 13.0 : 1 / 13.0;
      double expected = n * p;
      double z = (counts[card] - expected) / Math.sqrt(n * p * (1 - p));
      assertThat(Math.abs(z)).as("card %d: %d draws, expected %.0f", card, counts[card], expected)
          .isLessThan(5.0);
      chiSquare += (counts[card] - expected) * (counts[card] - expected) / expected;
    }
    assertThat(counts[0]).isZero();
    // 9 degrees of freedom: P(chi² > 40) is about 7e-6.
    assertThat(chiSquare).isLessThan(40.0);
  }

  // ---------------------------------------------------------------- helpers

  private static long findSeed(Deal deal) {
    return findSeed(deal.script, deal.atStart, deal.atEnd);
  }

  /** The first seed whose deal satisfies {@code atStart} and, after {@code script}, {@code atEnd}. */
  private static long findSeed(
      String script, Predicate<BlackjackEnv> atStart, Predicate<BlackjackEnv> atEnd) {
    BlackjackEnv env = new BlackjackEnv(BlackjackRules.SAB);
    for (long seed = 0; seed < MAX_SEED; seed++) {
      env.resetState(seed);
      if (atStart.test(env) && playScript(env, script) && atEnd.test(env)) {
        return seed;
      }
    }
    throw new AssertionError("no seed below " + MAX_SEED + " gives the wanted deal");
  }

  /** Plays the script; false if the episode ended before its last action. */
  private static boolean playScript(BlackjackEnv env, String script) {
    for (int i = 0; i < script.length(); i++) {
      if (env.episodeOver()) {
        return false;
      }
      env.stepState(script.charAt(i) == 'H' ? HIT : STICK);
    }
    return true;
  }

  /** Replays {@code seed} under {@code rules} and returns the final reward. */
  private static double play(BlackjackRules rules, long seed, String script) {
    BlackjackEnv env = new BlackjackEnv(rules);
    env.resetState(seed);
    assertThat(playScript(env, script)).isTrue();
    assertThat(env.terminated()).isTrue();
    return env.reward();
  }

  /** Fifty episodes of "stick on 17 or more", described card by card. */
  private static List<String> episodes(long seed) {
    BlackjackEnv env = new BlackjackEnv(BlackjackRules.SAB);
    List<String> log = new ArrayList<>();
    int s = env.resetState(seed);
    for (int episode = 0; episode < 50; episode++) {
      if (episode > 0) {
        s = env.resetState();
      }
      while (!env.episodeOver()) {
        s = env.stepState(env.decode(s).playerSum() < 17 ? HIT : STICK);
      }
      log.add(Arrays.toString(env.playerCards()) + Arrays.toString(env.dealerCards())
          + env.reward());
    }
    return log;
  }

  private static List<Integer> sorted(int[] cards) {
    return Arrays.stream(cards).sorted().boxed().toList();
  }

  private static boolean hasUsableAce(BlackjackEnv env) {
    return hasUsableAce(env.playerCards());
  }

  /** Written from the rules, independently of the environment's bookkeeping. */
  private static boolean hasUsableAce(int[] cards) {
    return Arrays.stream(cards).anyMatch(c -> c == 1) && Arrays.stream(cards).sum() + 10 <= 21;
  }

  private static int total(int[] cards) {
    return Arrays.stream(cards).sum() + (hasUsableAce(cards) ? 10 : 0);
  }
}
