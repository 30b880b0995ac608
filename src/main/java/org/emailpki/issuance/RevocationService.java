package org.emailpki.issuance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.audit.AuditLog;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.CrlSigner;
import org.emailpki.ca.RevocationReason;
import org.emailpki.directory.DirectorySync;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.identity.Caller;
import org.emailpki.identity.Mailbox;
import org.emailpki.revocation.CrlService;
import org.emailpki.store.CertificateRecord;
import org.emailpki.store.CertificateStore;
import org.jboss.logging.Logger;

/**
 * Revocation, holds and their release. An administrator may revoke any certificate, a user only
 * those of their own mailboxes; only an administrator releases a hold or revokes a whole mailbox.
 * The new status is stored first: from then on OCSP answers it. Then the directory is brought in
 * line (the certificate leaves it, or returns on release), and for the urgent reasons
 * ({@code emailpki.crl.immediate-reasons}: keyCompromise and cACompromise by default) new CRLs are
 * issued and published before the call returns; other changes reach the next delta CRL.
 */
@ApplicationScoped
public class RevocationService {

  private static final Logger LOG = Logger.getLogger(RevocationService.class);

  private final CertificateStore store;
  private final CertificateQueries queries;
  private final DirectorySync directory;
  private final CrlService crls;
  private final UrgentPublication urgent;
  private final CaSet cas;
  private final AuditLog audit;
  private final Clock clock;

  @Inject
  public RevocationService(
      CertificateStore store,
      CertificateQueries queries,
      DirectorySync directory,
      CrlService crls,
      UrgentPublication urgent,
      CaSet cas,
      AuditLog audit,
      Clock clock) {
    this.store = store;
    this.queries = queries;
    this.directory = directory;
    this.crls = crls;
    this.urgent = urgent;
    this.cas = cas;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Revokes one certificate. A certificate on hold may be revoked for a permanent reason; it
   * keeps the hold's revocation time.
   *
   * @param reasonName an RFC 5280 reason name; null means unspecified
   * @param invalidityDate an ISO-8601 instant not after now, or null
   * @throws ProblemException INVALID_SERIAL, INVALID_REASON, INVALID_INVALIDITY_DATE,
   *     UNKNOWN_CERTIFICATE, FORBIDDEN_MAILBOX, ALREADY_REVOKED or CERTIFICATE_EXPIRED
   */
  public RevocationResult revoke(Caller caller, String serial, String reasonName, String invalidityDate) {
    Actor actor = Actor.of(caller);
    CertificateRecord current = null;
    CertificateRecord revoked;
    RevocationRequest request;
    try {
      Instant now = now();
      request = RevocationRequest.of(reasonName, invalidityDate, now);
      current = queries.bySerial(serial).record();
      CertificateRecord known = current;
      if (!caller.mayActFor(known.mailbox())) {
        audit.record(AuditEvents.forbiddenMailbox(actor, known.mailbox(), known.serial(), "revoke"));
        throw new ProblemException(
            ProblemType.FORBIDDEN_MAILBOX,
            "account '" + caller.name() + "' may revoke only certificates of its own mailboxes",
            Map.of("serial", known.serial()));
      }
      if (known.isExpired(now)) {
        throw new ProblemException(ProblemType.CERTIFICATE_EXPIRED, "certificate " + known.serial() + " expired on " + known.notAfter());
      }
      revoked =
          store.revoke(known.serial(), revocation(request, caller, now), r -> audit.record(revokedEvent(actor, r)))
              .orElseThrow(() -> new ProblemException(
                  ProblemType.ALREADY_REVOKED,
                  "certificate " + known.serial() + (known.isOnHold() ? " is already on hold" : " is already revoked")));
    } catch (ProblemException e) {
      if (e.type() != ProblemType.FORBIDDEN_MAILBOX) {
        audit.record(AuditEvents.revocationRefused(actor, serial, current, e));
      }
      throw e;
    }
    directory.reconcile(revoked.serial(), actor);
    CrlPublication crls = publishIfUrgent(revoked.caId(), request.reason());
    return new RevocationResult(List.of(queries.withChain(revoked)), crls);
  }

  /** A hold is recorded as certificate.held, every other revocation as certificate.revoked. */
  private static AuditEvent revokedEvent(Actor actor, CertificateRecord r) {
    AuditEvent revoked = AuditEvents.revoked(actor, r);
    if (r.revocation().orElseThrow().reason() != RevocationReason.CERTIFICATE_HOLD) {
      return revoked;
    }
    return AuditEvent.of(AuditEventType.CERTIFICATE_HELD, actor)
        .mailbox(r.mailbox().address()).serial(r.serial()).ca(r.caId()).build();
  }

  /**
   * Revokes every certificate of the mailbox that is valid (or on hold, for a permanent reason)
   * in one transaction. Administrators only.
   *
   * @return the revoked certificates, oldest first; none when the mailbox had none to revoke
   * @throws ProblemException FORBIDDEN, INVALID_MAILBOX, INVALID_REASON or INVALID_INVALIDITY_DATE
   */
  public RevocationResult revokeMailbox(Caller caller, String email, String reasonName, String invalidityDate) {
    requireAdministrator(caller, "revoke every certificate of a mailbox");
    Instant now = now();
    Mailbox mailbox = Mailboxes.parse(email);
    RevocationRequest request = RevocationRequest.of(reasonName, invalidityDate, now);
    Actor actor = Actor.of(caller);
    List<CertificateRecord> revoked = store.revokeAll(mailbox, revocation(request, caller, now));
    // Recorded after the commit: one record per certificate, so the counts match single revocations.
    revoked.forEach(r -> audit.record(revokedEvent(actor, r)));
    revoked.forEach(r -> directory.reconcile(r.serial(), actor));
    CrlPublication crls = CrlPublication.PUBLISHED;
    for (String caId : revoked.stream().map(CertificateRecord::caId).distinct().toList()) {
      CrlPublication outcome = publishIfUrgent(caId, request.reason());
      crls = outcome.compareTo(crls) > 0 ? outcome : crls; // the least advanced CA tells
    }
    return new RevocationResult(revoked.stream().map(queries::withChain).toList(), revoked.isEmpty() ? CrlPublication.SCHEDULED : crls);
  }

  /**
   * Releases a certificate from hold: valid again, back in the directory, answered "good" by
   * OCSP, and listed with removeFromCRL by the next delta CRL (at once when holds are urgent).
   * Administrators only.
   *
   * @throws ProblemException FORBIDDEN, INVALID_SERIAL, UNKNOWN_CERTIFICATE, NOT_ON_HOLD or
   *     CERTIFICATE_EXPIRED
   */
  public RevocationResult release(Caller caller, String serial) {
    requireAdministrator(caller, "release a certificate from hold");
    Instant now = now();
    CertificateRecord current = queries.bySerial(serial).record();
    if (current.isExpired(now)) {
      throw new ProblemException(ProblemType.CERTIFICATE_EXPIRED, "certificate " + current.serial() + " expired on " + current.notAfter());
    }
    CertificateRecord released =
        store.releaseHold(current.serial(), now)
            .orElseThrow(() -> new ProblemException(ProblemType.NOT_ON_HOLD, "certificate " + current.serial() + " is not on hold"));
    Actor actor = Actor.of(caller);
    audit.record(AuditEvent.of(AuditEventType.CERTIFICATE_RELEASED, actor)
        .mailbox(released.mailbox().address()).serial(released.serial()).ca(released.caId()).build());
    directory.reconcile(released.serial(), actor);
    CrlPublication crls = publishIfUrgent(released.caId(), RevocationReason.CERTIFICATE_HOLD);
    return new RevocationResult(List.of(queries.withChain(released)), crls);
  }

  /**
   * The fast path for urgent reasons. The change is committed whatever happens here, so a failure
   * to issue CRLs does not fail the call: it is logged, and the next scheduled delta CRL, which
   * lists every change since its base, carries the change instead.
   */
  private CrlPublication publishIfUrgent(String caId, RevocationReason reason) {
    Optional<CrlSigner> ca = cas.byId(caId);
    if (!crls.isImmediate(reason) || ca.isEmpty()) {
      return CrlPublication.SCHEDULED;
    }
    try {
      return urgent.publishNow(ca.get());
    } catch (RuntimeException e) {
      LOG.errorf(e, "urgent CRLs of CA %s not issued; the next scheduled delta CRL lists the change", caId);
      return CrlPublication.SCHEDULED;
    }
  }

  private static CertificateRecord.Revocation revocation(RevocationRequest request, Caller caller, Instant now) {
    return new CertificateRecord.Revocation(now, request.reason(), caller.name(), request.invalidityDate());
  }

  private static void requireAdministrator(Caller caller, String what) {
    if (!caller.administrator()) {
      throw new ProblemException(ProblemType.FORBIDDEN, "only an administrator may " + what);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }
}
