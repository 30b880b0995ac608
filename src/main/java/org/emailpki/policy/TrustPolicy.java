package org.emailpki.policy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.emailpki.keystore.KeyStorageAssurance;

/**
 * Every trust decision, pure: given a CA, the day, the grade and a profile's minimums, says yes or
 * no with every reason. The same answers serve issuance, directory publication, validation and
 * the reaction to a registry change (docs/policy.md).
 */
public final class TrustPolicy {

  /** Entry requires a commitment to evaluate to EAL4 at least; Full its completion (handbook 1128). */
  public static final int REQUIRED_EAL = 4;

  private TrustPolicy() {}

  /**
   * The level a CA counts at today. Each missing or lapsed piece of evidence caps the level; the
   * lowest cap wins and every cap that applies is a reason:
   *
   * <ul>
   *   <li>no practice statement, no accreditation date, accreditation not yet granted, expired, or
   *       no commitment to EAL4 or above: NONE (the accreditation does not stand);
   *   <li>FULL without a completed evaluation (none recorded, or dated after today): ENTRY.
   * </ul>
   */
  public static EffectiveLevel effectiveLevel(TrustedCa ca, LocalDate today) {
    return effectiveLevel(ca.id(), ca.declared(), ca.evidence(), today);
  }

  public static EffectiveLevel effectiveLevel(String caId, AccreditationLevel declared, AccreditationEvidence evidence, LocalDate today) {
    if (declared == AccreditationLevel.NONE) {
      return new EffectiveLevel(declared, declared,
          List.of(new Reason(ReasonCode.NOT_ACCREDITED, "CA " + caId + " is declared not accredited")));
    }
    List<Reason> reasons = new ArrayList<>();
    AccreditationLevel level = declared;
    if (evidence.practiceStatement().filter(s -> !s.isBlank()).isEmpty()) {
      reasons.add(new Reason(ReasonCode.NO_PRACTICE_STATEMENT,
          "CA " + caId + " has no practice statement recorded, which every accreditation requires"));
      level = AccreditationLevel.NONE;
    }
    if (evidence.accredited().isEmpty()) {
      reasons.add(new Reason(ReasonCode.NO_ACCREDITATION_DATE, "CA " + caId + " has no accreditation date recorded"));
      level = AccreditationLevel.NONE;
    } else if (evidence.accredited().get().isAfter(today)) {
      reasons.add(new Reason(ReasonCode.ACCREDITATION_NOT_YET_VALID,
          "CA " + caId + "'s accreditation starts on " + evidence.accredited().get()));
      level = AccreditationLevel.NONE;
    }
    if (evidence.accreditationExpires().filter(today::isAfter).isPresent()) {
      reasons.add(new Reason(ReasonCode.ACCREDITATION_EXPIRED,
          "CA " + caId + "'s accreditation expired on " + evidence.accreditationExpires().get()));
      level = AccreditationLevel.NONE;
    }
    if (evidence.evaluationAssuranceLevel().filter(eal -> eal >= REQUIRED_EAL).isEmpty()) {
      reasons.add(new Reason(ReasonCode.NO_EAL4_COMMITMENT,
          "CA " + caId + "'s evaluation level is " + evidence.evaluationLevel().orElse("not recorded")
              + "; accreditation requires EAL" + REQUIRED_EAL + " or above"));
      level = AccreditationLevel.NONE;
    }
    if (declared == AccreditationLevel.FULL && evidence.evaluationCompleted().filter(d -> !d.isAfter(today)).isEmpty()) {
      reasons.add(new Reason(ReasonCode.EVALUATION_NOT_COMPLETED,
          "CA " + caId + " is declared FULL but " + evidence.evaluationCompleted()
              .map(d -> "its evaluation completes only on " + d).orElse("no completed evaluation is recorded")
              + ", so it counts as ENTRY at most"));
      level = AccreditationLevel.lower(level, AccreditationLevel.ENTRY);
    }
    if (reasons.isEmpty()) {
      reasons.add(new Reason(ReasonCode.DECLARED_LEVEL_HOLDS, "CA " + caId + " is accredited " + declared + " on the evidence recorded"));
    }
    return new EffectiveLevel(declared, level, reasons);
  }

  /**
   * Whether certificates the CA issued may be relied on for the purpose under the grade: used to
   * validate others' certificates and to publish to the directory. Any source qualifies.
   */
  public static Decision caForPurpose(TrustedCa ca, Purpose purpose, GradePolicy grade, LocalDate today) {
    return caAgainst(ca, grade.minimumCaLevel(), "grade " + grade.grade() + " for " + purpose.externalName(), today);
  }

  /** Publication to the directory: the same test as relying on the CA for the certificate's purpose. */
  public static Decision publication(TrustedCa ca, Purpose purpose, GradePolicy grade, LocalDate today) {
    return caForPurpose(ca, purpose, grade, today);
  }

  /**
   * Whether the CA may issue under a profile for a key stored as claimed: the CA must issue here
   * and reach the higher of the profile's and the grade's minimum level; the key must reach the
   * higher of their storage minimums, verified from the profile's {@code requireVerifiedFrom} up.
   */
  public static Decision issuance(
      TrustedCa ca, String profileName, ProfileMinimums profile, GradePolicy grade, KeyStorageClaim key, LocalDate today) {
    AccreditationLevel required = AccreditationLevel.higher(profile.minimumCaLevel(), grade.minimumCaLevel());
    String demandedBy = "profile " + profileName + " under grade " + grade.grade();
    Decision caDecision = caAgainst(ca, required, demandedBy, today);
    List<Reason> reasons = new ArrayList<>(caDecision.reasons());
    boolean allowed = caDecision.allowed();
    if (!ca.source().issuesHere()) {
      reasons.add(new Reason(ReasonCode.CA_DOES_NOT_ISSUE_HERE,
          "CA " + ca.id() + " is registered " + ca.source() + ": it is trusted for validation only and does not issue here"));
      allowed = false;
    }
    Reason storage = keyStorage(profile, grade, key, demandedBy);
    reasons.add(storage);
    allowed &= storage.code() == ReasonCode.KEY_STORAGE_SUFFICIENT;
    return new Decision(allowed, caDecision.effectiveLevel(), required, reasons);
  }

  /** The key storage half of {@link #issuance}, on its own for callers that check only the key. */
  public static Reason keyStorage(ProfileMinimums profile, GradePolicy grade, KeyStorageClaim key, String demandedBy) {
    KeyStorageAssurance minimum =
        profile.minimumKeyStorage().atLeast(grade.minimumKeyStorage()) ? profile.minimumKeyStorage() : grade.minimumKeyStorage();
    String claim = "the key's storage " + key.assurance().externalName() + (key.verified() ? " (verified)" : " (declared)");
    if (!key.assurance().atLeast(minimum)) {
      return new Reason(ReasonCode.KEY_STORAGE_INSUFFICIENT,
          claim + " is below " + minimum.externalName() + ", the minimum of " + demandedBy);
    }
    boolean mustBeVerified = profile.requireVerifiedFrom().filter(key.assurance()::atLeast).isPresent();
    if (mustBeVerified && !key.verified() && !KeyStorageAssurance.UNDECLARED.atLeast(minimum)) {
      return new Reason(ReasonCode.KEY_STORAGE_UNVERIFIED,
          claim + " must be verified from " + profile.requireVerifiedFrom().get().externalName() + " up to count toward "
              + minimum.externalName() + ", the minimum of " + demandedBy);
    }
    return new Reason(ReasonCode.KEY_STORAGE_SUFFICIENT,
        claim + " meets " + minimum.externalName() + ", the minimum of " + demandedBy);
  }

  private static Decision caAgainst(TrustedCa ca, AccreditationLevel required, String demandedBy, LocalDate today) {
    EffectiveLevel level = effectiveLevel(ca, today);
    List<Reason> reasons = new ArrayList<>(level.reasons());
    boolean allowed = level.effective().atLeast(required);
    reasons.add(allowed
        ? new Reason(ReasonCode.CA_LEVEL_SUFFICIENT,
            "CA " + ca.id() + " at " + level.effective() + " meets " + required + ", required by " + demandedBy)
        : new Reason(ReasonCode.CA_LEVEL_INSUFFICIENT,
            "CA " + ca.id() + " at " + level.effective() + " is below " + required + ", required by " + demandedBy));
    return new Decision(allowed, level.effective(), required, reasons);
  }
}
