package org.emailpki.trust;

import java.util.ArrayList;
import java.util.List;
import org.emailpki.ca.profile.CertificateProfile;
import org.emailpki.policy.GradePolicy;
import org.emailpki.policy.Grades;

/**
 * The deployment's grade: the handbook preset, what is in force after ca-config/policy.yaml's
 * overrides, which numbers those changed, and the profiles with their minimums.
 */
public record GradeStatus(int grade, GradePolicy preset, GradePolicy effective, List<String> overridden, List<CertificateProfile> profiles) {

  static GradeStatus of(TrustSnapshot snapshot) {
    GradePolicy effective = snapshot.grade();
    GradePolicy preset = Grades.preset(effective.grade());
    List<String> overridden = new ArrayList<>();
    overriddenIf(preset.minimumCaLevel() != effective.minimumCaLevel(), "minimumCaLevel", overridden);
    overriddenIf(preset.minimumKeyStorage() != effective.minimumKeyStorage(), "minimumKeyStorage", overridden);
    overriddenIf(preset.auditRequired() != effective.auditRequired(), "auditRequired", overridden);
    overriddenIf(!preset.auditRotation().equals(effective.auditRotation()), "auditRotation", overridden);
    overriddenIf(preset.auditAnalysis() != effective.auditAnalysis(), "auditAnalysis", overridden);
    overriddenIf(preset.signingAndEncryptionOffered() != effective.signingAndEncryptionOffered(), "signingAndEncryptionOffered",
        overridden);
    return new GradeStatus(effective.grade(), preset, effective, List.copyOf(overridden), snapshot.profiles().all());
  }

  private static void overriddenIf(boolean differs, String name, List<String> overridden) {
    if (differs) {
      overridden.add(name);
    }
  }
}
