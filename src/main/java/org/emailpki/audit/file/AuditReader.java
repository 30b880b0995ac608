package org.emailpki.audit.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the records of a time range from the live and archived segments, in chain order, for
 * analysis. It does not verify (that is {@link AuditVerifier}'s job); lines it cannot read are
 * counted and skipped. Segments wholly outside the range are not opened.
 */
public final class AuditReader {

  private final Segments segments;

  public AuditReader(Segments segments) {
    this.segments = segments;
  }

  /**
   * Hands every readable record with {@code from <= time < to} to {@code each}.
   *
   * @return the number of lines that could not be read as records
   */
  public long forEach(Instant from, Instant to, Consumer<ChainRecord> each) {
    List<SegmentFile> all = segments.all();
    long unreadable = 0;
    for (int i = 0; i < all.size(); i++) {
      SegmentFile s = all.get(i);
      if (i + 1 < all.size() && all.get(i + 1).firstSeq() == s.firstSeq()) {
        continue; // an interrupted archive left a live copy too: read the later one only
      }
      // A segment's records were written before the next segment opened.
      if (i + 1 < all.size() && all.get(i + 1).opened().isBefore(from)) {
        continue;
      }
      if (!s.opened().isBefore(to)) {
        break;
      }
      unreadable += read(s, from, to, each);
    }
    return unreadable;
  }

  private static long read(SegmentFile s, Instant from, Instant to, Consumer<ChainRecord> each) {
    long unreadable = 0;
    try (InputStream in = s.open(); LineReader lines = new LineReader(in)) {
      while (lines.next()) {
        if (!lines.terminated()) {
          break; // being written, or cut short: not a record yet
        }
        try {
          ChainRecord r = RecordLine.parse(lines.bytes(), lines.length()).record();
          if (!r.time().isBefore(from) && r.time().isBefore(to)) {
            each.accept(r);
          }
        } catch (MalformedLineException e) {
          unreadable++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audit segment " + s.path(), e);
    }
    return unreadable;
  }
}
