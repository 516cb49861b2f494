package org.saferlhub.app.cli;

import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/**
 * Whole-number options read ASCII digits only. Java's {@code Long.parseLong} also reads the
 * digits of other scripts ({@code ١٢٣}, {@code １２３}) as 123, which a user is unlikely to
 * mean and no other tool would accept; these converters refuse them, naming the digits allowed.
 */
final class WholeNumbers {

  /** An optional sign and ASCII digits, nothing else. */
  private static final Pattern ASCII_INTEGER = Pattern.compile("[+-]?[0-9]+");

  private WholeNumbers() {}

  /** Registers the strict converters for {@code int} and {@code long} options of every command. */
  static void register(CommandLine cl) {
    cl.registerConverter(Integer.class, s -> (int) parse(s, Integer.MIN_VALUE, Integer.MAX_VALUE));
    cl.registerConverter(Integer.TYPE, s -> (int) parse(s, Integer.MIN_VALUE, Integer.MAX_VALUE));
    cl.registerConverter(Long.class, s -> parse(s, Long.MIN_VALUE, Long.MAX_VALUE));
    cl.registerConverter(Long.TYPE, s -> parse(s, Long.MIN_VALUE, Long.MAX_VALUE));
  }

  /**
   * {@code text} as a whole number in {@code [min, max]}.
   *
   * @throws TypeConversionException saying what is wrong; picocli puts the option in front
   */
  static long parse(String text, long min, long max) {
    if (!ASCII_INTEGER.matcher(text).matches()) {
      throw new TypeConversionException("'" + text + "' is not a whole number written with the "
          + "digits 0-9");
    }
    try {
      long value = Long.parseLong(text);
      if (value < min || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + text + "' is out of range (" + min + " to " + max
          + ")");
    }
  }
}
