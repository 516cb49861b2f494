package org.saferlhub.env.blackjack;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable, deterministic Blackjack policy: for every chart cell, hit or stick.
 *
 * <p>The chart is the one players know. Rows are the player's total (hard 4..21 without a usable
 * ace, soft 12..21 with one); columns are the dealer's up card A, 2, …, 10. As text, a row is ten
 * characters, {@code H} for hit and {@code S} for stick, one per dealer card in that order:
 *
 * {@snippet :
 * BlackjackPolicy p = BlackjackPolicy.stickOn(20);
 * p.noUsableChart().get("19"); // "HHHHHHHHHH"
 * p.noUsableChart().get("20"); // "SSSSSSSSSS"
 * }
 *
 * <p>Observations outside the chart (a busted total, a soft total below 12, dealer card 0) are
 * never decision points; {@link #action(int)} answers {@link BlackjackEnv#STICK} for them.
 */
public final class BlackjackPolicy {

  /** Smallest total without a usable ace (2 + 2). */
  static final int MIN_HARD = 4;

  /** Smallest total with a usable ace (A + A). */
  static final int MIN_SOFT = 12;

  /** Largest total while the episode runs. */
  static final int MAX_SUM = 21;

  private static final String COLUMNS = "10 characters of H or S (dealer A,2..10)";

  /** {@code hit[BlackjackObservation.index(...)]}; always false outside the chart. */
  private final boolean[] hit;

  private BlackjackPolicy(boolean[] hit) {
    this.hit = hit;
  }

  /**
   * Reads the chart format.
   *
   * @param usable rows "12".."21" for hands with a usable ace
   * @param noUsable rows "4".."21" for hands without one
   * @return the policy the chart describes
   * @throws IllegalArgumentException naming the first missing, unknown or malformed row and what
   *     it must look like
   */
  public static BlackjackPolicy fromChart(Map<String, String> usable, Map<String, String> noUsable) {
    boolean[] hit = new boolean[BlackjackObservation.COUNT];
    readRows(hit, usable, "usable", 1);
    readRows(hit, noUsable, "no_usable", 0);
    return new BlackjackPolicy(hit);
  }

  private static void readRows(
      boolean[] hit, Map<String, String> rows, String name, int usableAce) {
    int min = minSum(usableAce);
    String field = "policy." + name;
    if (rows == null) {
      throw new IllegalArgumentException(
          field + " is missing: it needs keys \"" + min + "\"..\"21\", each " + COLUMNS);
    }
    for (String key : rows.keySet()) {
      if (parseSum(key) < min) {
        throw new IllegalArgumentException(field + " has unknown key \"" + key
            + "\"; allowed keys are \"" + min + "\"..\"21\"");
      }
    }
    for (int sum = min; sum <= MAX_SUM; sum++) {
      String cell = field + "[\"" + sum + "\"]";
      String row = rows.get(Integer.toString(sum));
      if (row == null) {
        throw new IllegalArgumentException(cell + " is missing: " + field + " needs keys \""
            + min + "\"..\"21\", each " + COLUMNS);
      }
      if (row.length() != 10) {
        throw new IllegalArgumentException(cell + " must be " + COLUMNS + ", was \"" + row + "\"");
      }
      for (int i = 0; i < 10; i++) {
        char c = Character.toUpperCase(row.charAt(i));
        if (c != 'H' && c != 'S') {
          throw new IllegalArgumentException(cell + " has '" + row.charAt(i) + "' at character "
              + (i + 1) + " (dealer " + dealerLabel(i + 1) + "); each character must be H (hit)"
              + " or S (stick)");
        }
        hit[BlackjackObservation.index(sum, i + 1, usableAce)] = c == 'H';
      }
    }
  }

  /** The key's number if it is a plain decimal 1..21, else -1 (so it counts as unknown). */
  private static int parseSum(String key) {
    if (key == null || key.isEmpty() || key.length() > 2 || !key.chars().allMatch(Character::isDigit)
        || key.charAt(0) == '0') {
      return -1;
    }
    int sum = Integer.parseInt(key);
    return sum <= MAX_SUM ? sum : -1;
  }

  /**
   * The greedy policy of an action-value table: hit where {@code Q(s, hit) > Q(s, stick)}, stick
   * on ties (and where either value is NaN).
   *
   * @param q action values laid out as {@code q[state * 2 + action]} over all 704 observation
   *     indices, actions {@link BlackjackEnv#STICK} = 0 and {@link BlackjackEnv#HIT} = 1
   * @throws IllegalArgumentException if {@code q} does not have {@code 2 × 704} entries
   */
  public static BlackjackPolicy greedy(double[] q) {
    int expected = 2 * BlackjackObservation.COUNT;
    if (q.length != expected) {
      throw new IllegalArgumentException(
          "q must have " + expected + " entries (704 states × 2 actions), had " + q.length);
    }
    boolean[] hit = new boolean[BlackjackObservation.COUNT];
    forEachCell((sum, dealer, usable) -> {
      int s = BlackjackObservation.index(sum, dealer, usable);
      hit[s] = q[2 * s + BlackjackEnv.HIT] > q[2 * s + BlackjackEnv.STICK];
    });
    return new BlackjackPolicy(hit);
  }

  /**
   * The simple threshold policy: stick on a total of {@code threshold} or more, otherwise hit,
   * whatever the dealer shows and whether or not the ace is usable. {@code stickOn(20)} is the
   * policy evaluated in Sutton &amp; Barto's Example 5.1.
   *
   * @param threshold the smallest total to stick on, 4..22 (22 means always hit)
   * @throws IllegalArgumentException if {@code threshold} is outside 4..22
   */
  public static BlackjackPolicy stickOn(int threshold) {
    if (threshold < MIN_HARD || threshold > MAX_SUM + 1) {
      throw new IllegalArgumentException("threshold must be in 4..22, was " + threshold);
    }
    boolean[] hit = new boolean[BlackjackObservation.COUNT];
    forEachCell((sum, dealer, usable) ->
        hit[BlackjackObservation.index(sum, dealer, usable)] = sum < threshold);
    return new BlackjackPolicy(hit);
  }

  /** The rows for hands with a usable ace, keys "12".."21" in ascending order. */
  public Map<String, String> usableChart() {
    return chart(1);
  }

  /** The rows for hands without a usable ace, keys "4".."21" in ascending order. */
  public Map<String, String> noUsableChart() {
    return chart(0);
  }

  private Map<String, String> chart(int usableAce) {
    Map<String, String> rows = new LinkedHashMap<>();
    for (int sum = minSum(usableAce); sum <= MAX_SUM; sum++) {
      StringBuilder row = new StringBuilder(10);
      for (int dealer = 1; dealer <= 10; dealer++) {
        row.append(hit[BlackjackObservation.index(sum, dealer, usableAce)] ? 'H' : 'S');
      }
      rows.put(Integer.toString(sum), row.toString());
    }
    return Collections.unmodifiableMap(rows);
  }

  /**
   * Whether the policy hits in the given situation; false outside the chart.
   *
   * @param playerSum the player's total, 0..31
   * @param dealerCard the dealer's up card, 0..10 (1 = ace)
   * @param usableAce whether the player holds a usable ace
   * @throws IllegalArgumentException if the arguments are outside the observation space
   */
  public boolean hits(int playerSum, int dealerCard, boolean usableAce) {
    return hit[new BlackjackObservation(playerSum, dealerCard, usableAce ? 1 : 0).index()];
  }

  /**
   * The action for an observation index: {@link BlackjackEnv#HIT} (1) or {@link
   * BlackjackEnv#STICK} (0), and STICK outside the chart.
   *
   * @param stateIndex an index from {@link BlackjackObservation#index()}, in {@code [0, 704)}
   * @throws IllegalArgumentException if {@code stateIndex} is out of range
   */
  public int action(int stateIndex) {
    if (stateIndex < 0 || stateIndex >= BlackjackObservation.COUNT) {
      throw new IllegalArgumentException(
          "state index must be in [0, " + BlackjackObservation.COUNT + "), was " + stateIndex);
    }
    return hit[stateIndex] ? BlackjackEnv.HIT : BlackjackEnv.STICK;
  }

  /** How many of the 280 chart cells this policy and {@code other} decide differently. */
  public int differences(BlackjackPolicy other) {
    int count = 0;
    for (int s = 0; s < hit.length; s++) {
      if (hit[s] != other.hit[s]) {
        count++;
      }
    }
    return count;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlackjackPolicy other && Arrays.equals(hit, other.hit);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hit);
  }

  /** The chart, for instance {@code BlackjackPolicy[usable={12=HHHHHHHHHH, …}, no_usable={…}]}. */
  @Override
  public String toString() {
    return "BlackjackPolicy[usable=" + usableChart() + ", no_usable=" + noUsableChart() + "]";
  }

  /** Whether an observation is a decision cell of the chart. */
  static boolean inChart(int playerSum, int dealerCard, int usableAce) {
    return dealerCard >= 1 && dealerCard <= 10
        && playerSum >= minSum(usableAce) && playerSum <= MAX_SUM;
  }

  static int minSum(int usableAce) {
    return usableAce == 1 ? MIN_SOFT : MIN_HARD;
  }

  /** "A" for the ace, else the card's value. */
  static String dealerLabel(int dealerCard) {
    return dealerCard == 1 ? "A" : Integer.toString(dealerCard);
  }

  /** Visits the 280 chart cells. */
  static void forEachCell(CellVisitor visitor) {
    for (int usable = 0; usable <= 1; usable++) {
      for (int sum = minSum(usable); sum <= MAX_SUM; sum++) {
        for (int dealer = 1; dealer <= 10; dealer++) {
          visitor.visit(sum, dealer, usable);
        }
      }
    }
  }

  /** Receives one chart cell. */
  @FunctionalInterface
  interface CellVisitor {
    void visit(int playerSum, int dealerCard, int usableAce);
  }
}
