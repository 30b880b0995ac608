package org.emailpki.revocation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.audit.AuditLog;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.CrlRequest;
import org.emailpki.ca.CrlSigner;
import org.emailpki.ca.RevocationReason;
import org.emailpki.ca.RevokedEntry;
import org.emailpki.ca.profile.TemplateFactory;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.pkix.Certificates;
import org.emailpki.store.CertificateStatus;
import org.emailpki.store.CrlStore;
import org.emailpki.store.RevokedCertificate;
import org.emailpki.store.StoredCrl;
import org.jboss.logging.Logger;

/**
 * Decides what the CRLs of every CA say, and when a new one is due. Full CRLs list every revoked
 * certificate until one full-CRL period after it expires and name the delta CRL URL (freshestCRL);
 * delta CRLs list the changes since the newest full CRL, including removeFromCRL for released
 * holds. Full and delta CRLs share one number sequence, taken under the store's counter lock.
 * Thread-safe.
 */
@ApplicationScoped
public class CrlService {

  private static final Logger LOG = Logger.getLogger(CrlService.class);

  private final CaSet cas;
  private final CrlStore crls;
  private final EmailPkiConfig.Crl settings;
  private final TemplateFactory urls;
  private final Set<RevocationReason> immediateReasons;
  private final AuditLog audit;
  private final Clock clock;
  private final BaseCrls bases = new BaseCrls();

  /**
   * @throws IllegalArgumentException when the settings would let a CRL expire before the next is
   *     due, or name an unknown reason
   */
  @Inject
  public CrlService(CaSet cas, CrlStore crls, EmailPkiConfig config, AuditLog audit, Clock clock) {
    this.cas = cas;
    this.crls = crls;
    this.settings = config.crl();
    this.urls = new TemplateFactory(config.publicUrl(), config.ca().certificateValidity());
    this.immediateReasons = reasons(settings.immediateReasons());
    this.audit = audit;
    this.clock = clock;
    requireLonger("next-update", settings.nextUpdate(), "reissue-after", settings.reissueAfter());
    requireLonger("delta-next-update", settings.deltaNextUpdate(), "delta-reissue-after", settings.deltaReissueAfter());
  }

  /** Whether a revocation for this reason has new CRLs issued before the revocation call returns. */
  public boolean isImmediate(RevocationReason reason) {
    return immediateReasons.contains(reason);
  }

  /**
   * Issues a full CRL and a delta CRL on top of it, now.
   *
   * @return the full CRL and the delta, in that order
   */
  public List<StoredCrl> issueFullAndDelta(CrlSigner ca) {
    StoredCrl full = issueFull(ca, Optional.empty()).orElseThrow();
    return List.of(full, issueDelta(ca, Optional.empty()).orElseThrow());
  }

  /** Issues a delta CRL on the newest full CRL now (and that full CRL first if there is none). */
  public StoredCrl issueDelta(CrlSigner ca) {
    current(ca.id());
    return issueDelta(ca, Optional.empty()).orElseThrow();
  }

  /**
   * Issues what is due: a full CRL (and a delta on it) when the newest full CRL is missing or
   * older than {@code reissue-after}, else a delta when the newest delta is missing, older than
   * {@code delta-reissue-after}, or based on an older full CRL.
   *
   * @return whether a CRL was issued
   */
  public boolean refresh(CrlSigner ca) {
    Instant now = clock.instant();
    Optional<StoredCrl.Head> full = crls.head(ca.id(), StoredCrl.Kind.FULL);
    Optional<StoredCrl.Head> delta = crls.head(ca.id(), StoredCrl.Kind.DELTA);
    Instant fullDue = now.minus(settings.reissueAfter());
    Instant deltaDue = now.minus(settings.deltaReissueAfter());
    if (fresh(full, fullDue) && fresh(delta, deltaDue) && delta.get().number() > full.get().number()) {
      return false; // the common case, decided without the counter lock
    }
    boolean issuedFull = issueFull(ca, Optional.of(fullDue)).isPresent();
    boolean issuedDelta = issueDelta(ca, issuedFull ? Optional.empty() : Optional.of(deltaDue)).isPresent();
    return issuedFull || issuedDelta;
  }

  /** The CA's newest full CRL, issued now (with a delta) if there is none yet. */
  public Optional<StoredCrl> current(String caId) {
    return cas.byId(caId).map(ca -> crls.latest(caId, StoredCrl.Kind.FULL).orElseGet(() -> {
      issueFullAndDelta(ca);
      return crls.latest(caId, StoredCrl.Kind.FULL).orElseThrow();
    }));
  }

  /** The CA's newest delta CRL, issued now if there is none yet. */
  public Optional<StoredCrl> currentDelta(String caId) {
    return cas.byId(caId).map(ca -> crls.latest(caId, StoredCrl.Kind.DELTA).orElseGet(() -> issueDelta(ca)));
  }

  /** Issues a full CRL unless, under the counter lock, the newest one is from {@code notBefore} or later. */
  private Optional<StoredCrl> issueFull(CrlSigner ca, Optional<Instant> notBefore) {
    AtomicReference<List<RevokedEntry>> signed = new AtomicReference<>();
    Optional<StoredCrl> crl =
        crls.issue(
            ca.id(),
            issuance -> {
              if (notBefore.isPresent() && fresh(issuance.head(StoredCrl.Kind.FULL), notBefore.get())) {
                return Optional.empty();
              }
              Instant thisUpdate = now();
              long number = issuance.nextNumber();
              List<RevokedEntry> entries = entries(issuance.revoked(expiredSince(thisUpdate)));
              byte[] der =
                  ca.signCrl(
                      CrlRequest.full(
                          BigInteger.valueOf(number), thisUpdate, thisUpdate.plus(settings.nextUpdate()), entries, urls.deltaCrlUrl(ca.id())));
              signed.set(entries);
              recordIssued(ca, "full", number, entries.size(), thisUpdate);
              return Optional.of(
                  new StoredCrl(ca.id(), StoredCrl.Kind.FULL, number, Optional.empty(), thisUpdate, thisUpdate.plus(settings.nextUpdate()), der));
            });
    crl.ifPresent(c -> {
      bases.remember(ca.id(), c.number(), signed.get());
      LOG.debugf("issued full CRL %s for CA %s with %s entries", Long.toString(c.number()), ca.id(), signed.get().size());
    });
    return crl;
  }

  /**
   * Issues a delta CRL on the newest full CRL unless, under the counter lock, the newest delta is
   * from {@code notBefore} or later and based on it. No full CRL, no delta.
   */
  private Optional<StoredCrl> issueDelta(CrlSigner ca, Optional<Instant> notBefore) {
    Optional<StoredCrl> crl =
        crls.issue(
            ca.id(),
            issuance -> {
              Optional<StoredCrl> base = issuance.latest(StoredCrl.Kind.FULL);
              if (base.isEmpty()) {
                return Optional.empty();
              }
              Optional<StoredCrl.Head> delta = issuance.head(StoredCrl.Kind.DELTA);
              if (notBefore.isPresent() && fresh(delta, notBefore.get()) && delta.get().number() > base.get().number()) {
                return Optional.empty();
              }
              Instant thisUpdate = now();
              long number = issuance.nextNumber();
              List<RevokedEntry> changes =
                  DeltaCrl.changes(
                      bases.entriesOf(base.get()),
                      entries(issuance.revoked(expiredSince(thisUpdate))),
                      serial -> issuance.certificate(Certificates.serialHex(serial))
                          .map(r -> r.status() == CertificateStatus.VALID)
                          .orElse(false));
              Instant nextUpdate = thisUpdate.plus(settings.deltaNextUpdate());
              byte[] der =
                  ca.signCrl(
                      CrlRequest.delta(BigInteger.valueOf(number), BigInteger.valueOf(base.get().number()), thisUpdate, nextUpdate, changes));
              recordIssued(ca, "delta", number, changes.size(), thisUpdate);
              return Optional.of(
                  new StoredCrl(ca.id(), StoredCrl.Kind.DELTA, number, Optional.of(base.get().number()), thisUpdate, nextUpdate, der));
            });
    crl.ifPresent(c -> LOG.debugf("issued delta CRL %s on %s for CA %s", Long.toString(c.number()), c.baseNumber().orElseThrow(), ca.id()));
    return crl;
  }

  private static boolean fresh(Optional<StoredCrl.Head> head, Instant notBefore) {
    return head.isPresent() && !head.get().thisUpdate().isBefore(notBefore);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  /** Revoked certificates stay listed for one full-CRL period past their expiry (RFC 5280 3.3). */
  private Instant expiredSince(Instant thisUpdate) {
    return thisUpdate.minus(settings.nextUpdate());
  }

  private static List<RevokedEntry> entries(List<RevokedCertificate> revoked) {
    return revoked.stream()
        .map(r -> new RevokedEntry(
            new BigInteger(r.serial(), 16), r.revocation().revokedAt(), r.revocation().reason(), r.revocation().invalidityDate()))
        .toList();
  }

  private static Set<RevocationReason> reasons(List<String> names) {
    Set<RevocationReason> reasons = EnumSet.noneOf(RevocationReason.class);
    for (String name : names) {
      reasons.add(RevocationReason.requestable(name.strip())
          .orElseThrow(() -> new IllegalArgumentException("emailpki.crl.immediate-reasons: '" + name + "' is not a revocation reason")));
    }
    return reasons;
  }

  private static void requireLonger(String longer, Duration a, String shorter, Duration b) {
    if (a.compareTo(b) <= 0) {
      throw new IllegalArgumentException(
          "emailpki.crl." + longer + " (" + a + ") must exceed emailpki.crl." + shorter + " (" + b
              + "), or relying parties would be left without a valid CRL");
    }
  }

  /**
   * {@code crl.issued}, durable inside the CRL's transaction before it is stored: no CRL is served
   * without its record.
   */
  private void recordIssued(CrlSigner ca, String kind, long number, int entries, Instant thisUpdate) {
    audit.record(AuditEvent.of(AuditEventType.CRL_ISSUED, Actor.SYSTEM)
        .ca(ca.id()).detail("kind", kind).detail("number", number).detail("entries", entries)
        .detail("this-update", thisUpdate).build());
  }
}
