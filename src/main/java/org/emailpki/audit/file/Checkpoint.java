package org.emailpki.audit.file;

import java.time.Instant;

/**
 * A signed statement that the chain reached record {@code seq} with hash {@code hash}: whoever
 * edits, removes or reorders any record up to there, or cuts the log short of it, can no longer
 * match it without the audit signing key.
 *
 * @param number 1 for the first checkpoint, then one more each time
 * @param reason {@code rotation}, {@code interval}, {@code purge} or {@code stop}
 * @param segment the name of the segment file holding record {@code seq}, without extension
 * @param floor the lowest sequence number the log still keeps (1 until retention deletes files)
 * @param keyId the signing key's id ({@link AuditKeys#keyId})
 * @param prev SHA-256 of the previous checkpoint's whole line ({@link Hashes#GENESIS} for the first)
 */
public record Checkpoint(
    long number, Instant time, String reason, long seq, String hash, String segment, long floor, String keyId, String prev) {}
