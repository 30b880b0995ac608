package org.emailpki.audit;

/**
 * An audit record could not be made durable (disk full, permission lost, the disk-space reserve
 * reached, a write that did not finish in time). The operation that needed the record must not be
 * reported done; the service reports itself not ready until the log writes again.
 */
public class AuditUnavailableException extends RuntimeException {

  public AuditUnavailableException(String message) {
    super(message);
  }

  public AuditUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
