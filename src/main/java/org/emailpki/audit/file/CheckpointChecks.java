package org.emailpki.audit.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;

/**
 * The first half of verification: every checkpoint's signature, and the checkpoints' own chain
 * (numbers one after another, each naming the hash of the line before), so none can be removed,
 * inserted or reordered. What they vouch for is compared with the records afterwards.
 */
final class CheckpointChecks {

  /** A valid checkpoint: which record it vouches for, and where it is. */
  record Signed(long number, long line, String hash) {}

  /**
   * @param bySeq valid checkpoints by the sequence number they sign
   * @param floor the floor of the last checkpoint (1 when there is none)
   * @param fault the first fault in the checkpoint file, or null
   */
  record Result(Map<Long, Signed> bySeq, long count, long maxSeq, long floor, Fault fault) {}

  private CheckpointChecks() {}

  /**
   * @param anchor the running service's head: the file is read up to its checkpoint, which must be
   *     the one the service wrote; null offline
   */
  static Result check(Path file, Map<String, PublicKey> keys, AuditWriter.Head anchor) {
    String name = file.getFileName().toString();
    Map<Long, Signed> bySeq = new HashMap<>();
    long count = 0;
    long maxSeq = 0;
    long floor = 1;
    String prev = Hashes.GENESIS;
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      Fault fault = anchor != null && anchor.checkpointNumber() > 0
          ? Fault.at(FaultKind.TAIL_CUT, name, 0, null, "the checkpoint file is missing, but the service has written "
              + anchor.checkpointNumber() + " checkpoints")
          : null;
      return new Result(bySeq, 0, 0, floor, fault);
    }
    try (LineReader lines = new LineReader(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS))) {
      while (lines.next()) {
        if (anchor != null && count == anchor.checkpointNumber()) {
          break; // written after the snapshot of the service's head
        }
        long n = lines.number();
        if (!lines.terminated()) {
          return new Result(bySeq, count, maxSeq, floor, Fault.at(FaultKind.TRUNCATED_RECORD, name, n, null,
              "the last checkpoint line is cut short (no newline): the file was truncated"));
        }
        CheckpointLine.Parsed p;
        try {
          p = CheckpointLine.parse(lines.bytes(), lines.length(), keys);
        } catch (MalformedLineException e) {
          return new Result(bySeq, count, maxSeq, floor, Fault.at(FaultKind.CHECKPOINT_MALFORMED, name, n, null,
              "checkpoint line " + n + " cannot be read: " + e.getMessage()));
        }
        Checkpoint c = p.checkpoint();
        if (!p.keyKnown()) {
          return new Result(bySeq, count, maxSeq, floor, Fault.at(FaultKind.CHECKPOINT_UNKNOWN_KEY, name, n, c.seq(),
              "checkpoint " + c.number() + " is signed by audit key " + c.keyId() + ", which is not among the keys given ("
                  + String.join(", ", keys.keySet()) + ")"));
        }
        if (!p.signatureValid()) {
          return new Result(bySeq, count, maxSeq, floor, Fault.at(FaultKind.CHECKPOINT_SIGNATURE_INVALID, name, n, c.seq(),
              "the signature of checkpoint " + c.number() + " (for record " + c.seq() + ") does not verify: the checkpoint"
                  + " or its signature was altered"));
        }
        if (c.number() != count + 1 || !c.prev().equals(prev) || c.seq() < maxSeq) {
          return new Result(bySeq, count, maxSeq, floor, Fault.at(FaultKind.CHECKPOINT_CHAIN_BROKEN, name, n, c.seq(),
              "checkpoint line " + n + " is number " + c.number() + " where number " + (count + 1)
                  + " chained to the line before was expected: checkpoints were removed, inserted or reordered"));
        }
        count++;
        prev = p.lineHash();
        maxSeq = c.seq();
        floor = c.floor();
        bySeq.put(c.seq(), new Signed(c.number(), n, c.hash()));
      }
    } catch (IOException e) {
      return new Result(bySeq, count, maxSeq, floor, Fault.at(FaultKind.UNREADABLE, name, 0, null,
          "the checkpoint file cannot be read: " + e.getMessage()));
    }
    if (anchor != null && (count < anchor.checkpointNumber() || count > 0 && !prev.equals(anchor.checkpointHash()))) {
      String problem = count < anchor.checkpointNumber()
          ? "the checkpoint file ends at checkpoint " + count + ", but the service has written " + anchor.checkpointNumber()
          : "checkpoint " + count + " differs from the one the service wrote";
      FaultKind kind = count < anchor.checkpointNumber() ? FaultKind.TAIL_CUT : FaultKind.CHECKPOINT_CHAIN_BROKEN;
      return new Result(bySeq, count, maxSeq, floor, Fault.at(kind, name, count, null, problem));
    }
    return new Result(bySeq, count, maxSeq, floor, null);
  }
}
