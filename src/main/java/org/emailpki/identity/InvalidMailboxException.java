package org.emailpki.identity;

/** A mailbox that cannot be parsed; the message says why and is safe to show to the caller. */
public class InvalidMailboxException extends IllegalArgumentException {
  public InvalidMailboxException(String message) {
    super(message);
  }
}
