package org.saferlhub.env;

import java.util.List;
import org.saferlhub.config.Param;

/**
 * A registry entry: the id an environment is made by, one line saying what it is, and the
 * parameters {@link Envs#make(String, java.util.Map)} accepts for it.
 *
 * @param id the registry id, such as {@code blackjack:sab}
 * @param description one plain sentence for people
 * @param params the parameters it can be made with (a custom map, an observation kind); empty
 *     for none
 */
public record EnvSpec(String id, String description, List<Param> params) {

  /** Copies the parameters. */
  public EnvSpec {
    params = List.copyOf(params);
  }

  /** An entry without parameters. */
  public EnvSpec(String id, String description) {
    this(id, description, List.of());
  }
}
