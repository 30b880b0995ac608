package org.emailpki.ca;

import java.time.Instant;
import java.util.Optional;

/** The status one OCSP SingleResponse reports for a certificate (RFC 6960 4.2.1). */
public sealed interface OcspCertStatus {

  /** Issued by the CA, within its validity and not revoked. */
  record Good() implements OcspCertStatus {}

  /**
   * Revoked (or on hold). An UNSPECIFIED reason is written without a revocationReason.
   *
   * @param invalidityDate written as the invalidityDate single extension when present
   */
  record Revoked(Instant revokedAt, RevocationReason reason, Optional<Instant> invalidityDate) implements OcspCertStatus {}

  /** The responder does not vouch for the certificate: another issuer, or never issued here. */
  record Unknown() implements OcspCertStatus {}

  OcspCertStatus GOOD = new Good();
  OcspCertStatus UNKNOWN = new Unknown();
}
