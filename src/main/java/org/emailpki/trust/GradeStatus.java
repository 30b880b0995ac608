package org.emailpki.trust;

import java.util.List;
import org.emailpki.ca.profile.CertificateProfile;
import org.emailpki.policy.GradePolicy;

/**
 * The deployment's grade: the handbook preset, what is in force after ca-config/policy.yaml's
 * overrides, and the profiles with their minimums.
 */
public record GradeStatus(int grade, GradePolicy preset, GradePolicy effective, List<String> overridden, List<CertificateProfile> profiles) {

  static GradeStatus of(TrustSnapshot snapshot) {
    GradePolicy effective = snapshot.grade();
    GradePolicy preset = org.emailpki.policy.Grades.preset(effective.grade());
    List<String> overridden = new java.util.ArrayList<>();
    if (preset.minimumCaLevel() != effective.minimumCaLevel()) overridden.add("minimumCaLevel");
    if (preset.minimumKeyStorage() != effective.minimumKeyStorage()) overridden.add("minimumKeyStorage");
    if (preset.auditRequired() != effective.auditRequired()) overridden.add("auditRequired");
    if (!preset.auditRotation().equals(effective.auditRotation())) overridden.add("auditRotation");
    if (preset.auditAnalysis() != effective.auditAnalysis()) overridden.add("auditAnalysis");
    if (preset.signingAndEncryptionOffered() != effective.signingAndEncryptionOffered()) overridden.add("signingAndEncryptionOffered");
    return new GradeStatus(effective.grade(), preset, effective, overridden, snapshot.profiles().all());
  }
}
