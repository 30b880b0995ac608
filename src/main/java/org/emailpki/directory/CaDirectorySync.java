package org.emailpki.directory;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.audit.AuditLog;
import org.emailpki.audit.AuditUnavailableException;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.CrlSigner;
import org.emailpki.store.CrlStore;
import org.emailpki.store.StoredCrl;
import org.jboss.logging.Logger;

/**
 * Makes each CA's directory entry follow the CRL store: its certificate and its newest full and
 * delta CRL. Published at once when asked (after an urgent revocation), at start, and on every
 * replay tick for CRLs issued since (by the schedule or by another instance); a directory that
 * did not answer is caught up on the next tick. Each publication is recorded ({@code
 * directory.published} with the CA and the CRL numbers) once the directory took it.
 */
@ApplicationScoped
public class CaDirectorySync {

  private static final Logger LOG = Logger.getLogger(CaDirectorySync.class);

  private final CaSet cas;
  private final CrlStore crls;
  private final RevocationListPublisher publisher;
  private final AuditLog audit;
  /** The newest CRL numbers this instance saw published, per CA: [full, delta]. */
  private final Map<String, List<Long>> published = new ConcurrentHashMap<>();

  @Inject
  public CaDirectorySync(CaSet cas, CrlStore crls, RevocationListPublisher publisher, AuditLog audit) {
    this.cas = cas;
    this.crls = crls;
    this.publisher = publisher;
    this.audit = audit;
  }

  /**
   * Publishes the CA's certificate and its newest CRLs from the store.
   *
   * @return true when the directory holds them; false when it did not answer or the audit log
   *     could not record the publication (both caught up later: made and recorded again), or the
   *     CA has no CRL yet
   */
  public boolean publish(CrlSigner ca) {
    if (crls.head(ca.id(), StoredCrl.Kind.FULL).isEmpty()) {
      return false;
    }
    try {
      List<Long> numbers = new ArrayList<>();
      publisher.publish(ca.certificate(), () -> {
        StoredCrl full = crls.latest(ca.id(), StoredCrl.Kind.FULL).orElseThrow();
        Optional<StoredCrl> delta = crls.latest(ca.id(), StoredCrl.Kind.DELTA);
        numbers.clear();
        numbers.add(full.number());
        numbers.add(delta.map(StoredCrl::number).orElse(0L));
        return new RevocationLists(full.der(), delta.map(StoredCrl::der));
      });
      audit.record(AuditEvent.of(AuditEventType.DIRECTORY_PUBLISHED, Actor.SYSTEM)
          .ca(ca.id()).detail("entry", "ca").detail("crl", numbers.get(0)).detail("delta-crl", numbers.get(1)).build());
      published.put(ca.id(), List.copyOf(numbers));
      return true;
    } catch (DirectoryException | AuditUnavailableException e) {
      LOG.warnf("CRLs of CA %s not published to the directory yet: %s", ca.id(), e.getMessage());
      return false;
    }
  }

  /** Publishes every CA whose newest CRLs in the store are not the ones last published. */
  @Scheduled(every = "${emailpki.directory.replay-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  public void catchUp() {
    for (CrlSigner ca : cas.all()) {
      List<Long> newest =
          List.of(
              crls.head(ca.id(), StoredCrl.Kind.FULL).map(StoredCrl.Head::number).orElse(0L),
              crls.head(ca.id(), StoredCrl.Kind.DELTA).map(StoredCrl.Head::number).orElse(0L));
      if (newest.get(0) > 0 && !newest.equals(published.get(ca.id()))) {
        publish(ca);
      }
    }
  }

  /** After the CRL schedule's start-up check (which runs earlier), so there is something to publish. */
  void onStart(@Observes StartupEvent event) {
    published.clear(); // an embedded directory starts empty
    catchUp();
  }
}
