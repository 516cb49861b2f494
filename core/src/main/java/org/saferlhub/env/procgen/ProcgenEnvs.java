package org.saferlhub.env.procgen;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.saferlhub.config.Param;
import org.saferlhub.env.EnvSpec;

/**
 * The level families as registry entries: {@code cheese-corner} ({@link CheeseCorner}),
 * {@code coin-at-end} ({@link CoinAtEnd}) and {@code keys-and-chests} ({@link KeysAndChests}).
 * All three take the same parameters: {@value #P} (the share of training levels where the goal is
 * moved; keys-and-chests ignores it), {@value #SPLIT} (train or test levels) and {@value #VIEW}
 * (allocentric or egocentric).
 */
public final class ProcgenEnvs {

  /** The share of randomised training levels. */
  public static final String P = "p";
  /** Training or test levels. */
  public static final String SPLIT = "split";
  /** How the board is shown. */
  public static final String VIEW = "view";

  static final Param P_PARAM = Param.number(P, 0, 0, false, 1, false, "",
      "The share of training levels whose goal is placed at random (0: never, 1: always); "
          + "keys-and-chests ignores it.");
  static final Param SPLIT_PARAM = Param.choice(SPLIT, "train", List.of("train", "test"),
      "Which levels: the training distribution, or the test levels where the goal moved.");
  static final Param VIEW_PARAM = Param.choice(VIEW, "egocentric",
      List.of("allocentric", "egocentric"),
      "What the agent sees: the whole board in fixed coordinates, or a window centred on it.");

  /** The parameters every level family takes. */
  static final List<Param> LEVEL_PARAMS = List.of(P_PARAM, SPLIT_PARAM, VIEW_PARAM);

  private ProcgenEnvs() {}

  /** The registry entries: spec and maker, for {@link org.saferlhub.env.Envs}. */
  public static Map<EnvSpec, Function<Map<String, String>, LevelEnv>> registry() {
    Map<EnvSpec, Function<Map<String, String>, LevelEnv>> out = new LinkedHashMap<>();
    out.put(cheeseCorner(0, LevelEnv.Split.TRAIN, View.EGOCENTRIC).spec(),
        params -> cheeseCorner(p(params), split(params), view(params)));
    out.put(coinAtEnd(0, LevelEnv.Split.TRAIN, View.EGOCENTRIC).spec(),
        params -> coinAtEnd(p(params), split(params), view(params)));
    out.put(keysAndChests(0, LevelEnv.Split.TRAIN, View.EGOCENTRIC).spec(),
        params -> keysAndChests(p(params), split(params), view(params)));
    return out;
  }

  /** A cheese-in-the-corner environment. */
  public static CheeseCorner cheeseCorner(double p, LevelEnv.Split split, View view) {
    return new CheeseCorner(p, split, view);
  }

  /** A coin-at-the-end environment. */
  public static CoinAtEnd coinAtEnd(double p, LevelEnv.Split split, View view) {
    return new CoinAtEnd(p, split, view);
  }

  /** A keys-and-chests environment (p is accepted and ignored). */
  public static KeysAndChests keysAndChests(double p, LevelEnv.Split split, View view) {
    return new KeysAndChests(p, split, view);
  }

  static double p(Map<String, String> params) {
    String text = params.get(P);
    if (text == null) {
      return P_PARAM.defaultNumber();
    }
    double value;
    try {
      value = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new org.saferlhub.config.ParameterException(P, "p must be a number in [0, 1], was '"
          + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'");
    }
    return P_PARAM.check(value);
  }

  static LevelEnv.Split split(Map<String, String> params) {
    String text = params.get(SPLIT);
    return text == null || SPLIT_PARAM.choice(text).equals("train") ? LevelEnv.Split.TRAIN
        : LevelEnv.Split.TEST;
  }

  static View view(Map<String, String> params) {
    String text = params.get(VIEW);
    return text == null ? View.EGOCENTRIC : View.of(VIEW_PARAM.choice(text));
  }
}
