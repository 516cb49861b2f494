package org.saferlhub.env.blackjack;

/**
 * What the Blackjack agent sees: Gymnasium's tuple {@code (player_sum, dealer_card, usable_ace)}.
 *
 * @param playerSum the player's total, 4..21 while the episode runs, up to 31 after a bust
 * @param dealerCard the dealer's face-up card, 1 (ace) to 10
 * @param usableAce 1 if the player holds an ace counted as 11, else 0
 */
public record BlackjackObservation(int playerSum, int dealerCard, int usableAce) {

  /** Number of distinct observation indices: {@code 32 × 11 × 2}. */
  public static final int COUNT = 32 * 11 * 2;

  /** Checks the declared space {@code Tuple(Discrete(32), Discrete(11), Discrete(2))}. */
  public BlackjackObservation {
    if (playerSum < 0 || playerSum > 31 || dealerCard < 0 || dealerCard > 10
        || usableAce < 0 || usableAce > 1) {
      throw new IllegalArgumentException("observation out of Tuple(Discrete(32), Discrete(11), "
          + "Discrete(2)): (" + playerSum + ", " + dealerCard + ", " + usableAce + ")");
    }
  }

  /** The index of an observation: {@code (playerSum × 11 + dealerCard) × 2 + usableAce}. */
  public static int index(int playerSum, int dealerCard, int usableAce) {
    return (playerSum * 11 + dealerCard) * 2 + usableAce;
  }

  /** This observation's index. */
  public int index() {
    return index(playerSum, dealerCard, usableAce);
  }

  /** The observation with the given index. */
  public static BlackjackObservation ofIndex(int index) {
    if (index < 0 || index >= COUNT) {
      throw new IllegalArgumentException("state index must be in [0, " + COUNT + "), was " + index);
    }
    return new BlackjackObservation(index / 22, (index / 2) % 11, index % 2);
  }

  /** Whether the usable-ace flag is set. */
  public boolean hasUsableAce() {
    return usableAce == 1;
  }

  @Override
  public String toString() {
    return "(" + playerSum + ", " + dealerCard + ", " + usableAce + ")";
  }
}
