package org.emailpki.issuance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditLog;
import org.emailpki.audit.AuditUnavailableException;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.CaUnavailableException;
import org.emailpki.ca.CertificateAuthority;
import org.emailpki.ca.CertificateTemplate;
import org.emailpki.ca.profile.CertificateProfile;
import org.emailpki.ca.profile.TemplateFactory;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.directory.DirectorySync;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.identity.Caller;
import org.emailpki.identity.Mailbox;
import org.emailpki.pkix.Certificates;
import org.emailpki.pkix.CheckedCsr;
import org.emailpki.pkix.CsrChecker;
import org.emailpki.store.CertificateRecord;
import org.emailpki.store.CertificateStatus;
import org.emailpki.store.CertificateStore;
import org.emailpki.store.StoreException;
import org.emailpki.trust.TrustRegistry;

/**
 * Enrolment: checks who may ask, what is asked and with which key; has the CA issue; records the
 * certificate before anything else sees it; then publishes it (or leaves it queued).
 *
 * <p>Audit order, so that no certificate exists without its records: a refusal is recorded before
 * it is reported; {@code enrolment.requested} is queued before the CA signs and {@code
 * certificate.issued} as soon as it has; both are awaited inside the store's transaction, before
 * the commit (the log's disk flush overlaps the CA and the insert rather than adding to them). When
 * the audit log cannot write, nothing is stored and the request fails.
 */
@ApplicationScoped
public class EnrolmentService {

  private final CsrChecker csrChecker = new CsrChecker();
  private final CaSet cas;
  private final CertificateStore store;
  private final DirectorySync directory;
  private final TemplateFactory templates;
  private final AuditLog audit;
  private final Clock clock;
  private final TrustRegistry trust;

  @Inject
  public EnrolmentService(
      CaSet cas, CertificateStore store, DirectorySync directory, EmailPkiConfig config, AuditLog audit, Clock clock,
      TrustRegistry trust) {
    this.cas = cas;
    this.store = store;
    this.directory = directory;
    this.templates = new TemplateFactory(config.publicUrl(), config.ca().certificateValidity(), config.ocsp().enabled());
    this.audit = audit;
    this.clock = clock;
    this.trust = trust;
  }

  /** A request that passed every check, ready for the CA. */
  private record Accepted(
      Mailbox mailbox, CertificateProfile profile, CheckedCsr csr, String keySha256, CertificateTemplate template) {}

  /**
   * @throws ProblemException for every request that is refused; nothing is stored then
   * @throws AuditUnavailableException when a record cannot be written; nothing is stored then
   */
  public IssuedCertificate enrol(Caller caller, EnrolmentRequest request) {
    Actor actor = Actor.of(caller);
    CertificateAuthority ca = cas.issuing();
    // Milliseconds: what every database keeps, so the enrolment response equals later lookups.
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Accepted accepted = accept(caller, actor, request, ca.id(), now);
    Mailbox mailbox = accepted.mailbox();

    AuditLog.Pending requested =
        audit.submit(AuditEvents.requested(actor, mailbox, accepted.profile().name(), accepted.csr().keyKind().name(), ca.id()));
    X509Certificate certificate;
    try {
      certificate = ca.issue(accepted.template());
    } catch (CaUnavailableException e) {
      throw failed(e, actor, mailbox, null, ca.id(), "ca-unavailable");
    }
    CertificateRecord record =
        new CertificateRecord(
            Certificates.serialHex(certificate),
            ca.id(),
            mailbox,
            accepted.profile().name(),
            accepted.csr().keyKind().name(),
            certificate.getNotBefore().toInstant(),
            certificate.getNotAfter().toInstant(),
            now,
            caller.name(),
            CertificateStatus.VALID,
            Optional.empty(),
            Certificates.der(certificate));
    // Queued now, so the disk flush overlaps the insert; durable before the commit.
    AuditLog.Pending issued = audit.submit(AuditEvents.issued(actor, record));
    try {
      store.recordIssued(record, accepted.keySha256(), now, r -> {
        requested.await();
        issued.await();
      });
    } catch (StoreException | AuditUnavailableException e) {
      // certificate.issued may be on record already: say that the certificate was never stored.
      throw failed(e, actor, mailbox, record.serial(), ca.id(),
          e instanceof StoreException ? "store-unavailable" : "audit-unavailable");
    }
    boolean published = directory.reconcile(record.serial(), actor);
    return new IssuedCertificate(record, certificate, ca.chain(), published);
  }

  /** Every check before the CA; each refusal is recorded, then thrown. */
  private Accepted accept(Caller caller, Actor actor, EnrolmentRequest request, String caId, Instant now) {
    Mailbox mailbox = null;
    try {
      mailbox = Mailboxes.parse(request.email());
      if (!caller.mayActFor(mailbox)) {
        audit.record(AuditEvents.forbiddenMailbox(actor, mailbox, null, "enrol"));
        throw new ProblemException(
            ProblemType.FORBIDDEN_MAILBOX,
            "account '" + caller.name() + "' may not enrol for " + mailbox.address(),
            Map.of("mailbox", mailbox.address()));
      }
      String profileName = Optional.ofNullable(request.profile()).orElse(CertificateProfile.DEFAULT_NAME);
      CertificateProfile profile =
          trust.current().profiles().named(profileName)
              .orElseThrow(() -> new ProblemException(ProblemType.UNKNOWN_PROFILE,
                  "no profile is named '" + (profileName.length() > 64 ? profileName.substring(0, 64) + "..." : profileName) + "'"));
      CheckedCsr csr = csrChecker.check(request.csr());
      String keySha256 = csr.keySha256();
      // One key, one mailbox: otherwise a key certified for two people makes a signature by one
      // attributable to the other, and revoking one certificate for key compromise leaves the other.
      Mailbox asked = mailbox;
      List<Mailbox> holders = store.mailboxesCertifiedForKey(keySha256);
      if (holders.stream().anyMatch(m -> !m.equals(asked))) {
        throw new ProblemException(
            ProblemType.KEY_ALREADY_CERTIFIED, "this public key is already certified for another mailbox; make a new key");
      }
      return new Accepted(mailbox, profile, csr, keySha256, templates.template(profile, mailbox, csr, caId, now));
    } catch (ProblemException e) {
      if (e.type() != ProblemType.FORBIDDEN_MAILBOX) {
        audit.record(AuditEvents.enrolmentRefused(actor, mailbox, request.email(), e));
      }
      throw e;
    }
  }

  /** Records that an accepted enrolment failed, and returns the failure to throw. */
  private RuntimeException failed(RuntimeException e, Actor actor, Mailbox mailbox, String serial, String caId, String reason) {
    try {
      audit.record(AuditEvents.enrolmentFailed(actor, mailbox, serial, caId, reason));
    } catch (AuditUnavailableException auditDown) {
      e.addSuppressed(auditDown);
    }
    return e;
  }
}
