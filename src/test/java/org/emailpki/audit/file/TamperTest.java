package org.emailpki.audit.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampering with a real log on disk: three segments (two archived, gzip) and four checkpoints.
 *
 * <pre>
 * A  audit-…01  lines 1–12: 1 audit.started, 2–11 records, 12 audit.rotated   checkpoints 1 and 2 sign 1, 12
 * B  audit-…13  lines 1–11: 13–22 records, 23 audit.rotated                   checkpoint 3 signs 23
 * C  audit-…24  lines 1–11: 24–33 records, 34 audit.stopped (live)            checkpoint 4 signs 34
 * </pre>
 *
 * Each attack must be found, named, and placed at the right file, line and record.
 */
class TamperTest {

  @TempDir Path dir;
  LogFixture log;
  SegmentFile a;
  SegmentFile b;
  SegmentFile c;

  @BeforeEach
  void writeThreeSegments() {
    log = new LogFixture(dir).open();
    log.records(10);
    log.writer.rotateNow();
    log.records(10);
    log.writer.rotateNow();
    log.records(10);
    log.close();
    List<SegmentFile> files = log.files();
    assertEquals(3, files.size());
    a = files.get(0);
    b = files.get(1);
    c = files.get(2);
    assertTrue(a.compressed() && b.compressed() && !c.compressed(), "two archived, one live");
    assertEquals(List.of(1L, 13L, 24L), files.stream().map(SegmentFile::firstSeq).toList());
  }

  @Test
  void aCleanLogWithSeveralRotationsVerifies() {
    Verification v = log.verify();
    assertNull(v.fault(), () -> v.fault().toString());
    assertTrue(v.intact());
    assertEquals(34, v.records());
    assertEquals(1, v.firstSeq());
    assertEquals(34, v.lastSeq());
    assertEquals(4, v.checkpoints(), "at start, two rotations, at stop");
    assertEquals(34, v.signedThrough());
    assertEquals(0, v.unsignedRecords());
    assertEquals(List.of(a.fileName(), b.fileName(), c.fileName()), v.segmentFiles());
  }

  @Test
  void oneChangedByteIsFoundAtItsRecord() {
    List<String> lines = LogFixture.lines(b);
    String line = lines.get(4); // record 17
    int at = line.indexOf("user") + 3;
    lines.set(4, line.substring(0, at) + 'z' + line.substring(at + 1));
    LogFixture.rewrite(b, lines);
    assertFault(FaultKind.EDITED, b, 5, 17L);
  }

  @Test
  void aDeletedMiddleRecordIsFoundWhereItIsMissing() {
    List<String> lines = LogFixture.lines(c);
    lines.remove(3); // record 27
    LogFixture.rewrite(c, lines);
    Fault f = assertFault(FaultKind.DELETED, c, 4, 28L);
    assertTrue(f.message().startsWith("records 27 are missing before line 4"), f.message());
  }

  @Test
  void twoSwappedRecordsAreFoundOutOfOrder() {
    List<String> lines = LogFixture.lines(c);
    String third = lines.get(2);
    lines.set(2, lines.get(3));
    lines.set(3, third); // records 26 and 27 swapped
    LogFixture.rewrite(c, lines);
    Fault f = assertFault(FaultKind.OUT_OF_ORDER, c, 3, 27L);
    assertTrue(f.message().contains("the two were swapped"), f.message());
  }

  @Test
  void aForgedRecordWithAValidHashAndLinkIsFoundAsInserted() throws Exception {
    List<String> lines = LogFixture.lines(c);
    ChainRecord before = parse(lines.get(2)); // record 26
    AuditEvent forged = AuditEvent.of(AuditEventType.CERTIFICATE_REVOKED, new Actor("admin", "203.0.113.66")).serial("ffff").build();
    RecordLine.Encoded line = RecordLine.encode(27, before.time(), forged, before.hash());
    lines.add(3, new String(line.line(), StandardCharsets.UTF_8));
    LogFixture.rewrite(c, lines);
    Fault f = assertFault(FaultKind.INSERTED, c, 4, 27L);
    assertTrue(f.message().contains("it was inserted"), f.message());
  }

  @Test
  void aCopiedRecordInsertedElsewhereIsFound() {
    List<String> lines = LogFixture.lines(c);
    lines.add(5, LogFixture.lines(b).get(2)); // record 15 again, after record 28
    LogFixture.rewrite(c, lines);
    assertFault(FaultKind.INSERTED, c, 6, 15L);
  }

  @Test
  void aCutTailIsFoundAgainstTheLastCheckpoint() {
    List<String> lines = LogFixture.lines(c);
    LogFixture.rewrite(c, lines.subList(0, 8)); // records 32 to 34 cut
    Fault f = assertFault(FaultKind.TAIL_CUT, c, 8, 31L);
    assertTrue(f.message().contains("records 32 to 34 were cut off"), f.message());
  }

  @Test
  void aFileCutInTheMiddleOfARecordIsFound() {
    byte[] content = LogFixture.bytes(c);
    LogFixture.rewrite(c, Arrays.copyOf(content, content.length - 40));
    assertFault(FaultKind.TRUNCATED_RECORD, c, 11, null);
  }

  @Test
  void aDeletedRotatedFileIsFoundBetweenItsNeighbours() throws Exception {
    Files.delete(b.path());
    Fault f = assertFault(FaultKind.SEGMENT_MISSING, c, 1, 24L);
    assertEquals(List.of(a.fileName(), c.fileName()), f.files());
    assertTrue(f.message().startsWith("records 13 to 23 are missing between " + a.fileName()), f.message());
  }

  @Test
  void aDeletedOldestFileIsFoundAgainstTheSignedFloor() throws Exception {
    Files.delete(a.path());
    Fault f = assertFault(FaultKind.START_MISSING, b, 1, 13L);
    assertTrue(f.message().contains("records from 1 are kept"), f.message());
  }

  @Test
  void aReplacedCheckpointSignatureIsFound() {
    List<String> cps = log.checkpointLines();
    String first = cps.get(0);
    String second = cps.get(1);
    String otherSignature = first.substring(first.indexOf(",\"sig\":\""));
    cps.set(1, second.substring(0, second.indexOf(",\"sig\":\"")) + otherSignature);
    log.writeCheckpoints(cps);
    Fault f = log.verify().fault();
    assertEquals(new Fault(FaultKind.CHECKPOINT_SIGNATURE_INVALID, Segments.CHECKPOINTS, 2, 12L, f.message(),
        List.of(Segments.CHECKPOINTS)), f);
  }

  @Test
  void aRewrittenChainWithRecomputedHashesIsCaughtByTheNextCheckpoint() {
    List<String> lines = LogFixture.lines(b);
    String edited = lines.get(4).replace("\"actor\":\"alice\"", "\"actor\":\"carol\"");
    lines.set(4, edited);
    List<String> rechained = rechain(lines, 4, parse(lines.get(3)).hash());
    LogFixture.rewrite(b, rechained);
    LogFixture.rewrite(c, rechain(LogFixture.lines(c), 0, parse(rechained.get(rechained.size() - 1)).hash()));
    Fault f = assertFault(FaultKind.CHECKPOINT_MISMATCH, b, 11, 23L);
    assertTrue(f.message().startsWith("checkpoint 3 (checkpoints.jsonl line 3) signed record 23"), f.message());
  }

  @Test
  void aRemovedCheckpointBreaksTheCheckpointChain() {
    List<String> cps = log.checkpointLines();
    cps.remove(1);
    log.writeCheckpoints(cps);
    Fault f = log.verify().fault();
    assertEquals(FaultKind.CHECKPOINT_CHAIN_BROKEN, f.kind());
    assertEquals(2, f.line());
    assertEquals(23L, f.seq());
  }

  @Test
  void aDeletedCheckpointFileLeavesNothingVouchingForTheRecords() throws Exception {
    Files.delete(log.segments.checkpoints());
    assertEquals(FaultKind.CHECKPOINTS_MISSING, log.verify().fault().kind());
  }

  @Test
  void anotherKeyDoesNotVerify() {
    AuditKeys other = AuditKeys.loadOrCreate(dir.resolve("other-key"), new SecureRandom());
    Fault f = new AuditVerifier(log.segments, List.of(other.publicKey())).verify().fault();
    assertEquals(FaultKind.CHECKPOINT_UNKNOWN_KEY, f.kind());
    assertEquals(1, f.line());
    assertTrue(f.message().contains(log.keys.keyId()) && f.message().contains(other.keyId()), f.message());
  }

  @Test
  void retentionDeletesOldSegmentsAndTheLogStillVerifiesFromItsFloor() {
    log.open();
    log.clock.advance(Duration.ofDays(500));
    int purged = log.archiver.purge(b.opened().plusSeconds(1), log.writer); // A ended when B opened
    log.close();
    assertEquals(1, purged);
    assertTrue(Files.notExists(a.path()));
    Verification v = log.verify();
    assertNull(v.fault(), () -> v.fault().toString());
    assertEquals(13, v.firstSeq());
    assertTrue(v.notes().contains("the log starts at record 13 (older records were deleted by retention)"), v.notes().toString());
    List<String> last = LogFixture.lines(log.segments.live().get(0));
    assertTrue(last.stream().anyMatch(l -> l.contains("\"type\":\"audit.purged\"") && l.contains("\"floor\":\"13\"")), last.toString());
    assertTrue(log.checkpointLines().stream().anyMatch(l -> l.contains("\"reason\":\"purge\"") && l.contains("\"floor\":13")));
  }

  @Test
  void anArchiveInterruptedBeforeTheLiveCopyWasDeletedIsReadOnce() throws Exception {
    Path liveCopy = log.segments.liveDir().resolve(b.name() + ".jsonl");
    Files.write(liveCopy, LogFixture.bytes(b));
    Verification v = log.verify();
    assertNull(v.fault(), () -> v.fault().toString());
    assertEquals(34, v.records());
    assertTrue(v.notes().get(0).contains("interrupted archive"), v.notes().toString());
  }

  private Fault assertFault(FaultKind kind, SegmentFile file, long line, Long seq) {
    Verification v = log.verify();
    Fault f = v.fault();
    assertTrue(f != null, "the tampering was not found");
    assertEquals(kind, f.kind(), f.message());
    assertEquals(file.fileName(), f.file(), f.message());
    assertEquals(line, f.line(), f.message());
    assertEquals(seq, f.seq(), f.message());
    assertTrue(f.files().contains(file.fileName()));
    assertEquals(false, v.intact());
    return f;
  }

  private static ChainRecord parse(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    try {
      return RecordLine.parse(bytes, bytes.length).record();
    } catch (MalformedLineException e) {
      throw new AssertionError(e);
    }
  }

  /** What a forger without the signing key can do: re-link and rehash every line from {@code from} on. */
  private static List<String> rechain(List<String> lines, int from, String prev) {
    List<String> out = new ArrayList<>(lines.subList(0, from));
    for (String line : lines.subList(from, lines.size())) {
      String prefix = line.substring(0, line.length() - RecordLine.HASH_SUFFIX);
      prefix = prefix.substring(0, prefix.length() - 65) + prev + "\"";
      prev = Hashes.sha256(prefix.getBytes(StandardCharsets.UTF_8));
      out.add(prefix + ",\"hash\":\"" + prev + "\"}");
    }
    return out;
  }
}
