package org.emailpki.keystore;

import java.util.Arrays;

/**
 * A password or PIN, held as characters that are zeroed on {@link #close()}. The caller that read
 * it owns it and closes it once provisioning is over; targets borrow it. It never prints.
 */
public final class Secret implements AutoCloseable {

  private final char[] chars;
  private boolean closed;

  private Secret(char[] chars) {
    this.chars = chars;
  }

  /** Takes a copy of {@code chars}; the caller zeroes its own array. */
  public static Secret copyOf(char[] chars) {
    if (chars == null || chars.length == 0) {
      throw new KeyStorageException("an empty password or PIN is no protection");
    }
    return new Secret(chars.clone());
  }

  /** The characters themselves (not a copy, so no copy lingers); valid until {@link #close()}. */
  public char[] chars() {
    if (closed) {
      throw new IllegalStateException("the secret was already cleared");
    }
    return chars;
  }

  public int length() {
    return chars.length;
  }

  @Override
  public void close() {
    Arrays.fill(chars, '\0');
    closed = true;
  }

  @Override
  public String toString() {
    return "Secret[hidden]";
  }
}
