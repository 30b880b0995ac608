package org.emailpki.policy;

/** Why a decision came out as it did; stable names that tests, audits and clients key on. */
public enum ReasonCode {
  // effective accreditation level
  DECLARED_LEVEL_HOLDS,
  NOT_ACCREDITED,
  NO_PRACTICE_STATEMENT,
  NO_ACCREDITATION_DATE,
  ACCREDITATION_NOT_YET_VALID,
  ACCREDITATION_EXPIRED,
  NO_EAL4_COMMITMENT,
  EVALUATION_NOT_COMPLETED,
  // the CA against a minimum
  CA_LEVEL_SUFFICIENT,
  CA_LEVEL_INSUFFICIENT,
  CA_DOES_NOT_ISSUE_HERE,
  // key storage against a minimum
  KEY_STORAGE_SUFFICIENT,
  KEY_STORAGE_INSUFFICIENT,
  KEY_STORAGE_UNVERIFIED,
  // the profile against the grade
  PURPOSE_NOT_IN_PROFILE
}
