package org.emailpki.directory;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.audit.AuditLog;
import org.emailpki.audit.AuditUnavailableException;
import org.emailpki.ca.CaSet;
import org.emailpki.ca.CrlSigner;
import org.emailpki.pkix.Certificates;
import org.emailpki.pkix.SmimeCapsule;
import org.emailpki.store.CertificateRecord;
import org.emailpki.store.CertificateStore;
import org.emailpki.store.Outbox;
import org.jboss.logging.Logger;

/**
 * Makes the directory agree with the store: a certificate is in the directory exactly while it is
 * valid. Changes are applied at once when the directory answers and replayed from the outbox when
 * it did not; a sweep queues certificates that expired since the last one.
 *
 * <p>Each change is recorded ({@code directory.published}, {@code directory.removed}) after the
 * directory made it and before its outbox row is deleted: when the record cannot be written the
 * row stays and the replay makes the change again, recording it then. Publication follows the
 * store, so an audit failure here defers it like a directory outage rather than failing the
 * enrolment or revocation, whose own records are durable already. The start-up rebuild of the
 * whole directory is one record with counts, not one per certificate.
 */
@ApplicationScoped
public class DirectorySync {

  private static final Logger LOG = Logger.getLogger(DirectorySync.class);
  private static final int REPLAY_BATCH = 500;

  private final Outbox outbox;
  private final CertificateStore store;
  private final CertificatePublisher publisher;
  private final CaSet cas;
  private final AuditLog audit;
  private final Clock clock;
  private final PublicationPolicy policy;
  private final AtomicReference<Instant> lastExpirySweep = new AtomicReference<>();

  /** A directory that publishes every valid certificate, whatever its CA: for tools and tests. */
  public DirectorySync(
      Outbox outbox, CertificateStore store, CertificatePublisher publisher, CaSet cas, AuditLog audit, Clock clock) {
    this(outbox, store, publisher, cas, audit, clock, PublicationPolicy.ALLOW_ALL);
  }

  @Inject
  public DirectorySync(Outbox outbox, CertificateStore store, CertificatePublisher publisher, CaSet cas, AuditLog audit,
      Clock clock, PublicationPolicy policy) {
    this.policy = policy;
    this.outbox = outbox;
    this.store = store;
    this.publisher = publisher;
    this.cas = cas;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Brings one certificate's directory state in line with the store, recording the change as
   * caused by {@code actor}.
   *
   * @return true when the directory now agrees; false when it stays queued for a replay: the
   *     directory did not answer, or the audit log could not record the change (the replay makes
   *     the change again and records it then; the certificate's own change is recorded already)
   */
  public boolean reconcile(String serial, Actor actor) {
    return reconcile(serial, false, record -> apply(record, actor));
  }

  private boolean reconcile(String serial, boolean force, Consumer<CertificateRecord> apply) {
    try {
      outbox.reconcile(serial, force, apply);
      return true;
    } catch (DirectoryException | AuditUnavailableException e) {
      LOG.warnf("directory change for serial %s deferred: %s", serial, e.getMessage());
      outbox.recordFailure(serial, e.getMessage(), clock.instant());
      return false;
    }
  }

  private void apply(CertificateRecord record, Actor actor) {
    Optional<String> refusal = policy.refusal(record.caId(), record.profile());
    boolean publish = applySilently(record, refusal);
    AuditEvent.Builder event =
        AuditEvent.of(publish ? AuditEventType.DIRECTORY_PUBLISHED : AuditEventType.DIRECTORY_REMOVED, actor)
            .mailbox(record.mailbox().address()).serial(record.serial()).ca(record.caId());
    if (!publish) {
      event.detail("reason", record.isOnHold() ? "held"
          : record.revocation().isPresent() ? "revoked"
          : record.isExpired(clock.instant()) ? "expired"
          : refusal.isPresent() ? "policy" : "not-yet-valid");
      refusal.ifPresent(why -> event.detail("policy", why));
    }
    audit.record(event.build());
  }

  private void applySilently(CertificateRecord record) {
    applySilently(record, policy.refusal(record.caId(), record.profile()));
  }

  /**
   * Publishes or removes the certificate; returns whether it was published. Valid certificates
   * whose CA the policy does not accept for the directory are removed like revoked ones.
   */
  private boolean applySilently(CertificateRecord record, Optional<String> refusal) {
    if (record.isPublishable(clock.instant()) && refusal.isEmpty()) {
      publisher.publish(record.mailbox(), record.der(), SmimeCapsule.certsOnly(chainOf(record)));
      return true;
    }
    publisher.unpublish(record.mailbox(), record.der(), value -> SmimeCapsule.holds(value, record.der()));
    return false;
  }

  private List<X509Certificate> chainOf(CertificateRecord record) {
    List<X509Certificate> caChain = cas.byId(record.caId()).map(CrlSigner::chain).orElse(List.of());
    return Stream.concat(Stream.of(Certificates.fromDer(record.der())), caChain.stream()).toList();
  }

  /**
   * After the trust policy changed for a CA: queues every valid certificate it issued and brings
   * each in line, so those the policy no longer accepts leave the directory and those it accepts
   * again return. Each change is recorded as caused by {@code actor}.
   *
   * @return how many certificates were reconsidered
   */
  public int reconsider(String caId, Actor actor) {
    Instant now = clock.instant();
    List<String> serials = store.publishableSerialsOf(caId, now);
    serials.forEach(serial -> outbox.enqueue(serial, now));
    serials.forEach(serial -> reconcile(serial, actor));
    return serials.size();
  }

  @Scheduled(every = "${emailpki.directory.replay-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduledReplay() {
    replay();
  }

  /** Replays the outbox; returns how many serials were brought in line. */
  public int replay() {
    sweepExpired();
    int done = 0;
    for (String serial : outbox.pending(REPLAY_BATCH)) {
      if (reconcile(serial, Actor.SYSTEM)) {
        done++;
      }
    }
    return done;
  }

  /** Queues certificates that expired since the last sweep, so they leave the directory. */
  void sweepExpired() {
    Instant now = clock.instant();
    Instant since = lastExpirySweep.getAndSet(now);
    if (since == null) {
      return; // the start-up resync already covered everything before now
    }
    store.expiredBetween(since, now).forEach(serial -> outbox.enqueue(serial, now));
  }

  /**
   * At start, publishes every valid certificate (an embedded directory starts empty, and an
   * external one may have been changed while the service was down), then replays the outbox.
   */
  void resyncOnStart(@Observes StartupEvent event) {
    lastExpirySweep.set(clock.instant());
    List<String> serials = store.publishableSerials(clock.instant());
    long published = serials.stream().filter(serial -> reconcile(serial, true, this::applySilently)).count();
    long queued = outbox.size();
    audit.record(AuditEvent.of(AuditEventType.DIRECTORY_RESYNCHRONISED, Actor.SYSTEM)
        .detail("valid", serials.size()).detail("published", published).detail("queued", queued).build());
    replay();
    LOG.infof("directory resynchronised: %d of %d valid certificates published, %d queued",
        published, serials.size(), queued);
  }
}
