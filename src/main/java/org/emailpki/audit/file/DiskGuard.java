package org.emailpki.audit.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Watches the free space of the disks holding the audit log (handbook 1114a: a full disk must not
 * become a denial of service, nor silently stop the audit). Below the warning level it warns;
 * below the reserve the log refuses new work, so the last space goes to the log's own upkeep.
 * Readings are cached for a second: a statvfs per record would cost more than the record.
 * Thread-safe.
 */
public final class DiskGuard {

  /** How full the audit disks are. */
  public enum Level {
    OK,
    /** Below the warning level: an operator should free space or move the archive. */
    LOW,
    /** Below the reserve: new work is refused. */
    FULL
  }

  /** One reading: the level and the free bytes on the fullest watched disk. */
  public record Reading(Level level, long usableBytes) {}

  private static final long CACHE_NANOS = 1_000_000_000L;

  private final List<Path> dirs;
  private final long warnBelow;
  private final long refuseBelow;
  private volatile Reading last;
  private volatile long readAt;

  /**
   * @param warnBelow free bytes under which the level is LOW
   * @param refuseBelow free bytes under which the level is FULL; at most {@code warnBelow}
   */
  public DiskGuard(List<Path> dirs, long warnBelow, long refuseBelow) {
    if (refuseBelow > warnBelow || refuseBelow < 0) {
      throw new IllegalArgumentException("the refuse level must be between 0 and the warning level");
    }
    this.dirs = List.copyOf(dirs);
    this.warnBelow = warnBelow;
    this.refuseBelow = refuseBelow;
  }

  public long warnBelow() {
    return warnBelow;
  }

  public long refuseBelow() {
    return refuseBelow;
  }

  /** The current reading, at most a second old. */
  public Reading read() {
    Reading r = last;
    long now = System.nanoTime();
    if (r == null || now - readAt > CACHE_NANOS) {
      r = measure();
      last = r;
      readAt = now;
    }
    return r;
  }

  private Reading measure() {
    long usable = Long.MAX_VALUE;
    for (Path dir : dirs) {
      try {
        usable = Math.min(usable, Files.getFileStore(dir).getUsableSpace());
      } catch (IOException e) {
        usable = 0; // a disk we cannot even ask about cannot take the log
      }
    }
    Level level = usable < refuseBelow ? Level.FULL : usable < warnBelow ? Level.LOW : Level.OK;
    return new Reading(level, usable);
  }
}
