package org.emailpki.validation;

import java.util.Locale;

/** How one check came out. */
public enum Outcome {
  PASS,
  FAIL,
  /** The check ran but no source could answer it (a revocation status with no CRL to read). */
  UNKNOWN,
  /** The check could not run because an earlier one left it nothing to stand on. */
  NOT_CHECKED;

  /** {@code pass}, {@code fail}, {@code unknown}, {@code not-checked}, as the API writes it. */
  public String externalName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
