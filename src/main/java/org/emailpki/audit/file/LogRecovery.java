package org.emailpki.audit.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds where the chain stands when the service starts: the last record and the last checkpoint.
 * A last line without its newline is a write a crash cut short; it was never acknowledged, so it
 * is cut off, and the writer records that it did so. Any other unreadable last line stops the
 * start: the chain cannot be continued from something unreadable, and carrying on without it
 * would hide the damage.
 */
final class LogRecovery {

  /** The state the writer continues from. */
  record Recovered(
      Optional<SegmentFile> liveSegment,
      long segmentRecords,
      long lastSeq,
      String lastHash,
      long checkpointNumber,
      String checkpointHash,
      long checkpointSeq,
      long floor,
      List<SegmentFile> unarchived,
      List<String> repairs,
      List<String> warnings) {}

  private LogRecovery() {}

  static Recovered recover(Segments segments, AuditKeys keys) throws IOException {
    List<String> repairs = new ArrayList<>();
    List<String> warnings = new ArrayList<>();

    long checkpointNumber = 0;
    String checkpointHash = Hashes.GENESIS;
    long checkpointSeq = 0;
    long floor = 1;
    Optional<LastLine> lastCheckpoint = lastLine(segments.checkpoints(), true, repairs);
    if (lastCheckpoint.isPresent()) {
      LastLine l = lastCheckpoint.get();
      CheckpointLine.Parsed p;
      try {
        p = CheckpointLine.parse(l.bytes(), l.bytes().length, Map.of(keys.keyId(), keys.publicKey()));
      } catch (MalformedLineException e) {
        throw unreadable(segments.checkpoints(), l, e);
      }
      if (!p.signatureValid()) {
        warnings.add("the last checkpoint (" + segments.checkpoints() + " line " + l.number()
            + ") does not verify with audit key " + keys.keyId() + "; run emailpki audit verify");
      }
      checkpointNumber = p.checkpoint().number();
      checkpointHash = p.lineHash();
      checkpointSeq = p.checkpoint().seq();
      floor = p.checkpoint().floor();
    }

    List<SegmentFile> live = segments.live();
    Optional<SegmentFile> newest = live.isEmpty() ? Optional.empty() : Optional.of(live.get(live.size() - 1));
    long segmentRecords = 0;
    ChainRecord last = null;
    if (newest.isPresent()) {
      Optional<LastLine> l = lastLine(newest.get().path(), true, repairs);
      if (l.isPresent()) {
        segmentRecords = l.get().number();
        last = parse(newest.get().path(), l.get());
      }
    }
    if (last == null) {
      // An empty newest segment (a crash just after rotation) or none: continue from the one before.
      List<SegmentFile> earlier = new ArrayList<>(segments.all());
      newest.ifPresent(earlier::remove);
      for (int i = earlier.size() - 1; i >= 0 && last == null; i--) {
        Optional<LastLine> l = lastLine(earlier.get(i).path(), false, repairs, earlier.get(i));
        if (l.isPresent()) {
          last = parse(earlier.get(i).path(), l.get());
        }
      }
    }
    long lastSeq = last == null ? 0 : last.seq();
    String lastHash = last == null ? Hashes.GENESIS : last.hash();
    List<SegmentFile> unarchived = newest.isEmpty() ? List.of() : live.subList(0, live.size() - 1);
    return new Recovered(newest, segmentRecords, lastSeq, lastHash, checkpointNumber, checkpointHash,
        checkpointSeq, floor, List.copyOf(unarchived), List.copyOf(repairs), List.copyOf(warnings));
  }

  private record LastLine(byte[] bytes, long number) {}

  private static Optional<LastLine> lastLine(Path file, boolean repair, List<String> repairs) throws IOException {
    return lastLine(file, repair, repairs, null);
  }

  /** The last complete line; with {@code repair}, an incomplete line after it is cut off. */
  private static Optional<LastLine> lastLine(Path file, boolean repair, List<String> repairs, SegmentFile segment)
      throws IOException {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    byte[] last = null;
    long lastNumber = 0;
    long tornAt = -1;
    try (InputStream in = segment == null ? Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS) : segment.open();
        LineReader lines = new LineReader(in)) {
      while (lines.next()) {
        if (lines.terminated()) {
          last = Arrays.copyOf(lines.bytes(), lines.length());
          lastNumber = lines.number();
        } else {
          tornAt = lines.offset();
        }
      }
    }
    if (tornAt >= 0 && repair) {
      try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        long cut = c.size() - tornAt;
        c.truncate(tornAt);
        c.force(true);
        repairs.add("removed an incomplete last line (" + cut + " bytes, never acknowledged) from " + file.getFileName());
      }
    }
    return last == null ? Optional.empty() : Optional.of(new LastLine(last, lastNumber));
  }

  private static ChainRecord parse(Path file, LastLine l) {
    try {
      return RecordLine.parse(l.bytes(), l.bytes().length).record();
    } catch (MalformedLineException e) {
      throw unreadable(file, l, e);
    }
  }

  private static IllegalStateException unreadable(Path file, LastLine l, MalformedLineException e) {
    return new IllegalStateException("the audit log cannot be continued: " + file + " line " + l.number()
        + " is unreadable (" + e.getMessage() + "); check it with `emailpki audit verify`");
  }
}
