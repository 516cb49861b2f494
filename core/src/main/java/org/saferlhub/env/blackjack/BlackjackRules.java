package org.saferlhub.env.blackjack;

import java.util.Arrays;
import java.util.Locale;

/**
 * The three rule sets of Gymnasium's Blackjack-v1. They differ only in how a natural (an ace and
 * a ten-valued card as the first two cards) is paid when the player sticks on it.
 */
public enum BlackjackRules {
  /**
   * {@code sab=True}, what {@code gym.make("Blackjack-v1")} plays: a player natural beats any
   * dealer hand that is not itself a natural (+1), even a drawn 21; natural against natural is 0.
   */
  SAB("sab", "A natural beats any other 21"),
  /**
   * {@code natural=False, sab=False}, the class default: naturals are ordinary 21s, so a natural
   * ties with any dealer 21.
   */
  DEFAULT("default", "A natural is a plain 21"),
  /**
   * {@code natural=True, sab=False}: a natural that wins pays +1.5; a natural against any dealer
   * 21 is a push.
   */
  NATURAL("natural", "A natural pays 1.5");

  private final String id;
  private final String title;

  BlackjackRules(String id, String title) {
    this.id = id;
    this.title = title;
  }

  /** The id used in URLs, the CLI and JSON: {@code sab}, {@code default} or {@code natural}. */
  public String id() {
    return id;
  }

  /** A short name for people. */
  public String title() {
    return title;
  }

  /**
   * The reward when the player sticks.
   *
   * @param playerTotal the player's total, at most 21
   * @param playerNatural whether the player's hand is a natural
   * @param dealerTotal the dealer's final total, 0 if the dealer bust
   * @param dealerNatural whether the dealer's first two cards are a natural
   * @return the reward: -1, 0, +1, or +1.5 for a winning natural under {@link #NATURAL}
   */
  public double stickReward(
      int playerTotal, boolean playerNatural, int dealerTotal, boolean dealerNatural) {
    double cmp = Integer.compare(playerTotal, dealerTotal);
    return switch (this) {
      case SAB -> playerNatural && !dealerNatural ? 1.0 : cmp;
      case NATURAL -> playerNatural && cmp == 1.0 ? 1.5 : cmp;
      case DEFAULT -> cmp;
    };
  }

  /**
   * Parses an id case-insensitively.
   *
   * @throws IllegalArgumentException naming the allowed ids
   */
  public static BlackjackRules fromId(String id) {
    for (BlackjackRules r : values()) {
      if (r.id.equals(id.toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "rules must be one of " + Arrays.stream(values()).map(BlackjackRules::id).toList()
            + ", was '" + id + "'");
  }
}
