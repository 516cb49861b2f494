package org.saferlhub.app.grid;

import java.util.regex.Pattern;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.grid.GridMap;

/** Reads the {@code map} users give: a preset id ({@code open}, {@code maze}, {@code cliff}) or map text. */
public final class GridMaps {

  /** What a preset id looks like; anything else is read as map text. */
  private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,40}");

  private GridMaps() {}

  /**
   * The map named by a preset id, or drawn by map text (docs/gridworld-maps.md).
   *
   * @throws ParameterException on field {@code map}: an unknown preset (listing the presets) or
   *     bad text ({@code map line L, column C: …})
   */
  public static GridMap read(String map) {
    String trimmed = map.strip();
    if (trimmed.isEmpty()) {
      throw new ParameterException("map", "map must be a preset id (" + String.join(", ",
          GridMap.presets()) + ") or map text, was empty");
    }
    if (ID.matcher(trimmed).matches()) {
      return GridMap.preset(trimmed);
    }
    return GridMap.parse(map);
  }
}
