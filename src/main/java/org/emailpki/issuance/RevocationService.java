package org.emailpki.issuance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditLog;
import org.emailpki.audit.AuditUnavailableException;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.RevocationReason;
import org.emailpki.directory.DirectorySync;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.identity.Caller;
import org.emailpki.revocation.CrlService;
import org.emailpki.store.CertificateRecord;
import org.emailpki.store.CertificateStore;

/**
 * Revocation: an administrator may revoke any certificate, a user only those of their own
 * mailboxes. The new status is stored first; then the certificate leaves the directory and a new
 * CRL is issued, so relying parties learn of it at once. {@code certificate.revoked} is durable
 * inside the store's transaction, before the commit: no revocation without its record.
 */
@ApplicationScoped
public class RevocationService {

  private final CertificateStore store;
  private final CertificateQueries queries;
  private final DirectorySync directory;
  private final CrlService crls;
  private final CaSet cas;
  private final AuditLog audit;
  private final Clock clock;

  @Inject
  public RevocationService(
      CertificateStore store, CertificateQueries queries, DirectorySync directory, CrlService crls, CaSet cas,
      AuditLog audit, Clock clock) {
    this.store = store;
    this.queries = queries;
    this.directory = directory;
    this.crls = crls;
    this.cas = cas;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * @param reasonName an RFC 5280 reason name; null means unspecified
   * @throws ProblemException INVALID_SERIAL, INVALID_REASON, UNKNOWN_CERTIFICATE (also when the
   *     caller may not see it), FORBIDDEN_MAILBOX, ALREADY_REVOKED or CERTIFICATE_EXPIRED
   * @throws AuditUnavailableException when the record cannot be written; the certificate stays valid
   */
  public IssuedCertificate revoke(Caller caller, String serial, String reasonName) {
    Actor actor = Actor.of(caller);
    CertificateRecord current = null;
    CertificateRecord revoked;
    try {
      RevocationReason reason = reason(reasonName);
      current = queries.bySerial(serial).record();
      if (!caller.mayActFor(current.mailbox())) {
        audit.record(AuditEvents.forbiddenMailbox(actor, current.mailbox(), current.serial(), "revoke"));
        throw new ProblemException(
            ProblemType.FORBIDDEN_MAILBOX,
            "account '" + caller.name() + "' may revoke only certificates of its own mailboxes",
            Map.of("serial", current.serial()));
      }
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      CertificateRecord known = current;
      if (known.isExpired(now)) {
        throw new ProblemException(ProblemType.CERTIFICATE_EXPIRED, "certificate " + known.serial() + " expired on " + known.notAfter());
      }
      revoked =
          store.revokeIfValid(known.serial(), new CertificateRecord.Revocation(now, reason, caller.name()),
                  r -> audit.record(AuditEvents.revoked(actor, r)))
              .orElseThrow(() -> new ProblemException(ProblemType.ALREADY_REVOKED, "certificate " + known.serial() + " is already revoked"));
    } catch (ProblemException e) {
      if (e.type() != ProblemType.FORBIDDEN_MAILBOX) {
        audit.record(AuditEvents.revocationRefused(actor, serial, current, e));
      }
      throw e;
    }
    directory.reconcile(revoked.serial(), actor);
    cas.byId(revoked.caId()).ifPresent(ca -> crls.reissue(ca, actor));
    return queries.withChain(revoked);
  }

  private static RevocationReason reason(String name) {
    if (name == null) {
      return RevocationReason.UNSPECIFIED;
    }
    return RevocationReason.requestable(name)
        .orElseThrow(() -> new ProblemException(
            ProblemType.INVALID_REASON,
            "'" + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "' is not a reason one may revoke for; use one of"
                + " unspecified, keyCompromise, cACompromise, affiliationChanged, superseded, cessationOfOperation,"
                + " certificateHold, privilegeWithdrawn, aACompromise"));
  }
}
