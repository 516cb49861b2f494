package org.saferlhub.env;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.saferlhub.config.Param;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.blackjack.BlackjackEnv;
import org.saferlhub.env.blackjack.BlackjackRules;
import org.saferlhub.env.grid.BoardPlanes;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.GridWorld;
import org.saferlhub.env.procgen.ProcgenEnvs;
import org.saferlhub.env.safety.SafetyEnvs;

/**
 * The environment registry: every environment by its id and parameters, as Gymnasium's
 * {@code gym.make(id, **kwargs)}.
 *
 * <p>Ids have the form {@code family:variant}, for instance {@code blackjack:sab}. A bare family
 * name is an alias for the variant Gymnasium itself would make: {@code blackjack} is
 * {@code blackjack:sab}, since {@code gym.make("Blackjack-v1")} plays the Sutton &amp; Barto
 * rules. Grid worlds are {@code gridworld:} followed by a {@link GridMap#presets() preset} id
 * ({@code gridworld:open}, {@code gridworld:maze}, {@code gridworld:cliff}), or plain
 * {@code gridworld} with a {@value #MAP} parameter holding a map of one's own. Every grid world
 * takes an {@value #OBSERVATION} parameter: {@code index} (a cell number, for tables) or
 * {@code planes} ({@link BoardPlanes}, a {@code float[]} for networks). Each call returns a new,
 * independent instance.
 */
public final class Envs {

  /** The parameter of a custom grid map: the map's text (docs/gridworld-maps.md). */
  public static final String MAP = "map";

  /** The parameter choosing how a grid world is observed. */
  public static final String OBSERVATION = "observation";

  /** The id of a grid world on a map of one's own ({@value #MAP} parameter). */
  public static final String CUSTOM_GRID = "gridworld";

  private static final Param MAP_PARAM = Param.text(MAP, 20_000,
      "A map of one's own as text (docs/gridworld-maps.md), up to "
          + GridMap.MAX_ROWS + "×" + GridMap.MAX_COLS + " cells.");

  private static final Param OBSERVATION_PARAM = Param.choice(OBSERVATION, "index",
      List.of("index", "planes"), "What the agent observes: the cell's index (tables) or "
          + "board planes of agent, walls, goals and hazards (networks).");

  /** How to make one registered id from its checked parameters. */
  private record Entry(EnvSpec spec, Function<Map<String, String>, Env<?, ?>> make) {}

  /** Registered ids in sorted order. */
  private static final Map<String, Entry> REGISTRY = registry();

  /** Short names and the id each stands for. */
  private static final Map<String, String> ALIASES = Map.of("blackjack", "blackjack:sab");

  private Envs() {}

  private static Map<String, Entry> registry() {
    Map<String, Entry> registry = new TreeMap<>();
    for (BlackjackRules rules : BlackjackRules.values()) {
      BlackjackEnv example = new BlackjackEnv(rules);
      registry.put(example.spec().id(),
          new Entry(example.spec(), params -> new BlackjackEnv(rules)));
    }
    for (String preset : GridMap.presets()) {
      GridWorld example = new GridWorld(GridMap.preset(preset));
      EnvSpec spec = new EnvSpec(example.spec().id(), example.spec().description(),
          List.of(OBSERVATION_PARAM));
      registry.put(spec.id(),
          new Entry(spec, params -> grid(GridMap.preset(preset), params)));
    }
    SafetyEnvs.registry().forEach((spec, make) ->
        registry.put(spec.id(), new Entry(spec, params -> make.apply(params))));
    ProcgenEnvs.registry().forEach((spec, make) ->
        registry.put(spec.id(), new Entry(spec, params -> make.apply(params))));
    return registry;
  }

  private static Env<?, ?> grid(GridMap map, Map<String, String> params) {
    GridWorld world = new GridWorld(map);
    String observation = params.get(OBSERVATION);
    return observation != null && OBSERVATION_PARAM.choice(observation).equals("planes")
        ? new BoardPlanes(world) : world;
  }

  /** The custom-map entry: {@code gridworld} with a required {@value #MAP}. */
  private static final EnvSpec CUSTOM_SPEC = new EnvSpec(CUSTOM_GRID,
      "A grid world on a map of one's own (the map parameter).",
      List.of(MAP_PARAM, OBSERVATION_PARAM));

  /** All registered ids, sorted; aliases and {@value #CUSTOM_GRID} (it needs a map) are not listed. */
  public static List<String> ids() {
    return List.copyOf(REGISTRY.keySet());
  }

  /**
   * Every environment that can be made, with its parameters: the registered ids, then
   * {@value #CUSTOM_GRID} for a custom map.
   */
  public static List<EnvSpec> specs() {
    List<EnvSpec> specs = new ArrayList<>();
    REGISTRY.values().forEach(e -> specs.add(e.spec()));
    specs.add(CUSTOM_SPEC);
    return List.copyOf(specs);
  }

  /**
   * Makes a new environment with its default parameters.
   *
   * @param id a registered id or an alias such as {@code blackjack}
   * @throws IllegalArgumentException if the id is unknown, listing the known ids of its family
   *     (or all ids when the family is unknown too)
   */
  public static Env<?, ?> make(String id) {
    return make(id, Map.of());
  }

  /**
   * Makes a new environment with parameters, as {@code gym.make(id, **kwargs)}.
   *
   * @param id a registered id, an alias, or {@value #CUSTOM_GRID} (which needs {@value #MAP})
   * @param params parameter values as text, by name; each is checked against the spec
   * @throws ParameterException on field {@code env} for an unknown id (listing the known ones),
   *     or naming the parameter that is unknown, missing or out of range
   */
  public static Env<?, ?> make(String id, Map<String, String> params) {
    String key = id == null ? "" : ALIASES.getOrDefault(id.trim(), id.trim());
    if (CUSTOM_GRID.equals(key)) {
      checkNames(CUSTOM_SPEC, params);
      String text = params.get(MAP);
      if (text == null) {
        throw new ParameterException(MAP, "env gridworld needs a map (the map parameter), or "
            + "use a preset: " + String.join(", ", gridPresetIds()));
      }
      return grid(GridMap.parse(MAP_PARAM.text(text)), params);
    }
    Entry entry = REGISTRY.get(key);
    if (entry == null) {
      String family = key.split(":", 2)[0];
      List<String> variants = ids().stream().filter(k -> k.startsWith(family + ":")).toList();
      String shown = id == null ? "null" : id.length() > 40 ? id.substring(0, 40) + "…" : id;
      throw new ParameterException("env", "unknown environment id '" + shown + "'; "
          + (variants.isEmpty() ? "known ids: " + ids() : "known " + family + " ids: " + variants)
          + " (\"blackjack\" means \"blackjack:sab\")");
    }
    checkNames(entry.spec(), params);
    return entry.make().apply(params);
  }

  private static List<String> gridPresetIds() {
    return GridMap.presets().stream().map(p -> CUSTOM_GRID + ":" + p).toList();
  }

  private static void checkNames(EnvSpec spec, Map<String, String> params) {
    Map<String, Param> known = new LinkedHashMap<>();
    spec.params().forEach(p -> known.put(p.name(), p));
    for (String name : params.keySet()) {
      if (!known.containsKey(name)) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        throw new ParameterException(name, "environment " + spec.id() + " has no parameter '"
            + shown + "'" + (known.isEmpty() ? "; it takes none"
                : "; it takes " + String.join(", ", known.keySet())));
      }
    }
  }

  /**
   * Makes a new environment with finitely many observations and actions, for tabular agents.
   *
   * @param id a registered id or an alias
   * @throws IllegalArgumentException if the id is unknown or the environment is not tabular
   */
  public static TabularEnv<?> makeTabular(String id) {
    return makeTabular(id, Map.of());
  }

  /**
   * {@link #make(String, Map)} for tabular agents.
   *
   * @throws ParameterException as {@link #make(String, Map)}, or on field {@code env} if the
   *     environment (with these parameters) is not tabular
   */
  public static TabularEnv<?> makeTabular(String id, Map<String, String> params) {
    Env<?, ?> env = make(id, params);
    if (env instanceof TabularEnv<?> tabular) {
      return tabular;
    }
    env.close();
    throw new ParameterException("env", "environment '" + id + "' with " + params.keySet()
        + " is not tabular: tabular agents need observation=index");
  }
}
