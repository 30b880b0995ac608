package org.emailpki.keystore;

/** A target cannot make, store or remove a key; the message is fit to show and holds no secret. */
public class KeyStorageException extends RuntimeException {

  public KeyStorageException(String message) {
    super(message);
  }

  public KeyStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
