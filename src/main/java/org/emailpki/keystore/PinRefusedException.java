package org.emailpki.keystore;

/**
 * The token refused the PIN (wrong, locked or of the wrong length): the caller's mistake, not an
 * outage, and no key was made. The message names the reason, never the PIN.
 */
public final class PinRefusedException extends KeyStorageException {

  PinRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
