package org.emailpki.issuance;

import java.util.List;

/**
 * What a revocation, a release or a mailbox revocation changed, and how far the CRLs already say so.
 *
 * @param certificates the certificates changed: one, or for a mailbox any number (oldest first)
 */
public record RevocationResult(List<IssuedCertificate> certificates, CrlPublication crls) {

  public RevocationResult {
    certificates = List.copyOf(certificates);
  }

  /** The one certificate of a single revocation or release. */
  public IssuedCertificate certificate() {
    return certificates.get(0);
  }
}
