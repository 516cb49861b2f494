package org.saferlhub.config;

/**
 * A parameter is outside its allowed range. The message names the parameter, the allowed values
 * and the value given, so the web API can answer 400 and the CLI exit 2 with it unchanged.
 */
public final class ParameterException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field the parameter's name as users write it, such as {@code alpha}
   * @param message the whole sentence, starting with the field name
   */
  public ParameterException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The parameter's name as users write it. */
  public String field() {
    return field;
  }
}
