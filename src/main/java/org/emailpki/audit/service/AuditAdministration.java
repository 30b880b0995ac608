package org.emailpki.audit.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.audit.AuditOutcome;
import org.emailpki.audit.file.AnalysisSettings;
import org.emailpki.audit.file.AuditAnalyzer;
import org.emailpki.audit.file.AuditReader;
import org.emailpki.audit.file.AuditReport;
import org.emailpki.audit.file.AuditVerifier;
import org.emailpki.audit.file.Verification;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.identity.Caller;

/**
 * What administrators do with the audit log through the API: verify it, read the analysis report,
 * fetch the public key for offline verification. Only administrators may; a refusal is itself
 * audited. Verification runs against the writer's durable head, so it also catches a tail cut
 * that no checkpoint covers yet.
 */
@ApplicationScoped
public class AuditAdministration {

  /** The longest range one report may cover, so one request cannot read years of archive. */
  static final Duration MAX_RANGE = Duration.ofDays(366);

  private final FileAuditLog log;
  private final AnalysisSettings analysis;

  @Inject
  public AuditAdministration(FileAuditLog log, EmailPkiConfig config) {
    this.log = log;
    EmailPkiConfig.Audit.Analysis a = config.audit().analysis();
    this.analysis = new AnalysisSettings(a.burstThreshold(), a.burstWindow(), a.revocationsPerHour());
  }

  /**
   * Verifies the whole log and records {@code audit.verified} with the outcome.
   *
   * @throws ProblemException FORBIDDEN for a caller without the administrator role
   */
  public Verification verify(Caller caller) {
    requireAdministrator(caller, "verify the audit log");
    Verification v = verifyNow();
    log.record(verified(v, Actor.of(caller)));
    return v;
  }

  /** The verification the schedule runs: no caller, recorded as the system's. */
  Verification verifyNow() {
    var writer = log.writer();
    var head = writer.head();
    return log.archiver().holdingStill(
        () -> new AuditVerifier(writer.segments(), List.of(log.keys().publicKey())).verify(head));
  }

  static AuditEvent verified(Verification v, Actor actor) {
    AuditEvent.Builder e = AuditEvent.of(AuditEventType.AUDIT_VERIFIED, actor)
        .outcome(v.intact() ? AuditOutcome.SUCCESS : AuditOutcome.FAILED)
        .detail("records", v.records())
        .detail("last", v.lastSeq())
        .detail("signed-through", v.signedThrough());
    if (v.fault() != null) {
      e.detail("fault", v.fault().kind().name()).detail("file", v.fault().file()).detail("line", v.fault().line());
    }
    return e.build();
  }

  /**
   * The analysis report over [from, to).
   *
   * @throws ProblemException FORBIDDEN, or INVALID_TIME_RANGE when from is not before to or the
   *     range exceeds a year
   */
  public AuditReport report(Caller caller, Instant from, Instant to) {
    requireAdministrator(caller, "read the audit report");
    if (!from.isBefore(to)) {
      throw new ProblemException(ProblemType.INVALID_TIME_RANGE, "'from' must be before 'to'");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw new ProblemException(ProblemType.INVALID_TIME_RANGE, "a report covers at most 366 days");
    }
    return reportNow(from, to);
  }

  AuditReport reportNow(Instant from, Instant to) {
    AuditAnalyzer analyzer = new AuditAnalyzer(analysis);
    long unreadable = log.archiver().holdingStill(
        () -> new AuditReader(log.writer().segments()).forEach(from, to, analyzer::add));
    return analyzer.report(from, to, unreadable);
  }

  /** The audit public key (SPKI PEM) that the offline verifier needs. */
  public String publicKeyPem(Caller caller) {
    requireAdministrator(caller, "fetch the audit public key");
    return log.keys().publicKeyPem();
  }

  private void requireAdministrator(Caller caller, String what) {
    if (!caller.administrator()) {
      log.record(AuditEvent.of(AuditEventType.AUTHORIZATION_REFUSED, Actor.of(caller))
          .detail("operation", what).detail("reason", ProblemType.FORBIDDEN.slug()).build());
      throw new ProblemException(ProblemType.FORBIDDEN, "only administrators may " + what);
    }
  }
}
