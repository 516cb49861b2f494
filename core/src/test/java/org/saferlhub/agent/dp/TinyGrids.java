package org.saferlhub.agent.dp;

import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.GridModel;

/** Small grids whose values are known exactly. */
final class TinyGrids {

  private TinyGrids() {}

  /**
   * A 1×3 corridor S . G, −1 for every move (the last included). Under the uniform random policy
   * (up, down and left from S bump; up and down from the middle bump):
   *
   * <pre>
   *   V(0) = −1 + 3/4 γ V(0) + 1/4 γ V(1)
   *   V(1) = −1 + 1/2 γ V(1) + 1/4 γ V(0) + 1/4 · 0
   * </pre>
   *
   * so V = (−12, −8, 0) for γ = 1 and V = (−248/41, −176/41, 0) for γ = 0.9. V* = (−2, −1, 0).
   */
  static GridModel corridor() {
    return new GridModel(GridMap.parse("S.G\nstep: -1\ngoal: -1"));
  }

  /**
   * Sutton &amp; Barto's Example 4.1 (Figure 4.1): a 4×4 grid whose top-left and bottom-right
   * corners are terminal, −1 on every transition, γ = 1.
   */
  static GridModel suttonBartoFigure41() {
    return new GridModel(GridMap.parse("""
        G...
        .S..
        ....
        ...G
        step: -1
        goal: -1
        """));
  }
}
