package org.emailpki.trust;

import java.time.Instant;
import java.util.List;
import org.emailpki.policy.AccreditationEvidence;
import org.emailpki.policy.AccreditationLevel;
import org.emailpki.policy.CaSource;
import org.emailpki.policy.Decision;
import org.emailpki.policy.EffectiveLevel;
import org.emailpki.policy.KeyLocation;
import org.emailpki.policy.Reason;
import org.emailpki.policy.TrustedCa;

/**
 * A registered CA as administrators see it: what is declared, what counts today and why, and
 * whether it meets the deployment's grade.
 *
 * @param reasons why the effective level is what it is
 * @param meetsGrade whether its certificates are issued, published and accepted under the grade
 * @param gradeReasons the grade decision's reasons
 */
public record CaStatus(
    String id,
    CaSource source,
    String subject,
    Instant notAfter,
    int chainLength,
    KeyLocation keyLocation,
    AccreditationLevel declared,
    AccreditationLevel effective,
    List<Reason> reasons,
    AccreditationEvidence evidence,
    boolean meetsGrade,
    List<Reason> gradeReasons) {

  static CaStatus of(TrustedCa ca, EffectiveLevel level, Decision grade) {
    return new CaStatus(ca.id(), ca.source(), ca.certificate().getSubjectX500Principal().getName(),
        ca.certificate().getNotAfter().toInstant(), ca.chain().size() + 1, ca.keyLocation(), level.declared(),
        level.effective(), level.reasons(), ca.evidence(), grade.allowed(), grade.reasons());
  }
}
