package org.emailpki.audit.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.audit.AuditLog;
import org.emailpki.audit.AuditUnavailableException;
import org.emailpki.secrets.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * The one writer of an audit log, with group commit by whoever waits. Callers queue records; a
 * caller that waits for its record and finds nobody writing becomes the writer: it takes
 * everything queued, gives each record its sequence number, time and chain hash, writes the group
 * with one write and one {@code fdatasync}, and completes every caller in it. Callers who arrive
 * meanwhile queue behind and are served by the next group. So a lone caller pays one disk flush
 * and no thread hand-off, and under load one flush serves many records. Records queued without
 * waiting ({@link #submit}, {@link #enqueue}) go out with the next group, at the latest within a
 * second.
 *
 * <p>A background thread, each second, writes what is queued, rotates the segment at midnight (in
 * the configured zone) and by size, and writes a signed checkpoint when the interval has passed.
 * New work is refused when the disk guard reads FULL (see {@link
 * AuditEventType#mayUseReserve()}). A failed write is cut back off the file, its callers get
 * {@link AuditUnavailableException}, and {@link #status()} reports the log unwritable until a
 * write succeeds again. A write that hangs (a dead network disk) holds the caller leading it;
 * every other caller fails after the write timeout. Both folders are made owner-only.
 * Thread-safe.
 */
public final class AuditWriter implements AuditLog, AutoCloseable {

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

  private record Append(AuditEvent event, CompletableFuture<Long> done) {}

  /** Work on the chain that must run where the writing lock is held. */
  @FunctionalInterface
  private interface ChainWork {
    void run(Instant now) throws IOException;
  }

  private final Segments segments;
  private final AuditKeys keys;
  private final DiskGuard guard;
  private final Clock clock;
  private final Settings settings;
  private final Queue<Append> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock writing = new ReentrantLock();
  private final Thread ticker;
  private final ChainFiles chain; // guarded by writing

  private volatile boolean closed;
  private volatile String failure;
  /** The audit disk's usable bytes when a write last failed for lack of space; -1 when none did. */
  private volatile long fullAtUsableBytes = -1;
  private boolean stopped; // guarded by writing: the files are closed
  private DiskGuard.Level lastDiskLevel = DiskGuard.Level.OK; // guarded by writing

  /**
   * Continues the log in {@code segments} (repairing a write a crash cut short), records {@code
   * audit.started} with a checkpoint that signs it, and starts the background thread.
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
    Instant now = clock.instant();
    OwnerOnlyFiles.directory(segments.liveDir());
    OwnerOnlyFiles.directory(segments.archiveDir());
    try {
      chain = new ChainFiles(segments, keys, settings.rotateBytes(), settings.zone(), archive, now);
      chain.warnings().forEach(LOG::warn);
      for (String repair : chain.repairs()) {
        LOG.warn("audit log: " + repair);
        chain.write(List.of(AuditEvent.of(AuditEventType.AUDIT_RECOVERED, Actor.SYSTEM).detail("repair", repair).build()), now);
      }
      chain.write(List.of(AuditEvent.of(AuditEventType.AUDIT_STARTED, Actor.SYSTEM)
          .detail("key", keys.keyId()).detail("segment", chain.segmentFile().name()).build()), now);
      // Signed at once: a log checked before the first interval passes is vouched for, not a fault.
      chain.checkpoint("start", now);
    } catch (IOException e) {
      throw new UncheckedIOException("the audit log in " + segments.liveDir() + " cannot be opened for writing", e);
    }
    chain.unarchived().forEach(archive);
    ticker = new Thread(this::tick, "audit-ticker");
    ticker.setDaemon(true);
    ticker.start();
  }

  /**
   * Queues the event behind every event queued before it; the future completes with its sequence
   * number once it is durable. Nothing waits here: {@link #await} (or the next group) writes it.
   */
  public CompletableFuture<Long> enqueue(AuditEvent event) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new AuditUnavailableException("the audit log is stopped"));
    } else {
      queue.add(new Append(event, done));
    }
    return done;
  }

  /**
   * Waits for a submitted record, writing it (and everything queued) when nobody else is.
   *
   * @throws AuditUnavailableException when it failed or did not finish within the write timeout
   */
  public long await(CompletableFuture<Long> record) {
    if (!record.isDone()) {
      drain();
    }
    try {
      return record.get(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
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

  /** Appends and waits until durable; see {@link #enqueue} and {@link #await}. */
  @Override
  public long record(AuditEvent event) {
    return await(enqueue(event));
  }

  /** Queues the event ({@link #enqueue}); the returned receipt waits for it ({@link #await}). */
  @Override
  public Pending submit(AuditEvent event) {
    CompletableFuture<Long> done = enqueue(event);
    return () -> await(done);
  }

  /** Rotates now (when the segment holds any record), as the nightly rotation does. */
  public void rotateNow() {
    command(chain::rotateNow);
  }

  /** Writes a checkpoint now when records were added since the last one. */
  public void checkpointNow() {
    command(now -> chain.checkpoint("request", now));
  }

  /**
   * Raises the floor (the lowest sequence number kept) and signs it in a checkpoint, before
   * retention deletes the segments below it.
   */
  public void raiseFloor(long newFloor) {
    command(now -> {
      chain.raiseFloor(newFloor);
      chain.checkpoint("purge", now);
    });
  }

  /** The durable head: what an in-service verification must find at least. */
  public Head head() {
    return chain.head();
  }

  public Status status() {
    DiskGuard.Reading disk = guard.read();
    String problem = failure;
    long since = chain.writingSince();
    if (closed) {
      problem = "the audit log is stopped";
    } else if (problem == null && since != 0 && System.nanoTime() - since > settings.writeTimeout().toNanos()) {
      problem = "a write to the audit disk has not finished for " + settings.writeTimeout().toSeconds() + " s";
    } else if (problem == null && disk.level() == DiskGuard.Level.FULL) {
      problem = fullMessage(disk);
    }
    return new Status(problem == null, problem, disk, chain.head());
  }

  public Segments segments() {
    return segments;
  }

  /** How many group writes (each one write and one flush) have reached the disk since start. */
  public long flushes() {
    return chain.flushes();
  }

  public String keyId() {
    return keys.keyId();
  }

  /**
   * Writes what is queued, records {@code audit.stopped}, writes a last checkpoint and closes the
   * files; later records fail. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ticker.interrupt();
    writing.lock();
    try {
      writeQueued();
      Instant now = clock.instant();
      try {
        chain.write(List.of(AuditEvent.of(AuditEventType.AUDIT_STOPPED, Actor.SYSTEM).build()), now);
        chain.checkpoint("stop", now);
      } catch (IOException e) {
        LOG.error("audit log: the stop record or last checkpoint could not be written", e);
      }
      chain.close();
      stopped = true;
    } finally {
      writing.unlock();
    }
    drain(); // fails whatever was queued in between
  }

  // ------------------------------------------------------------------ writing

  /**
   * Writes everything queued unless someone else is writing, and looks again after letting go: a
   * record queued just before then would otherwise wait for the next tick.
   */
  private void drain() {
    do {
      if (!writing.tryLock()) {
        return; // the writer looks at the queue again after it lets go
      }
      try {
        writeQueued();
      } finally {
        writing.unlock();
      }
    } while (!queue.isEmpty());
  }

  /** Writes the queue in groups until it is empty. The caller holds the writing lock. */
  private void writeQueued() {
    List<Append> group = new ArrayList<>();
    while (true) {
      group.clear();
      Append a;
      while (group.size() < MAX_GROUP && (a = queue.poll()) != null) {
        group.add(a);
      }
      if (group.isEmpty()) {
        return;
      }
      if (stopped) {
        group.forEach(g -> g.done().completeExceptionally(new AuditUnavailableException("the audit log is stopped")));
      } else {
        writeGroup(group);
      }
    }
  }

  private void writeGroup(List<Append> group) {
    Instant now = clock.instant();
    try {
      chain.rotateIfDue(now);
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
      long seq = chain.write(accepted.stream().map(Append::event).toList(), now);
      writable();
      for (Append a : accepted) {
        a.done().complete(seq++);
      }
    } catch (IOException e) {
      noteFailure(e);
      accepted.forEach(a -> a.done().completeExceptionally(unavailable(e)));
      return;
    }
    try {
      chain.rotateIfDue(clock.instant());
    } catch (IOException e) {
      noteFailure(e);
    }
  }

  /** Each second: what was queued without anyone waiting, nightly rotation, interval checkpoints. */
  private void tick() {
    while (!closed) {
      try {
        Thread.sleep(TICK_MILLIS);
      } catch (InterruptedException e) {
        return; // close() writes the rest
      }
      writing.lock();
      try {
        if (stopped) {
          return;
        }
        writeQueued();
        Instant now = clock.instant();
        chain.rotateIfDue(now);
        if (chain.checkpointDue(now, settings.checkpointInterval())) {
          chain.checkpoint("interval", now);
        }
      } catch (IOException e) {
        noteFailure(e);
      } catch (RuntimeException e) {
        LOG.error("audit log upkeep failed", e);
      } finally {
        writing.unlock();
      }
      drain();
    }
  }

  /** Runs {@code work} on the chain after the records queued before it. */
  private void command(ChainWork work) {
    if (closed) {
      throw new AuditUnavailableException("the audit log is stopped");
    }
    writing.lock();
    try {
      writeQueued();
      work.run(clock.instant());
    } catch (IOException e) {
      noteFailure(e);
      throw unavailable(e);
    } finally {
      writing.unlock();
    }
    drain();
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
    chain.write(List.of(AuditEvent.of(AuditEventType.AUDIT_DISK_LOW, Actor.SYSTEM)
        .detail("level", disk.level().name().toLowerCase(Locale.ROOT))
        .detail("previous", before.name().toLowerCase(Locale.ROOT))
        .detail("free-bytes", disk.usableBytes()).build()), now);
  }

  private void noteFailure(Exception e) {
    String message = "audit records cannot be written to " + segments.liveDir() + ": " + e.getMessage();
    if (!message.equals(failure)) {
      LOG.error(message, e);
    }
    failure = message;
    if (String.valueOf(e.getMessage()).contains("No space left")) {
      fullAtUsableBytes = usableBytes();
    }
  }

  /**
   * Clears a failure once a write succeeded, except after a full disk while no space was freed: a
   * small record that still fits in the last page must not make a disk that refuses the next
   * operation's records look writable again.
   */
  private void writable() {
    if (failure == null) {
      return;
    }
    if (fullAtUsableBytes >= 0 && usableBytes() <= fullAtUsableBytes) {
      return;
    }
    LOG.info("audit log writable again after: " + failure);
    failure = null;
    fullAtUsableBytes = -1;
  }

  private long usableBytes() {
    try {
      return Files.getFileStore(segments.liveDir()).getUsableSpace();
    } catch (IOException e) {
      return 0;
    }
  }

  private AuditUnavailableException unavailable(Exception e) {
    return new AuditUnavailableException(failure != null ? failure : e.getMessage(), e);
  }

  private String fullMessage(DiskGuard.Reading disk) {
    return "the audit disk has only " + (disk.usableBytes() >> 20) + " MiB free, below the reserve of "
        + (guard.refuseBelow() >> 20) + " MiB: new work is refused until space is freed";
  }
}
