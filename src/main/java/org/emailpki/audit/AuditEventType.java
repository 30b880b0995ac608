package org.emailpki.audit;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every kind of security event the audit log records. The slug is what records carry in their
 * {@code type} member; slugs never change once released, since reports and verifiers key on them.
 * Types whose feature does not exist yet (hold, release, key provisioning, OCSP signers, policy
 * and trusted-CA changes) are here so those features record under a settled name.
 */
public enum AuditEventType {
  ENROLMENT_REQUESTED("enrolment.requested", AuditOutcome.SUCCESS),
  CERTIFICATE_ISSUED("certificate.issued", AuditOutcome.SUCCESS),
  ENROLMENT_REFUSED("enrolment.refused", AuditOutcome.REFUSED),
  ENROLMENT_FAILED("enrolment.failed", AuditOutcome.FAILED),
  CERTIFICATE_REVOKED("certificate.revoked", AuditOutcome.SUCCESS),
  REVOCATION_REFUSED("revocation.refused", AuditOutcome.REFUSED),
  CERTIFICATE_HELD("certificate.held", AuditOutcome.SUCCESS),
  CERTIFICATE_RELEASED("certificate.released", AuditOutcome.SUCCESS),
  /** Details: {@code target} and {@code assurance}; never key material, passwords or PINs. */
  KEY_PROVISIONED("key.provisioned", AuditOutcome.SUCCESS),
  DIRECTORY_PUBLISHED("directory.published", AuditOutcome.SUCCESS),
  DIRECTORY_REMOVED("directory.removed", AuditOutcome.SUCCESS),
  /** The whole directory rebuilt from the store (at start): one record with counts. */
  DIRECTORY_RESYNCHRONISED("directory.resynchronised", AuditOutcome.SUCCESS),
  CRL_ISSUED("crl.issued", AuditOutcome.SUCCESS),
  OCSP_SIGNER_CERTIFIED("ocsp.signer-certified", AuditOutcome.SUCCESS),
  OCSP_SIGNER_RETIRED("ocsp.signer-retired", AuditOutcome.SUCCESS),
  POLICY_CHANGED("policy.changed", AuditOutcome.SUCCESS),
  TRUSTED_CA_ADDED("trusted-ca.added", AuditOutcome.SUCCESS),
  TRUSTED_CA_CHANGED("trusted-ca.changed", AuditOutcome.SUCCESS),
  TRUSTED_CA_REMOVED("trusted-ca.removed", AuditOutcome.SUCCESS),
  /** Wrong credentials: actor is the account name tried, details.reason why. */
  AUTHENTICATION_FAILED("authentication.failed", AuditOutcome.REFUSED),
  /** An authenticated caller asked for something its role or mailboxes do not allow. */
  AUTHORIZATION_REFUSED("authorization.refused", AuditOutcome.REFUSED),
  AUDIT_STARTED("audit.started", AuditOutcome.SUCCESS),
  AUDIT_STOPPED("audit.stopped", AuditOutcome.SUCCESS),
  /** At start an incomplete last line (a write cut by a crash, never acknowledged) was removed. */
  AUDIT_RECOVERED("audit.recovered", AuditOutcome.SUCCESS),
  AUDIT_ROTATED("audit.rotated", AuditOutcome.SUCCESS),
  AUDIT_PURGED("audit.purged", AuditOutcome.SUCCESS),
  AUDIT_VERIFIED("audit.verified", AuditOutcome.SUCCESS),
  AUDIT_ANALYSED("audit.analysed", AuditOutcome.SUCCESS),
  AUDIT_DISK_LOW("audit.disk-low", AuditOutcome.SUCCESS);

  private final String slug;
  private final AuditOutcome usualOutcome;

  AuditEventType(String slug, AuditOutcome usualOutcome) {
    this.slug = slug;
    this.usualOutcome = usualOutcome;
  }

  public String slug() {
    return slug;
  }

  /** The outcome a record of this type has unless the recorder says otherwise. */
  public AuditOutcome usualOutcome() {
    return usualOutcome;
  }

  /**
   * Whether the record may use the disk-space reserve: once free space falls below it, new work
   * is refused (enrolment, key provisioning, and the records of refused or failed requests, which
   * an attacker could otherwise use to fill the disk), while what keeps existing certificates safe
   * goes on: revocation, hold and release, CRLs, OCSP signers, the directory, policy and trust
   * changes, and the log's own upkeep.
   */
  public boolean mayUseReserve() {
    return switch (this) {
      case ENROLMENT_REQUESTED, CERTIFICATE_ISSUED, ENROLMENT_REFUSED, ENROLMENT_FAILED, REVOCATION_REFUSED,
          KEY_PROVISIONED, AUTHENTICATION_FAILED, AUTHORIZATION_REFUSED -> false;
      default -> true;
    };
  }

  public static Optional<AuditEventType> bySlug(String slug) {
    return Arrays.stream(values()).filter(t -> t.slug.equals(slug)).findFirst();
  }
}
