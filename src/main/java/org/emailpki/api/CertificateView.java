package org.emailpki.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.emailpki.issuance.CrlPublication;
import org.emailpki.issuance.IssuedCertificate;
import org.emailpki.issuance.RevocationResult;
import org.emailpki.pkix.Certificates;
import org.emailpki.store.CertificateRecord;

/**
 * A certificate as the API shows it.
 *
 * @param status {@code valid}, {@code revoked} or {@code expired}
 * @param directory at enrolment only: {@code published}, or {@code queued} when the directory
 *     did not answer and the outbox will publish it
 * @param crl after a revocation or release only: {@code published}, {@code issued} or {@code
 *     scheduled} (see {@link CrlPublication})
 * @param keyStorage where the private key lives: a KeyStorageAssurance external name
 * @param keyStorageRank its rung on the ladder, 1 (lowest) to 7 (smart card with PIN)
 * @param keyStorageVouching {@code declared} (the holder said so) or {@code verified} (an
 *     administrator checked, or the service generated the key there)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CertificateView(
    String serial,
    String email,
    String profile,
    String status,
    String caId,
    String subject,
    String issuer,
    String keyType,
    String keyStorage,
    int keyStorageRank,
    String keyStorageVouching,
    Instant notBefore,
    Instant notAfter,
    Instant issuedAt,
    Instant revokedAt,
    String revocationReason,
    String revokedBy,
    Instant invalidityDate,
    String directory,
    String crl,
    String certificate,
    List<String> chain) {

  static CertificateView of(IssuedCertificate issued, Clock clock) {
    return of(issued, clock, null, null);
  }

  /** The certificate of a revocation or release, with how far the CRLs are. */
  static CertificateView of(RevocationResult result, Clock clock) {
    return of(result.certificate(), clock, null, crl(result.crls()));
  }

  static String crl(CrlPublication crls) {
    return crls.name().toLowerCase(java.util.Locale.ROOT);
  }

  static CertificateView of(IssuedCertificate issued, Clock clock, String directory, String crl) {
    CertificateRecord r = issued.record();
    var revocation = r.revocation();
    return new CertificateView(
        r.serial(),
        r.mailbox().address(),
        r.profile(),
        status(r, clock.instant()),
        r.caId(),
        issued.certificate().getSubjectX500Principal().getName(),
        issued.certificate().getIssuerX500Principal().getName(),
        r.keyKind(),
        r.keyStorage().assurance().externalName(),
        r.keyStorage().assurance().ordinal() + 1,
        r.keyStorage().vouching().externalName(),
        r.notBefore(),
        r.notAfter(),
        r.issuedAt(),
        revocation.map(CertificateRecord.Revocation::revokedAt).orElse(null),
        revocation.map(v -> v.reason().rfcName()).orElse(null),
        revocation.map(CertificateRecord.Revocation::revokedBy).orElse(null),
        revocation.flatMap(CertificateRecord.Revocation::invalidityDate).orElse(null),
        directory,
        crl,
        Certificates.pem(issued.certificate()),
        issued.chain().stream().map(Certificates::pem).toList());
  }

  private static String status(CertificateRecord r, Instant now) {
    if (r.revocation().isPresent()) {
      return "revoked";
    }
    return r.isExpired(now) ? "expired" : "valid";
  }
}
