package org.emailpki.audit.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.audit.AuditUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer on real files: format, chain, durability order, rotation, restart and failures. */
class AuditWriterTest {

  @TempDir Path dir;

  @Test
  void aRecordIsOneJsonLineChainedToTheOneBefore() throws Exception {
    try (LogFixture log = new LogFixture(dir).open()) {
      AuditEvent e = AuditEvent.of(AuditEventType.CERTIFICATE_REVOKED, new Actor("admin", "198.51.100.4"))
          .mailbox("alice@example.org").serial("0b0bd128").ca("email").detail("reason", "keyCompromise").build();
      log.clock.set(Instant.parse("2026-12-01T10:00:01.123456Z"));
      assertEquals(2, log.writer.record(e), "record 1 is audit.started");

      List<String> lines = LogFixture.lines(log.files().get(0));
      assertEquals(2, lines.size());
      String started = lines.get(0);
      String startedHash = Hashes.sha256(started.substring(0, started.length() - RecordLine.HASH_SUFFIX).getBytes(StandardCharsets.UTF_8));
      assertEquals(
          "{\"seq\":2,\"time\":\"2026-12-01T10:00:01.123456Z\",\"type\":\"certificate.revoked\",\"outcome\":\"success\","
              + "\"actor\":\"admin\",\"client\":\"198.51.100.4\",\"mailbox\":\"alice@example.org\",\"serial\":\"0b0bd128\","
              + "\"ca\":\"email\",\"details\":{\"reason\":\"keyCompromise\"},\"prev\":\"" + startedHash + "\"",
          lines.get(1).substring(0, lines.get(1).length() - RecordLine.HASH_SUFFIX));
      String prefix = lines.get(1).substring(0, lines.get(1).length() - RecordLine.HASH_SUFFIX);
      assertEquals(",\"hash\":\"" + Hashes.sha256(prefix.getBytes(StandardCharsets.UTF_8)) + "\"}",
          lines.get(1).substring(prefix.length()));
      assertTrue(started.startsWith("{\"seq\":1,\"time\":\"2026-12-01T10:00:00.000000Z\",\"type\":\"audit.started\""), started);
      assertTrue(started.contains("\"prev\":\"" + Hashes.GENESIS + "\""), "record 1 starts from the genesis hash");
      AuditWriter.Head head = log.writer.head();
      assertEquals(2, head.seq());
      assertEquals(Hashes.sha256(prefix.getBytes(StandardCharsets.UTF_8)), head.hash());
      assertEquals(1, head.checkpointNumber(), "the start checkpoint");
      assertEquals(1, head.checkpointSeq(), "signs audit.started");
    }
  }

  @Test
  void hostileStringsAreEscapedAndClippedAndSecretsRefused() throws Exception {
    try (LogFixture log = new LogFixture(dir).open()) {
      String nasty = "evil\"},\"seq\":99\n\u0000\u2028" + "x".repeat(1000);
      log.writer.record(AuditEvent.of(AuditEventType.AUTHENTICATION_FAILED, new Actor(nasty, null)).detail("reason", nasty).build());
      String line = LogFixture.lines(log.files().get(0)).get(1);
      RecordLine.Parsed p = RecordLine.parse(line.getBytes(StandardCharsets.UTF_8), line.getBytes(StandardCharsets.UTF_8).length);
      assertTrue(p.hashMatches());
      assertEquals(2, p.record().seq());
      assertEquals(AuditEvent.MAX_VALUE, p.record().actor().length());
      assertTrue(p.record().actor().startsWith("evil\"},\"seq\":99\n\u0000\u2028xxx") && p.record().actor().endsWith("..."));
      assertFalse(line.contains("\n") || line.contains("\u2028"), "one physical line");
      assertThrows(IllegalArgumentException.class,
          () -> AuditEvent.of(AuditEventType.KEY_PROVISIONED, Actor.SYSTEM).detail("pin", "1234"));
      assertThrows(IllegalArgumentException.class,
          () -> AuditEvent.of(AuditEventType.KEY_PROVISIONED, Actor.SYSTEM).detail("keystore-password", "x"));
    }
  }

  @Test
  void filesAndFoldersAreOwnerOnlyAndArchivesReadOnly() throws Exception {
    try (LogFixture log = new LogFixture(dir).open()) {
      log.records(3);
      log.writer.rotateNow();
      log.archiver.awaitIdle();
      assertEquals("rwx------", perms(log.segments.liveDir()));
      assertEquals("rwx------", perms(dir.resolve("audit-key")));
      assertEquals("rw-------", perms(dir.resolve("audit-key").resolve(AuditKeys.PRIVATE_KEY_FILE)));
      assertEquals("rw-------", perms(log.segments.checkpoints()));
      List<SegmentFile> files = log.files();
      assertEquals(2, files.size());
      assertTrue(files.get(0).compressed());
      assertEquals("r--------", perms(files.get(0).path()));
      assertEquals("rw-------", perms(files.get(1).path()));
    }
  }

  @Test
  void concurrentWritersGetDistinctSequenceNumbersInOneUnbrokenChain() throws Exception {
    int threads = 8;
    int each = 250;
    try (LogFixture log = new LogFixture(dir).open()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          List<Long> seqs = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            seqs.add(log.writer.record(LogFixture.event(thread * each + i)));
          }
          return seqs;
        }));
      }
      Set<Long> seqs = new HashSet<>();
      for (Future<List<Long>> f : results) {
        seqs.addAll(f.get(2, TimeUnit.MINUTES));
      }
      pool.shutdown();
      assertEquals(threads * each, seqs.size(), "every record its own number");
      assertEquals(2L, seqs.stream().mapToLong(Long::longValue).min().orElseThrow());
      assertEquals(threads * each + 1L, seqs.stream().mapToLong(Long::longValue).max().orElseThrow());
      log.close();
      Verification v = log.verify();
      assertNull(v.fault());
      assertEquals(threads * each + 2L, v.records(), "started, the records, stopped");
      assertEquals(0, v.unsignedRecords(), "the stop checkpoint signs everything");
    }
  }

  @Test
  void aRecordQueuedAheadGoesOutWithTheNextWaitedOneInOneFlush() throws Exception {
    try (LogFixture log = new LogFixture(dir).open()) {
      // The once-a-second upkeep may catch the first record alone; it cannot do so five times running.
      boolean together = false;
      for (int attempt = 0; attempt < 5 && !together; attempt++) {
        long flushes = log.writer.flushes();
        var requested = log.writer.enqueue(LogFixture.event(1));
        long issued = log.writer.record(LogFixture.event(2));
        assertEquals(issued - 1, requested.getNow(-1L), "written first, and done when the later one is");
        together = log.writer.flushes() == flushes + 1;
      }
      assertTrue(together, "both records in one disk flush");
    }
  }

  @Test
  void aRecordNobodyWaitsForIsWrittenWithinASecond() throws Exception {
    try (LogFixture log = new LogFixture(dir).open()) {
      var queued = log.writer.enqueue(LogFixture.event(1));
      assertEquals(2L, queued.get(3, TimeUnit.SECONDS));
    }
  }

  @Test
  void aSegmentRotatesAtMidnightAndBySizeAndTheChainCrossesRotations() throws Exception {
    try (LogFixture log = new LogFixture(dir, 4096).open()) {
      log.records(5);
      log.clock.set(Instant.parse("2026-12-02T00:00:01Z")); // next day: the next record opens a new segment
      log.writer.record(LogFixture.event(99));
      log.archiver.awaitIdle();
      List<SegmentFile> files = log.files();
      assertEquals(2, files.size());
      List<String> first = LogFixture.lines(files.get(0));
      assertTrue(first.get(first.size() - 1).contains("\"type\":\"audit.rotated\""), "the old segment ends with audit.rotated");
      assertTrue(first.get(first.size() - 1).contains("\"reason\":\"nightly\""));
      assertEquals(first.size() + 1, files.get(1).firstSeq());
      assertEquals(Instant.parse("2026-12-02T00:00:01Z"), files.get(1).opened());
      assertTrue(LogFixture.lines(log.segments.live().get(0)).get(0).contains("\"serial\":\"00000063\""));

      log.records(40); // ~400 bytes each: past 4 KiB
      log.archiver.awaitIdle();
      assertTrue(log.files().size() >= 4, "rotated by size: " + log.files());
      List<String> checkpoints = log.checkpointLines();
      assertTrue(checkpoints.get(0).contains("\"reason\":\"start\""), checkpoints.get(0));
      assertTrue(checkpoints.subList(1, checkpoints.size()).stream().allMatch(l -> l.contains("\"reason\":\"rotation\"")));
      assertEquals(log.files().size() - 1, checkpoints.size() - 1, "one checkpoint at start, then one per rotation");
      log.close();
      Verification v = log.verify();
      assertNull(v.fault(), () -> v.fault().message());
      assertEquals(log.files().size(), v.segmentFiles().size());
    }
  }

  @Test
  void aCheckpointIsWrittenAtTheIntervalOnlyWhenRecordsWereAdded() throws Exception {
    LogFixture log = new LogFixture(dir);
    AuditWriter.Settings every5min = new AuditWriter.Settings(1 << 20, java.time.ZoneOffset.UTC, Duration.ofMinutes(5), Duration.ofSeconds(10));
    SegmentArchiver archiver = new SegmentArchiver(log.segments);
    Files.createDirectories(log.segments.archiveDir());
    try (AuditWriter writer = new AuditWriter(log.segments, log.keys, log.guard, log.clock, every5min, archiver::archiveLater)) {
      assertEquals(1, writer.head().checkpointNumber(), "audit.started is signed at once");
      assertEquals(1, writer.head().checkpointSeq());
      writer.record(LogFixture.event(1));
      log.clock.advance(Duration.ofMinutes(6));
      waitFor(() -> writer.head().checkpointNumber() == 2); // the writer's idle tick checks the interval
      assertEquals(2, writer.head().checkpointSeq());
      log.clock.advance(Duration.ofMinutes(6));
      Thread.sleep(1500); // idle ticks: nothing new, so no checkpoint
      assertEquals(2, writer.head().checkpointNumber());
      writer.record(LogFixture.event(2));
      waitFor(() -> writer.head().checkpointNumber() == 3);
      assertEquals(3, writer.head().checkpointSeq());
    }
    List<String> lines = log.checkpointLines();
    assertEquals(4, lines.size(), "one at start, two at the interval and the one at stop");
    assertTrue(lines.get(0).contains("\"reason\":\"start\""));
    assertTrue(lines.get(1).contains("\"reason\":\"interval\""));
    assertTrue(lines.get(2).contains("\"reason\":\"interval\""));
    assertTrue(lines.get(3).contains("\"reason\":\"stop\""));
  }

  @Test
  void aRestartContinuesTheChainAndRepairsAWriteACrashCutShort() throws Exception {
    LogFixture log = new LogFixture(dir).open();
    log.records(3);
    log.close();
    Path live = log.segments.live().get(0).path();
    Files.write(live, "{\"seq\":7,\"time\":\"20".getBytes(StandardCharsets.US_ASCII), java.nio.file.StandardOpenOption.APPEND);
    long torn = Files.size(live);

    log.open();
    log.records(2);
    log.close();
    List<String> lines = LogFixture.lines(log.segments.live().get(0));
    assertTrue(Files.size(live) > torn);
    assertTrue(lines.get(5).contains("\"type\":\"audit.recovered\"") && lines.get(5).contains("19 bytes"), lines.get(5));
    assertTrue(lines.get(6).contains("\"type\":\"audit.started\""));
    Verification v = log.verify();
    assertNull(v.fault(), () -> v.fault().message());
    assertEquals(10, v.records(), "started, 3, stopped, recovered, started, 2, stopped");
  }

  @Test
  void aLastLineThatIsCompleteButUnreadableStopsTheStart() throws Exception {
    LogFixture log = new LogFixture(dir).open();
    log.records(2);
    log.close();
    Files.writeString(log.segments.live().get(0).path(), "garbage\n", java.nio.file.StandardOpenOption.APPEND);
    IllegalStateException e = assertThrows(IllegalStateException.class, log::open);
    assertTrue(e.getMessage().contains("line 5 is unreadable"), e.getMessage());
  }

  @Test
  void whenTheLiveFileIsRemovedRecordsFailAndTheLogReportsItselfUnwritable() throws Exception {
    try (LogFixture log = new LogFixture(dir).open()) {
      log.records(2);
      Path live = log.segments.live().get(0).path();
      Files.delete(live);
      AuditUnavailableException e = assertThrows(AuditUnavailableException.class, () -> log.writer.record(LogFixture.event(3)));
      assertTrue(e.getMessage().contains("was removed while in use"), e.getMessage());
      AuditWriter.Status status = log.writer.status();
      assertFalse(status.writable());
      assertTrue(status.problem().contains("was removed"), status.problem());
      assertEquals(3, status.head().seq(), "nothing after the last durable record");
      Files.writeString(live, "");
      assertThrows(AuditUnavailableException.class, () -> log.writer.record(LogFixture.event(4)), "a new file is not the one in use");
    }
  }

  @Test
  void belowTheReserveNewWorkIsRefusedButRevocationsStillRecord() throws Exception {
    LogFixture log = new LogFixture(dir);
    log.guard = new DiskGuard(List.of(dir), Long.MAX_VALUE, Long.MAX_VALUE); // no disk is this big
    log.open();
    try {
      AuditUnavailableException e = assertThrows(AuditUnavailableException.class, () -> log.writer.record(LogFixture.event(1)));
      assertTrue(e.getMessage().contains("new work is refused"), e.getMessage());
      long seq = log.writer.record(AuditEvent.of(AuditEventType.CERTIFICATE_REVOKED, Actor.SYSTEM).serial("01").build());
      assertEquals(3, seq, "audit.started, audit.disk-low, then the revocation");
      assertFalse(log.writer.status().writable());
      assertTrue(LogFixture.lines(log.segments.live().get(0)).get(1).contains("\"type\":\"audit.disk-low\""));
      assertTrue(LogFixture.lines(log.segments.live().get(0)).get(1).contains("\"level\":\"full\""));
    } finally {
      log.close();
    }
  }

  private static String perms(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(20);
    }
  }
}
