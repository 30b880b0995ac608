package org.emailpki.trust;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emailpki.ca.profile.CertificateProfile;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;
import org.emailpki.policy.Decision;
import org.emailpki.policy.KeyStorageClaim;
import org.emailpki.policy.KeyStoragePolicy;
import org.emailpki.policy.Reason;
import org.emailpki.policy.ReasonCode;
import org.emailpki.policy.TrustPolicy;
import org.emailpki.policy.TrustedCa;

/**
 * Enforcement point 1: a profile whose issuing CA falls below its minimum (or the grade's) is
 * refused with a problem naming the CA, its level and the level required; a key stored below the
 * profile's or grade's minimum, or not verified where the profile demands it, with one naming the
 * rungs. Every problem carries all the policy's reasons.
 */
@ApplicationScoped
public class IssuancePolicy {

  private final TrustRegistry registry;

  @Inject
  public IssuancePolicy(TrustRegistry registry) {
    this.registry = registry;
  }

  /**
   * @throws ProblemException CA_BELOW_POLICY, KEY_STORAGE_BELOW_MINIMUM or KEY_STORAGE_NOT_VERIFIED
   */
  public Decision check(String caId, CertificateProfile profile, KeyStorageClaim key) {
    TrustSnapshot snapshot = registry.current();
    // The issuing CA is always registered: the embedded CA registers itself when no entry names it.
    TrustedCa ca = snapshot.ca(caId).orElseThrow(() -> new IllegalStateException("issuing CA " + caId + " is not registered"));
    Decision d = TrustPolicy.issuance(ca, profile.name(), profile.minimums(), snapshot.grade(), key, registry.today());
    if (d.allowed()) {
      return d;
    }
    List<Map<String, String>> reasons =
        d.reasons().stream().map(r -> Map.of("code", r.code().name(), "message", r.message())).toList();
    if (d.has(ReasonCode.CA_LEVEL_INSUFFICIENT) || d.has(ReasonCode.CA_DOES_NOT_ISSUE_HERE)) {
      throw new ProblemException(ProblemType.CA_BELOW_POLICY,
          "CA " + ca.id() + " is at " + d.effectiveLevel() + "; profile " + profile.name() + " under grade "
              + snapshot.grade().grade() + " requires " + d.required() + ": " + d.explanation(),
          Map.of("ca", ca.id(), "level", d.effectiveLevel().name(), "required", d.required().name(), "reasons", reasons));
    }
    Reason storage = d.reasons().stream()
        .filter(r -> r.code() == ReasonCode.KEY_STORAGE_INSUFFICIENT || r.code() == ReasonCode.KEY_STORAGE_UNVERIFIED)
        .findFirst().orElseThrow();
    KeyStoragePolicy.Decision judged =
        KeyStoragePolicy.judge(TrustPolicy.keyStorageRequirement(profile.minimums(), snapshot.grade()), key);
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("asked", key.assurance().externalName());
    members.put("vouching", key.vouching().externalName());
    members.put("reasons", reasons);
    if (judged instanceof KeyStoragePolicy.BelowMinimum below) {
      members.put("minimum", below.minimum().externalName());
      throw new ProblemException(ProblemType.KEY_STORAGE_BELOW_MINIMUM, storage.message(), members);
    }
    KeyStoragePolicy.NotVerified unverified = (KeyStoragePolicy.NotVerified) judged;
    members.put("verifiedFrom", unverified.verifiedFrom().externalName());
    throw new ProblemException(ProblemType.KEY_STORAGE_NOT_VERIFIED, storage.message(), members);
  }
}
