package org.emailpki.revocation;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.audit.AuditLog;
import org.emailpki.audit.AuditUnavailableException;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.CrlRequest;
import org.emailpki.ca.CrlSigner;
import org.emailpki.ca.RevokedEntry;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.store.CrlStore;
import org.emailpki.store.StoredCrl;
import org.jboss.logging.Logger;

/**
 * Issues and serves the CRLs of every CA: at start when none is current, after each revocation,
 * and on a schedule so a fresh CRL always exists well before the previous one's nextUpdate.
 * {@code crl.issued} is durable before the CRL is stored, so none is served without its record.
 */
@ApplicationScoped
public class CrlService {

  private static final Logger LOG = Logger.getLogger(CrlService.class);

  private final CaSet cas;
  private final CrlStore crls;
  private final EmailPkiConfig.Crl settings;
  private final AuditLog audit;
  private final Clock clock;

  @Inject
  public CrlService(CaSet cas, CrlStore crls, EmailPkiConfig config, AuditLog audit, Clock clock) {
    this.cas = cas;
    this.crls = crls;
    this.settings = config.crl();
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Signs and stores a new CRL for the CA, listing every revoked certificate not long expired.
   *
   * @param actor who caused it (a revoker, or {@link Actor#SYSTEM} for the schedule)
   * @throws AuditUnavailableException when the CRL cannot be recorded; it is then not stored
   */
  public StoredCrl reissue(CrlSigner ca, Actor actor) {
    Instant thisUpdate = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant nextUpdate = thisUpdate.plus(settings.nextUpdate());
    // Keep revoked certificates listed for one CRL period past their expiry (RFC 5280 3.3).
    Instant expiredSince = thisUpdate.minus(settings.nextUpdate());
    StoredCrl crl =
        crls.issue(
            ca.id(),
            expiredSince,
            (number, revoked) -> {
              var entries =
                  revoked.stream()
                      .map(r -> new RevokedEntry(
                          new BigInteger(r.serial(), 16),
                          r.revocation().orElseThrow().revokedAt(),
                          r.revocation().orElseThrow().reason()))
                      .toList();
              byte[] der = ca.signCrl(new CrlRequest(BigInteger.valueOf(number), thisUpdate, nextUpdate, entries));
              audit.record(AuditEvent.of(AuditEventType.CRL_ISSUED, actor)
                  .ca(ca.id()).detail("number", number).detail("entries", entries.size())
                  .detail("this-update", thisUpdate).detail("next-update", nextUpdate).build());
              return new StoredCrl(ca.id(), number, thisUpdate, nextUpdate, der);
            });
    LOG.debugf("issued CRL %d for CA %s", crl.number(), ca.id());
    return crl;
  }

  /** The CA's current CRL, issued now if there is none yet. */
  public Optional<StoredCrl> current(String caId) {
    return cas.byId(caId).map(ca -> crls.latest(caId).orElseGet(() -> reissue(ca, Actor.SYSTEM)));
  }

  /** Reissues every CRL that is missing or older than the configured reissue interval. */
  @Scheduled(every = "1h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void reissueStale() {
    Instant staleBefore = clock.instant().minus(settings.reissueAfter());
    for (CrlSigner ca : cas.all()) {
      Optional<StoredCrl> latest = crls.latest(ca.id());
      if (latest.isEmpty() || latest.get().thisUpdate().isBefore(staleBefore)) {
        reissue(ca, Actor.SYSTEM);
      }
    }
  }

  void onStart(@Observes StartupEvent event) {
    reissueStale();
  }
}
