package org.emailpki.audit.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies an audit log (live and archived segments and the checkpoint file) against the audit
 * public key(s), without the service: every record's own hash, the sequence and the chain from
 * record to record and across segments, every checkpoint's signature and chain, that each
 * checkpoint's record still has the signed hash, and that the log neither starts after the
 * signed floor nor ends before the last signed record. It stops at the first fault and names it:
 * the kind, the file, the line, the record and the files involved. A normal rotation, archive or
 * retention purge is not a fault. Not thread-safe; one instance per run is cheap.
 */
public final class AuditVerifier {

  private final Segments segments;
  private final Map<String, PublicKey> keys = new LinkedHashMap<>();

  public AuditVerifier(Segments segments, Collection<PublicKey> publicKeys) {
    this.segments = segments;
    publicKeys.forEach(k -> keys.put(AuditKeys.keyId(k), k));
  }

  /** Verifies everything on disk. */
  public Verification verify() {
    return verify(null);
  }

  /**
   * Verifies the log up to the running service's {@code anchor} (what it knows it wrote), which
   * also catches a cut tail that no checkpoint covers yet. Records written after the anchor are
   * not read.
   */
  public Verification verify(AuditWriter.Head anchor) {
    return new Run(anchor).verify();
  }

  private record Position(String file, long line) {}

  /** One line read ahead of the one being checked. */
  private record Line(byte[] bytes, long number, boolean terminated) {}

  private final class Run {
    private final AuditWriter.Head anchor;
    private final List<String> segmentNames = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private CheckpointChecks.Result checkpoints;
    private long records;
    private long firstSeq;
    private long expected; // 0 until the first record
    private String prevHash;
    private String prevPrevHash;
    private Position prevPosition;
    private SegmentFile previousSegment;
    private Fault duplicateFault;

    Run(AuditWriter.Head anchor) {
      this.anchor = anchor;
    }

    Verification verify() {
      checkpoints = CheckpointChecks.check(segments.checkpoints(), keys, anchor);
      if (checkpoints.fault() != null) {
        return result(checkpoints.fault());
      }
      Fault fault = records();
      if (fault == null) {
        fault = end();
      }
      return result(fault);
    }

    private Fault records() {
      List<SegmentFile> files = distinct(segments.all());
      if (files == null) {
        return duplicateFault;
      }
      if (files.isEmpty()) {
        return anchor != null && anchor.seq() == 0 ? null
            : Fault.at(FaultKind.NO_LOG, segments.liveDir().toString(), 0, null,
                "no audit segment in " + segments.liveDir() + " or " + segments.archiveDir());
      }
      for (SegmentFile segment : files) {
        if (anchor != null && segment.firstSeq() > anchor.seq()) {
          break;
        }
        Fault fault = segment(segment);
        if (fault != null) {
          return fault;
        }
        previousSegment = segment;
        if (anchor != null && expected > anchor.seq()) {
          break;
        }
      }
      return null;
    }

    /** Drops a live segment whose archived copy is identical (an archive interrupted by a crash). */
    private List<SegmentFile> distinct(List<SegmentFile> all) {
      List<SegmentFile> kept = new ArrayList<>();
      for (SegmentFile s : all) {
        SegmentFile last = kept.isEmpty() ? null : kept.get(kept.size() - 1);
        if (last != null && last.firstSeq() == s.firstSeq()) {
          if (Arrays.equals(digest(last), digest(s))) {
            notes.add(s.fileName() + " is also archived as " + last.fileName() + " (an interrupted archive); read once");
            continue;
          }
          duplicateFault = new Fault(FaultKind.SEGMENT_DUPLICATE, s.fileName(), 0, s.firstSeq(),
              s.fileName() + " and " + last.fileName() + " both start at record " + s.firstSeq() + " but differ",
              List.of(last.fileName(), s.fileName()));
          return null;
        }
        kept.add(s);
      }
      return kept;
    }

    private Fault segment(SegmentFile segment) {
      String file = segment.fileName();
      segmentNames.add(file);
      if (expected != 0 && segment.firstSeq() != expected) {
        String before = previousSegment == null ? "?" : previousSegment.fileName();
        if (segment.firstSeq() > expected) {
          return new Fault(FaultKind.SEGMENT_MISSING, file, 1, segment.firstSeq(),
              "records " + expected + " to " + (segment.firstSeq() - 1) + " are missing between " + before + " and " + file
                  + ": a segment file was deleted",
              List.of(before, file));
        }
        return new Fault(FaultKind.SEGMENT_DUPLICATE, file, 1, segment.firstSeq(),
            file + " starts at record " + segment.firstSeq() + ", inside " + before + " (which ends at " + (expected - 1) + ")",
            List.of(before, file));
      }
      try (InputStream in = segment.open(); LineReader lines = new LineReader(in)) {
        Line current = read(lines);
        while (current != null) {
          if (anchor != null && expected > anchor.seq()) {
            return null;
          }
          Line next = read(lines);
          Fault fault = check(file, current, next);
          if (fault != null) {
            return fault;
          }
          current = next;
        }
      } catch (IOException e) {
        return Fault.at(FaultKind.UNREADABLE, file, 0, null, file + " cannot be read: " + e.getMessage());
      }
      return null;
    }

    private Line read(LineReader lines) throws IOException {
      if (!lines.next()) {
        return null;
      }
      return new Line(Arrays.copyOf(lines.bytes(), lines.length()), lines.number(), lines.terminated());
    }

    private Fault check(String file, Line line, Line next) {
      if (!line.terminated()) {
        return Fault.at(FaultKind.TRUNCATED_RECORD, file, line.number(), null,
            "line " + line.number() + " of " + file + " ends without a newline: the file was cut in the middle of a record");
      }
      RecordLine.Parsed parsed;
      try {
        parsed = RecordLine.parse(line.bytes(), line.bytes().length);
      } catch (MalformedLineException e) {
        return Fault.at(FaultKind.MALFORMED, file, line.number(), null,
            "line " + line.number() + " of " + file + " is not an audit record: " + e.getMessage());
      }
      ChainRecord r = parsed.record();
      if (!parsed.hashMatches()) {
        return Fault.at(FaultKind.EDITED, file, line.number(), r.seq(),
            "record " + r.seq() + " (line " + line.number() + " of " + file + ") no longer hashes to the hash it carries:"
                + " its content was changed after it was written");
      }
      Position here = new Position(file, line.number());
      if (expected == 0) {
        Fault fault = first(r, here);
        if (fault != null) {
          return fault;
        }
      } else if (r.seq() != expected || !r.prev().equals(prevHash)) {
        return misplaced(r, here, next == null ? null : parseQuietly(next));
      }
      CheckpointChecks.Signed signed = checkpoints.bySeq().get(r.seq());
      if (signed != null && !signed.hash().equals(r.hash())) {
        return Fault.at(FaultKind.CHECKPOINT_MISMATCH, file, line.number(), r.seq(),
            "checkpoint " + signed.number() + " (" + Segments.CHECKPOINTS + " line " + signed.line() + ") signed record "
                + r.seq() + " with hash " + signed.hash().substring(0, 16) + "…, but it now hashes to "
                + r.hash().substring(0, 16) + "…: this record or one before it was rewritten and the chain recomputed");
      }
      if (anchor != null && r.seq() == anchor.seq() && !r.hash().equals(anchor.hash())) {
        return Fault.at(FaultKind.HEAD_MISMATCH, file, line.number(), r.seq(),
            "record " + r.seq() + " differs from the one the running service wrote");
      }
      records++;
      prevPrevHash = prevHash;
      prevHash = r.hash();
      prevPosition = here;
      expected = r.seq() + 1;
      return null;
    }

    /** The first record present: at record 1 from the genesis hash, or at the signed floor. */
    private Fault first(ChainRecord r, Position here) {
      firstSeq = r.seq();
      long floor = checkpoints.floor();
      if (r.seq() > floor) {
        return Fault.at(FaultKind.START_MISSING, here.file(), here.line(), r.seq(),
            "the log starts at record " + r.seq() + ", but the last checkpoint says records from " + floor
                + " are kept: the oldest segment(s) were deleted outside retention");
      }
      if (r.seq() == 1 && !r.prev().equals(Hashes.GENESIS)) {
        return Fault.at(FaultKind.CHAIN_BROKEN, here.file(), here.line(), r.seq(),
            "record 1 does not start from the genesis hash");
      }
      if (r.seq() > 1) {
        notes.add("the log starts at record " + r.seq() + " (older records were deleted by retention)");
      }
      return null;
    }

    /** Names what happened at a record that does not continue the chain, looking one record ahead. */
    private Fault misplaced(ChainRecord r, Position here, ChainRecord next) {
      if (r.seq() == expected - 1 && r.prev().equals(prevPrevHash)) {
        // Two records claim the same place; the one the chain continues from is the genuine one.
        boolean currentIsGenuine = next != null && next.prev().equals(r.hash());
        Position inserted = currentIsGenuine ? prevPosition : here;
        return new Fault(FaultKind.INSERTED, inserted.file(), inserted.line(), r.seq(),
            "line " + inserted.line() + " of " + inserted.file() + " claims record " + r.seq()
                + ", but the chain continues from the other record with that number: it was inserted",
            files(prevPosition, here));
      }
      if (next != null && next.seq() == expected && next.prev().equals(prevHash)) {
        if (r.prev().equals(next.hash())) {
          return Fault.at(FaultKind.OUT_OF_ORDER, here.file(), here.line(), r.seq(),
              "record " + r.seq() + " (line " + here.line() + ") comes before record " + next.seq() + ": the two were swapped");
        }
        return Fault.at(FaultKind.INSERTED, here.file(), here.line(), r.seq(),
            "line " + here.line() + " of " + here.file() + " does not belong to the chain, which continues on the next"
                + " line: it was inserted");
      }
      if (r.seq() > expected) {
        return Fault.at(FaultKind.DELETED, here.file(), here.line(), r.seq(),
            "records " + expected + (r.seq() - 1 > expected ? " to " + (r.seq() - 1) : "") + " are missing before line "
                + here.line() + " of " + here.file() + ": deleted");
      }
      if (r.seq() == expected) {
        return new Fault(FaultKind.CHAIN_BROKEN, prevPosition.file(), prevPosition.line(), expected - 1,
            "record " + (expected - 1) + " (line " + prevPosition.line() + " of " + prevPosition.file()
                + ") does not hash to what record " + expected + " recorded as its predecessor: one of the two was"
                + " rewritten with its hash recomputed",
            files(prevPosition, here));
      }
      return Fault.at(FaultKind.OUT_OF_ORDER, here.file(), here.line(), r.seq(),
          "record " + r.seq() + " appears after record " + (expected - 1) + ": out of order or repeated");
    }

    private Fault end() {
      long lastSeq = expected == 0 ? 0 : expected - 1;
      String lastFile = segmentNames.isEmpty() ? Segments.CHECKPOINTS : segmentNames.get(segmentNames.size() - 1);
      long lastLine = prevPosition == null ? 0 : prevPosition.line();
      if (checkpoints.maxSeq() > lastSeq) {
        return Fault.at(FaultKind.TAIL_CUT, lastFile, lastLine, lastSeq,
            "the log ends at record " + lastSeq + " (line " + lastLine + " of " + lastFile + "), but a checkpoint signs record "
                + checkpoints.maxSeq() + ": records " + (lastSeq + 1) + " to " + checkpoints.maxSeq() + " were cut off");
      }
      if (anchor != null && lastSeq < anchor.seq()) {
        return Fault.at(FaultKind.TAIL_CUT, lastFile, lastLine, lastSeq,
            "the log ends at record " + lastSeq + ", but the service has written up to record " + anchor.seq());
      }
      if (records > 0 && checkpoints.count() == 0 && (anchor == null || anchor.checkpointNumber() > 0)) {
        return Fault.at(FaultKind.CHECKPOINTS_MISSING, Segments.CHECKPOINTS, 0, null,
            "there are " + records + " records but no checkpoint: nothing vouches for them");
      }
      return null;
    }

    private Verification result(Fault fault) {
      long lastSeq = expected == 0 ? 0 : expected - 1;
      long signed = checkpoints == null ? 0 : Math.min(checkpoints.maxSeq(), lastSeq);
      return new Verification(fault == null, records, firstSeq, lastSeq, checkpoints == null ? 0 : checkpoints.count(),
          signed, fault == null ? lastSeq - signed : 0, fault, segmentNames, notes);
    }
  }

  private static ChainRecord parseQuietly(Line line) {
    try {
      return line.terminated() ? RecordLine.parse(line.bytes(), line.bytes().length).record() : null;
    } catch (MalformedLineException e) {
      return null;
    }
  }

  private static List<String> files(Position a, Position b) {
    return a.file().equals(b.file()) ? List.of(a.file()) : List.of(a.file(), b.file());
  }

  private static byte[] digest(SegmentFile s) {
    try (InputStream in = new DigestInputStream(s.open(), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return ((DigestInputStream) in).getMessageDigest().digest();
    } catch (IOException | NoSuchAlgorithmException e) {
      return new byte[0];
    }
  }
}
