package org.emailpki.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.emailpki.keystore.KeyStorageAssurance;

/**
 * The minimums an email security grade (handbook 1129) sets for the deployment: the presets are in
 * {@link Grades}, and ca-config/policy.yaml may override any number.
 *
 * @param grade 0 to 4
 * @param minimumCaLevel the least effective accreditation of any CA whose certificates are issued,
 *     published or accepted
 * @param minimumKeyStorage the least key storage assurance of an issued certificate's key
 * @param auditRequired whether the audit log must run (grade 1 iv on)
 * @param auditRotation the longest a live audit segment may go unrotated; empty when not demanded
 * @param auditAnalysis whether the audit log must be analysed for intrusion attempts (grade 2 iv on)
 * @param signingAndEncryptionOffered whether signing and encryption certificates must be offered
 *     (grade 2 vi, 3 vi, 4 vii)
 */
public record GradePolicy(
    int grade,
    AccreditationLevel minimumCaLevel,
    KeyStorageAssurance minimumKeyStorage,
    boolean auditRequired,
    Optional<Duration> auditRotation,
    boolean auditAnalysis,
    boolean signingAndEncryptionOffered) {

  public GradePolicy {
    if (grade < Grades.LOWEST || grade > Grades.HIGHEST) {
      throw new IllegalArgumentException("grade must be 0 to 4, not " + grade);
    }
    Objects.requireNonNull(minimumCaLevel);
    Objects.requireNonNull(minimumKeyStorage);
    Objects.requireNonNull(auditRotation);
  }

  public GradePolicy withMinimumCaLevel(AccreditationLevel level) {
    return new GradePolicy(grade, level, minimumKeyStorage, auditRequired, auditRotation, auditAnalysis, signingAndEncryptionOffered);
  }

  public GradePolicy withMinimumKeyStorage(KeyStorageAssurance storage) {
    return new GradePolicy(grade, minimumCaLevel, storage, auditRequired, auditRotation, auditAnalysis, signingAndEncryptionOffered);
  }
}
