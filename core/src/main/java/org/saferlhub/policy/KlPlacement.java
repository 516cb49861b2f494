package org.saferlhub.policy;

import java.util.Locale;
import org.saferlhub.config.ParameterException;

/** Where the KL anchor to the reference policy goes, if anywhere. */
public enum KlPlacement {
  /** No anchor. */
  NONE,
  /** β·k1 subtracted from each sample's reward (TRL's PPO and RLOO). */
  REWARD,
  /** β·k3 added to the loss (GRPO). */
  LOSS;

  /** Its name in parameters: none, reward, loss. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The placement called {@code id}.
   *
   * @throws ParameterException naming {@code kl}
   */
  public static KlPlacement of(String id) {
    for (KlPlacement p : values()) {
      if (p.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new ParameterException("kl", "kl must be none, reward or loss, was '"
        + (id.length() > 20 ? id.substring(0, 20) + "…" : id) + "'");
  }
}
