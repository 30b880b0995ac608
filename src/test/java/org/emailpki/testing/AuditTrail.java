package org.emailpki.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.emailpki.audit.file.AuditReader;
import org.emailpki.audit.file.ChainRecord;
import org.emailpki.audit.service.FileAuditLog;

/** The records the running service wrote, read back from its files. */
public final class AuditTrail {

  private final FileAuditLog log;
  private long mark;

  public AuditTrail(FileAuditLog log) {
    this.log = log;
    this.mark = log.head().seq();
  }

  /** Every record on disk, in chain order. */
  public List<ChainRecord> all() {
    List<ChainRecord> records = new ArrayList<>();
    new AuditReader(log.segments()).forEach(Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"), records::add);
    return records;
  }

  /** The records written since the last call (or since this trail was made). */
  public List<ChainRecord> since() {
    long from = mark;
    mark = log.head().seq();
    return all().stream().filter(r -> r.seq() > from).toList();
  }

  /** Forgets what was written so far: the next {@link #since()} starts here. */
  public void mark() {
    mark = log.head().seq();
  }

  /** The types of records, in order. */
  public static List<String> types(List<ChainRecord> records) {
    return records.stream().map(ChainRecord::type).toList();
  }
}
