package org.emailpki.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.emailpki.ca.OcspCertStatus;
import org.emailpki.ca.RevocationReason;
import org.emailpki.identity.Mailbox;
import org.emailpki.store.CertificateRecord;
import org.emailpki.store.CertificateStatus;
import org.junit.jupiter.api.Test;

class OcspStatusesTest {

  static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant NOW = ISSUED.plus(Duration.ofDays(100));

  static CertificateRecord record(String caId, Instant notAfter, Optional<CertificateRecord.Revocation> revocation) {
    return new CertificateRecord(
        "0a0b", caId, Mailbox.parse("alice@example.org"), "smime-signing", "EC_P256", ISSUED, notAfter, ISSUED, "alice",
        revocation.isPresent() ? CertificateStatus.REVOKED : CertificateStatus.VALID, revocation, new byte[0]);
  }

  @Test
  void goodOnlyForAValidCertificateOfThisCa() {
    assertEquals(OcspCertStatus.GOOD, OcspStatuses.of(Optional.of(record("email", NOW.plusSeconds(1), Optional.empty())), "email", NOW));
  }

  @Test
  void unknownForASerialNeverIssuedAnotherCasCertificateAndAnExpiredOne() {
    assertEquals(OcspCertStatus.UNKNOWN, OcspStatuses.of(Optional.empty(), "email", NOW));
    assertEquals(OcspCertStatus.UNKNOWN, OcspStatuses.of(Optional.of(record("root", NOW.plusSeconds(1), Optional.empty())), "email", NOW));
    assertEquals(OcspCertStatus.UNKNOWN, OcspStatuses.of(Optional.of(record("email", NOW, Optional.empty())), "email", NOW));
  }

  @Test
  void revokedWithTimeReasonAndInvalidityDateEvenAfterExpiry() {
    Instant revokedAt = ISSUED.plus(Duration.ofDays(3));
    Instant invalid = ISSUED.plus(Duration.ofDays(2));
    var revocation = new CertificateRecord.Revocation(revokedAt, RevocationReason.KEY_COMPROMISE, "admin", Optional.of(invalid));
    OcspCertStatus expected = new OcspCertStatus.Revoked(revokedAt, RevocationReason.KEY_COMPROMISE, Optional.of(invalid));
    assertEquals(expected, OcspStatuses.of(Optional.of(record("email", NOW.plusSeconds(1), Optional.of(revocation))), "email", NOW));
    assertEquals(expected, OcspStatuses.of(Optional.of(record("email", ISSUED.plusSeconds(5), Optional.of(revocation))), "email", NOW));
  }

  @Test
  void aHeldCertificateIsRevokedWithReasonCertificateHold() {
    var hold = new CertificateRecord.Revocation(NOW, RevocationReason.CERTIFICATE_HOLD, "admin");
    assertEquals(
        new OcspCertStatus.Revoked(NOW, RevocationReason.CERTIFICATE_HOLD, Optional.empty()),
        OcspStatuses.of(Optional.of(record("email", NOW.plusSeconds(1), Optional.of(hold))), "email", NOW));
  }
}
