package org.emailpki.policy;

/** The verdict on one item of a grade's checklist. */
public enum CheckStatus {
  PASS,
  /** The deployment falls short; the item says what to fix. */
  FAIL,
  /** Only a person can check it (patching, user awareness, the mail proxy). */
  MANUAL
}
