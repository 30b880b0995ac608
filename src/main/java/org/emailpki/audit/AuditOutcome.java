package org.emailpki.audit;

/** How the audited operation ended. */
public enum AuditOutcome {
  /** It did what was asked. */
  SUCCESS,
  /** It was refused: bad input, a policy, missing rights or wrong credentials. */
  REFUSED,
  /** It was attempted and a component failed (CA, database, directory). */
  FAILED;

  /** The form written into records: lower case. */
  public String slug() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
