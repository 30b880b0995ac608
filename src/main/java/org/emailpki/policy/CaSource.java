package org.emailpki.policy;

/** Where a registered CA comes from, and so what this service may do with it. */
public enum CaSource {
  /** The Bouncy Castle CA this service runs (its root and issuing CA). */
  EMBEDDED,
  /** A CA outside this service that issues for it, such as EJBCA. */
  EXTERNAL_ISSUING,
  /** Another organisation's CA, trusted only to validate the certificates it issued. */
  VALIDATION_ONLY;

  /** Whether this service may have the CA issue certificates. */
  public boolean issuesHere() {
    return this != VALIDATION_ONLY;
  }
}
