package org.saferlhub.env.blackjack;

import java.util.Arrays;
import org.saferlhub.random.Rng;
import java.util.random.RandomGenerator;
import org.saferlhub.env.EnvSpec;
import org.saferlhub.env.TabularEnvBase;
import org.saferlhub.env.Termination;
import org.saferlhub.space.Space;

/**
 * Blackjack with exactly the rules and statistics of Gymnasium's {@code Blackjack-v1}.
 *
 * <h2>Description</h2>
 * The player tries to finish with a card total closer to 21 than the dealer's without going over.
 * Cards come from an infinite deck: each draw is independent, an ace or any of 2..9 with
 * probability 1/13 and a ten-valued card (10, J, Q, K) with probability 4/13.
 *
 * <h2>Action space</h2>
 * {@code Discrete(2)}: {@link #STICK} = 0 (stop, the dealer plays), {@link #HIT} = 1 (take a card).
 *
 * <h2>Observation space</h2>
 * {@code Tuple(Discrete(32), Discrete(11), Discrete(2))} as a {@link BlackjackObservation}: the
 * player's total, the dealer's face-up card (1 = ace) and whether the player holds a usable ace
 * (an ace that counts as 11 without busting). Indexed by {@link BlackjackObservation#index()}.
 *
 * <h2>Starting state</h2>
 * The dealer gets two cards (the first face up), then the player two. Nothing is settled at the
 * deal: the dealer does not peek and a player natural is not paid until the player sticks.
 *
 * <h2>Rewards</h2>
 * Hitting pays 0, or -1 on a bust. Sticking lets the dealer draw while his total is below 17 (he
 * stands on soft 17), then pays +1 for a win, 0 for a draw, -1 for a loss, with a natural paid
 * per {@link BlackjackRules}.
 *
 * <h2>Episode end</h2>
 * Terminated on a bust or a stick. Never truncated: an episode has at most 20 actions.
 *
 * <h2>References</h2>
 * Sutton &amp; Barto (2018), <i>Reinforcement Learning: An Introduction</i>, Example 5.1;
 * Gymnasium {@code gymnasium/envs/toy_text/blackjack.py}. Faithful in distribution, not seed for
 * seed: Gymnasium draws with NumPy's PCG64, this port with SplitMix64 ({@link Rng}, the stream
 * of {@code java.util.SplittableRandom}).
 */
public final class BlackjackEnv extends TabularEnvBase<BlackjackObservation> {

  /** Action 0: stop taking cards; the dealer plays and the episode ends. */
  public static final int STICK = 0;

  /** Action 1: take one more card. */
  public static final int HIT = 1;

  private static final int MAX_CARDS = 32;

  private final BlackjackRules rules;
  private final EnvSpec spec;

  // The hands: cards as drawn (1 = ace, 10 = any ten-valued card), and the running hard sums.
  private final int[] playerCards = new int[MAX_CARDS];
  private final int[] dealerCards = new int[MAX_CARDS];
  private int playerCount;
  private int dealerCount;
  private int playerHardSum;
  private boolean playerHasAce;
  private int dealerHardSum;
  private boolean dealerHasAce;
  private boolean dealerNatural;

  /** A Blackjack environment under the given rules. */
  public BlackjackEnv(BlackjackRules rules) {
    this.rules = rules;
    this.spec = new EnvSpec("blackjack:" + rules.id(),
        "Gymnasium Blackjack-v1, " + rules.title() + ".");
  }

  /** The rules this table plays. */
  public BlackjackRules rules() {
    return rules;
  }

  @Override
  public EnvSpec spec() {
    return spec;
  }

  @Override
  public Space<BlackjackObservation> observationSpace() {
    return ObservationSpace.INSTANCE;
  }

  @Override
  public int stateCount() {
    return BlackjackObservation.COUNT;
  }

  @Override
  public int actionCount() {
    return 2;
  }

  @Override
  public int encode(BlackjackObservation observation) {
    return observation.index();
  }

  @Override
  public BlackjackObservation decode(int state) {
    return BlackjackObservation.ofIndex(state);
  }

  @Override
  protected int start() {
    playerCount = 0;
    dealerCount = 0;
    playerHardSum = 0;
    playerHasAce = false;
    dealerHardSum = 0;
    dealerHasAce = false;
    // Same order as Gymnasium: dealer up card, dealer hidden card, then the player's two cards.
    giveDealer(drawCard());
    giveDealer(drawCard());
    dealerNatural = isNatural(dealerCards[0], dealerCards[1]);
    givePlayer(drawCard());
    givePlayer(drawCard());
    return currentState();
  }

  @Override
  protected int transition(int action) {
    if (action == HIT) {
      givePlayer(drawCard());
      if (playerTotal() > 21) {
        pay(-1.0);
        end(Termination.TERMINAL);
      }
    } else { // STICK: the dealer draws to 17 or more, then the hand is settled
      while (dealerTotal() < 17) {
        giveDealer(drawCard());
      }
      int dealerScore = dealerTotal() > 21 ? 0 : dealerTotal();
      pay(rules.stickReward(playerTotal(), playerNatural(), dealerScore, dealerNatural));
      end(Termination.TERMINAL);
    }
    return currentState();
  }

  @Override
  protected String actionMeanings() {
    return "0 = stick, 1 = hit";
  }

  /** The player's cards so far, in the order drawn (1 = ace, 10 = ten-valued). */
  public int[] playerCards() {
    return Arrays.copyOf(playerCards, playerCount);
  }

  /** The dealer's cards so far: the up card first, then the hidden card, then any drawn. */
  public int[] dealerCards() {
    return Arrays.copyOf(dealerCards, dealerCount);
  }

  /** The player's total: the hard sum, plus 10 with a usable ace. */
  public int playerTotal() {
    return total(playerHardSum, playerHasAce);
  }

  /** The dealer's total over all his cards, hidden card included. */
  public int dealerTotal() {
    return total(dealerHardSum, dealerHasAce);
  }

  /** Whether the player's hand is a natural: exactly two cards, an ace and a ten-valued card. */
  public boolean playerNatural() {
    return playerCount == 2 && isNatural(playerCards[0], playerCards[1]);
  }

  /** Whether the dealer's first two cards are a natural. */
  public boolean dealerNatural() {
    return dealerNatural;
  }

  /** What the agent sees now (after a bust: the busted total). */
  public BlackjackObservation observation() {
    return BlackjackObservation.ofIndex(currentState());
  }

  private int currentState() {
    int usable = usableAce(playerHardSum, playerHasAce) ? 1 : 0;
    return BlackjackObservation.index(playerTotal(), dealerCards[0], usable);
  }

  private void givePlayer(int card) {
    playerCards[playerCount++] = card;
    playerHardSum += card;
    playerHasAce |= card == 1;
  }

  private void giveDealer(int card) {
    dealerCards[dealerCount++] = card;
    dealerHardSum += card;
    dealerHasAce |= card == 1;
  }

  /** One card from the infinite deck {1, 2, …, 9, 10, 10, 10, 10}. */
  private int drawCard() {
    return Math.min(rng.nextInt(13) + 1, 10);
  }

  static boolean usableAce(int hardSum, boolean hasAce) {
    return hasAce && hardSum + 10 <= 21;
  }

  static int total(int hardSum, boolean hasAce) {
    return usableAce(hardSum, hasAce) ? hardSum + 10 : hardSum;
  }

  private static boolean isNatural(int first, int second) {
    return first + second == 11 && (first == 1 || second == 1);
  }

  /** {@code Tuple(Discrete(32), Discrete(11), Discrete(2))} over {@link BlackjackObservation}. */
  private enum ObservationSpace implements Space<BlackjackObservation> {
    INSTANCE;

    @Override
    public boolean contains(BlackjackObservation x) {
      return x != null; // the record's constructor already enforces the ranges
    }

    @Override
    public BlackjackObservation sample(RandomGenerator rng) {
      return new BlackjackObservation(rng.nextInt(32), rng.nextInt(11), rng.nextInt(2));
    }

    @Override
    public String toString() {
      return "Tuple(Discrete(32), Discrete(11), Discrete(2))";
    }
  }
}
