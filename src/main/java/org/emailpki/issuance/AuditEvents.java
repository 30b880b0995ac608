package org.emailpki.issuance;

import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.identity.Mailbox;
import org.emailpki.store.CertificateRecord;

/** The audit records of the use cases, built in one place so their members stay consistent. */
final class AuditEvents {

  private AuditEvents() {}

  static AuditEvent requested(Actor actor, Mailbox mailbox, String profile, String keyKind, String caId) {
    return AuditEvent.of(AuditEventType.ENROLMENT_REQUESTED, actor)
        .mailbox(mailbox.address()).ca(caId).detail("profile", profile).detail("key-type", keyKind).build();
  }

  static AuditEvent issued(Actor actor, CertificateRecord r) {
    return AuditEvent.of(AuditEventType.CERTIFICATE_ISSUED, actor)
        .mailbox(r.mailbox().address()).serial(r.serial()).ca(r.caId())
        .detail("profile", r.profile()).detail("key-type", r.keyKind()).detail("not-after", r.notAfter())
        .detail("key-storage", r.keyStorage().assurance().externalName())
        .detail("key-storage-vouching", r.keyStorage().vouching().externalName()).build();
  }

  /**
   * @param mailbox the canonical mailbox, or null when the address given was not valid
   * @param requested the address as given, kept when it was not valid
   */
  static AuditEvent enrolmentRefused(Actor actor, Mailbox mailbox, String requested, ProblemException problem) {
    return AuditEvent.of(AuditEventType.ENROLMENT_REFUSED, actor)
        .mailbox(mailbox == null ? null : mailbox.address())
        .detail("requested-mailbox", mailbox == null ? requested : null)
        .detail("reason", problem.type().slug())
        .detail("detail", problem.detail())
        .build();
  }

  /** The CA or the store failed after the request was accepted; {@code serial} when it was signed. */
  static AuditEvent enrolmentFailed(Actor actor, Mailbox mailbox, String serial, String caId, String reason) {
    return AuditEvent.of(AuditEventType.ENROLMENT_FAILED, actor)
        .mailbox(mailbox.address()).serial(serial).ca(caId).detail("reason", reason).build();
  }

  /** The caller's role does not allow the operation (e.g. a user vouching for key storage). */
  static AuditEvent forbidden(Actor actor, Mailbox mailbox, String operation) {
    return AuditEvent.of(AuditEventType.AUTHORIZATION_REFUSED, actor)
        .mailbox(mailbox == null ? null : mailbox.address())
        .detail("operation", operation).detail("reason", ProblemType.FORBIDDEN.slug()).build();
  }

  static AuditEvent forbiddenMailbox(Actor actor, Mailbox mailbox, String serial, String operation) {
    return AuditEvent.of(AuditEventType.AUTHORIZATION_REFUSED, actor)
        .mailbox(mailbox.address()).serial(serial)
        .detail("operation", operation).detail("reason", ProblemType.FORBIDDEN_MAILBOX.slug()).build();
  }

  /** {@code certificate.held} for certificateHold, else {@code certificate.revoked}. */
  static AuditEvent revoked(Actor actor, CertificateRecord r) {
    CertificateRecord.Revocation revocation = r.revocation().orElseThrow();
    return AuditEvent.of(revocation.isHold() ? AuditEventType.CERTIFICATE_HELD : AuditEventType.CERTIFICATE_REVOKED, actor)
        .mailbox(r.mailbox().address()).serial(r.serial()).ca(r.caId())
        .detail("reason", revocation.reason().rfcName())
        .detail("revoked-at", revocation.revokedAt())
        .detail("invalidity-date", revocation.invalidityDate().orElse(null))
        .build();
  }

  static AuditEvent released(Actor actor, CertificateRecord r) {
    return AuditEvent.of(AuditEventType.CERTIFICATE_RELEASED, actor)
        .mailbox(r.mailbox().address()).serial(r.serial()).ca(r.caId()).build();
  }

  /**
   * @param operation {@code revoke}, {@code revoke-mailbox} or {@code release}
   * @param known the certificate when it was found, else null
   */
  static AuditEvent revocationRefused(
      Actor actor, String operation, String serial, CertificateRecord known, ProblemException problem) {
    return AuditEvent.of(AuditEventType.REVOCATION_REFUSED, actor)
        .mailbox(known == null ? null : known.mailbox().address())
        .serial(known == null ? null : known.serial())
        .ca(known == null ? null : known.caId())
        .detail("requested-serial", known == null ? serial : null)
        .detail("operation", operation)
        .detail("reason", problem.type().slug())
        .detail("detail", problem.detail())
        .build();
  }
}
