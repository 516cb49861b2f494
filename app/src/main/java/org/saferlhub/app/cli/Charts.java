package org.saferlhub.app.cli;

import java.io.PrintStream;
import java.util.Map;

/** Prints a Blackjack policy chart as players read it: rows of player sums, columns of dealer cards. */
public final class Charts {

  private Charts() {}

  @SuppressWarnings("unchecked")
  public static void print(Map<String, Object> policy, PrintStream out) {
    for (String key : new String[] {"usable", "no_usable"}) {
      out.println(key.equals("usable") ? "Usable ace          dealer shows" : "No usable ace       dealer shows");
      out.println("  player sum        A 2 3 4 5 6 7 8 9 10");
      Map<String, String> rows = (Map<String, String>) policy.get(key);
      var keys = rows.keySet().stream().sorted((a, b) -> Integer.parseInt(b) - Integer.parseInt(a)).toList();
      for (String sum : keys) {
        StringBuilder line = new StringBuilder(String.format("  %10s        ", sum));
        for (char c : rows.get(sum).toCharArray()) {
          line.append(c).append(' ');
        }
        out.println(line.toString().stripTrailing());
      }
      out.println();
    }
    out.println("H = hit, S = stick");
  }
}
