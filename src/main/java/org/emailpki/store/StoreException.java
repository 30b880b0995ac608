package org.emailpki.store;

/** The database failed; nothing of the failed transaction was kept. */
public class StoreException extends RuntimeException {
  public StoreException(Throwable cause) {
    super("database operation failed: " + cause.getMessage(), cause);
  }
}
