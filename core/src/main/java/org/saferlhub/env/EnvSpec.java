package org.saferlhub.env;

/**
 * A registry entry: the id an environment is made by and one line saying what it is.
 *
 * @param id the registry id, such as {@code blackjack:sab}
 * @param description one plain sentence for people
 */
public record EnvSpec(String id, String description) {}
