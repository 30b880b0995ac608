package org.emailpki.audit.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.audit.AuditUnavailableException;
import org.emailpki.secrets.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * The one writer of an audit log. Callers queue events; a single thread takes everything queued,
 * gives each record its sequence number, time and chain hash, writes the group with one write
 * and one {@code fdatasync}, and only then tells the callers their records are durable (group
 * commit: under load one disk flush serves many records, alone a record costs one flush).
 *
 * <p>The same thread rotates the segment nightly (in the configured zone) and by size, writes a
 * signed checkpoint at each rotation, at the configured interval and at stop, and refuses new work
 * when the disk guard reads FULL (see {@link AuditEventType#mayUseReserve()}). Both folders are
 * made owner-only. A failed write is cut back off the file, its callers get {@link
 * AuditUnavailableException}, and {@link #status()} reports the log unwritable until a write
 * succeeds again. Thread-safe.
 */
public final class AuditWriter implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(AuditWriter.class);
  private static final int MAX_GROUP = 4096;
  private static final long TICK_MILLIS = 1000;

  /**
   * @param rotateBytes a segment is rotated once it reaches this size
   * @param zone whose midnight starts a new segment
   * @param checkpointInterval a checkpoint is written when records are this much older than the last
   * @param writeTimeout how long a caller waits for its record before the operation fails
   */
  public record Settings(long rotateBytes, ZoneId zone, Duration checkpointInterval, Duration writeTimeout) {}

  /**
   * How far the durable chain reaches.
   *
   * @param seq the last durable record ({@code 0} before the first)
   * @param checkpointHash SHA-256 of the last checkpoint line
   */
  public record Head(long seq, String hash, long checkpointNumber, String checkpointHash, long checkpointSeq) {}

  /**
   * @param writable false after a failed write (until one succeeds), when stopped, or while a write
   *     hangs longer than the write timeout
   * @param problem why it is not writable, or null
   */
  public record Status(boolean writable, String problem, DiskGuard.Reading disk, Head head) {}

  private sealed interface Task permits Append, Command {}

  private record Append(AuditEvent event, CompletableFuture<Long> done) implements Task {}

  private record Command(Callable<Object> action, CompletableFuture<Object> done) implements Task {}

  private final Segments segments;
  private final AuditKeys keys;
  private final DiskGuard guard;
  private final Clock clock;
  private final Settings settings;
  private final Consumer<SegmentFile> archive;
  private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final Command stop = new Command(() -> null, new CompletableFuture<>());

  private volatile boolean closed;
  private volatile String failure;
  private volatile long writingSince; // System.nanoTime() of the write in progress, 0 when none
  private volatile Head head;
  private final AtomicLong flushes = new AtomicLong();

  // Owned by the writer thread (and by the constructor before it starts).
  private DurableAppendFile segment;
  private SegmentFile segmentFile;
  private LocalDate segmentDay;
  private long segmentRecords;
  private final DurableAppendFile checkpoints;
  private long lastSeq;
  private String lastHash;
  private long checkpointNumber;
  private String checkpointHash;
  private long checkpointSeq;
  private Instant lastCheckpointAt;
  private long floor;
  private DiskGuard.Level lastDiskLevel = DiskGuard.Level.OK;
  private byte[] buffer = new byte[1 << 16];

  /**
   * Continues the log in {@code segments} (repairing a write a crash cut short), records {@code
   * audit.started}, and starts the writer thread.
   *
   * @param archive called with each segment the writer has finished with (rotated, or left over
   *     from an interrupted rotation)
   * @throws IllegalStateException when the log's last line is unreadable or the folder unwritable
   */
  public AuditWriter(
      Segments segments, AuditKeys keys, DiskGuard guard, Clock clock, Settings settings, Consumer<SegmentFile> archive) {
    this.segments = segments;
    this.keys = keys;
    this.guard = guard;
    this.clock = clock;
    this.settings = settings;
    this.archive = archive;
    Instant now = clock.instant();
    OwnerOnlyFiles.directory(segments.liveDir());
    OwnerOnlyFiles.directory(segments.archiveDir());
    LogRecovery.Recovered r;
    try {
      r = LogRecovery.recover(segments, keys);
      lastSeq = r.lastSeq();
      lastHash = r.lastHash();
      checkpointNumber = r.checkpointNumber();
      checkpointHash = r.checkpointHash();
      checkpointSeq = r.checkpointSeq();
      floor = r.floor();
      lastCheckpointAt = now;
      segmentFile = r.liveSegment().orElse(null);
      if (segmentFile == null) {
        segmentFile = SegmentFile.of(segments.liveDir().resolve(SegmentFile.liveName(lastSeq + 1, now))).orElseThrow();
        segment = DurableAppendFile.create(segmentFile.path());
      } else {
        segment = DurableAppendFile.open(segmentFile.path());
        segmentRecords = r.segmentRecords();
      }
      segmentDay = day(segmentFile.opened());
      checkpoints = DurableAppendFile.openOrCreate(segments.checkpoints());
      r.warnings().forEach(LOG::warn);
      for (String repair : r.repairs()) {
        LOG.warn("audit log: " + repair);
        write(List.of(AuditEvent.of(AuditEventType.AUDIT_RECOVERED, Actor.SYSTEM).detail("repair", repair).build()), now);
      }
      write(List.of(AuditEvent.of(AuditEventType.AUDIT_STARTED, Actor.SYSTEM)
          .detail("key", keys.keyId()).detail("segment", segmentFile.name()).build()), now);
    } catch (IOException e) {
      throw new UncheckedIOException("the audit log in " + segments.liveDir() + " cannot be opened for writing", e);
    }
    r.unarchived().forEach(archive);
    thread = new Thread(this::run, "audit-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues the event; the future completes with its sequence number once it is durable. */
  public CompletableFuture<Long> submit(AuditEvent event) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new AuditUnavailableException("the audit log is stopped"));
    } else {
      queue.add(new Append(event, done));
    }
    return done;
  }

  /**
   * Waits for a submitted record.
   *
   * @throws AuditUnavailableException when it failed or did not finish within the write timeout
   */
  public long await(CompletableFuture<Long> record) {
    return awaitResult(record);
  }

  /** Appends and waits until durable; see {@link #submit} and {@link #await}. */
  public long record(AuditEvent event) {
    return await(submit(event));
  }

  /** Rotates now (when the segment holds any record), as the nightly rotation does. */
  public void rotateNow() {
    command(() -> {
      if (segmentRecords > 0) {
        rotate("request", clock.instant());
      }
      return null;
    });
  }

  /** Writes a checkpoint now when records were added since the last one. */
  public void checkpointNow() {
    command(() -> {
      checkpoint("request", clock.instant());
      return null;
    });
  }

  /**
   * Raises the floor (the lowest sequence number kept) and signs it in a checkpoint, before
   * retention deletes the segments below it.
   */
  public void raiseFloor(long newFloor) {
    command(() -> {
      floor = Math.max(floor, newFloor);
      checkpoint("purge", clock.instant());
      return null;
    });
  }

  /** The durable head: what an in-service verification must find at least. */
  public Head head() {
    return head;
  }

  public Status status() {
    DiskGuard.Reading disk = guard.read();
    String problem = failure;
    long since = writingSince;
    if (closed) {
      problem = "the audit log is stopped";
    } else if (problem == null && since != 0 && System.nanoTime() - since > settings.writeTimeout().toNanos()) {
      problem = "a write to the audit disk has not finished for " + settings.writeTimeout().toSeconds() + " s";
    } else if (problem == null && disk.level() == DiskGuard.Level.FULL) {
      problem = fullMessage(disk);
    }
    return new Status(problem == null, problem, disk, head);
  }

  public Segments segments() {
    return segments;
  }

  /** How many group writes (each one write and one flush) have reached the disk since start. */
  public long flushes() {
    return flushes.get();
  }

  public String keyId() {
    return keys.keyId();
  }

  /** Records {@code audit.stopped}, writes a last checkpoint and closes the files. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(stop);
    try {
      thread.join(settings.writeTimeout().toMillis() + TICK_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------------ the writer thread

  private void run() {
    List<Task> batch = new ArrayList<>();
    while (true) {
      batch.clear();
      Task first;
      try {
        first = queue.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        continue; // only close() ends this thread, after the records queued before it
      }
      if (first != null) {
        batch.add(first);
        queue.drainTo(batch, MAX_GROUP - 1);
      }
      if (!process(batch)) {
        return;
      }
      maintain();
    }
  }

  /** Writes the batch's appends in groups between its commands; false after the stop command. */
  private boolean process(List<Task> batch) {
    List<Append> group = new ArrayList<>();
    for (Task task : batch) {
      if (task instanceof Append a) {
        group.add(a);
        continue;
      }
      flush(group);
      group.clear();
      Command c = (Command) task;
      if (c == stop) {
        shutDown();
        return false;
      }
      try {
        c.done().complete(c.action().call());
      } catch (Exception e) {
        noteFailure(e);
        c.done().completeExceptionally(unavailable(e));
      }
    }
    flush(group);
    return true;
  }

  private void flush(List<Append> group) {
    if (group.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    try {
      rotateIfDue(now);
    } catch (IOException e) {
      noteFailure(e);
      group.forEach(a -> a.done().completeExceptionally(unavailable(e)));
      return;
    }
    DiskGuard.Reading disk = guard.read();
    List<Append> accepted = new ArrayList<>(group.size());
    for (Append a : group) {
      if (disk.level() == DiskGuard.Level.FULL && !a.event().type().mayUseReserve()) {
        a.done().completeExceptionally(new AuditUnavailableException(fullMessage(disk)));
      } else {
        accepted.add(a);
      }
    }
    try {
      noteDiskLevel(disk, now);
      long seq = write(accepted.stream().map(Append::event).toList(), now);
      for (Append a : accepted) {
        a.done().complete(seq++);
      }
    } catch (IOException e) {
      noteFailure(e);
      accepted.forEach(a -> a.done().completeExceptionally(unavailable(e)));
      return;
    }
    try {
      rotateIfDue(clock.instant());
    } catch (IOException e) {
      noteFailure(e);
    }
  }

  /** Nightly rotation and interval checkpoints, also when no record arrives. */
  private void maintain() {
    if (closed) {
      return;
    }
    Instant now = clock.instant();
    try {
      rotateIfDue(now);
      if (!Duration.between(lastCheckpointAt, now).minus(settings.checkpointInterval()).isNegative()) {
        checkpoint("interval", now);
      }
    } catch (IOException e) {
      noteFailure(e);
    }
  }

  /**
   * Appends the events as one write and one flush.
   *
   * @return the sequence number of the first
   */
  private long write(List<AuditEvent> events, Instant now) throws IOException {
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
    if (failure != null) {
      LOG.info("audit log writable again after: " + failure);
      failure = null;
    }
    publishHead();
    return first;
  }

  private void rotateIfDue(Instant now) throws IOException {
    if (segmentRecords == 0) {
      return;
    }
    if (!day(now).equals(segmentDay)) {
      rotate("nightly", now);
    } else if (segment.size() >= settings.rotateBytes()) {
      rotate("size", now);
    }
  }

  /**
   * Closes the segment with an {@code audit.rotated} record and a checkpoint, and continues the
   * chain in a new one. The new file is created first: when that fails nothing has changed.
   */
  private void rotate(String reason, Instant now) throws IOException {
    String nextName = SegmentFile.liveName(lastSeq + 2, now);
    SegmentFile next = SegmentFile.of(segments.liveDir().resolve(nextName)).orElseThrow();
    DurableAppendFile nextFile = DurableAppendFile.create(next.path());
    try {
      write(List.of(AuditEvent.of(AuditEventType.AUDIT_ROTATED, Actor.SYSTEM)
          .detail("reason", reason).detail("next", next.name()).detail("records", segmentRecords + 1).build()), now);
      checkpoint("rotation", now);
    } catch (IOException e) {
      nextFile.close();
      java.nio.file.Files.deleteIfExists(next.path());
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

  private void checkpoint(String reason, Instant now) throws IOException {
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

  private void noteDiskLevel(DiskGuard.Reading disk, Instant now) throws IOException {
    if (disk.level() == lastDiskLevel) {
      return;
    }
    DiskGuard.Level before = lastDiskLevel;
    lastDiskLevel = disk.level();
    if (disk.level() == DiskGuard.Level.OK) {
      LOG.infof("audit disk space is back above the warning level: %d MiB free", disk.usableBytes() >> 20);
      return;
    }
    if (disk.level() == DiskGuard.Level.FULL) {
      LOG.error(fullMessage(disk));
    } else {
      LOG.warnf("the audit disk has only %d MiB free (warning below %d MiB, new work refused below %d MiB)",
          disk.usableBytes() >> 20, guard.warnBelow() >> 20, guard.refuseBelow() >> 20);
    }
    write(List.of(AuditEvent.of(AuditEventType.AUDIT_DISK_LOW, Actor.SYSTEM)
        .detail("level", disk.level().name().toLowerCase(java.util.Locale.ROOT))
        .detail("previous", before.name().toLowerCase(java.util.Locale.ROOT))
        .detail("free-bytes", disk.usableBytes()).build()), now);
  }

  private void shutDown() {
    Instant now = clock.instant();
    try {
      write(List.of(AuditEvent.of(AuditEventType.AUDIT_STOPPED, Actor.SYSTEM).build()), now);
      checkpoint("stop", now);
    } catch (IOException e) {
      LOG.error("audit log: the stop record or last checkpoint could not be written", e);
    }
    segment.close();
    checkpoints.close();
    Task left;
    while ((left = queue.poll()) != null) {
      AuditUnavailableException stopped = new AuditUnavailableException("the audit log is stopped");
      if (left instanceof Append a) {
        a.done().completeExceptionally(stopped);
      } else {
        ((Command) left).done().completeExceptionally(stopped);
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  private Object command(Callable<Object> action) {
    CompletableFuture<Object> done = new CompletableFuture<>();
    if (closed) {
      throw new AuditUnavailableException("the audit log is stopped");
    }
    queue.add(new Command(action, done));
    return awaitResult(done);
  }

  private <T> T awaitResult(CompletableFuture<T> future) {
    try {
      return future.get(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuditUnavailableException u) {
        throw u;
      }
      throw new AuditUnavailableException("the audit log failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AuditUnavailableException(
          "the audit log did not confirm a record within " + settings.writeTimeout().toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditUnavailableException("interrupted while waiting for the audit log");
    }
  }

  private void noteFailure(Exception e) {
    String message = "audit records cannot be written to " + segments.liveDir() + ": " + e.getMessage();
    if (!message.equals(failure)) {
      LOG.error(message, e);
    }
    failure = message;
  }

  private AuditUnavailableException unavailable(Exception e) {
    return new AuditUnavailableException(failure != null ? failure : e.getMessage(), e);
  }

  private String fullMessage(DiskGuard.Reading disk) {
    return "the audit disk has only " + (disk.usableBytes() >> 20) + " MiB free, below the reserve of "
        + (guard.refuseBelow() >> 20) + " MiB: new work is refused until space is freed";
  }

  private void publishHead() {
    head = new Head(lastSeq, lastHash, checkpointNumber, checkpointHash, checkpointSeq);
  }

  private LocalDate day(Instant t) {
    return t.atZone(settings.zone()).toLocalDate();
  }
}
