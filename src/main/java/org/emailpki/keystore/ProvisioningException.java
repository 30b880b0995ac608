package org.emailpki.keystore;

/**
 * Enrolment or installation failed after the key was generated. The key has been discarded (or
 * the message says removing it failed too); {@link #getCause()} is what went wrong, so a caller
 * can still tell, say, a refusal by policy from a network failure.
 */
public final class ProvisioningException extends KeyStorageException {

  private final boolean keyRemoved;

  private ProvisioningException(String message, Throwable cause, boolean keyRemoved) {
    super(message, cause);
    this.keyRemoved = keyRemoved;
  }

  /** Discards {@code key} and describes {@code failure} with the outcome of the removal. */
  static ProvisioningException afterDiscarding(PendingKey key, Throwable failure) {
    String what = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    try {
      key.discard();
    } catch (RuntimeException removal) {
      ProvisioningException e =
          new ProvisioningException(
              what + "; removing the new key from " + key.location() + " failed too (" + removal.getMessage()
                  + "): remove it by hand",
              failure,
              false);
      e.addSuppressed(removal);
      return e;
    }
    return new ProvisioningException(what + "; the new key was removed from " + key.location(), failure, true);
  }

  public boolean keyRemoved() {
    return keyRemoved;
  }
}
