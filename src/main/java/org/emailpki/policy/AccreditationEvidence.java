package org.emailpki.policy;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What stands behind a CA's declared accreditation (handbook 1128). Every field is optional in
 * the record; {@link TrustPolicy#effectiveLevel} decides what each missing one costs.
 *
 * @param practiceStatement reference to the certification practice statement (the "policies and
 *     practices on how services will be implemented" that Entry requires)
 * @param evaluationLevel the Common Criteria assurance level the products are (to be) evaluated
 *     at, such as {@code EAL4} or {@code EAL4+}
 * @param evaluationCompleted the day the product evaluation was completed; absent while it is only
 *     a commitment
 * @param accredited the day the accreditation was granted
 * @param accreditationExpires the last day the accreditation holds; absent when it does not expire
 */
public record AccreditationEvidence(
    Optional<String> practiceStatement,
    Optional<String> evaluationLevel,
    Optional<LocalDate> evaluationCompleted,
    Optional<LocalDate> accredited,
    Optional<LocalDate> accreditationExpires) {

  public static final AccreditationEvidence NONE =
      new AccreditationEvidence(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /**
   * The EAL number of {@link #evaluationLevel}: 4 for {@code EAL4} and {@code EAL4+}; empty when
   * absent or not of that form.
   */
  public Optional<Integer> evaluationAssuranceLevel() {
    return evaluationLevel
        .map(String::trim)
        .filter(s -> s.matches("(?i)EAL[1-7]\\+?"))
        .map(s -> Character.getNumericValue(s.charAt(3)));
  }
}
