package org.emailpki.revocation;

import java.time.Instant;
import java.util.Optional;
import org.emailpki.ca.OcspCertStatus;
import org.emailpki.store.CertificateRecord;
import org.emailpki.store.CertificateStatus;

/**
 * The OCSP status of one serial of a CA, from the store: good only for a certificate the CA
 * issued that is valid now; revoked (with time, reason and invalidity date) for a revoked or held
 * one, for as long as the store keeps it; unknown for a serial never issued and for a certificate
 * that expired unrevoked, about which a "good" would vouch for nothing.
 */
final class OcspStatuses {

  private OcspStatuses() {}

  static OcspCertStatus of(Optional<CertificateRecord> stored, String caId, Instant now) {
    if (stored.isEmpty() || !stored.get().caId().equals(caId)) {
      return OcspCertStatus.UNKNOWN;
    }
    CertificateRecord record = stored.get();
    if (record.status() == CertificateStatus.REVOKED) {
      CertificateRecord.Revocation r = record.revocation().orElseThrow();
      return new OcspCertStatus.Revoked(r.revokedAt(), r.reason(), r.invalidityDate());
    }
    return record.isPublishable(now) ? OcspCertStatus.GOOD : OcspCertStatus.UNKNOWN;
  }
}
