package org.saferlhub.env;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.saferlhub.env.blackjack.BlackjackEnv;
import org.saferlhub.env.blackjack.BlackjackRules;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.GridWorld;

/**
 * The environment registry: every environment by its id, as Gymnasium's {@code gym.make}.
 *
 * <p>Ids have the form {@code family:variant}, for instance {@code blackjack:sab}. A bare family
 * name is an alias for the variant Gymnasium itself would make: {@code blackjack} is
 * {@code blackjack:sab}, since {@code gym.make("Blackjack-v1")} plays the Sutton &amp; Barto
 * rules. Grid worlds are {@code gridworld:} followed by a {@link GridMap#presets() preset} id:
 * {@code gridworld:open}, {@code gridworld:maze}, {@code gridworld:cliff}. Each call returns a
 * new, independent instance.
 */
public final class Envs {

  /** Registered ids in sorted order, each with how to make a fresh instance. */
  private static final Map<String, Supplier<Env<?, ?>>> REGISTRY = registry();

  /** Short names and the id each stands for. */
  private static final Map<String, String> ALIASES = Map.of("blackjack", "blackjack:sab");

  private Envs() {}

  private static Map<String, Supplier<Env<?, ?>>> registry() {
    Map<String, Supplier<Env<?, ?>>> registry = new TreeMap<>();
    for (BlackjackRules rules : BlackjackRules.values()) {
      registry.put("blackjack:" + rules.id(), () -> new BlackjackEnv(rules));
    }
    for (String preset : GridMap.presets()) {
      registry.put("gridworld:" + preset, () -> new GridWorld(GridMap.preset(preset)));
    }
    return registry;
  }

  /** All registered ids, sorted; aliases are not listed. */
  public static List<String> ids() {
    return List.copyOf(REGISTRY.keySet());
  }

  /**
   * Makes a new environment.
   *
   * @param id a registered id or an alias such as {@code blackjack}
   * @throws IllegalArgumentException if the id is unknown, listing the known ids of its family
   *     (or all ids when the family is unknown too)
   */
  public static Env<?, ?> make(String id) {
    Supplier<Env<?, ?>> factory = id == null ? null : REGISTRY.get(ALIASES.getOrDefault(id, id));
    if (factory == null) {
      String family = id == null ? "" : id.split(":", 2)[0];
      List<String> variants = ids().stream().filter(k -> k.startsWith(family + ":")).toList();
      throw new IllegalArgumentException("unknown environment id '" + id + "'; "
          + (variants.isEmpty() ? "known ids: " + ids() : "known " + family + " ids: " + variants)
          + " (\"blackjack\" means \"blackjack:sab\")");
    }
    return factory.get();
  }

  /**
   * Makes a new environment with finitely many observations and actions, for tabular agents.
   *
   * @param id a registered id or an alias
   * @throws IllegalArgumentException if the id is unknown or the environment is not tabular
   */
  public static TabularEnv<?> makeTabular(String id) {
    Env<?, ?> env = make(id);
    if (env instanceof TabularEnv<?> tabular) {
      return tabular;
    }
    env.close();
    throw new IllegalArgumentException("environment '" + id + "' is not tabular");
  }
}
