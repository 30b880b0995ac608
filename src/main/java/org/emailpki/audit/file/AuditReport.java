package org.emailpki.audit.file;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * What the audit log says about a time range [from, to).
 *
 * @param countsByType records per event type
 * @param authenticationFailuresByClient failed logins per client address
 * @param authenticationFailuresByAccount failed logins per account name tried
 * @param bursts the densest window of failures per client or account that reached the threshold
 * @param revocationSpikes clock hours with more revocations than the threshold
 * @param enrolmentRefusalsByReason refused enrolments per problem type
 * @param authorizationRefusalsByAccount refused requests per authenticated account
 * @param findings the anomalies, one sentence each, for a person to follow up
 * @param unreadableLines lines skipped because they were not records (run the verifier)
 */
public record AuditReport(
    Instant from,
    Instant to,
    long records,
    SortedMap<String, Long> countsByType,
    SortedMap<String, Long> authenticationFailuresByClient,
    SortedMap<String, Long> authenticationFailuresByAccount,
    List<Burst> bursts,
    List<RevocationSpike> revocationSpikes,
    SortedMap<String, Long> enrolmentRefusalsByReason,
    SortedMap<String, Long> authorizationRefusalsByAccount,
    List<String> findings,
    long unreadableLines) {

  /**
   * @param by {@code client} or {@code account}
   * @param failures how many failures fell within one window
   */
  public record Burst(String by, String key, int failures, Instant firstAt, Instant lastAt) {}

  /** @param byActor revocations in that hour per account */
  public record RevocationSpike(Instant hour, long revocations, SortedMap<String, Long> byActor) {}
}
