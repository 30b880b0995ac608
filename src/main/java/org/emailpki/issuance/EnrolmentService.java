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
import org.emailpki.keystore.KeyStorageAssurance;
import org.emailpki.policy.KeyStorageClaim;
import org.emailpki.pkix.Certificates;
import org.emailpki.pkix.CheckedCsr;
import org.emailpki.pkix.CsrChecker;
import org.emailpki.store.CertificateRecord;
import org.emailpki.store.CertificateStatus;
import org.emailpki.store.CertificateStore;
import org.emailpki.store.KeyBindings;
import org.emailpki.store.StoreException;
import org.emailpki.trust.IssuancePolicy;
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
  private final KeyBindings keyBindings;
  private final DirectorySync directory;
  private final TemplateFactory templates;
  private final AuditLog audit;
  private final Clock clock;
  private final TrustRegistry trust;
  private final IssuancePolicy issuancePolicy;

  @Inject
  public EnrolmentService(
      CaSet cas, CertificateStore store, KeyBindings keyBindings, DirectorySync directory, EmailPkiConfig config, AuditLog audit, Clock clock,
      TrustRegistry trust, IssuancePolicy issuancePolicy) {
    this.cas = cas;
    this.store = store;
    this.keyBindings = keyBindings;
    this.directory = directory;
    this.templates = new TemplateFactory(config.publicUrl(), config.ca().certificateValidity(), config.ocsp().enabled());
    this.audit = audit;
    this.clock = clock;
    this.trust = trust;
    this.issuancePolicy = issuancePolicy;
  }

  /** A request that passed every check, ready for the CA. */
  private record Accepted(
      Mailbox mailbox, CertificateProfile profile, CheckedCsr csr, String keySha256, CertificateTemplate template,
      KeyStorageClaim keyStorage) {}

  /**
   * How the key storage claim of a request is established, once the caller may act for the mailbox
   * and the profile is known; a refusal it throws is recorded like every other.
   */
  @FunctionalInterface
  private interface ClaimReader {
    KeyStorageClaim read(Caller caller, Actor actor, Mailbox mailbox, CertificateProfile profile);
  }

  /**
   * Where the service will generate a key for the mailbox and profile: the target's checks (can it
   * be reached, does it make keys this profile accepts, is the password fit).
   */
  @FunctionalInterface
  public interface GenerationTarget {
    /**
     * @return the storage the key will have
     * @throws ProblemException when the target cannot serve this request
     */
    KeyStorageAssurance check(Mailbox mailbox, CertificateProfile profile);
  }

  /** A request to have a key generated that may go ahead: for this mailbox, profile and storage. */
  public record Admission(Mailbox mailbox, CertificateProfile profile, KeyStorageAssurance storage) {}

  /**
   * Enrols a CSR made elsewhere: its key storage is what the request declares (the lowest rung
   * when it declares nothing); only an administrator may mark the declaration verified.
   *
   * @throws ProblemException for every request that is refused; nothing is stored then
   * @throws AuditUnavailableException when a record cannot be written; nothing is stored then
   */
  public IssuedCertificate enrol(Caller caller, EnrolmentRequest request) {
    return enrol(caller, request, (c, actor, mailbox, profile) -> claim(c, actor, mailbox, request));
  }

  /**
   * Every check of enrolment that needs no CSR, made before the service generates a key at {@code
   * target}: who may ask, the profile, the target's own checks, the key storage policy on the
   * service's verified word. Each refusal is recorded like an enrolment's, so nothing is generated
   * for a request enrolment would refuse.
   *
   * @throws ProblemException for every request that is refused
   * @throws AuditUnavailableException when a refusal cannot be recorded
   */
  public Admission admitGenerated(Caller caller, String email, String profile, GenerationTarget target) {
    KeyStorageAssurance[] storage = new KeyStorageAssurance[1];
    Admitted admitted = admit(caller, Actor.of(caller), email, profile, cas.issuing().id(), (c, actor, mailbox, p) -> {
      storage[0] = target.check(mailbox, p);
      return KeyStorageClaim.verified(storage[0]);
    });
    return new Admission(admitted.mailbox(), admitted.profile(), storage[0]);
  }

  /**
   * Enrols a key the service generated itself at {@code storage}: the storage is verified, on the
   * service's own word. The request's own key storage members are ignored.
   *
   * @throws ProblemException for every request that is refused; nothing is stored then
   * @throws AuditUnavailableException when a record cannot be written; nothing is stored then
   */
  public IssuedCertificate enrolGenerated(Caller caller, EnrolmentRequest request, KeyStorageAssurance storage) {
    KeyStorageClaim verified = KeyStorageClaim.verified(storage);
    return enrol(caller, request, (c, actor, mailbox, profile) -> verified);
  }

  private IssuedCertificate enrol(Caller caller, EnrolmentRequest request, ClaimReader claims) {
    Actor actor = Actor.of(caller);
    CertificateAuthority ca = cas.issuing();
    // Milliseconds: what every database keeps, so the enrolment response equals later lookups.
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Accepted accepted = accept(caller, actor, request, claims, ca.id(), now);
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
            Certificates.der(certificate),
            accepted.keyStorage());
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

  /** What passed the checks that need no CSR. */
  private record Admitted(Mailbox mailbox, CertificateProfile profile, KeyStorageClaim keyStorage) {}

  /** Every check before the CA; each refusal is recorded, then thrown. */
  private Accepted accept(Caller caller, Actor actor, EnrolmentRequest request, ClaimReader claims, String caId, Instant now) {
    Admitted admitted = admit(caller, actor, request.email(), request.profile(), caId, claims);
    Mailbox mailbox = admitted.mailbox();
    try {
      CheckedCsr csr = csrChecker.check(request.csr());
      String keySha256 = csr.keySha256();
      switch (keyBindings.bind(keySha256, mailbox)) {
        case BOUND_ELSEWHERE -> throw new ProblemException(
            ProblemType.KEY_ALREADY_CERTIFIED, "this public key is already certified for another mailbox; make a new key");
        case COMPROMISED -> throw new ProblemException(
            ProblemType.KEY_COMPROMISED, "a certificate for this public key was revoked for key compromise; make a new key");
        case BOUND_HERE -> { }
      }
      return new Accepted(mailbox, admitted.profile(), csr, keySha256,
          templates.template(admitted.profile(), mailbox, csr, caId, now), admitted.keyStorage());
    } catch (ProblemException e) {
      throw refused(e, actor, mailbox, request.email());
    }
  }

  /** The checks before the CSR: who may ask, for which profile, on which key storage claim. */
  private Admitted admit(Caller caller, Actor actor, String email, String profileName, String caId, ClaimReader claims) {
    Mailbox mailbox = null;
    try {
      mailbox = Mailboxes.parse(email);
      if (!caller.mayActFor(mailbox)) {
        audit.record(AuditEvents.forbiddenMailbox(actor, mailbox, null, "enrol"));
        throw new ProblemException(
            ProblemType.FORBIDDEN_MAILBOX,
            "account '" + caller.name() + "' may not enrol for " + mailbox.address(),
            Map.of("mailbox", mailbox.address()));
      }
      String name = Optional.ofNullable(profileName).orElse(CertificateProfile.DEFAULT_NAME);
      CertificateProfile profile =
          trust.current().profiles().named(name)
              .orElseThrow(() -> new ProblemException(ProblemType.UNKNOWN_PROFILE,
                  "no profile is named '" + clipped(name) + "'"));
      KeyStorageClaim keyStorage = claims.read(caller, actor, mailbox, profile);
      // Enforcement point 1 (docs/policy.md): the CA and the key's storage against the profile and grade.
      issuancePolicy.check(caId, profile, keyStorage);
      return new Admitted(mailbox, profile, keyStorage);
    } catch (ProblemException e) {
      throw refused(e, actor, mailbox, email);
    }
  }

  /** Records a refusal (an authorization refusal was recorded where it was decided) and returns it. */
  private ProblemException refused(ProblemException e, Actor actor, Mailbox mailbox, String email) {
    if (e.type() != ProblemType.FORBIDDEN_MAILBOX && e.type() != ProblemType.FORBIDDEN) {
      audit.record(AuditEvents.enrolmentRefused(actor, mailbox, email, e));
    }
    return e;
  }

  /**
   * The claim a request makes: its {@code keyStorage} (undeclared: the lowest rung) on its {@code
   * keyStorageVouching} (default declared). Verified is for administrators, who checked the storage
   * themselves; a user asking for it is refused, not silently downgraded.
   */
  private KeyStorageClaim claim(Caller caller, Actor actor, Mailbox mailbox, EnrolmentRequest request) {
    KeyStorageAssurance assurance = request.keyStorage() == null
        ? KeyStorageAssurance.UNDECLARED
        : KeyStorageAssurance.named(request.keyStorage()).orElseThrow(() -> new ProblemException(
            ProblemType.UNKNOWN_KEY_STORAGE,
            "no key storage is named '" + clipped(request.keyStorage()) + "'; known: " + KNOWN_STORAGE));
    KeyStorageClaim.Vouching vouching = request.keyStorageVouching() == null
        ? KeyStorageClaim.Vouching.DECLARED
        : KeyStorageClaim.Vouching.named(request.keyStorageVouching()).orElseThrow(() -> new ProblemException(
            ProblemType.UNKNOWN_KEY_STORAGE,
            "keyStorageVouching must be 'declared' or 'verified', not '" + clipped(request.keyStorageVouching()) + "'"));
    if (vouching == KeyStorageClaim.Vouching.VERIFIED && !caller.administrator()) {
      audit.record(AuditEvents.forbidden(actor, mailbox, "verify-key-storage"));
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "only an administrator may vouch that a key storage is verified; account '" + caller.name() + "' may declare it");
    }
    return new KeyStorageClaim(assurance, vouching);
  }

  private static final String KNOWN_STORAGE =
      String.join(", ", java.util.Arrays.stream(KeyStorageAssurance.values()).map(KeyStorageAssurance::externalName).toList());

  /** A value the caller sent, shortened for a problem's detail. */
  static String clipped(String value) {
    return value.length() > 64 ? value.substring(0, 64) + "..." : value;
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
