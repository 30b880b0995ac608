package org.emailpki.audit.file;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.emailpki.audit.AuditEventType;

/**
 * Turns a time range of audit records into an {@link AuditReport}: counts per type, failed logins
 * by client address and by account with their bursts (password guessing, handbook 1112), unusual
 * hourly revocation volumes, and refusals by reason. Not thread-safe; one instance per report.
 */
public final class AuditAnalyzer {

  private final AnalysisSettings settings;
  private final SortedMap<String, Long> countsByType = new TreeMap<>();
  private final SortedMap<String, Long> failuresByClient = new TreeMap<>();
  private final SortedMap<String, Long> failuresByAccount = new TreeMap<>();
  private final Map<String, List<Instant>> failureTimesByClient = new HashMap<>();
  private final Map<String, List<Instant>> failureTimesByAccount = new HashMap<>();
  private final SortedMap<Instant, SortedMap<String, Long>> revocationsByHour = new TreeMap<>();
  private final SortedMap<String, Long> refusalsByReason = new TreeMap<>();
  private final SortedMap<String, Long> authorizationRefusals = new TreeMap<>();
  private long records;

  public AuditAnalyzer(AnalysisSettings settings) {
    this.settings = settings;
  }

  /** Takes one record into account. */
  public void add(ChainRecord r) {
    records++;
    countsByType.merge(r.type(), 1L, Long::sum);
    String type = r.type();
    if (type.equals(AuditEventType.AUTHENTICATION_FAILED.slug())) {
      String client = r.client() == null ? "unknown" : r.client();
      failuresByClient.merge(client, 1L, Long::sum);
      failuresByAccount.merge(r.actor(), 1L, Long::sum);
      failureTimesByClient.computeIfAbsent(client, k -> new ArrayList<>()).add(r.time());
      failureTimesByAccount.computeIfAbsent(r.actor(), k -> new ArrayList<>()).add(r.time());
    } else if (type.equals(AuditEventType.CERTIFICATE_REVOKED.slug())) {
      revocationsByHour.computeIfAbsent(r.time().truncatedTo(ChronoUnit.HOURS), h -> new TreeMap<>())
          .merge(r.actor(), 1L, Long::sum);
    } else if (type.equals(AuditEventType.ENROLMENT_REFUSED.slug())) {
      refusalsByReason.merge(r.detail("reason") == null ? "unknown" : r.detail("reason"), 1L, Long::sum);
    } else if (type.equals(AuditEventType.AUTHORIZATION_REFUSED.slug())) {
      authorizationRefusals.merge(r.actor(), 1L, Long::sum);
    }
  }

  /** The report over what was added. */
  public AuditReport report(Instant from, Instant to, long unreadableLines) {
    List<String> findings = new ArrayList<>();
    List<AuditReport.Burst> bursts = new ArrayList<>();
    bursts("client", failureTimesByClient, bursts);
    bursts("account", failureTimesByAccount, bursts);
    bursts.sort(Comparator.comparing(AuditReport.Burst::firstAt).thenComparing(AuditReport.Burst::by).thenComparing(AuditReport.Burst::key));
    for (AuditReport.Burst b : bursts) {
      findings.add("authentication failure burst: " + b.failures() + " failures "
          + (b.by().equals("client") ? "from client " : "against account ") + b.key() + " within "
          + settings.burstWindow() + " (" + b.firstAt() + " to " + b.lastAt() + ")");
    }
    List<AuditReport.RevocationSpike> spikes = new ArrayList<>();
    revocationsByHour.forEach((hour, byActor) -> {
      long total = byActor.values().stream().mapToLong(Long::longValue).sum();
      if (total > settings.revocationsPerHour()) {
        spikes.add(new AuditReport.RevocationSpike(hour, total, byActor));
        findings.add("unusual revocation volume: " + total + " revocations in the hour from " + hour + " (threshold "
            + settings.revocationsPerHour() + "), by " + byActor);
      }
    });
    if (unreadableLines > 0) {
      findings.add(unreadableLines + " lines of the audit log could not be read as records: run the verifier");
    }
    return new AuditReport(from, to, records, countsByType, failuresByClient, failuresByAccount, bursts, spikes,
        refusalsByReason, authorizationRefusals, findings, unreadableLines);
  }

  /** For each key, the densest window of failures, when it reaches the threshold. */
  private void bursts(String by, Map<String, List<Instant>> times, List<AuditReport.Burst> out) {
    times.forEach((key, list) -> {
      list.sort(null);
      int best = 0;
      int bestStart = 0;
      int start = 0;
      for (int end = 0; end < list.size(); end++) {
        while (list.get(end).isAfter(list.get(start).plus(settings.burstWindow()))) {
          start++;
        }
        if (end - start + 1 > best) {
          best = end - start + 1;
          bestStart = start;
        }
      }
      if (best >= settings.burstThreshold()) {
        out.add(new AuditReport.Burst(by, key, best, list.get(bestStart), list.get(bestStart + best - 1)));
      }
    });
  }
}
