package org.emailpki.issuance;

/** How far a revocation has reached the CRLs when the call returns. */
public enum CrlPublication {
  /** New full and delta CRLs list it, served over HTTP and published to the CA's directory entry. */
  PUBLISHED,
  /** New CRLs list it and are served; the directory did not answer and its replay will catch up. */
  ISSUED,
  /** Not an urgent reason (or issuing failed and was logged): the next scheduled delta lists it. */
  SCHEDULED
}
