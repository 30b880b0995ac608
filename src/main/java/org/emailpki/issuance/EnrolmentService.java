package org.emailpki.issuance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.emailpki.ca.CaSet;
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

/**
 * Enrolment: checks who may ask, what is asked and with which key; has the CA issue; records the
 * certificate before anything else sees it; then publishes it (or leaves it queued).
 */
@ApplicationScoped
public class EnrolmentService {

  private final CsrChecker csrChecker = new CsrChecker();
  private final CaSet cas;
  private final CertificateStore store;
  private final DirectorySync directory;
  private final TemplateFactory templates;
  private final Clock clock;

  @Inject
  public EnrolmentService(
      CaSet cas, CertificateStore store, DirectorySync directory, EmailPkiConfig config, Clock clock) {
    this.cas = cas;
    this.store = store;
    this.directory = directory;
    this.templates = new TemplateFactory(config.publicUrl(), config.ca().certificateValidity(), config.ocsp().enabled());
    this.clock = clock;
  }

  /**
   * @throws ProblemException for every request that is refused; nothing is stored then
   */
  public IssuedCertificate enrol(Caller caller, EnrolmentRequest request) {
    Mailbox mailbox = Mailboxes.parse(request.email());
    if (!caller.mayActFor(mailbox)) {
      throw new ProblemException(
          ProblemType.FORBIDDEN_MAILBOX,
          "account '" + caller.name() + "' may not enrol for " + mailbox.address(),
          Map.of("mailbox", mailbox.address()));
    }
    String profileName = Optional.ofNullable(request.profile()).orElse(CertificateProfile.DEFAULT.profileName());
    CertificateProfile profile =
        CertificateProfile.named(profileName)
            .orElseThrow(() -> new ProblemException(ProblemType.UNKNOWN_PROFILE,
                "no profile is named '" + (profileName.length() > 64 ? profileName.substring(0, 64) + "..." : profileName) + "'"));
    CheckedCsr csr = csrChecker.check(request.csr());
    String keySha256 = csr.keySha256();
    // One key, one mailbox: otherwise a key certified for two people makes a signature by one
    // attributable to the other, and revoking one certificate for key compromise leaves the other.
    List<Mailbox> holders = store.mailboxesCertifiedForKey(keySha256);
    if (holders.stream().anyMatch(m -> !m.equals(mailbox))) {
      throw new ProblemException(
          ProblemType.KEY_ALREADY_CERTIFIED, "this public key is already certified for another mailbox; make a new key");
    }

    CertificateAuthority ca = cas.issuing();
    // Milliseconds: what every database keeps, so the enrolment response equals later lookups.
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    CertificateTemplate template = templates.template(profile, mailbox, csr, ca.id(), now);
    X509Certificate certificate = ca.issue(template);
    CertificateRecord record =
        new CertificateRecord(
            Certificates.serialHex(certificate),
            ca.id(),
            mailbox,
            profile.profileName(),
            csr.keyKind().name(),
            certificate.getNotBefore().toInstant(),
            certificate.getNotAfter().toInstant(),
            now,
            caller.name(),
            CertificateStatus.VALID,
            Optional.empty(),
            Certificates.der(certificate));
    store.recordIssued(record, keySha256, now);
    boolean published = directory.reconcile(record.serial());
    return new IssuedCertificate(record, certificate, ca.chain(), published);
  }
}
