package org.emailpki.audit.service;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditLog;
import org.emailpki.audit.file.AuditKeys;
import org.emailpki.audit.file.AuditWriter;
import org.emailpki.audit.file.DiskGuard;
import org.emailpki.audit.file.SegmentArchiver;
import org.emailpki.audit.file.Segments;
import org.emailpki.config.EmailPkiConfig;
import org.jboss.logging.Logger;

/**
 * The service's audit log: opened at start (a log that cannot be continued stops the start),
 * closed with a last signed checkpoint at stop. Thread-safe.
 */
@ApplicationScoped
@Startup
public class FileAuditLog implements AuditLog {

  private static final Logger LOG = Logger.getLogger(FileAuditLog.class);

  private final AuditKeys keys;
  private final SegmentArchiver archiver;
  private final AuditWriter writer;

  @Inject
  public FileAuditLog(EmailPkiConfig config, Clock clock, SecureRandom random) {
    EmailPkiConfig.Audit settings = config.audit();
    Path dir = settings.dir().orElse(config.dataDir().resolve("audit"));
    Path archiveDir = settings.archiveDir().orElse(dir.resolve("archive"));
    Path keyDir = settings.keyDir().orElse(config.dataDir().resolve("audit-key"));
    Segments segments = new Segments(dir, archiveDir);
    this.keys = AuditKeys.loadOrCreate(keyDir, random);
    this.archiver = new SegmentArchiver(segments);
    DiskGuard guard =
        new DiskGuard(List.of(dir, archiveDir), settings.warnFreeSpace().asLongValue(), settings.refuseFreeSpace().asLongValue());
    this.writer =
        new AuditWriter(
            segments,
            keys,
            guard,
            clock,
            new AuditWriter.Settings(
                settings.rotateSize().asLongValue(), settings.zone(), settings.checkpointInterval(), settings.writeTimeout()),
            archiver::archiveLater);
    LOG.infof("audit log in %s (archive %s), checkpoints signed with audit key %s; public key in %s",
        dir, archiveDir, keys.keyId(), keyDir.resolve(AuditKeys.PUBLIC_KEY_FILE));
  }

  @Override
  public long record(AuditEvent event) {
    return writer.record(event);
  }

  @Override
  public Pending submit(AuditEvent event) {
    return writer.submit(event);
  }

  /** Where the log's files are, for reading them (tests, reports). */
  public Segments segments() {
    return writer.segments();
  }

  /** The durable head: the last record and checkpoint written. */
  public AuditWriter.Head head() {
    return writer.head();
  }

  AuditWriter writer() {
    return writer;
  }

  SegmentArchiver archiver() {
    return archiver;
  }

  AuditKeys keys() {
    return keys;
  }

  @PreDestroy
  void stop() {
    writer.close();
    archiver.close();
  }
}
