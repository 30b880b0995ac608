package org.emailpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.audit.file.AuditKeys;
import org.emailpki.audit.file.AuditWriter;
import org.emailpki.audit.file.DiskGuard;
import org.emailpki.audit.file.SegmentArchiver;
import org.emailpki.audit.file.Segments;
import org.emailpki.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code emailpki audit verify|report} on a real log, run as the command line runs it: no service. */
class AuditCommandTest {

  @TempDir Path dir;
  Path auditDir;
  Path publicKey;

  record Run(int status, String out, String err) {}

  @BeforeEach
  void writeALogWithOneRotation() {
    auditDir = dir.resolve("audit");
    Segments segments = new Segments(auditDir, auditDir.resolve("archive"));
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("audit-key"), new SecureRandom());
    publicKey = dir.resolve("audit-key").resolve(AuditKeys.PUBLIC_KEY_FILE);
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    SegmentArchiver archiver = new SegmentArchiver(segments);
    try (AuditWriter writer = new AuditWriter(segments, keys, new DiskGuard(List.of(), 0, 0), clock,
        new AuditWriter.Settings(1 << 20, ZoneOffset.UTC, Duration.ofDays(1), Duration.ofSeconds(10)), archiver::archiveLater)) {
      for (int i = 0; i < 12; i++) {
        clock.advance(Duration.ofSeconds(10));
        writer.record(AuditEvent.of(AuditEventType.AUTHENTICATION_FAILED, new Actor("alice", "203.0.113.9"))
            .detail("reason", "wrong-password").build());
      }
      writer.rotateNow();
      writer.record(AuditEvent.of(AuditEventType.ENROLMENT_REFUSED, new Actor("bob", "192.0.2.4")).detail("reason", "unsupported-key").build());
    }
    archiver.awaitIdle();
    archiver.close();
  }

  @Test
  void anIntactLogVerifiesWithExitStatusZero() {
    Run r = run("verify", "--dir", auditDir.toString(), "--public-key", publicKey.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("records: 16 (1 to 16), checkpoints: 3, signed through record 16"), r.out());
    assertTrue(r.out().contains("segments read: 2 (audit-0000000000000001-20261201T100000Z.jsonl.gz … audit-0000000000000015-"), r.out());
    assertTrue(r.out().endsWith("VERIFIED: the chain is intact and every record is signed\n"), r.out());
  }

  @Test
  void aTamperedLogNamesTheFaultWithExitStatusOne() throws Exception {
    Path live = Files.list(auditDir).filter(p -> p.getFileName().toString().endsWith(".jsonl")).findFirst().orElseThrow();
    String text = Files.readString(live);
    Files.writeString(live, text.replace("unsupported-key", "unsupported-kez"));
    Run r = run("verify", "--dir", auditDir.toString(), "--public-key", publicKey.toString());
    assertEquals(1, r.status());
    assertTrue(r.out().contains("FAULT EDITED in " + live.getFileName() + " line 1 (record 15)"), r.out());
    assertTrue(r.out().contains("files involved: " + live.getFileName()), r.out());

    Run json = run("verify", "--dir", auditDir.toString(), "--public-key", publicKey.toString(), "--json");
    assertEquals(1, json.status());
    JsonNode v = new ObjectMapper().readTree(json.out());
    assertEquals(false, v.get("intact").asBoolean());
    assertEquals("EDITED", v.get("fault").get("kind").asText());
    assertEquals(15, v.get("fault").get("seq").asLong());
  }

  @Test
  void theReportRunsOfflineOverATimeRange() throws Exception {
    Run r = run("report", "--dir", auditDir.toString(), "--from", "2026-12-01T00:00:00Z", "--to", "2026-12-02T00:00:00Z");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("audit report 2026-12-01T00:00:00Z to 2026-12-02T00:00:00Z: 16 records\n"), r.out());
    assertTrue(r.out().contains("authentication failures by client address:\n  203.0.113.9       12\n"), r.out());
    assertTrue(r.out().contains("enrolment refusals by reason:\n  unsupported-key        1\n"), r.out());
    assertTrue(r.out().contains("findings: 2\n  - authentication failure burst: 12 failures against account alice"), r.out());

    Run json = run("report", "--dir", auditDir.toString(), "--from", "2026-12-01T00:00:00Z", "--to", "2026-12-02T00:00:00Z",
        "--json", "--burst-threshold", "13");
    JsonNode report = new ObjectMapper().readTree(json.out());
    assertEquals(16, report.get("records").asLong());
    assertEquals("2026-12-01T00:00:00Z", report.get("from").asText());
    assertEquals(0, report.get("bursts").size(), "13 failures make a burst now");
  }

  @Test
  void usageErrorsExitWithTwo() {
    Run noKey = run("verify", "--dir", auditDir.toString());
    assertEquals(2, noKey.status());
    assertTrue(noKey.err().contains("--public-key is required"), noKey.err());
    assertEquals(2, run("verify", "--dir", dir.resolve("nowhere").toString(), "--public-key", publicKey.toString()).status());
    assertEquals(2, run("report", "--dir", auditDir.toString(), "--from", "yesterday").status());
    assertEquals(2, run("report", "--dir", auditDir.toString(), "--from", "2026-12-02T00:00:00Z", "--to", "2026-12-01T00:00:00Z").status());
    assertEquals(2, run("shred").status());
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = new AuditCommand().run(args, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
