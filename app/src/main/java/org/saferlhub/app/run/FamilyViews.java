package org.saferlhub.app.run;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.saferlhub.app.blackjack.BlackjackView;
import org.saferlhub.app.grid.GridView;
import org.saferlhub.app.safety.SafetyView;
import org.saferlhub.config.ParameterException;

/** The registered {@link FamilyView}s, keyed like the environment registry (by family id). */
public final class FamilyViews {

  private static final Map<String, FamilyView> VIEWS = registry();

  private FamilyViews() {}

  private static Map<String, FamilyView> registry() {
    Map<String, FamilyView> views = new TreeMap<>();
    for (FamilyView v : List.of(new BlackjackView(), new GridView(), new SafetyView())) {
      views.put(v.family(), v);
    }
    return views;
  }

  /** Every registered view, by family id. */
  public static Map<String, FamilyView> all() {
    return java.util.Collections.unmodifiableMap(VIEWS);
  }

  /** The family of an environment id: the part before {@code ':'}, lower case. */
  public static String familyOf(String envId) {
    String e = envId.trim().toLowerCase(java.util.Locale.ROOT);
    int colon = e.indexOf(':');
    return colon < 0 ? e : e.substring(0, colon);
  }

  /**
   * The view of the family {@code envId} belongs to.
   *
   * @throws ParameterException on field {@code env} when no family has that name
   */
  public static FamilyView of(String envId) {
    FamilyView view = VIEWS.get(familyOf(envId));
    if (view == null) {
      String shown = envId.length() > 40 ? envId.substring(0, 40) + "…" : envId;
      throw new ParameterException("env", "env must be one of blackjack, "
          + String.join(", ", org.saferlhub.env.grid.GridMap.presets().stream()
              .map(p -> "gridworld:" + p).toList())
          + ", gridworld (with a map) or safety:<name> (" + String.join(", ",
              org.saferlhub.env.Envs.ids().stream().filter(id -> id.startsWith("safety:")).toList())
          + "), was '" + shown + "'");
    }
    return view;
  }
}
