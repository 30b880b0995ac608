package org.emailpki.store;

/** What the store says of a certificate; expiry is read from notAfter, not stored. */
public enum CertificateStatus {
  VALID,
  REVOKED
}
