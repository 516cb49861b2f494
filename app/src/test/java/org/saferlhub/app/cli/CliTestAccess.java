package org.saferlhub.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

/** Lets tests in other packages run {@code saferlhub train … --json} in-process. */
public final class CliTestAccess {

  private CliTestAccess() {}

  /** The standard output of {@code train <args> --json}, asserting exit code 0. */
  public static String trainJson(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "train";
    System.arraycopy(args, 0, all, 1, args.length);
    all[all.length - 1] = "--json";
    CliTest.Outcome outcome = CliTest.run(all);
    assertThat(outcome.code()).as(outcome.err()).isZero();
    return outcome.out();
  }
}
