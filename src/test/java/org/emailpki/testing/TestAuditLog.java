package org.emailpki.testing;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.emailpki.audit.file.AuditKeys;
import org.emailpki.audit.file.AuditWriter;
import org.emailpki.audit.file.DiskGuard;
import org.emailpki.audit.file.SegmentArchiver;
import org.emailpki.audit.file.Segments;

/**
 * The real file audit log in a folder of its own (with its own key), for tests and benchmarks that
 * build the service's parts by hand rather than through Quarkus.
 */
public final class TestAuditLog implements AutoCloseable {

  private final SegmentArchiver archiver;
  private final AuditWriter writer;

  public TestAuditLog(Path dir) {
    this(dir, Clock.systemUTC());
  }

  public TestAuditLog(Path dir, Clock clock) {
    Segments segments = new Segments(dir, dir.resolve("archive"));
    archiver = new SegmentArchiver(segments);
    writer = new AuditWriter(segments, AuditKeys.loadOrCreate(dir.resolve("key"), new SecureRandom()),
        new DiskGuard(List.of(), 0, 0), clock,
        new AuditWriter.Settings(64L << 20, ZoneOffset.UTC, Duration.ofMinutes(5), Duration.ofSeconds(10)),
        archiver::archiveLater);
  }

  /** The log: an {@link org.emailpki.audit.AuditLog}. */
  public AuditWriter writer() {
    return writer;
  }

  @Override
  public void close() {
    writer.close();
    archiver.close();
  }
}
