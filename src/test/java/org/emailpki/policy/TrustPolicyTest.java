package org.emailpki.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.emailpki.keystore.KeyStorageAssurance;
import org.emailpki.policy.KeyStorageClaim.Vouching;
import org.emailpki.testing.TestCa;
import org.junit.jupiter.api.Test;

/**
 * Every combination of declared CA level, evidence state, profile minimum, key storage claim and
 * grade, each checked for the decision and the exact reasons, against the rules of docs/policy.md
 * stated again here independently of {@link TrustPolicy}.
 */
class TrustPolicyTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);
  private static final java.security.cert.X509Certificate CERT = TestCa.root("CN=Policy Test CA").certificate();

  /** The states the evidence of a CA can be in, with the reasons each one costs a declared ENTRY and FULL. */
  enum Evidence {
    FULL_AND_CURRENT(ev("CPS 1", "EAL4+", TODAY.minusMonths(3), TODAY.minusYears(1), TODAY.plusYears(1)), List.of(), List.of()),
    ENTRY_COMMITMENT_ONLY(ev("CPS 1", "EAL4", null, TODAY.minusYears(1), TODAY.plusYears(1)),
        List.of(), List.of(ReasonCode.EVALUATION_NOT_COMPLETED)),
    EVALUATION_COMPLETES_TOMORROW(ev("CPS 1", "EAL4", TODAY.plusDays(1), TODAY.minusYears(1), null),
        List.of(), List.of(ReasonCode.EVALUATION_NOT_COMPLETED)),
    EXPIRED_YESTERDAY(ev("CPS 1", "EAL4", TODAY.minusMonths(3), TODAY.minusYears(1), TODAY.minusDays(1)),
        List.of(ReasonCode.ACCREDITATION_EXPIRED), List.of(ReasonCode.ACCREDITATION_EXPIRED)),
    EXPIRES_TODAY(ev("CPS 1", "EAL4", TODAY.minusMonths(3), TODAY.minusYears(1), TODAY), List.of(), List.of()),
    NOT_YET_ACCREDITED(ev("CPS 1", "EAL4", TODAY.minusMonths(3), TODAY.plusDays(1), null),
        List.of(ReasonCode.ACCREDITATION_NOT_YET_VALID), List.of(ReasonCode.ACCREDITATION_NOT_YET_VALID)),
    NO_PRACTICE_STATEMENT(ev(null, "EAL4", TODAY.minusMonths(3), TODAY.minusYears(1), null),
        List.of(ReasonCode.NO_PRACTICE_STATEMENT), List.of(ReasonCode.NO_PRACTICE_STATEMENT)),
    EVALUATED_BELOW_EAL4(ev("CPS 1", "EAL3", TODAY.minusMonths(3), TODAY.minusYears(1), null),
        List.of(ReasonCode.NO_EAL4_COMMITMENT), List.of(ReasonCode.NO_EAL4_COMMITMENT)),
    NOTHING_RECORDED(AccreditationEvidence.NONE,
        List.of(ReasonCode.NO_PRACTICE_STATEMENT, ReasonCode.NO_ACCREDITATION_DATE, ReasonCode.NO_EAL4_COMMITMENT),
        List.of(ReasonCode.NO_PRACTICE_STATEMENT, ReasonCode.NO_ACCREDITATION_DATE, ReasonCode.NO_EAL4_COMMITMENT,
            ReasonCode.EVALUATION_NOT_COMPLETED));

    final AccreditationEvidence evidence;
    final List<ReasonCode> costEntry;
    final List<ReasonCode> costFull;

    Evidence(AccreditationEvidence evidence, List<ReasonCode> costEntry, List<ReasonCode> costFull) {
      this.evidence = evidence;
      this.costEntry = costEntry;
      this.costFull = costFull;
    }

    /** The rule: a missing or lapsed accreditation is NONE; FULL without a completed evaluation is ENTRY at most. */
    AccreditationLevel effective(AccreditationLevel declared) {
      List<ReasonCode> cost = reasons(declared);
      if (declared == AccreditationLevel.NONE || cost.isEmpty()) {
        return declared;
      }
      return cost.equals(List.of(ReasonCode.EVALUATION_NOT_COMPLETED)) ? AccreditationLevel.ENTRY : AccreditationLevel.NONE;
    }

    List<ReasonCode> reasons(AccreditationLevel declared) {
      return switch (declared) {
        case NONE -> List.of(ReasonCode.NOT_ACCREDITED);
        case ENTRY -> costEntry;
        case FULL -> costFull;
      };
    }
  }

  private static AccreditationEvidence ev(String cps, String eal, LocalDate evaluated, LocalDate accredited, LocalDate expires) {
    return new AccreditationEvidence(Optional.ofNullable(cps), Optional.ofNullable(eal), Optional.ofNullable(evaluated),
        Optional.ofNullable(accredited), Optional.ofNullable(expires));
  }

  private static TrustedCa ca(AccreditationLevel declared, Evidence evidence, CaSource source) {
    return new TrustedCa("test-ca", CERT, List.of(), source, declared, evidence.evidence, KeyLocation.HARDWARE_TOKEN);
  }

  private static List<ReasonCode> effectiveCodes(AccreditationLevel declared, Evidence evidence) {
    List<ReasonCode> codes = evidence.reasons(declared);
    return codes.isEmpty() ? List.of(ReasonCode.DECLARED_LEVEL_HOLDS) : codes;
  }

  @Test
  void theEffectiveLevelOfEveryDeclarationAndEvidenceState() {
    for (AccreditationLevel declared : AccreditationLevel.values()) {
      for (Evidence evidence : Evidence.values()) {
        EffectiveLevel level = TrustPolicy.effectiveLevel(ca(declared, evidence, CaSource.EXTERNAL_ISSUING), TODAY);
        String row = declared + " " + evidence;
        assertEquals(declared, level.declared(), row);
        assertEquals(evidence.effective(declared), level.effective(), row);
        assertEquals(effectiveCodes(declared, evidence), level.reasons().stream().map(Reason::code).toList(), row);
        assertEquals(level.effective() != declared, level.lowered(), row);
      }
    }
  }

  /** Declared level x evidence x profile minimum x claim x vouching x grade x source: 3·9·3·7·2·5·3 cases. */
  @Test
  void issuanceOverEveryCombination() {
    int cases = 0;
    ProfileMinimums[] profiles = {
        new ProfileMinimums(AccreditationLevel.NONE, KeyStorageRequirement.NONE),
        new ProfileMinimums(AccreditationLevel.ENTRY,
            new KeyStorageRequirement(Optional.of(KeyStorageAssurance.DIRECTORY_SERVER), Optional.of(KeyStorageAssurance.REMOVABLE_MEDIA))),
        new ProfileMinimums(AccreditationLevel.FULL, new KeyStorageRequirement(Optional.empty(), Optional.of(KeyStorageAssurance.SMART_CARD_PIN)))};
    for (AccreditationLevel declared : AccreditationLevel.values()) {
      for (Evidence evidence : Evidence.values()) {
        for (CaSource source : CaSource.values()) {
          TrustedCa ca = ca(declared, evidence, source);
          for (ProfileMinimums profile : profiles) {
            for (GradePolicy grade : Grades.presets()) {
              for (KeyStorageAssurance storage : KeyStorageAssurance.values()) {
                for (Vouching vouching : Vouching.values()) {
                  KeyStorageClaim claim = new KeyStorageClaim(storage, vouching);
                  Decision d = TrustPolicy.issuance(ca, "p", profile, grade, claim, TODAY);
                  String row = declared + " " + evidence + " " + source + " " + profile + " grade " + grade.grade() + " " + claim;

                  AccreditationLevel effective = evidence.effective(declared);
                  AccreditationLevel required = AccreditationLevel.higher(profile.minimumCaLevel(), grade.minimumCaLevel());
                  boolean caOk = effective.atLeast(required);
                  KeyStorageAssurance minimum = profile.keyStorage().minimum().orElse(KeyStorageAssurance.HOME_DIRECTORY);
                  minimum = minimum.compareTo(grade.minimumKeyStorage()) >= 0 ? minimum : grade.minimumKeyStorage();
                  boolean below = storage.compareTo(minimum) < 0;
                  boolean unverified = !below && vouching == Vouching.DECLARED
                      && profile.keyStorage().verifiedFrom().filter(v -> storage.compareTo(v) >= 0).isPresent();
                  List<ReasonCode> expected = new ArrayList<>(effectiveCodes(declared, evidence));
                  expected.add(caOk ? ReasonCode.CA_LEVEL_SUFFICIENT : ReasonCode.CA_LEVEL_INSUFFICIENT);
                  if (source == CaSource.VALIDATION_ONLY) {
                    expected.add(ReasonCode.CA_DOES_NOT_ISSUE_HERE);
                  }
                  expected.add(below ? ReasonCode.KEY_STORAGE_INSUFFICIENT
                      : unverified ? ReasonCode.KEY_STORAGE_UNVERIFIED : ReasonCode.KEY_STORAGE_SUFFICIENT);

                  assertEquals(expected, d.codes(), row);
                  assertEquals(caOk && source != CaSource.VALIDATION_ONLY && !below && !unverified, d.allowed(), row);
                  assertEquals(effective, d.effectiveLevel(), row);
                  assertEquals(required, d.required(), row);
                  cases++;
                }
              }
            }
          }
        }
      }
    }
    assertEquals(3 * 9 * 3 * 3 * 5 * 7 * 2, cases);
  }

  @Test
  void publicationAndRelianceFollowTheGradeAloneForEverySource() {
    for (AccreditationLevel declared : AccreditationLevel.values()) {
      for (Evidence evidence : Evidence.values()) {
        for (CaSource source : CaSource.values()) {
          for (GradePolicy grade : Grades.presets()) {
            for (Purpose purpose : Purpose.values()) {
              Decision d = TrustPolicy.publication(ca(declared, evidence, source), purpose, grade, TODAY);
              boolean ok = evidence.effective(declared).atLeast(grade.minimumCaLevel());
              List<ReasonCode> expected = new ArrayList<>(effectiveCodes(declared, evidence));
              expected.add(ok ? ReasonCode.CA_LEVEL_SUFFICIENT : ReasonCode.CA_LEVEL_INSUFFICIENT);
              assertEquals(ok, d.allowed());
              assertEquals(expected, d.codes());
              assertEquals(grade.minimumCaLevel(), d.required());
            }
          }
        }
      }
    }
  }

  @Test
  void theReasonsNameTheCaItsLevelAndTheLevelRequired() {
    TrustedCa ca = ca(AccreditationLevel.FULL, Evidence.EXPIRED_YESTERDAY, CaSource.EXTERNAL_ISSUING);
    Decision d = TrustPolicy.issuance(ca, "smime-signing", ProfileMinimums.NONE, Grades.preset(3), KeyStorageClaim.verified(
        KeyStorageAssurance.SMART_CARD_PIN), TODAY);
    assertFalse(d.allowed());
    assertEquals(List.of(
        "CA test-ca's accreditation expired on 2026-12-03",
        "CA test-ca at NONE is below FULL, required by profile smime-signing under grade 3",
        "key storage smart-card-pin (verified) meets directory-server-password, the minimum of profile smime-signing under grade 3"),
        d.reasons().stream().map(Reason::message).toList());

    TrustedCa full = ca(AccreditationLevel.FULL, Evidence.ENTRY_COMMITMENT_ONLY, CaSource.EMBEDDED);
    assertEquals("CA test-ca is declared FULL but no completed evaluation is recorded, so it counts as ENTRY at most",
        TrustPolicy.effectiveLevel(full, TODAY).reasons().get(0).message());
  }

  @Test
  void theKeyStorageReasonNamesWhicheverMinimumBinds() {
    ProfileMinimums profile = new ProfileMinimums(AccreditationLevel.NONE,
        new KeyStorageRequirement(Optional.of(KeyStorageAssurance.DIRECTORY_SERVER_PASSWORD), Optional.of(KeyStorageAssurance.REMOVABLE_MEDIA)));
    assertEquals(new Reason(ReasonCode.KEY_STORAGE_INSUFFICIENT,
            "profile smime-encryption requires key storage directory-server-password or higher; the request asked for home-directory"),
        TrustPolicy.keyStorage("smime-encryption", profile, Grades.preset(2), KeyStorageClaim.UNDECLARED));
    assertEquals(new Reason(ReasonCode.KEY_STORAGE_INSUFFICIENT,
            "grade 4 requires key storage smart-card-pin or higher; the request asked for removable-media-password"),
        TrustPolicy.keyStorage("smime-encryption", profile, Grades.preset(4),
            KeyStorageClaim.verified(KeyStorageAssurance.REMOVABLE_MEDIA_PASSWORD)));
    assertEquals(new Reason(ReasonCode.KEY_STORAGE_UNVERIFIED,
            "profile smime-encryption requires key storage at removable-media or higher to be verified by an administrator or "
                + "generated by the service; smart-card-pin was only declared"),
        TrustPolicy.keyStorage("smime-encryption", profile, Grades.preset(2), KeyStorageClaim.declared(KeyStorageAssurance.SMART_CARD_PIN)));
  }

  @Test
  void thePresetsRiseWithTheGrade() {
    List<GradePolicy> presets = Grades.presets();
    assertEquals(5, presets.size());
    for (int g = 1; g < presets.size(); g++) {
      assertTrue(presets.get(g).minimumCaLevel().atLeast(presets.get(g - 1).minimumCaLevel()), "grade " + g);
      assertTrue(presets.get(g).minimumKeyStorage().atLeast(presets.get(g - 1).minimumKeyStorage()), "grade " + g);
    }
    assertEquals(List.of(AccreditationLevel.NONE, AccreditationLevel.NONE, AccreditationLevel.ENTRY, AccreditationLevel.FULL,
        AccreditationLevel.FULL), presets.stream().map(GradePolicy::minimumCaLevel).toList());
    assertEquals(List.of(false, true, true, true, true), presets.stream().map(GradePolicy::auditRequired).toList());
    assertEquals(List.of(false, false, true, true, true), presets.stream().map(GradePolicy::signingAndEncryptionOffered).toList());
  }
}
