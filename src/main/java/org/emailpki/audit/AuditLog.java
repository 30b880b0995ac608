package org.emailpki.audit;

/**
 * The tamper-evident audit log: one record per security event, in one order, each chained to the
 * one before. Implementations are thread-safe; records from concurrent callers are ordered as the
 * log receives them.
 *
 * <p>Fail closed: a method that cannot make its record durable throws {@link
 * AuditUnavailableException}, and the caller must then fail the operation rather than report it
 * done. Records never hold secrets: no private keys, passwords, PINs or key material.
 */
public interface AuditLog {

  /**
   * Appends the event and returns once it is on disk (written and forced).
   *
   * @return the record's sequence number
   * @throws AuditUnavailableException when it could not be made durable
   */
  long record(AuditEvent event);

  /**
   * Appends the event behind every event submitted before it and returns at once: for a record
   * that must precede work (enrolment requested, then the CA signs) without waiting for the disk
   * in between. Call {@link Pending#await()} before the operation is reported done.
   */
  Pending submit(AuditEvent event);

  /** A submitted record on its way to disk. */
  interface Pending {
    /**
     * Waits until the record is durable.
     *
     * @return its sequence number
     * @throws AuditUnavailableException when it could not be made durable
     */
    long await();
  }
}
