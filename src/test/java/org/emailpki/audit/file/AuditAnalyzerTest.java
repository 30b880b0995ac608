package org.emailpki.audit.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysis report over a real log spanning rotations and archive. */
class AuditAnalyzerTest {

  @TempDir Path dir;

  @Test
  void theReportCountsFindsBurstsAndSpikesAndGroupsRefusals() {
    LogFixture log = new LogFixture(dir).open();
    log.clock.set(Instant.parse("2026-12-01T11:00:00Z"));
    // A password attack: 12 failures from one address against alice within 3 minutes.
    for (int i = 0; i < 12; i++) {
      log.clock.advance(Duration.ofSeconds(15));
      log.writer.record(failure("alice", "203.0.113.9"));
    }
    // Scattered failures: below any burst.
    for (int i = 0; i < 3; i++) {
      log.clock.advance(Duration.ofMinutes(10));
      log.writer.record(failure("bob", "198.51.100.20"));
    }
    log.writer.rotateNow();
    log.clock.set(Instant.parse("2026-12-01T12:00:00Z"));
    for (int i = 0; i < 25; i++) { // 25 revocations in the hour from 12:00: unusual (threshold 20)
      log.clock.advance(Duration.ofSeconds(30));
      log.writer.record(AuditEvent.of(AuditEventType.CERTIFICATE_REVOKED, new Actor(i < 20 ? "admin" : "alice", "192.0.2.1"))
          .serial(Integer.toHexString(100 + i)).detail("reason", "keyCompromise").build());
    }
    log.clock.set(Instant.parse("2026-12-01T13:10:00Z"));
    for (int i = 0; i < 5; i++) { // 5 in the next hour: usual
      log.writer.record(AuditEvent.of(AuditEventType.CERTIFICATE_REVOKED, new Actor("admin", "192.0.2.1")).serial("c" + i).build());
    }
    log.writer.record(refused("bad-csr-signature"));
    log.writer.record(refused("bad-csr-signature"));
    log.writer.record(refused("invalid-mailbox"));
    log.writer.record(AuditEvent.of(AuditEventType.AUTHORIZATION_REFUSED, new Actor("bob", "192.0.2.2"))
        .mailbox("alice@example.org").detail("operation", "enrol").detail("reason", "forbidden-mailbox").build());
    log.clock.set(Instant.parse("2026-12-02T09:00:00Z"));
    log.writer.record(failure("alice", "203.0.113.9")); // after the range
    log.close();

    AuditAnalyzer analyzer = new AuditAnalyzer(AnalysisSettings.defaults());
    Instant from = Instant.parse("2026-12-01T10:30:00Z");
    Instant to = Instant.parse("2026-12-02T00:00:00Z");
    long unreadable = new AuditReader(log.segments).forEach(from, to, analyzer::add);
    AuditReport r = analyzer.report(from, to, unreadable);

    assertEquals(
        map("audit.rotated", 1L, "authentication.failed", 15L, "authorization.refused", 1L,
            "certificate.revoked", 30L, "enrolment.refused", 3L),
        r.countsByType());
    assertEquals(50, r.records());
    assertEquals(map("198.51.100.20", 3L, "203.0.113.9", 12L), r.authenticationFailuresByClient());
    assertEquals(map("alice", 12L, "bob", 3L), r.authenticationFailuresByAccount());
    Instant first = Instant.parse("2026-12-01T11:00:15Z");
    Instant last = Instant.parse("2026-12-01T11:03:00Z");
    assertEquals(
        List.of(new AuditReport.Burst("account", "alice", 12, first, last), new AuditReport.Burst("client", "203.0.113.9", 12, first, last)),
        r.bursts());
    assertEquals(
        List.of(new AuditReport.RevocationSpike(Instant.parse("2026-12-01T12:00:00Z"), 25, map("admin", 20L, "alice", 5L))),
        r.revocationSpikes());
    assertEquals(map("bad-csr-signature", 2L, "invalid-mailbox", 1L), r.enrolmentRefusalsByReason());
    assertEquals(map("bob", 1L), r.authorizationRefusalsByAccount());
    assertEquals(
        List.of(
            "authentication failure burst: 12 failures against account alice within PT5M (2026-12-01T11:00:15Z to 2026-12-01T11:03:00Z)",
            "authentication failure burst: 12 failures from client 203.0.113.9 within PT5M (2026-12-01T11:00:15Z to 2026-12-01T11:03:00Z)",
            "unusual revocation volume: 25 revocations in the hour from 2026-12-01T12:00:00Z (threshold 20), by {admin=20, alice=5}"),
        r.findings());
    assertEquals(0, r.unreadableLines());
  }

  @Test
  void aBurstNeedsTheThresholdWithinOneWindow() {
    LogFixture log = new LogFixture(dir).open();
    for (int i = 0; i < 10; i++) {
      log.clock.advance(Duration.ofSeconds(34)); // 10 failures over 5 min 6 s: at most 9 in any 5 minutes
      log.writer.record(failure("carol", "192.0.2.50"));
    }
    log.close();
    AuditAnalyzer analyzer = new AuditAnalyzer(AnalysisSettings.defaults());
    new AuditReader(log.segments).forEach(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), analyzer::add);
    AuditReport r = analyzer.report(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), 0);
    assertEquals(List.of(), r.bursts());
    assertEquals(map("carol", 10L), r.authenticationFailuresByAccount());
  }

  private static AuditEvent failure(String account, String client) {
    return AuditEvent.of(AuditEventType.AUTHENTICATION_FAILED, new Actor(account, client)).detail("reason", "wrong-password").build();
  }

  private static AuditEvent refused(String reason) {
    return AuditEvent.of(AuditEventType.ENROLMENT_REFUSED, new Actor("alice", "192.0.2.3")).detail("reason", reason).build();
  }

  private static TreeMap<String, Long> map(Object... kv) {
    TreeMap<String, Long> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Long) kv[i + 1]);
    }
    return m;
  }
}
