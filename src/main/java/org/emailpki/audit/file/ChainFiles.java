package org.emailpki.audit.file;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.jboss.logging.Logger;

/**
 * The chain as it stands on disk: the live segment and the checkpoint file, the last record's
 * number and hash, the last checkpoint. Appends groups of records, rotates segments and signs
 * checkpoints. Not thread-safe: the audit writer calls it under its writing lock; only {@link
 * #head()}, {@link #writingSince()} and {@link #flushes()} may be read from any thread.
 */
final class ChainFiles implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ChainFiles.class);

  private final Segments segments;
  private final AuditKeys keys;
  private final long rotateBytes;
  private final ZoneId zone;
  private final Consumer<SegmentFile> archive;
  private final DurableAppendFile checkpoints;
  private final AtomicLong flushes = new AtomicLong();
  private final LogRecovery.Recovered recovered;

  private DurableAppendFile segment;
  private SegmentFile segmentFile;
  private LocalDate segmentDay;
  private long segmentRecords;
  private long lastSeq;
  private String lastHash;
  private long checkpointNumber;
  private String checkpointHash;
  private long checkpointSeq;
  private Instant lastCheckpointAt;
  private long floor;
  private byte[] buffer = new byte[1 << 16];
  private volatile long writingSince; // System.nanoTime() of the write in progress, 0 when none
  private volatile AuditWriter.Head head;

  /**
   * Continues the chain found in {@code segments}, cutting off a last line a crash left
   * incomplete (see {@link #repairs()}), or starts it.
   *
   * @param archive told of each segment finished with (rotated, or left over from an interrupted
   *     rotation: see {@link #unarchived()})
   */
  ChainFiles(Segments segments, AuditKeys keys, long rotateBytes, ZoneId zone, Consumer<SegmentFile> archive, Instant now)
      throws IOException {
    this.segments = segments;
    this.keys = keys;
    this.rotateBytes = rotateBytes;
    this.zone = zone;
    this.archive = archive;
    recovered = LogRecovery.recover(segments, keys);
    lastSeq = recovered.lastSeq();
    lastHash = recovered.lastHash();
    checkpointNumber = recovered.checkpointNumber();
    checkpointHash = recovered.checkpointHash();
    checkpointSeq = recovered.checkpointSeq();
    floor = recovered.floor();
    lastCheckpointAt = now;
    segmentFile = recovered.liveSegment().orElse(null);
    if (segmentFile == null) {
      segmentFile = SegmentFile.of(segments.liveDir().resolve(SegmentFile.liveName(lastSeq + 1, now))).orElseThrow();
      segment = DurableAppendFile.create(segmentFile.path());
    } else {
      segment = DurableAppendFile.open(segmentFile.path());
      segmentRecords = recovered.segmentRecords();
    }
    segmentDay = day(segmentFile.opened());
    checkpoints = DurableAppendFile.openOrCreate(segments.checkpoints());
    publishHead();
  }

  /** What the start repaired, one sentence each: the writer records each as {@code audit.recovered}. */
  List<String> repairs() {
    return recovered.repairs();
  }

  List<String> warnings() {
    return recovered.warnings();
  }

  /** Older live segments an interrupted rotation left unarchived. */
  List<SegmentFile> unarchived() {
    return recovered.unarchived();
  }

  SegmentFile segmentFile() {
    return segmentFile;
  }

  AuditWriter.Head head() {
    return head;
  }

  long writingSince() {
    return writingSince;
  }

  long flushes() {
    return flushes.get();
  }

  /**
   * Appends the events as one write and one flush.
   *
   * @return the sequence number of the first
   * @throws IOException when they did not all reach the disk; then none counts (the file is cut
   *     back) and the chain stands where it stood
   */
  long write(List<AuditEvent> events, Instant now) throws IOException {
    long first = lastSeq + 1;
    if (events.isEmpty()) {
      return first;
    }
    long seq = lastSeq;
    String prev = lastHash;
    int length = 0;
    for (AuditEvent e : events) {
      RecordLine.Encoded line = RecordLine.encode(++seq, now, e, prev);
      prev = line.hash();
      if (length + line.line().length + 1 > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + line.line().length + 1));
      }
      System.arraycopy(line.line(), 0, buffer, length, line.line().length);
      length += line.line().length;
      buffer[length++] = '\n';
    }
    writingSince = System.nanoTime();
    try {
      segment.append(buffer, length);
      flushes.incrementAndGet();
    } finally {
      writingSince = 0;
    }
    lastSeq = seq;
    lastHash = prev;
    segmentRecords += events.size();
    publishHead();
    return first;
  }

  /** Rotates when the segment holds records and midnight (in the zone) passed or it is full. */
  void rotateIfDue(Instant now) throws IOException {
    if (segmentRecords == 0) {
      return;
    }
    if (!day(now).equals(segmentDay)) {
      rotate("nightly", now);
    } else if (segment.size() >= rotateBytes) {
      rotate("size", now);
    }
  }

  /** Rotates when the segment holds any record. */
  void rotateNow(Instant now) throws IOException {
    if (segmentRecords > 0) {
      rotate("request", now);
    }
  }

  /**
   * Closes the segment with an {@code audit.rotated} record and a checkpoint, and continues the
   * chain in a new one. The new file is created first: when that fails nothing has changed.
   */
  private void rotate(String reason, Instant now) throws IOException {
    SegmentFile next = SegmentFile.of(segments.liveDir().resolve(SegmentFile.liveName(lastSeq + 2, now))).orElseThrow();
    DurableAppendFile nextFile = DurableAppendFile.create(next.path());
    try {
      write(List.of(AuditEvent.of(AuditEventType.AUDIT_ROTATED, Actor.SYSTEM)
          .detail("reason", reason).detail("next", next.name()).detail("records", segmentRecords + 1).build()), now);
      checkpoint("rotation", now);
    } catch (IOException e) {
      nextFile.close();
      Files.deleteIfExists(next.path());
      throw e;
    }
    SegmentFile done = segmentFile;
    segment.close();
    segment = nextFile;
    segmentFile = next;
    segmentDay = day(now);
    segmentRecords = 0;
    archive.accept(done);
  }

  /** Whether records were added since the last checkpoint, which is at least {@code interval} old. */
  boolean checkpointDue(Instant now, Duration interval) {
    return lastSeq != checkpointSeq && !Duration.between(lastCheckpointAt, now).minus(interval).isNegative();
  }

  /** Signs a checkpoint of the last record, unless the last one already covers it. */
  void checkpoint(String reason, Instant now) throws IOException {
    if (lastSeq == checkpointSeq) {
      return;
    }
    Checkpoint c = new Checkpoint(checkpointNumber + 1, now, reason, lastSeq, lastHash, segmentFile.name(), floor,
        keys.keyId(), checkpointHash);
    byte[] line = CheckpointLine.sign(c, keys);
    byte[] withNewline = Arrays.copyOf(line, line.length + 1);
    withNewline[line.length] = '\n';
    checkpoints.append(withNewline, withNewline.length);
    checkpointNumber = c.number();
    checkpointHash = Hashes.sha256(line);
    checkpointSeq = lastSeq;
    lastCheckpointAt = now;
    publishHead();
    // In the service log too: shipped elsewhere, it anchors the log against a cut of both files.
    LOG.infof("audit checkpoint %d (%s): record %d, hash %s, checkpoint line hash %s",
        checkpointNumber, reason, lastSeq, lastHash, checkpointHash);
  }

  /** The lowest sequence number the log keeps from now on; signed by the next checkpoint. */
  void raiseFloor(long newFloor) {
    floor = Math.max(floor, newFloor);
  }

  private void publishHead() {
    head = new AuditWriter.Head(lastSeq, lastHash, checkpointNumber, checkpointHash, checkpointSeq);
  }

  private LocalDate day(Instant t) {
    return t.atZone(zone).toLocalDate();
  }

  @Override
  public void close() {
    segment.close();
    checkpoints.close();
  }
}
