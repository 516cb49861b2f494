package org.saferlhub.reward;

/**
 * A reward expression that cannot be read: where (a 0-based character offset into the text) and
 * why, in plain words. The message reads {@code at character N: reason}, N counted from 1.
 */
public final class ExpressionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int position;
  private final String reason;

  /**
   * @param position 0-based offset of the offending character or token
   * @param reason why, in plain words
   */
  public ExpressionException(int position, String reason) {
    super("at character " + (position + 1) + ": " + reason);
    this.position = position;
    this.reason = reason;
  }

  /** The 0-based offset of the offending character or token. */
  public int position() {
    return position;
  }

  /** Why, in plain words, without the position. */
  public String reason() {
    return reason;
  }
}
