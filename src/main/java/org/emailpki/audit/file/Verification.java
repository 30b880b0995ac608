package org.emailpki.audit.file;

import java.util.List;

/**
 * The verifier's findings.
 *
 * @param intact true when no fault was found
 * @param firstSeq the first record present (0 when none)
 * @param lastSeq the last record checked
 * @param signedThrough the highest record a valid checkpoint vouches for
 * @param unsignedRecords records after {@code signedThrough}: chained, but not yet under a
 *     signature (normal while the service runs; none after a clean stop)
 * @param fault the first fault, or null
 * @param segmentFiles the segment files read, in chain order
 * @param notes remarks that are not faults
 */
public record Verification(
    boolean intact,
    long records,
    long firstSeq,
    long lastSeq,
    long checkpoints,
    long signedThrough,
    long unsignedRecords,
    Fault fault,
    List<String> segmentFiles,
    List<String> notes) {

  public Verification {
    segmentFiles = List.copyOf(segmentFiles);
    notes = List.copyOf(notes);
  }
}
