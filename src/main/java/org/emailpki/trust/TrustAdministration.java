package org.emailpki.trust;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.audit.AuditLog;
import org.emailpki.audit.AuditOutcome;
import org.emailpki.directory.DirectorySync;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.identity.Caller;
import org.emailpki.policy.Decision;
import org.emailpki.policy.EffectiveLevel;
import org.emailpki.policy.Purpose;
import org.emailpki.policy.TrustPolicy;
import org.emailpki.policy.TrustedCa;
import org.jboss.logging.Logger;

/**
 * What administrators do with the trust registry (docs/policy.md): list the CAs with their
 * effective level and reasons, see the grade, and reload ca-config/ without a restart. Enforcement
 * point 4 lives here: when a CA's standing under the policy changes — by a reload, or by an
 * accreditation lapsing with the calendar — its certificates are reconsidered for the directory,
 * and the change is recorded before it takes effect.
 */
@ApplicationScoped
public class TrustAdministration {

  private static final Logger LOG = Logger.getLogger(TrustAdministration.class);

  private final TrustRegistry registry;
  private final DirectorySync directory;
  private final AuditLog audit;
  /** Whether each CA's certificates may be published, as last acted on. */
  private final Map<String, Boolean> standing = new ConcurrentHashMap<>();

  private final GradeSelfCheck selfCheck;

  @Inject
  public TrustAdministration(TrustRegistry registry, DirectorySync directory, AuditLog audit, GradeSelfCheck selfCheck) {
    this.registry = registry;
    this.selfCheck = selfCheck;
    this.directory = directory;
    this.audit = audit;
    // What the directory holds at start already follows this standing: DirectorySync's start-up
    // resynchronisation puts every valid certificate through the publication policy.
    standing.putAll(standings(registry.current()));
  }

  public List<CaStatus> cas(Caller caller) {
    requireAdministrator(caller, "list the trusted CAs");
    return statuses(registry.current());
  }

  /** @throws ProblemException UNKNOWN_CA when no CA has the id */
  public CaStatus ca(Caller caller, String id) {
    requireAdministrator(caller, "read a trusted CA");
    TrustSnapshot snapshot = registry.current();
    return snapshot.ca(id).map(ca -> status(snapshot, ca))
        .orElseThrow(() -> new ProblemException(ProblemType.UNKNOWN_CA,
            "no CA with id '" + clip(id) + "' is in the trusted CA registry", Map.of("ca", clip(id))));
  }

  public GradeStatus grade(Caller caller) {
    requireAdministrator(caller, "read the grade");
    return GradeStatus.of(registry.current());
  }

  /** The deployment checked against its grade's checklist, item by item. */
  public SelfCheckReport selfCheck(Caller caller) {
    requireAdministrator(caller, "run the grade self-check");
    return selfCheck.run();
  }

  /**
   * Reads ca-config/ again and, when it is valid, records every change, installs it at once, and
   * brings the directory in line for each CA whose standing changed.
   *
   * @throws ProblemException INVALID_CA_CONFIG naming file and field; the old registry stays
   */
  public synchronized ReloadResult reload(Caller caller) {
    requireAdministrator(caller, "reload the trust configuration");
    Actor actor = Actor.of(caller);
    TrustSnapshot next;
    try {
      next = registry.read();
    } catch (CaConfigException e) {
      audit.record(AuditEvent.of(AuditEventType.POLICY_CHANGED, actor).outcome(AuditOutcome.REFUSED)
          .detail("operation", "reload").detail("file", e.file()).detail("field", e.field()).detail("detail", e.getMessage()).build());
      throw new ProblemException(ProblemType.INVALID_CA_CONFIG, e.getMessage(), Map.of("file", e.file(), "field", e.field()));
    }
    TrustSnapshot previous = registry.current();
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (TrustedCa ca : next.cas()) {
      Optional<TrustedCa> before = previous.ca(ca.id());
      if (before.isEmpty()) {
        added.add(ca.id());
        audit.record(caEvent(AuditEventType.TRUSTED_CA_ADDED, actor, ca, next).build());
      } else if (!before.get().equals(ca)) {
        changed.add(ca.id());
        audit.record(caEvent(AuditEventType.TRUSTED_CA_CHANGED, actor, ca, next)
            .detail("previous-declared", before.get().declared())
            .detail("previous-effective", registry.effectiveLevel(before.get()).effective())
            .detail("certificate-changed", !before.get().certificate().equals(ca.certificate())).build());
      }
    }
    for (TrustedCa ca : previous.cas()) {
      if (next.ca(ca.id()).isEmpty()) {
        removed.add(ca.id());
        audit.record(AuditEvent.of(AuditEventType.TRUSTED_CA_REMOVED, actor).ca(ca.id())
            .detail("previous-declared", ca.declared()).detail("source", ca.source()).build());
      }
    }
    boolean policyChanged = !previous.grade().equals(next.grade()) || !previous.profiles().all().equals(next.profiles().all());
    if (policyChanged) {
      audit.record(AuditEvent.of(AuditEventType.POLICY_CHANGED, actor)
          .detail("operation", "reload")
          .detail("previous-grade", previous.grade().grade()).detail("grade", next.grade().grade())
          .detail("minimum-ca-level", next.grade().minimumCaLevel())
          .detail("minimum-key-storage", next.grade().minimumKeyStorage().externalName())
          .detail("profiles", next.profiles().all().stream().map(p -> p.name()).collect(Collectors.joining(",")))
          .build());
    }
    registry.swap(next);
    int reconsidered = actOnStandings(actor);
    LOG.infof("trust configuration reloaded by %s: %d added, %d removed, %d changed, policy %s, %d certificates reconsidered",
        caller.name(), added.size(), removed.size(), changed.size(), policyChanged ? "changed" : "unchanged", reconsidered);
    return new ReloadResult(added, removed, changed, policyChanged, reconsidered, statuses(next));
  }

  /**
   * Accreditations lapse with the calendar, not only by reload: once an hour, and at once when
   * called, a CA whose standing changed since it was last acted on is recorded and reconsidered.
   */
  @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduledRecheck() {
    recheck();
  }

  /** @return how many certificates were reconsidered */
  public synchronized int recheck() {
    TrustSnapshot snapshot = registry.current();
    Map<String, Boolean> now = standings(snapshot);
    for (Map.Entry<String, Boolean> e : now.entrySet()) {
      if (!e.getValue().equals(standing.get(e.getKey()))) {
        TrustedCa ca = snapshot.ca(e.getKey()).orElseThrow();
        audit.record(caEvent(AuditEventType.TRUSTED_CA_CHANGED, Actor.SYSTEM, ca, snapshot)
            .detail("operation", "recheck").build());
      }
    }
    return actOnStandings(Actor.SYSTEM);
  }

  /** Reconsiders the certificates of every CA whose standing differs from the one last acted on. */
  private int actOnStandings(Actor actor) {
    Map<String, Boolean> now = standings(registry.current());
    Set<String> ids = new LinkedHashSet<>(standing.keySet());
    ids.addAll(now.keySet());
    int reconsidered = 0;
    for (String id : ids) {
      if (!now.getOrDefault(id, false).equals(standing.getOrDefault(id, false))) {
        reconsidered += directory.reconsider(id, actor);
      }
    }
    standing.clear();
    standing.putAll(now);
    return reconsidered;
  }

  private Map<String, Boolean> standings(TrustSnapshot snapshot) {
    return snapshot.cas().stream().collect(Collectors.toMap(TrustedCa::id,
        ca -> TrustPolicy.publication(ca, Purpose.SIGN, snapshot.grade(), registry.today()).allowed()));
  }

  private AuditEvent.Builder caEvent(AuditEventType type, Actor actor, TrustedCa ca, TrustSnapshot snapshot) {
    EffectiveLevel level = registry.effectiveLevel(ca);
    Decision grade = TrustPolicy.caForPurpose(ca, Purpose.SIGN, snapshot.grade(), registry.today());
    return AuditEvent.of(type, actor).ca(ca.id())
        .detail("source", ca.source())
        .detail("declared", ca.declared())
        .detail("effective", level.effective())
        .detail("reasons", level.reasons().stream().map(r -> r.code().name()).collect(Collectors.joining(",")))
        .detail("meets-grade", grade.allowed())
        .detail("grade", snapshot.grade().grade())
        .detail("subject", ca.certificate().getSubjectX500Principal().getName());
  }

  private List<CaStatus> statuses(TrustSnapshot snapshot) {
    return snapshot.cas().stream().map(ca -> status(snapshot, ca)).toList();
  }

  private CaStatus status(TrustSnapshot snapshot, TrustedCa ca) {
    return CaStatus.of(ca, registry.effectiveLevel(ca),
        TrustPolicy.caForPurpose(ca, Purpose.SIGN, snapshot.grade(), registry.today()));
  }

  private void requireAdministrator(Caller caller, String what) {
    if (!caller.administrator()) {
      audit.record(AuditEvent.of(AuditEventType.AUTHORIZATION_REFUSED, Actor.of(caller))
          .detail("operation", what).detail("reason", ProblemType.FORBIDDEN.slug()).build());
      throw new ProblemException(ProblemType.FORBIDDEN, "only administrators may " + what);
    }
  }

  private static String clip(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }
}
