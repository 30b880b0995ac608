package org.emailpki.audit.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.audit.AuditUnavailableException;
import org.emailpki.audit.file.AuditReport;
import org.emailpki.audit.file.Verification;
import org.emailpki.config.EmailPkiConfig;
import org.jboss.logging.Logger;

/**
 * The audit plan's schedule (handbook 1114 c–e): retention deletes archived segments past their
 * time; the analysis runs over the period just past and logs its findings for follow-up; the
 * whole log is verified against the public key. Each run is itself recorded.
 */
@ApplicationScoped
public class AuditSchedule {

  private static final Logger LOG = Logger.getLogger(AuditSchedule.class);

  private final FileAuditLog log;
  private final AuditAdministration administration;
  private final Duration retention;
  private final Clock clock;
  private final AtomicReference<Instant> analysedUntil = new AtomicReference<>();

  @Inject
  public AuditSchedule(FileAuditLog log, AuditAdministration administration, EmailPkiConfig config, Clock clock) {
    this.log = log;
    this.administration = administration;
    this.retention = config.audit().retention();
    this.clock = clock;
  }

  @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void purge() {
    try {
      log.archiver().purge(clock.instant().minus(retention), log.writer());
    } catch (AuditUnavailableException e) {
      LOG.errorf("audit retention skipped: %s", e.getMessage());
    }
  }

  @Scheduled(every = "${emailpki.audit.analysis-interval}", delayed = "${emailpki.audit.analysis-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void analyse() {
    Instant to = clock.instant();
    Instant from = analysedUntil.getAndSet(to);
    if (from == null) {
      from = to.minus(Duration.ofHours(1));
    }
    AuditReport report = analyse(from, to);
    LOG.infof("audit analysis %s to %s: %d records, %d findings", from, to, report.records(), report.findings().size());
  }

  /** Runs the report over [from, to), logs every finding as a warning and records the run. */
  AuditReport analyse(Instant from, Instant to) {
    AuditReport report = administration.reportNow(from, to);
    report.findings().forEach(f -> LOG.warn("audit finding: " + f));
    log.record(AuditEvent.of(AuditEventType.AUDIT_ANALYSED, Actor.SYSTEM)
        .detail("from", from).detail("to", to).detail("records", report.records())
        .detail("findings", report.findings().size()).build());
    return report;
  }

  @Scheduled(every = "${emailpki.audit.verify-interval}", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void verify() {
    Verification v = administration.verifyNow();
    if (v.intact()) {
      LOG.infof("audit log verified: %d records up to %d, signed through %d", v.records(), v.lastSeq(), v.signedThrough());
    } else {
      LOG.errorf("AUDIT LOG FAULT: %s at %s line %d: %s", v.fault().kind(), v.fault().file(), v.fault().line(), v.fault().message());
    }
    log.record(AuditAdministration.verified(v, Actor.SYSTEM));
  }
}
