package org.emailpki.audit.file;

/** What is wrong with an audit log, as the verifier names it. */
public enum FaultKind {
  /** No segment at all where one was expected. */
  NO_LOG,
  /** A file could not be read (permissions, corrupt compression). */
  UNREADABLE,
  /** A line is not a record of this format (bytes changed so that it no longer parses). */
  MALFORMED,
  /** The last line ends without its newline: the file was cut in the middle of a record. */
  TRUNCATED_RECORD,
  /** A record's content no longer hashes to the hash it carries: it was changed after writing. */
  EDITED,
  /** Records are missing from the middle of a segment. */
  DELETED,
  /** A record that does not belong to the chain sits in it. */
  INSERTED,
  /** Records are in the wrong order (for example two swapped). */
  OUT_OF_ORDER,
  /** A record does not hash to what its successor recorded: rewritten with its hash recomputed. */
  CHAIN_BROKEN,
  /** A whole segment file is missing between two others. */
  SEGMENT_MISSING,
  /** Two segment files claim the same records with different content. */
  SEGMENT_DUPLICATE,
  /** The log starts after the floor the last checkpoint signed: its oldest segments were deleted. */
  START_MISSING,
  /** The log ends before a record that a checkpoint (or the running service) vouches for. */
  TAIL_CUT,
  /** The running service's last record differs from the one on disk. */
  HEAD_MISMATCH,
  /** Records exist but the checkpoint file is missing or empty: nothing vouches for them. */
  CHECKPOINTS_MISSING,
  /** A checkpoint line is not of this format. */
  CHECKPOINT_MALFORMED,
  /** A checkpoint is signed by a key the verifier was not given. */
  CHECKPOINT_UNKNOWN_KEY,
  /** A checkpoint's signature does not verify. */
  CHECKPOINT_SIGNATURE_INVALID,
  /** Checkpoints are missing, inserted or reordered in the checkpoint file. */
  CHECKPOINT_CHAIN_BROKEN,
  /** A record's hash differs from the one a valid checkpoint signed: the chain was recomputed. */
  CHECKPOINT_MISMATCH
}
