package org.saferlhub.env.grid;

/**
 * A cell of a grid, counted from 0 at the top left: {@code row} down, {@code col} right. It is
 * also what a {@link GridWorld} observes: the agent's position.
 *
 * @param row the row, 0 at the top
 * @param col the column, 0 at the left
 */
public record Cell(int row, int col) {

  /** Rejects negative coordinates. */
  public Cell {
    if (row < 0 || col < 0) {
      throw new IllegalArgumentException(
          "a cell has row and col ≥ 0, was (" + row + ", " + col + ")");
    }
  }

  @Override
  public String toString() {
    return "(" + row + ", " + col + ")";
  }
}
