package org.saferlhub.env.grid;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.saferlhub.config.Check;

/**
 * What a grid cell is. Each kind has the character that draws it in a map (see {@link GridMap})
 * and an id for the web API and the command line ({@code wall}, {@code floor}, …).
 */
public enum Tile {
  /** {@code #}: never entered; moving into it leaves the agent where it is. */
  WALL('#'),
  /** {@code .}: plain ground. */
  FLOOR('.'),
  /** {@code S}: where every episode starts (exactly one per map); otherwise plain ground. */
  START('S'),
  /** {@code G}: entering it ends the episode (terminated). */
  GOAL('G'),
  /** {@code L}: entering it ends the episode (terminated), with the lava reward. */
  LAVA('L'),
  /**
   * {@code C}: entering it pays the cliff reward and sends the agent back to the start; the
   * episode goes on (Sutton &amp; Barto, Example 6.6).
   */
  CLIFF('C');

  private final char symbol;

  Tile(char symbol) {
    this.symbol = symbol;
  }

  /** The character that draws this tile in a map. */
  public char symbol() {
    return symbol;
  }

  /** The id used by the web API and the command line: the lower-case name, such as {@code wall}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether entering this tile ends the episode ({@link #GOAL} and {@link #LAVA}). */
  public boolean terminal() {
    return this == GOAL || this == LAVA;
  }

  /**
   * The tile with the given id, case-insensitive.
   *
   * @throws org.saferlhub.config.ParameterException naming {@code tile} and the allowed ids
   */
  public static Tile of(String id) {
    return Check.oneOf("tile", id, values(), Tile::id);
  }

  /** The tile drawn by {@code symbol}, or {@code null} if no tile is. */
  static @Nullable Tile ofSymbol(char symbol) {
    for (Tile tile : values()) {
      if (tile.symbol == symbol) {
        return tile;
      }
    }
    return null;
  }
}
