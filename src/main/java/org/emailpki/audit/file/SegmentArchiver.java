package org.emailpki.audit.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.jboss.logging.Logger;

/**
 * Moves rotated segments to the archive folder, gzip-compressed and read-only (0400), and deletes
 * archived segments past retention. An archived copy is read back and compared before the live
 * file is deleted; a failure leaves the live file in place for the next start. Readers that list
 * and read segments ({@link #holdingStill}) keep archiving and purging out of their way.
 * Thread-safe: one background thread does the work.
 */
public final class SegmentArchiver implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SegmentArchiver.class);

  private final Segments segments;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "audit-archiver");
        t.setDaemon(true);
        return t;
      });
  private final ReentrantReadWriteLock moving = new ReentrantReadWriteLock();

  public SegmentArchiver(Segments segments) {
    this.segments = segments;
  }

  /** Archives the segment in the background. */
  public void archiveLater(SegmentFile live) {
    worker.execute(() -> archive(live));
  }

  /** Runs {@code reading} while no segment is moved or deleted. */
  public <T> T holdingStill(Supplier<T> reading) {
    moving.readLock().lock();
    try {
      return reading.get();
    } finally {
      moving.readLock().unlock();
    }
  }

  /** Waits until every archiving queued so far is done (tests, orderly stop). */
  public void awaitIdle() {
    try {
      worker.submit(() -> {}).get(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException("audit archiving did not finish", e);
    }
  }

  void archive(SegmentFile live) {
    Path archiveDir = segments.archiveDir();
    Path target = archiveDir.resolve(live.name() + SegmentFile.ARCHIVED);
    Path tmp = archiveDir.resolve("." + live.name() + ".tmp");
    moving.writeLock().lock();
    try {
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      byte[] original;
      try (InputStream in = new DigestInputStream(Files.newInputStream(live.path(), LinkOption.NOFOLLOW_LINKS), sha256());
          OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp, LinkOption.NOFOLLOW_LINKS), 1 << 16)) {
        in.transferTo(out);
        original = ((DigestInputStream) in).getMessageDigest().digest();
      }
      try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        c.force(true);
      }
      if (!MessageDigest.isEqual(original, readBack(tmp))) {
        throw new IOException("the compressed copy of " + live.fileName() + " does not read back the same");
      }
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--------"));
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      DurableAppendFile.forceDirectory(archiveDir);
      Files.delete(live.path());
      DurableAppendFile.forceDirectory(segments.liveDir());
      LOG.debugf("archived audit segment %s", target);
    } catch (IOException | RuntimeException e) {
      LOG.errorf(e, "audit segment %s could not be archived; it stays in %s and is retried at the next start",
          live.fileName(), segments.liveDir());
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // a stray temporary file is ignored by every reader
      }
    } finally {
      moving.writeLock().unlock();
    }
  }

  /**
   * Deletes archived segments whose last record is older than {@code cutoff}: oldest first, never
   * leaving a hole. First it records {@code audit.purged} and has the writer sign the new floor in
   * a checkpoint, so the verifier knows the missing beginning was retention, not an attacker.
   *
   * @return how many segments were deleted
   */
  public int purge(Instant cutoff, AuditWriter writer) {
    moving.writeLock().lock();
    try {
      List<SegmentFile> all = segments.all();
      List<SegmentFile> expired = new ArrayList<>();
      for (int i = 0; i + 1 < all.size(); i++) {
        SegmentFile s = all.get(i);
        // A segment's records end when the next segment opens.
        if (!s.compressed() || !all.get(i + 1).opened().isBefore(cutoff) || all.get(i + 1).firstSeq() == s.firstSeq()) {
          break;
        }
        expired.add(s);
      }
      if (expired.isEmpty()) {
        return 0;
      }
      long floor = all.get(expired.size()).firstSeq();
      writer.record(AuditEvent.of(AuditEventType.AUDIT_PURGED, Actor.SYSTEM)
          .detail("segments", expired.size())
          .detail("oldest", expired.get(0).name())
          .detail("newest", expired.get(expired.size() - 1).name())
          .detail("floor", floor)
          .detail("cutoff", cutoff)
          .build());
      writer.raiseFloor(floor);
      for (SegmentFile s : expired) {
        try {
          Files.delete(s.path());
        } catch (IOException e) {
          LOG.errorf("expired audit segment %s could not be deleted: %s", s.path(), e.getMessage());
        }
      }
      try {
        DurableAppendFile.forceDirectory(segments.archiveDir());
      } catch (IOException e) {
        LOG.warnf("the archive folder could not be flushed: %s", e.getMessage());
      }
      LOG.infof("audit retention: deleted %d archived segments before %s; the log now starts at record %d",
          expired.size(), cutoff, floor);
      return expired.size();
    } finally {
      moving.writeLock().unlock();
    }
  }

  private static byte[] readBack(Path gz) throws IOException {
    try (InputStream in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(gz), 1 << 16), sha256())) {
      in.transferTo(OutputStream.nullOutputStream());
      return ((DigestInputStream) in).getMessageDigest().digest();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    worker.shutdown();
    try {
      worker.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
