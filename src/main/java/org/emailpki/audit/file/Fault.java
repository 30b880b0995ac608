package org.emailpki.audit.file;

import java.util.List;

/**
 * The first thing found wrong with an audit log.
 *
 * @param file the file where it was found (a segment or the checkpoint file)
 * @param line the 1-based line in that file; 0 when the fault is the file's absence or its end
 * @param seq the sequence number of the record at fault, or null when none applies
 * @param files every file the fault involves (for a missing segment: the ones around the gap)
 */
public record Fault(FaultKind kind, String file, long line, Long seq, String message, List<String> files) {
  public Fault {
    files = List.copyOf(files);
  }

  /** A fault that involves only the file where it was found. */
  static Fault at(FaultKind kind, String file, long line, Long seq, String message) {
    return new Fault(kind, file, line, seq, message, List.of(file));
  }
}
