package org.emailpki.audit.file;

import java.time.Instant;
import java.util.Map;

/**
 * One record as read back from an audit file.
 *
 * @param type the event type's slug (kept as text: a newer service may write types this one does
 *     not know)
 * @param client the client address, or null
 * @param mailbox the subject mailbox, or null
 * @param serial the subject certificate's serial, or null
 * @param caId the subject CA, or null
 * @param prev the hash of the record before it ({@link Hashes#GENESIS} for the first)
 * @param hash the hash this record claims: SHA-256 of its line up to the hash member
 */
public record ChainRecord(
    long seq,
    Instant time,
    String type,
    String outcome,
    String actor,
    String client,
    String mailbox,
    String serial,
    String caId,
    Map<String, String> details,
    String prev,
    String hash) {

  public ChainRecord {
    details = Map.copyOf(details);
  }

  public String detail(String name) {
    return details.get(name);
  }
}
