package org.emailpki.store;

import java.time.Instant;
import java.util.Optional;
import org.emailpki.ca.RevocationReason;
import org.emailpki.identity.Mailbox;

/**
 * One issued certificate as stored.
 *
 * @param serial lower-case hex serial number
 * @param der the certificate's DER encoding
 * @param revocation present once the certificate is revoked
 */
public record CertificateRecord(
    String serial,
    String caId,
    Mailbox mailbox,
    String profile,
    String keyKind,
    Instant notBefore,
    Instant notAfter,
    Instant issuedAt,
    String requestedBy,
    CertificateStatus status,
    Optional<Revocation> revocation,
    byte[] der) {

  /** When, why and by whom a certificate was revoked. */
  public record Revocation(Instant revokedAt, RevocationReason reason, String revokedBy) {}

  /** Valid and within its validity period at {@code now}: the state in which it is published. */
  public boolean isPublishable(Instant now) {
    return status == CertificateStatus.VALID && !now.isBefore(notBefore) && now.isBefore(notAfter);
  }

  public boolean isExpired(Instant now) {
    return !now.isBefore(notAfter);
  }
}
