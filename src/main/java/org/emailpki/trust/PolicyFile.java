package org.emailpki.trust;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.emailpki.keystore.KeyStorageAssurance;
import org.emailpki.policy.AccreditationLevel;
import org.emailpki.policy.GradePolicy;
import org.emailpki.policy.Grades;

/**
 * Reads ca-config/policy.yaml: the deployment's grade and any number that overrides its preset.
 * Without the file the grade is {@link #DEFAULT_GRADE}, whose preset demands nothing of the CAs:
 * the behaviour of the service before the policy existed.
 */
final class PolicyFile {

  static final String NAME = "policy.yaml";
  static final int DEFAULT_GRADE = 1;

  private static final Set<String> OVERRIDES = Set.of("minimumCaLevel", "minimumKeyStorage", "auditRequired",
      "auditRotation", "auditAnalysis", "signingAndEncryptionOffered");

  private final Path dir;

  PolicyFile(Path dir) {
    this.dir = dir;
  }

  GradePolicy read() {
    Optional<YamlNode> doc = YamlNode.read(dir, NAME);
    if (doc.isEmpty()) {
      return Grades.preset(DEFAULT_GRADE);
    }
    YamlNode root = doc.get().onlyFields(Set.of("grade", "overrides"));
    int grade = root.field("grade").integer();
    if (grade < Grades.LOWEST || grade > Grades.HIGHEST) {
      throw root.field("grade").error(grade + " is not a grade; the handbook's grades are 0 to 4");
    }
    GradePolicy preset = Grades.preset(grade);
    YamlNode o = root.field("overrides");
    if (!o.present()) {
      return preset;
    }
    o.onlyFields(OVERRIDES);
    return new GradePolicy(
        grade,
        o.field("minimumCaLevel").optionalParsed(AccreditationLevel::named, "one of " + List.of(AccreditationLevel.values()))
            .orElse(preset.minimumCaLevel()),
        o.field("minimumKeyStorage").optionalParsed(KeyStorageAssurance::named, "a key storage assurance such as home-directory-password")
            .orElse(preset.minimumKeyStorage()),
        o.field("auditRequired").optionalBoolean().orElse(preset.auditRequired()),
        o.field("auditRotation").present() ? o.field("auditRotation").optionalDuration() : preset.auditRotation(),
        o.field("auditAnalysis").optionalBoolean().orElse(preset.auditAnalysis()),
        o.field("signingAndEncryptionOffered").optionalBoolean().orElse(preset.signingAndEncryptionOffered()));
  }
}
