package org.emailpki.store;

import java.time.Instant;
import java.util.Optional;
import org.emailpki.ca.RevocationReason;
import org.emailpki.identity.Mailbox;
import org.emailpki.policy.KeyStorageClaim;

/**
 * One issued certificate as stored.
 *
 * @param serial lower-case hex serial number
 * @param der the certificate's DER encoding
 * @param revocation present once the certificate is revoked
 * @param keyStorage where the private key lives and who vouched for it
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
    byte[] der,
    KeyStorageClaim keyStorage) {

  /** A record whose key storage was not declared: the lowest rung, declared. */
  public CertificateRecord(
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
    this(serial, caId, mailbox, profile, keyKind, notBefore, notAfter, issuedAt, requestedBy, status, revocation, der,
        KeyStorageClaim.UNDECLARED);
  }

  /**
   * When, why and by whom a certificate was revoked.
   *
   * @param invalidityDate when the key was known or suspected to be compromised, or the
   *     certificate otherwise became invalid (RFC 5280 5.3.2), if the revoker said
   */
  public record Revocation(
      Instant revokedAt, RevocationReason reason, String revokedBy, Optional<Instant> invalidityDate) {

    public Revocation(Instant revokedAt, RevocationReason reason, String revokedBy) {
      this(revokedAt, reason, revokedBy, Optional.empty());
    }

    /** Whether this is a certificateHold, which may still be released or made permanent. */
    public boolean isHold() {
      return reason == RevocationReason.CERTIFICATE_HOLD;
    }
  }

  /** Valid and within its validity period at {@code now}: the state in which it is published. */
  public boolean isPublishable(Instant now) {
    return status == CertificateStatus.VALID && !now.isBefore(notBefore) && now.isBefore(notAfter);
  }

  public boolean isExpired(Instant now) {
    return !now.isBefore(notAfter);
  }

  /** Revoked with reason certificateHold: the one revocation that can be undone. */
  public boolean isOnHold() {
    return status == CertificateStatus.REVOKED && revocation.map(Revocation::isHold).orElse(false);
  }
}
